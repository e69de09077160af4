/**
 * The static web page (`deno task web`) in Chromium: given the files of a
 * dump directory through its file inputs or by a drop, it shows what crit
 * says is in the dump, saves images as exactly crit's JSON, and loads
 * nothing but itself.
 */
import assert from "node:assert/strict";
import { buildWebPage } from "../../tools/web.ts";
import { reportDump } from "../../bench/report_gen.ts";
import { launch, watchedPage } from "./_browser.ts";
import { assertShowsDump, externalReferences } from "./_page_checks.ts";
import { FIXTURES, truth } from "./_truth.ts";
import { scratchDir } from "../_helpers/scratch.ts";

/** The top-level files of a fixture dump (no ref/, no SCENARIO.md). */
function imageFiles(scenario: string): string[] {
  return [...Deno.readDirSync(`${FIXTURES}/${scenario}`)]
    .filter((e) => e.isFile && e.name !== "SCENARIO.md")
    .map((e) => `${FIXTURES}/${scenario}/${e.name}`);
}

Deno.test("web page in Chromium", async (t) => {
  const tmp = await scratchDir({ prefix: "crit-web-" });
  const index = await buildWebPage(`${tmp}/index.html`);
  const url = `file://${index}`;
  const chrome = await launch();
  // Saved files are blob: URLs the page makes itself; they are not requests
  // for anything outside the page.
  const outside = (requests: string[]) =>
    requests.filter((r) => r !== url && !r.startsWith("blob:"));
  try {
    await t.step(
      "the page is one file that refers to nothing outside it",
      () => {
        assert.deepEqual(externalReferences(Deno.readTextFileSync(index)), []);
      },
    );

    await t.step(
      "a picked directory: tasks, comms, ports, VMA counts; crit's JSON",
      async () => {
        const scenario = "04-tcp-udp";
        const { page, requests, errors } = await watchedPage(chrome.browser);
        await page.goto(url);
        await page.setInputFiles("#crit-folder", `${FIXTURES}/${scenario}`);
        await page.waitForSelector("#crit-tree .row");
        await assertShowsDump(page, truth(scenario));
        assert.match(
          (await page.textContent("#crit-status"))!,
          /^04-tcp-udp: 1 processes, read in \d+ ms$/,
        );
        await page.click("#crit-images summary");
        for (const name of ["files.img", "mm-27134.img", "stats-dump"]) {
          const [download] = await Promise.all([
            page.waitForEvent("download"),
            page.locator("#crit-images li").filter({
              hasText: new RegExp(`^JSON ${name.replace(".", "\\.")}$`),
            }).locator("button").click(),
          ]);
          assert.equal(download.suggestedFilename(), `${name}.json`);
          const saved = await Deno.readTextFile((await download.path())!);
          // ref/NAME.json is `crit decode --pretty -i NAME -o NAME.json`.
          const ref = `${FIXTURES}/${scenario}/ref/${name}.json`;
          assert.equal(saved, Deno.readTextFileSync(ref), name);
        }
        await page.screenshot({ path: `${tmp}/web.png` });
        assert.deepEqual(errors, []);
        assert.deepEqual(outside(requests), []);
        await page.close();
      },
    );

    await t.step("picked files of a dump, several tasks", async () => {
      const scenario = "02b-sessions-pgrp-zombie-cgroup";
      const { page, requests, errors } = await watchedPage(chrome.browser);
      await page.goto(url);
      await page.setInputFiles("#crit-files", imageFiles(scenario));
      await page.waitForSelector("#crit-tree .row");
      await assertShowsDump(page, truth(scenario));
      assert.deepEqual(errors, []);
      assert.deepEqual(outside(requests), []);
      await page.close();
    });

    await t.step("dropped files of a dump", async () => {
      const scenario = "07-threads";
      const { page, requests, errors } = await watchedPage(chrome.browser);
      await page.goto(url);
      const files = imageFiles(scenario).map((path) => ({
        name: path.split("/").pop()!,
        bytes: [...Deno.readFileSync(path)],
      }));
      const drop = await page.evaluateHandle((files) => {
        // In the page: the browser's DataTransfer (not in Deno's types).
        // deno-lint-ignore no-explicit-any
        const dt = new (globalThis as any).DataTransfer();
        for (const f of files) {
          dt.items.add(new File([new Uint8Array(f.bytes)], f.name));
        }
        return dt;
      }, files);
      await page.dispatchEvent("#crit-drop", "drop", { dataTransfer: drop });
      await page.waitForSelector("#crit-tree .row");
      await assertShowsDump(page, truth(scenario));
      assert.deepEqual(errors, []);
      assert.deepEqual(outside(requests), []);
      await page.close();
    });

    await t.step(
      "two dumps compared: the changes SCENARIO.md lists",
      async () => {
        const pair = `${FIXTURES}/16a-diff-pair`;
        const { page, requests, errors } = await watchedPage(chrome.browser);
        await page.goto(url);
        await page.setInputFiles("#crit-folder", `${pair}/a`);
        await page.waitForSelector("#crit-tree .row");
        await page.click("#crit-images details:has(#crit-compare) summary");
        await page.setInputFiles("#crit-compare", `${pair}/b`);
        await page.waitForSelector("#crit-diff pre");
        const added = await page.$$eval(
          "#crit-diff .added",
          (els) => els.map((e) => e.textContent!.trim()),
        );
        const removed = await page.$$eval(
          "#crit-diff .removed",
          (els) => els.map((e) => e.textContent!.trim()),
        );
        const text = (await page.textContent("#crit-diff pre"))!;
        // SCENARIO.md: child 5752 dp-child2 forked, 5694 dp-child1 killed,
        // the parent renamed dp-parent-b, a TCP listener on 127.0.0.1:9099.
        assert.ok(added.includes("+ 5752 dp-child2"), added.join("\n"));
        assert.ok(removed.includes("- 5694 dp-child1"), removed.join("\n"));
        assert.ok(text.includes('comm: "dp-parent" -> "dp-parent-b"'), text);
        assert.ok(added.some((l) => l.includes("127.0.0.1:9099")), text);
        assert.deepEqual(errors, []);
        assert.deepEqual(outside(requests), []);
        await page.close();
      },
    );

    await t.step("200 tasks and 20,000 VMAs, read in the browser", async () => {
      const dump = `${tmp}/generated`;
      await Deno.mkdir(dump);
      for (const [name, bytes] of reportDump(200, 100)) {
        await Deno.writeFile(`${dump}/${name}`, bytes);
      }
      const { page, requests, errors } = await watchedPage(chrome.browser);
      await page.goto(url);
      const t0 = performance.now();
      await page.setInputFiles("#crit-folder", dump);
      await page.waitForSelector("#crit-tree .row");
      const wall = performance.now() - t0;
      const status = (await page.textContent("#crit-status"))!;
      const inPage = Number(/read in (\d+) ms$/.exec(status)![1]);
      assert.equal(await page.locator("#crit-tree .row").count(), 200);
      console.log(
        `web page, 200 tasks x 100 VMAs: report computed and drawn in ${inPage} ms in the page, ${
          wall.toFixed(0)
        } ms from setting the input`,
      );
      assert.ok(inPage < 20_000, status);
      assert.deepEqual(errors, []);
      assert.deepEqual(outside(requests), []);
      await page.close();
    });
  } finally {
    await chrome.close();
    await Deno.remove(tmp, { recursive: true });
  }
});
