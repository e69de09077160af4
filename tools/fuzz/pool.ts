/**
 * The parent side of the fuzzer: child processes running cases (see
 * `child.ts`), and the watchdog. Cases run in `deno` subprocesses, not
 * workers: a worker cannot be stopped inside a long native call (a 4 GiB
 * fill, say), and its running out of heap ends the whole process, while a
 * child can always be killed and its memory is its own.
 *
 * @module
 */
import type { ChildLine } from "./child.ts";
import { readLines } from "./read_lines.ts";
import type { Finding, Tally } from "./reporter.ts";

/** How {@linkcode runPool} runs the cases. */
export interface PoolOptions {
  /** Arguments of `deno` that start one child serving cases. */
  childArgs: string[];
  /** Case numbers to run. */
  cases: readonly number[];
  /** Child processes running cases at once. */
  workers: number;
  /** A case still running after this is killed as a hang. */
  hangMs: number;
  /** A child whose RSS passes this is killed. */
  rssBytes: number;
  /** What case `index` is, for the findings the pool makes itself. */
  label(index: number): string;
  /** Called with every finding, from the children and the watchdog. */
  finding(f: Finding): void;
  /** The children's outcome counts are added here. */
  tally: Tally;
  /** Called every 5 s with the cases done so far. */
  progress?: (done: number, total: number) => void;
}

/** What went wrong with a child, in the words of a finding. */
interface Trouble {
  kind: string;
  detail: string;
}

interface Child {
  proc: Deno.ChildProcess;
  stdin: WritableStreamDefaultWriter<Uint8Array>;
  /** Case being run, -1 between chunks. */
  current: number;
  since: number;
  /** Settles the chunk in flight: undefined when it ran through. */
  settle?: (trouble?: Trouble) => void;
  /** End of the child's stderr, for crash reports. */
  stderr: string;
}

/** Case numbers a child is given at a time. */
const CHUNK = 25;

const encoder = new TextEncoder();

/**
 * Runs `cases` in child processes, killing those that hang or grow too big
 * and going on with the rest in a fresh one; returns the highest RSS of one
 * child in bytes (0 where `ps` is missing).
 */
export async function runPool(options: PoolOptions): Promise<number> {
  const pool = new Pool(options);
  const timer = setInterval(() => pool.watch(), 50);
  try {
    const queue = [...options.cases];
    const n = Math.max(1, options.workers);
    await Promise.all(
      Array.from({ length: n }, (_, i) => pool.drain(queue, i)),
    );
  } finally {
    clearInterval(timer);
    await pool.close();
  }
  return pool.peakRss;
}

class Pool {
  readonly children: (Child | undefined)[] = [];
  peakRss = 0;
  #done = 0;
  #lastProgress = performance.now();
  #polling = false;

  constructor(readonly options: PoolOptions) {}

  /** Feeds `queue` to the child in `slot`, a chunk at a time. */
  async drain(queue: number[], slot: number): Promise<void> {
    while (queue.length) {
      const child = this.children[slot] ??= this.spawn();
      const chunk = queue.splice(0, CHUNK);
      const trouble = await new Promise<Trouble | undefined>((resolve) => {
        child.settle = resolve;
        child.stdin.write(encoder.encode(JSON.stringify(chunk) + "\n"))
          .catch(() => {});
      });
      child.settle = undefined;
      if (!trouble) {
        this.#done += chunk.length;
        continue;
      }
      const at = child.current < 0 ? chunk[0] : child.current;
      try {
        child.proc.kill("SIGKILL");
      } catch {
        // It is gone already.
      }
      this.children[slot] = undefined;
      this.options.finding({
        case: at,
        input: this.options.label(at),
        ...trouble,
      });
      this.#done++;
      // The rest of the chunk runs again in a fresh process.
      queue.unshift(...chunk.slice(chunk.indexOf(at) + 1));
    }
  }

  /** Watchdog tick: hangs, memory, progress. */
  watch(): void {
    const { hangMs, progress } = this.options;
    const now = performance.now();
    const busy = this.children.filter((c): c is Child =>
      c !== undefined && c.settle !== undefined && c.current >= 0
    );
    for (const c of busy) {
      if (now - c.since > hangMs) {
        c.settle!({
          kind: "hang",
          detail: `still running after ${hangMs} ms; killed`,
        });
      }
    }
    // Memory every few ticks: ps is a process of its own.
    if (!this.#polling && busy.length && Math.floor(now / 50) % 5 === 0) {
      this.#polling = true;
      this.checkMemory(busy).finally(() => this.#polling = false);
    }
    if (progress && now - this.#lastProgress > 5000) {
      this.#lastProgress = now;
      progress(this.#done, this.options.cases.length);
    }
  }

  /** Kills a child whose RSS passed the limit. */
  async checkMemory(busy: Child[]): Promise<void> {
    const { rssBytes } = this.options;
    const sizes = await rssOf(busy.map((c) => c.proc.pid));
    for (const c of busy) {
      const rss = sizes.get(c.proc.pid) ?? 0;
      this.peakRss = Math.max(this.peakRss, rss);
      if (rss > rssBytes) {
        c.settle?.({
          kind: "memory",
          detail: `RSS of the process passed ${
            Math.round(rssBytes / 2 ** 20)
          } MiB; killed`,
        });
      }
    }
  }

  spawn(): Child {
    const proc = new Deno.Command(Deno.execPath(), {
      args: this.options.childArgs,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const child: Child = {
      proc,
      stdin: proc.stdin.getWriter(),
      current: -1,
      since: performance.now(),
      stderr: "",
    };
    (async () => {
      for await (
        const text of proc.stderr.pipeThrough(new TextDecoderStream())
      ) {
        child.stderr = (child.stderr + text).slice(-2000);
      }
    })();
    this.listen(child);
    proc.status.then((st) =>
      child.settle?.({
        kind: "crash",
        detail: `the process ended (${st.signal ?? `exit ${st.code}`}): ${
          child.stderr.trim().split("\n").slice(-3).join(" | ")
        }`,
      })
    );
    return child;
  }

  /** Reads the child's reports (see {@linkcode ChildLine}). */
  async listen(child: Child): Promise<void> {
    for await (const line of readLines(child.proc.stdout)) {
      const m = JSON.parse(line) as ChildLine;
      if ("start" in m) {
        child.current = m.start;
        child.since = performance.now();
      } else if ("finding" in m) {
        this.options.finding(m.finding);
      } else {
        for (const [k, v] of Object.entries(m.tally)) {
          this.options.tally[k] = (this.options.tally[k] ?? 0) + v;
        }
        child.current = -1;
        child.settle?.();
      }
    }
  }

  /** Closes every child's stdin and waits for it to end. */
  async close(): Promise<void> {
    for (const c of this.children) {
      if (!c) continue;
      await c.stdin.close().catch(() => {});
      await c.proc.status;
    }
  }
}

/**
 * Resident memory of processes in bytes, by pid, from `ps` (reading /proc
 * takes --allow-all in Deno); empty when `ps` is missing.
 */
async function rssOf(pids: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  try {
    const ps = await new Deno.Command("ps", {
      args: ["-o", "pid=,rss=", "-p", pids.join(",")],
      stderr: "null",
    }).output();
    for (const line of new TextDecoder().decode(ps.stdout).split("\n")) {
      const [pid, kib] = line.trim().split(/\s+/).map(Number);
      if (kib >= 0) out.set(pid, kib * 1024);
    }
  } catch {
    // No ps: the children's own check of external memory remains.
  }
  return out;
}
