/**
 * What the fuzzer counts and reports, for any target: findings, outcome
 * tallies, and the reporter a check writes both to.
 *
 * @module
 */

/**
 * One problem found by a case.
 *
 * @example Print a finding with its replay command
 * ```ts
 * import { type Finding } from "./reporter.ts";
 * const show = (f: Finding, seed: number) =>
 *   `[${f.kind}] ${f.input}: ${f.detail} (deno task fuzz --seed ${seed} --case ${f.case})`;
 * ```
 */
export interface Finding {
  /** Case number; replay with `--seed <seed> --case <case>`. */
  case: number;
  /**
   * `error` (an error we do not document), `lossless` (the JSON round trip
   * fails or changes data), `modes` (plain and pretty disagree), `info`,
   * `stream` (disagree with decodeSync), `encode` (encode wrote an image
   * that does not read back), `slow`, `hang`, `memory` or `crash`.
   */
  kind: string;
  /** What the case did to which fixture. */
  input: string;
  /** What went wrong. */
  detail: string;
}

/** Counts per stage and outcome, e.g. `decode pretty: CriuImageError`. */
export type Tally = Record<string, number>;

/** Where a check reports: outcome counts, and findings of the case it checks. */
export interface Reporter {
  /** Outcome counts of the chunk of cases being run. */
  tally: Tally;
  /** Reports a problem of the case being checked. */
  finding(kind: string, detail: string): void;
}

/** Adds one to `key` in `t`. */
export function count(t: Tally, key: string): void {
  t[key] = (t[key] ?? 0) + 1;
}
