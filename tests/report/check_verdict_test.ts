/**
 * `crit report` runs `crit check`: its verdict and problems are in the page.
 */
import assert from "node:assert/strict";
import { scratchDir } from "../_helpers/scratch.ts";

const root = new URL("../..", import.meta.url).pathname;
const CLI = `${root}cli.ts`;
const FIXTURES = `${root}tests/fixtures`;

async function report(dump: string): Promise<string> {
  const out = `${await scratchDir()}/r.html`;
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, "report", dump, "-o", out],
  }).output();
  assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
  return await Deno.readTextFile(out);
}

Deno.test("crit report: the check verdict of a clean dump and of a broken one", async () => {
  assert.match(await report(`${FIXTURES}/01-sleep`), /ok: no errors/);
  const broken = await scratchDir();
  for (const e of Deno.readDirSync(`${FIXTURES}/01-sleep`)) {
    if (e.isFile) {
      await Deno.copyFile(
        `${FIXTURES}/01-sleep/${e.name}`,
        `${broken}/${e.name}`,
      );
    }
  }
  // A pages file cut short, as by a full disk.
  const pages = await Deno.readFile(`${broken}/pages-1.img`);
  await Deno.writeFile(`${broken}/pages-1.img`, pages.subarray(0, 100));
  const html = await report(broken);
  assert.match(html, /restore would fail: 1 error/);
  assert.match(html, /pages-1\.img/);
  assert.doesNotMatch(html, /ok: no errors/);
});
