/**
 * `crit check` as users run it: text and JSON output, exit statuses 0, 1, 2.
 */
import assert from "node:assert/strict";
import { runCli } from "../_helpers/run_cli.ts";
import { scratchDir } from "../_helpers/scratch.ts";

const fixtures = new URL("../fixtures", import.meta.url).pathname;

/** `crit ARGS...` with read access only, as checking a dump needs. */
async function crit(args: string[]) {
  const run = await runCli(args, { permissions: ["-R"] });
  return { code: run.code, stdout: run.text, stderr: run.stderr };
}

Deno.test("crit check on a clean dump: exit 0, one ok line", async () => {
  const r = await crit(["check", `${fixtures}/07-threads`]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^ok: no errors \(.*6 threads.*\)\n$/);
});

Deno.test("crit check --json on a broken dump: exit 1, problems with image and path", async () => {
  const dir = await scratchDir({ prefix: "crit-check-cli-" });
  try {
    for (const e of Deno.readDirSync(`${fixtures}/01-sleep`)) {
      if (e.isFile) {
        Deno.copyFileSync(`${fixtures}/01-sleep/${e.name}`, `${dir}/${e.name}`);
      }
    }
    const pages = `${dir}/pages-1.img`;
    Deno.truncateSync(pages, Deno.statSync(pages).size - 4096);
    const text = await crit(["check", dir]);
    assert.equal(text.code, 1);
    assert.match(
      text.stdout,
      /^error: pages-1\.img: is shorter than the 30 pages .*\nNOT RESTORABLE: 1 error/m,
    );
    const json = await crit(["check", dir, "--json"]);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout);
    assert.equal(report.ok, false);
    assert.deepEqual(Object.keys(report.problems[0]), [
      "severity",
      "image",
      "path",
      "message",
    ]);
    assert.equal(report.problems[0].image, "pages-1.img");
    assert.equal(report.checked.tasks, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("crit check usage errors exit 2; a missing dump exits 1", async () => {
  assert.equal((await crit(["check"])).code, 2);
  assert.equal((await crit(["check", fixtures, "--bogus"])).code, 2);
  const missing = await crit(["check", `${fixtures}/no-such-dump`]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no such file or directory/);
});

Deno.test("crit check on the real Podman export in every compression: no errors, every image listed", async () => {
  for (const name of ["counter.tar.gz", "counter.tar.zst", "counter.tar.xz"]) {
    const r = await crit(["check", `${fixtures}/archives/${name}`]);
    assert.equal(r.code, 0, `${name}: ${r.stderr}`);
    assert.doesNotMatch(r.stdout, /^error:/m, name);
    // runc dumps the container's network namespace with --empty-ns net.
    assert.match(r.stdout, /^warning: ids-1\.img: .*--empty-ns net/m, name);
    // Its stdout and stderr are pipes Podman keeps (descriptors.json).
    assert.match(r.stdout, /only the write end of pipe 389738 /, name);
    assert.match(r.stdout, /\(34 images, 4 tasks, .* 9 raw images\)\n$/, name);
  }
});
