/** `crit report` as a user runs it: the real CLI, its output and its errors. */
import assert from "node:assert/strict";
import { FIXTURES } from "./_truth.ts";
import { scratchDir } from "../_helpers/scratch.ts";
import { runCli } from "../_helpers/run_cli.ts";

async function crit(...args: string[]) {
  const r = await runCli(["report", ...args], { permissions: ["-A"] });
  return { code: r.code, stdout: r.text, stderr: r.stderr };
}

Deno.test("crit report writes the same page to a pipe and to -o", async () => {
  const dir = await scratchDir();
  try {
    const piped = await crit(`${FIXTURES}/07-threads`);
    assert.equal(piped.code, 0, piped.stderr);
    assert.equal(piped.stderr, "");
    assert.ok(piped.stdout.startsWith("<!doctype html>\n"));
    assert.ok(piped.stdout.includes("<title>07-threads · crit report</title>"));
    const file = await crit(`${FIXTURES}/07-threads/`, "-o", `${dir}/r.html`);
    assert.equal(file.code, 0, file.stderr);
    assert.equal(file.stdout, "");
    assert.equal(Deno.readTextFileSync(`${dir}/r.html`), piped.stdout);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("crit report: bad arguments and bad dumps are one-line errors", async () => {
  const dir = await scratchDir();
  try {
    let r = await crit();
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /crit: error: the following arguments are required: DUMP\n$/,
    );

    r = await crit(`${dir}/nothing`);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `crit: error: ${dir}/nothing: no such file or directory\n`,
    );

    r = await crit(`${FIXTURES}/07-threads/pstree.img`);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /^crit: error: .*pstree\.img: not a dump directory but one image \(PSTREE\): give the directory that holds it\n$/,
    );

    // An empty directory: no page is left behind.
    r = await crit(dir, "-o", `${dir}/r.html`);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "crit: error: the dump has no pstree.img\n");
    assert.throws(() => Deno.statSync(`${dir}/r.html`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
