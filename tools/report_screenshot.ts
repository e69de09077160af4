/**
 * The README's picture of a report: `crit report` of a dump, opened in
 * Chromium (tests/report/_browser.ts), one task opened, the top of the page
 * saved as PNG.
 *
 *     deno run -A tools/report_screenshot.ts DUMP PID OUT.png
 *
 * @module
 */
import { buildReport, renderReport } from "../mod.ts";
import { denoDumpDir } from "../src/dump/deno_dump_dir.ts";
import { launch } from "../tests/report/_browser.ts";

const [dump, pid, out] = Deno.args;
if (!out) {
  throw new TypeError("usage: tools/report_screenshot.ts DUMP PID OUT.png");
}
const title = dump.split("/").filter(Boolean).pop()!;
const html = renderReport(await buildReport(denoDumpDir(dump), { title }));
const tmp = await Deno.makeTempFile({ suffix: ".html" });
await Deno.writeTextFile(tmp, html);
const chrome = await launch();
try {
  const page = await chrome.browser.newPage({
    viewport: { width: 1200, height: 800 },
  });
  await page.goto(`file://${tmp}`);
  await page.click(`#crit-tree .row[data-pid="${pid}"]`);
  await page.click("#crit-process svg g.vma >> nth=4");
  await page.screenshot({ path: out });
} finally {
  await chrome.close();
  await Deno.remove(tmp);
}
