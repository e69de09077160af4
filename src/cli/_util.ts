/** Small file and output helpers the command modules share (Deno). */

/** Whether two paths name the same file (`-` and absent paths never do). */
export function sameFile(
  a: string | undefined,
  b: string | undefined,
): boolean {
  if (a === undefined || b === undefined || a === "-" || b === "-") {
    return false;
  }
  try {
    const sa = Deno.statSync(a);
    const sb = Deno.statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/** Whether `path` is a directory (false when it does not exist). */
export function isDirectory(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

/** A printer of batch notes on stderr, silent with `--quiet`. */
export function notes(quiet: unknown): (line: string) => void {
  return (line) => {
    if (quiet !== true) console.error(`crit: ${line}`);
  };
}

/** Writes all of `data`, however many writes it takes. */
export async function writeAll(
  w: { write(p: Uint8Array): Promise<number> },
  data: Uint8Array,
): Promise<void> {
  let at = 0;
  while (at < data.length) at += await w.write(data.subarray(at));
}
