/**
 * A progress bar on stderr for long conversions. It is drawn only where it
 * cannot mix with the output: stderr is a terminal and stdout is not one
 * (the same terminal, most likely), and `--quiet` was not given.
 */

/** Whether a bar may be drawn; see the module doc. */
export function progressWanted(
  quiet: unknown,
  writesStdout: boolean,
): boolean {
  return quiet !== true && Deno.stderr.isTerminal() &&
    !(writesStdout && Deno.stdout.isTerminal());
}

/** Shows "what: done/total unit, rate" on stderr, at most ten times a second. */
export class Progress {
  #label: string;
  #total: number;
  #unit: "bytes" | "files";
  #done = 0;
  #bytes = 0;
  #start = performance.now();
  #last = 0;
  #shown = false;
  #enabled: boolean;

  constructor(
    label: string,
    total: number,
    unit: "bytes" | "files",
    enabled: boolean,
  ) {
    this.#label = label;
    this.#total = total;
    this.#unit = unit;
    this.#enabled = enabled;
  }

  add(done: number, bytes = done): void {
    this.#done += done;
    this.#bytes += bytes;
    if (!this.#enabled) return;
    const now = performance.now();
    if (now - this.#last < 100) return;
    this.#last = now;
    this.#draw(now);
  }

  #draw(now: number): void {
    const secs = Math.max((now - this.#start) / 1000, 1e-3);
    const rate = `${(this.#bytes / secs / 1e6).toFixed(1)} MB/s`;
    const frac = this.#total > 0 ? Math.min(this.#done / this.#total, 1) : 1;
    const width = 24;
    const bar = "#".repeat(Math.round(frac * width)).padEnd(width, ".");
    const count = this.#unit === "files"
      ? `${this.#done}/${this.#total} files`
      : `${mib(this.#done)}/${mib(this.#total)} MiB`;
    const line = `${this.#label} [${bar}] ${count} ${rate}`;
    Deno.stderr.writeSync(new TextEncoder().encode(`\r${line}\x1b[K`));
    this.#shown = true;
  }

  /** Clears the bar; it is drawn again on the next `add`. */
  done(): void {
    if (this.#shown) {
      Deno.stderr.writeSync(new TextEncoder().encode("\r\x1b[K"));
      this.#shown = false;
    }
  }
}

function mib(n: number): string {
  return (n / 1048576).toFixed(1);
}
