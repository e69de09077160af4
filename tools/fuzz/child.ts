/**
 * The child side of the fuzzer's process pool: reads chunks of case numbers
 * on stdin, runs each case under its limits, and reports on stdout, one
 * JSON value a line.
 *
 * @module
 */
import type { Finding, Reporter, Tally } from "./reporter.ts";
import { readLines } from "./read_lines.ts";
import { describeError } from "./verdict.ts";

/** What a child writes on stdout, one JSON value a line. */
export type ChildLine =
  | { start: number }
  | { finding: Finding }
  | { tally: Tally };

/** Limits a case is held to inside the child. */
export interface CaseLimits {
  /** A case slower than this is a finding. */
  caseMs: number;
  /** Growth of the child's external (ArrayBuffer) memory after a case. */
  externalBytes: number;
}

/** One case as the child runs it. */
export interface FuzzCase {
  /** What the case did to which input, for findings. */
  label: string;
  /** Runs the checks, counting outcomes and reporting findings on `rep`. */
  check(rep: Reporter): Promise<void>;
}

const encoder = new TextEncoder();

/** Serves chunks of case numbers from stdin until it closes. */
export async function serveCases(
  caseOf: (index: number) => FuzzCase,
  limits: CaseLimits,
): Promise<void> {
  const say = (m: ChildLine) => {
    const bytes = encoder.encode(JSON.stringify(m) + "\n");
    for (let at = 0; at < bytes.length;) {
      at += Deno.stdout.writeSync(bytes.subarray(at));
    }
  };
  for await (const line of readLines(Deno.stdin.readable)) {
    const tally: Tally = {};
    for (const index of JSON.parse(line) as number[]) {
      say({ start: index });
      await runCase(
        index,
        caseOf(index),
        limits,
        tally,
        (finding) => say({ finding }),
      );
    }
    say({ tally });
  }
}

/** Runs one case; slowness, memory growth and a throwing check are findings. */
async function runCase(
  index: number,
  c: FuzzCase,
  limits: CaseLimits,
  tally: Tally,
  found: (f: Finding) => void,
): Promise<void> {
  const before = Deno.memoryUsage().external;
  const rep: Reporter = {
    tally,
    finding: (kind, detail) =>
      found({ case: index, kind, input: c.label, detail }),
  };
  const t0 = performance.now();
  try {
    await c.check(rep);
  } catch (e) {
    // A check that throws is a finding too (stringify, say, crashing).
    rep.finding("error", `the check itself threw: ${describeError(e)}`);
  }
  const ms = performance.now() - t0;
  if (ms > limits.caseMs) {
    rep.finding("slow", `took ${Math.round(ms)} ms (limit ${limits.caseMs})`);
  }
  const grown = Deno.memoryUsage().external - before;
  if (grown > limits.externalBytes) {
    rep.finding(
      "memory",
      `external memory grew by ${Math.round(grown / 2 ** 20)} MiB`,
    );
  }
}
