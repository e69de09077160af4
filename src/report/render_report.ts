/**
 * One self-contained HTML page of a report: style, script and data inline,
 * nothing loaded from anywhere, so it opens from `file://` on any machine.
 *
 * @module
 */
import type { ReportData } from "./build_report.ts";
import { REPORT_CSS } from "./_style.ts";
import { viewerScript } from "./_viewer.ts";

/** Text safe inside an HTML element or a double-quoted attribute. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON that can sit in a `<script>` element: `<` is escaped, so no
 * `</script>` or `<!--` in a file name ends or changes the element.
 */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/**
 * The HTML page of a report. The page draws its views with its own inline
 * script; the data is JSON in the page, read by that script.
 *
 * @example The page of a report
 * ```ts
 * import { renderReport, type ReportData } from "@ckpt/crit";
 * const data: ReportData = {
 *   title: "empty",
 *   counts: {
 *     processes: 0, threads: 0, fds: 0, sockets: 0, mappings: 0,
 *     pages: 0, dumpedPages: 0, filePages: 0, zeroPages: 0, missingPages: 0,
 *   },
 *   processes: [],
 *   notes: [],
 * };
 * const html = renderReport(data);
 * console.log(html.startsWith("<!doctype html>")); // true
 * ```
 */
export function renderReport(data: ReportData): string {
  // The script carries no "</script": it is the functions' own source text.
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(data.title)} · crit report</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<div id="crit-app"><noscript>This report draws its views with JavaScript.</noscript></div>
<script type="application/json" id="crit-report-data">${
    scriptJson(data)
  }</script>
<script>${viewerScript("crit-app", "crit-report-data")}</script>
</body>
</html>
`;
}
