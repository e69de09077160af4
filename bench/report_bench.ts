/**
 * buildReport and renderReport over a generated dump of 200 tasks and
 * 20,000 VMAs (bench/report_gen.ts), images held in memory.
 *
 *     deno bench -R bench/report_bench.ts
 *
 * @module
 */
import { buildReport, renderReport } from "../mod.ts";
import { mapDumpDir, reportDump } from "./report_gen.ts";

const files = reportDump(200, 100);
const data = await buildReport(mapDumpDir(files));

Deno.bench("buildReport, 200 tasks x 100 VMAs", async () => {
  await buildReport(mapDumpDir(files));
});

Deno.bench("renderReport, 200 tasks x 100 VMAs (3.7 MB page)", () => {
  renderReport(data);
});
