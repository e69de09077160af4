/**
 * Dump validation: is this dump restorable? Every image decoded once and
 * every cross-reference CRIU follows at restore checked, without restoring.
 *
 * @example Check a dump on disk
 * ```ts
 * import { checkDump, formatCheckReport } from "@ckpt/crit";
 * import { denoDumpDir } from "@ckpt/crit/deno";
 *
 * const path = "tests/fixtures/01-sleep";
 * const names = [...Deno.readDirSync(path)].map((e) => e.name);
 * const report = await checkDump(denoDumpDir(path), { names });
 * console.log(formatCheckReport(report)); // "ok: no errors (12 images, 1 tasks, ...)"
 * ```
 *
 * @module
 */
export { checkDump, type CheckOptions } from "./check.ts";
export type { DumpDir } from "../dump/dump_dir.ts";
export type { CheckProblem, CheckReport, CheckSeverity } from "./problem.ts";
export { formatCheckReport, formatProblem } from "./format.ts";
