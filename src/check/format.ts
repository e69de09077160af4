/**
 * The text `crit check` prints: one line per problem, then a summary.
 *
 * @module
 */
import type { CheckProblem, CheckReport } from "./problem.ts";

/**
 * One problem as a line: `SEVERITY: IMAGE: PATH: MESSAGE`.
 *
 * @example
 * ```ts
 * import { formatProblem } from "@ckpt/crit";
 * const line = formatProblem({
 *   severity: "error",
 *   image: "fdinfo-2.img",
 *   path: "entries[4]",
 *   message: "fd 4: no REG file with id 0x1f in files.img",
 * });
 * console.log(line); // "error: fdinfo-2.img: entries[4]: fd 4: no REG file with id 0x1f in files.img"
 * ```
 */
export function formatProblem(p: CheckProblem): string {
  const where = [p.image, p.path].filter((s) => s !== "").join(": ");
  return `${p.severity}: ${where === "" ? "" : where + ": "}${p.message}`;
}

/**
 * The report as text: a line per problem and a last line with the verdict
 * and the counts.
 *
 * @example
 * ```ts
 * import { formatCheckReport } from "@ckpt/crit";
 * const text = formatCheckReport({ ok: true, problems: [], checked: { images: 13, tasks: 1 } });
 * console.log(text); // "ok: no errors (13 images, 1 task)"
 * ```
 */
export function formatCheckReport(report: CheckReport): string {
  const lines = report.problems.map(formatProblem);
  const counts = Object.entries(report.checked)
    .map(([key, n]) => counted(n, key.replaceAll("_", " ")))
    .join(", ");
  const found = (["error", "warning", "note"] as const)
    .map((s) => [report.problems.filter((p) => p.severity === s).length, s])
    .filter(([n]) => n !== 0)
    .map(([n, s]) => counted(n as number, `${s}s`))
    .join(", ");
  const verdict = report.ok ? "ok: no errors" : "NOT RESTORABLE";
  const joiner = found === "" ? "" : report.ok ? ", " : ": ";
  lines.push(`${verdict}${joiner}${found} (${counts})`);
  return lines.join("\n");
}

/** "1 task", "2 tasks", "1 pagemap entry": `plural` made singular for 1. */
function counted(n: number, plural: string): string {
  const word = n !== 1
    ? plural
    : plural.endsWith("ies")
    ? plural.slice(0, -3) + "y"
    : plural.replace(/s$/, "");
  return `${n} ${word}`;
}
