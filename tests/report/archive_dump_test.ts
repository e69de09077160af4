/**
 * A real Podman export (tests/fixtures/archives/counter.tar.gz, see its
 * README): `crit report` of the archive and of its unpacked checkpoint/,
 * and the web page given the archive (gzip and zstd) or the unpacked files,
 * show the container's four tasks as the archive's README describes them,
 * and, from the archive, the container's facts.
 */
import assert from "node:assert/strict";
import { buildWebPage } from "../../tools/web.ts";
import { launch, watchedPage } from "./_browser.ts";
import { FIXTURES } from "./_truth.ts";
import { scratchDir } from "../_helpers/scratch.ts";

const CLI = new URL("../../cli.ts", import.meta.url).pathname;
const ARCHIVE = `${FIXTURES}/archives/counter.tar.gz`;

/**
 * The README: `sh -c 'i=0; while :; do ...; sleep 1; done | cat >> /data/ticks.log'`,
 * so the shell, the loop's subshell, sleep and cat.
 */
const TASKS = [["1", "sh"], ["6", "sh"], ["7", "cat"], ["12", "sleep"]];
const ARGV =
  `sh -c i=0; while :; do i=$((i+1)); echo "tick $i"; sleep 1; done | cat >> /data/ticks.log`;

async function rows(page: import("playwright-core").Page) {
  await page.waitForSelector("#crit-tree .row");
  return await page.$$eval("#crit-tree .row", (els) =>
    els.map((e) => [
      e.getAttribute("data-pid"),
      e.querySelector(".comm")?.textContent,
    ]).sort((a, b) => Number(a[0]) - Number(b[0])));
}

Deno.test("the dump of a real Podman export, as a report and in the web page", async (t) => {
  const tmp = await scratchDir({ prefix: "crit-counter-" });
  const chrome = await launch();
  try {
    const tar = await new Deno.Command("tar", {
      args: ["-xzf", ARCHIVE, "-C", tmp],
    }).output();
    assert.equal(tar.code, 0, new TextDecoder().decode(tar.stderr));
    const dump = `${tmp}/checkpoint`;

    await t.step("crit report of its checkpoint/", async () => {
      const out = `${tmp}/counter.html`;
      const r = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", CLI, "report", dump, "-o", out],
      }).output();
      assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
      const { page, requests, errors } = await watchedPage(chrome.browser);
      await page.goto(`file://${out}`);
      assert.deepEqual(await rows(page), TASKS);
      await page.click('#crit-tree .row[data-pid="1"]');
      assert.ok((await page.textContent("#crit-process"))!.includes(ARGV));
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, [`file://${out}`]);
      await page.close();
    });

    const index = await buildWebPage(`${tmp}/index.html`);
    await t.step(
      "the web page given the files of its checkpoint/",
      async () => {
        const { page, errors } = await watchedPage(chrome.browser);
        await page.goto(`file://${index}`);
        await page.setInputFiles("#crit-folder", dump);
        assert.deepEqual(await rows(page), TASKS);
        assert.ok((await page.textContent("#crit-process"))!.includes(ARGV));
        assert.deepEqual(errors, []);
        await page.close();
      },
    );

    await t.step("the web page given the whole unpacked export", async () => {
      const { page, errors } = await watchedPage(chrome.browser);
      await page.goto(`file://${index}`);
      await page.setInputFiles("#crit-folder", tmp);
      assert.deepEqual(await rows(page), TASKS);
      // CRIU's statistics sit beside checkpoint/ in the export.
      const summary = (await page.textContent("#crit-summary"))!;
      assert.ok(summary.includes("CRIU dump statistics"), summary);
      assert.deepEqual(errors, []);
      await page.close();
    });

    await t.step("crit report of the archive itself", async () => {
      const out = `${tmp}/archive.html`;
      const r = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", CLI, "report", ARCHIVE, "-o", out],
      }).output();
      assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
      const { page, requests, errors } = await watchedPage(chrome.browser);
      await page.goto(`file://${out}`);
      assert.deepEqual(await rows(page), TASKS);
      const summary = (await page.textContent("#crit-summary"))!;
      // The README: a Podman export of localhost/fixture:1.
      assert.ok(summary.includes("Podman"), summary);
      assert.ok(summary.includes("localhost/fixture:1"), summary);
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, [`file://${out}`]);
      await page.close();
    });

    for (const archive of [ARCHIVE, ARCHIVE.replace(/\.gz$/, ".zst")]) {
      await t.step(
        `the web page given ${archive.split("/").pop()}`,
        async () => {
          const { page, requests, errors } = await watchedPage(chrome.browser);
          await page.goto(`file://${index}`);
          await page.setInputFiles("#crit-files", archive);
          assert.deepEqual(await rows(page), TASKS);
          await page.click('#crit-tree .row[data-pid="1"]');
          assert.ok((await page.textContent("#crit-process"))!.includes(ARGV));
          const summary = (await page.textContent("#crit-summary"))!;
          assert.ok(summary.includes("localhost/fixture:1"), summary);
          assert.deepEqual(errors, []);
          assert.deepEqual(requests, [`file://${index}`]);
          await page.close();
        },
      );
    }
  } finally {
    await chrome.close();
    await Deno.remove(tmp, { recursive: true });
  }
});
