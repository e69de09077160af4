/**
 * What `checkDump` reports: problems, one per broken reference, and counts
 * of what it looked at.
 *
 * @module
 */

/**
 * How bad a problem is. `error`: CRIU's restore would fail (or restore a
 * wrong process). `warning`: suspicious, or restorable only with an option
 * that names something outside the dump. `note`: worth knowing, harmless.
 *
 * @example
 * ```ts
 * import type { CheckSeverity } from "@ckpt/crit";
 * const worst: CheckSeverity = "error";
 * ```
 */
export type CheckSeverity = "error" | "warning" | "note";

/**
 * One problem of a dump: where it is and what it means for a restore.
 *
 * @example
 * ```ts
 * import type { CheckProblem } from "@ckpt/crit";
 * const p: CheckProblem = {
 *   severity: "error",
 *   image: "fdinfo-2.img",
 *   path: "entries[4]",
 *   message: "fd 4: no REG file with id 0x1f in files.img; restore fails: No file for fd 4 id 0x1f",
 * };
 * ```
 */
export interface CheckProblem {
  /** `error`, `warning` or `note`. */
  severity: CheckSeverity;
  /** The image the problem is in (the one holding the reference), or "" for the dump. */
  image: string;
  /** JSON path of the entry or field in crit's JSON of the image, or "". */
  path: string;
  /** What is wrong and what CRIU would do with it at restore. */
  message: string;
}

/**
 * The result of checking a dump.
 *
 * @example
 * ```ts
 * import type { CheckReport } from "@ckpt/crit";
 * const report: CheckReport = { ok: true, problems: [], checked: { images: 0 } };
 * ```
 */
export interface CheckReport {
  /** No errors (warnings and notes may be there). */
  ok: boolean;
  /** Every problem found, errors first, then in the order found. */
  problems: CheckProblem[];
  /** How many of each thing were checked: images, tasks, threads, fds, ... */
  checked: Record<string, number>;
}
