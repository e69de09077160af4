/**
 * `crit report` pages opened in Chromium: they show every task, comm,
 * socket port and VMA count crit's own outputs give for the dump, load
 * nothing but themselves, and the filter, the tree and the memory picture
 * work.
 */
import assert from "node:assert/strict";
import {
  buildReport,
  decodeSync,
  encodeSync,
  renderReport,
} from "../../mod.ts";
import { mapDumpDir } from "../../bench/report_gen.ts";
import { launch, watchedPage } from "./_browser.ts";
import { assertShowsDump, externalReferences } from "./_page_checks.ts";
import { FIXTURES, SCENARIOS, truth } from "./_truth.ts";
import { scratchDir } from "../_helpers/scratch.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

/** Runs the real CLI: `crit report DIR -o OUT`. */
async function cliReport(dir: string, out: string): Promise<void> {
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}cli.ts`, "report", dir, "-o", out],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
}

// deno-lint-ignore no-explicit-any
const refJson = (scenario: string, name: string): any =>
  JSON.parse(Deno.readTextFileSync(`${FIXTURES}/${scenario}/ref/${name}.json`));

Deno.test("crit report pages in Chromium", async (t) => {
  const chrome = await launch();
  const tmp = await scratchDir({ prefix: "crit-report-" });
  try {
    for (const scenario of SCENARIOS) {
      await t.step(
        `${scenario}: every task, comm, port and VMA count`,
        async () => {
          const out = `${tmp}/${scenario}.html`;
          await cliReport(`${FIXTURES}/${scenario}`, out);
          assert.deepEqual(externalReferences(Deno.readTextFileSync(out)), []);
          const { page, requests, errors } = await watchedPage(chrome.browser);
          await page.goto(`file://${out}`);
          await page.waitForSelector("#crit-tree .row");
          await assertShowsDump(page, truth(scenario));
          const png = `${tmp}/${scenario}.png`;
          await page.screenshot({ path: png, fullPage: true });
          assert.ok(Deno.statSync(png).size > 20_000);
          assert.deepEqual(errors, []);
          assert.deepEqual(requests, [`file://${out}`]);
          await page.close();
        },
      );
    }

    await t.step(
      "the filter narrows the tables by port and by address",
      async () => {
        const scenario = "04-tcp-udp";
        const { page, requests, errors } = await watchedPage(chrome.browser);
        await page.goto(`file://${tmp}/${scenario}.html`);
        const withPort = refJson(scenario, "files.img").entries.filter(
          // deno-lint-ignore no-explicit-any
          (f: any) => f.isk && [f.isk.src_port, f.isk.dst_port].includes(5000),
        ).length;
        await page.fill("#crit-filter", "5000");
        await page.locator("#crit-sockets h2", {
          hasText: `(${withPort} of 13)`,
        }).waitFor();
        const rows = await page.$$eval(
          "#crit-sockets tbody tr",
          (els) => els.map((e) => e.textContent ?? ""),
        );
        assert.equal(rows.length, withPort);
        for (const r of rows) assert.ok(r.includes(":5000"), r);
        // Each connected socket's peer: the fd whose ends are its ends the
        // other way round, in crit's files.img and fdinfo.
        const fdinfo = refJson(scenario, "fdinfo-2.img").entries;
        const isk = (fd: number) => {
          // deno-lint-ignore no-explicit-any
          const id = fdinfo.find((x: any) => x.fd === fd).id;
          // deno-lint-ignore no-explicit-any
          return refJson(scenario, "files.img").entries.find((x: any) =>
            x.id === id
          ).isk;
        };
        const cells = await page.$$eval(
          "#crit-sockets tbody tr",
          (trs) =>
            trs.map((tr) =>
              [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")
            ),
        );
        for (const cell of cells) {
          const mine = isk(Number(cell[2]));
          const peer = fdinfo.map((x: { fd: number }) => x.fd).filter((
            fd: number,
          ) => {
            const other = isk(fd);
            return other && mine.dst_port !== 0 &&
              other.src_port === mine.dst_port &&
              other.dst_port === mine.src_port &&
              other.proto === mine.proto;
          });
          assert.equal(
            cell[cell.length - 1],
            peer.map((fd: number) => `27134 fd ${fd}`).join(", "),
            cell.join(" "),
          );
        }

        // An address inside the second VMA of crit's mm image.
        const vma = refJson(scenario, "mm-27134.img").entries[0].vmas[1];
        const inside = (BigInt(vma.start) + 0x123n).toString(16);
        await page.fill("#crit-filter", `0x${inside}`);
        await page.locator("#crit-process h3", {
          hasText: /^Mappings \(1 of/,
        }).waitFor();
        const maps = await page.$$eval(
          "#crit-process .paged",
          (els) => els[0].querySelectorAll("tbody tr").length,
        );
        assert.equal(maps, 1);
        const start = await page.textContent(
          "#crit-process .paged tbody tr td",
        );
        assert.equal(`0x${start}`, vma.start);

        await page.fill("#crit-filter", "");
        await page.locator("#crit-sockets h2", { hasText: "(13 of 13)" })
          .waitFor();
        assert.deepEqual(errors, []);
        assert.equal(requests.length, 1);
        await page.close();
      },
    );

    await t.step(
      "the sockets table names the task and fd holding each peer",
      async () => {
        // crit's files.img and fdinfo: which fd holds which unix socket inode.
        const scenario = "03b-unix-sockets";
        const files = refJson(scenario, "files.img").entries;
        const fds = refJson(scenario, "fdinfo-2.img").entries;
        const fdOfIno = new Map<number, number>();
        for (const fd of fds) {
          // deno-lint-ignore no-explicit-any
          const f = files.find((x: any) => x.id === fd.id);
          if (f?.usk) fdOfIno.set(f.usk.ino, fd.fd);
        }
        const { page } = await watchedPage(chrome.browser);
        await page.goto(`file://${tmp}/${scenario}.html`);
        const rows = await page.$$eval(
          "#crit-sockets tbody tr",
          (trs) =>
            trs.map((tr) =>
              [...tr.querySelectorAll("td")].map((td) => td.textContent)
            ),
        );
        let peered = 0;
        for (const fd of fds) {
          // deno-lint-ignore no-explicit-any
          const usk = files.find((x: any) => x.id === fd.id)?.usk;
          if (!usk) continue;
          const row = rows.find((r) => r[2] === String(fd.fd))!;
          const peerFd = usk.peer ? fdOfIno.get(usk.peer) : undefined;
          assert.equal(
            row[row.length - 1],
            peerFd === undefined ? "" : `25870 fd ${peerFd}`,
            `fd ${fd.fd}`,
          );
          if (peerFd !== undefined) peered++;
        }
        assert.ok(peered >= 10, `${peered} peers`);
        await page.close();
      },
    );

    await t.step(
      "a task opens from the tree, collapses, and its VMAs explain themselves",
      async () => {
        const scenario = "02b-sessions-pgrp-zombie-cgroup";
        const { page, errors } = await watchedPage(chrome.browser);
        await page.goto(`file://${tmp}/${scenario}.html`);
        await page.click('#crit-tree .row[data-pid="25719"]');
        assert.equal(
          await page.textContent("#crit-process h2"),
          "25719 sessions",
        );
        const vmas = refJson(scenario, "mm-25719.img").entries[0].vmas;
        assert.equal(
          await page.locator("#crit-process svg g.vma").count(),
          vmas.length,
        );
        await page.click("#crit-process svg g.vma >> nth=0");
        assert.equal(
          await page.locator("#crit-process svg g.vma.picked").count(),
          1,
        );
        const details = await page.textContent(".vma-details");
        assert.ok(
          details!.includes(`${vmas[0].start} – ${vmas[0].end}`),
          details!,
        );

        await page.click('#crit-tree .row[data-pid="25712"] .toggle');
        assert.equal(await page.locator("#crit-tree .row").count(), 1);
        await page.click('#crit-tree .row[data-pid="25712"] .toggle');
        assert.equal(await page.locator("#crit-tree .row").count(), 10);

        // From the keyboard too.
        await page.focus('#crit-tree .row[data-pid="25716"]');
        await page.keyboard.press("Enter");
        assert.equal(
          await page.textContent("#crit-process h2"),
          "25716 sessions",
        );

        // A zombie: its exit, and why it has no memory.
        await page.click('#crit-tree .row[data-pid="25718"]');
        const text = await page.textContent("#crit-process");
        assert.ok(text!.includes("no memory: the task is a zombie"), text!);
        // crit's core image: tc.exit_code is the wait status, 42 << 8 here.
        const status =
          refJson(scenario, "core-25718.img").entries[0].tc.exit_code;
        assert.ok(
          text!.includes(`zombie (exited with code ${status >> 8})`),
          text!,
        );
        assert.deepEqual(errors, []);
        await page.close();
      },
    );

    await t.step(
      "the page works when the CLI is a minified bundle",
      async () => {
        // The page carries the views' source text: a minifier renames the
        // functions, and the page must still call the right ones.
        const js = `${tmp}/crit.js`;
        const bundle = await new Deno.Command(Deno.execPath(), {
          args: ["bundle", "--minify", "-o", js, `${ROOT}cli.ts`],
          stderr: "piped",
        }).output();
        assert.equal(bundle.code, 0, new TextDecoder().decode(bundle.stderr));
        const scenario = "02b-sessions-pgrp-zombie-cgroup";
        const out = `${tmp}/bundled.html`;
        const r = await new Deno.Command(Deno.execPath(), {
          args: [
            "run",
            "-A",
            js,
            "report",
            `${FIXTURES}/${scenario}`,
            "-o",
            out,
          ],
          stderr: "piped",
        }).output();
        assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
        assert.ok(!Deno.readTextFileSync(out).includes("function showReport("));
        const { page, errors } = await watchedPage(chrome.browser);
        await page.goto(`file://${out}`);
        await page.waitForSelector("#crit-tree .row");
        await assertShowsDump(page, truth(scenario));
        assert.deepEqual(errors, []);
        await page.close();
      },
    );

    await t.step("names that are markup are shown as text", async () => {
      const files = new Map<string, Uint8Array>();
      for (const e of Deno.readDirSync(`${FIXTURES}/01-sleep`)) {
        if (e.isFile) {
          files.set(
            e.name,
            Deno.readFileSync(`${FIXTURES}/01-sleep/${e.name}`),
          );
        }
      }
      const core = decodeSync(files.get("core-25537.img")!);
      const comm = `</script><img src=x onerror="document.title='owned'">`;
      (core.entries[0].tc as Record<string, unknown>).comm = comm;
      files.set("core-25537.img", encodeSync(core));
      const html = renderReport(
        await buildReport(mapDumpDir(files), { title: comm }),
      );
      assert.ok(!html.includes("<img"));
      const out = `${tmp}/markup.html`;
      await Deno.writeTextFile(out, html);
      const { page, requests, errors } = await watchedPage(chrome.browser);
      await page.goto(`file://${out}`);
      await page.waitForSelector("#crit-tree .row");
      assert.equal(await page.textContent("#crit-tree .comm"), comm);
      assert.equal(await page.textContent("h1"), comm);
      assert.ok((await page.title()).startsWith(comm));
      assert.deepEqual(requests, [`file://${out}`]);
      assert.deepEqual(errors, []);
      await page.close();
    });
    await t.step(
      "container facts and a check verdict show in the summary",
      async () => {
        const files = new Map<string, Uint8Array>();
        for (const e of Deno.readDirSync(`${FIXTURES}/01-sleep`)) {
          if (e.isFile) {
            files.set(
              e.name,
              Deno.readFileSync(`${FIXTURES}/01-sleep/${e.name}`),
            );
          }
        }
        const html = renderReport(
          await buildReport(mapDumpDir(files), {
            container: {
              engine: "Podman",
              name: "counter",
              image: "localhost/fixture:1",
              created: "2026-01-02T03:04:05Z",
              sizes: { "rootfs-diff.tar": 10240 },
            },
            check: {
              verdict: "1 error, 1 warning",
              problems: [
                {
                  severity: "error",
                  message: "pages-1.img is short",
                  image: "pagemap-25537.img",
                },
                { severity: "warning", message: "a ghost file", pid: 25537 },
              ],
            },
          }),
        );
        const out = `${tmp}/extras.html`;
        await Deno.writeTextFile(out, html);
        const { page, errors } = await watchedPage(chrome.browser);
        await page.goto(`file://${out}`);
        await page.waitForSelector("#crit-tree .row");
        const summary = (await page.textContent("#crit-summary"))!;
        for (
          const text of [
            "enginePodman",
            "namecounter",
            "imagelocalhost/fixture:1",
            "created2026-01-02T03:04:05Z",
            "rootfs-diff.tar10240 bytes",
            "1 error, 1 warning",
            "error: pages-1.img is short (pagemap-25537.img)",
            "warning: a ghost file (pid 25537)",
          ]
        ) {
          assert.ok(summary.includes(text), `${text} in ${summary}`);
        }
        // The pages in the dump are those CRIU says it wrote.
        const written =
          refJson("01-sleep", "stats-dump").entries[0].dump.pages_written;
        assert.match(
          summary,
          new RegExp(`in the dump[^(]*\\(${written} pages,`),
        );
        assert.deepEqual(errors, []);
        await page.close();
      },
    );
  } finally {
    await chrome.close();
    await Deno.remove(tmp, { recursive: true });
  }
});
