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
 * console.log(text); // "ok: no errors (13 images, 1 tasks)"
 * ```
 */
export function formatCheckReport(report: CheckReport): string {
  const lines = report.problems.map(formatProblem);
  const n = (s: string) =>
    report.problems.filter((p) => p.severity === s).length;
  const counts = Object.entries(report.checked).map(([k, v]) =>
    `${v} ${k.replaceAll("_", " ")}`
  )
    .join(", ");
  const found = [
    [n("error"), "error"],
    [n("warning"), "warning"],
    [n("note"), "note"],
  ].filter(([c]) => c !== 0).map(([c, w]) => `${c} ${w}${c === 1 ? "" : "s"}`);
  const verdict = report.ok ? "ok: no errors" : "NOT RESTORABLE";
  lines.push(
    `${verdict}${
      found.length && !report.ok
        ? ": " + found.join(", ")
        : found.length
        ? ", " + found.join(", ")
        : ""
    } (${counts})`,
  );
  return lines.join("\n");
}
