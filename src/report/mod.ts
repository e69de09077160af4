/**
 * `crit report` and the web page: a dump's data for its views, and the one
 * self-contained HTML page that shows them.
 *
 * @module
 */
export {
  buildReport,
  type ReportCheck,
  type ReportContainer,
  type ReportCounts,
  type ReportData,
  type ReportExtras,
  type ReportMapping,
  type ReportProcess,
} from "./build_report.ts";
export { renderReport } from "./render_report.ts";
export { blobDumpDir, dumpFileNames } from "./blob_dump_dir.ts";
