/** The real CLI, spawned as a user runs it. */
import assert from "node:assert/strict";

const root = new URL("..", import.meta.url).pathname;
const fixtures = `${root}tests/fixtures`;
const cli = `${root}cli.ts`;

interface Run {
  code: number;
  stdout: Uint8Array;
  stderr: string;
  text: string;
}

async function crit(args: string[], stdin?: Uint8Array): Promise<Run> {
  const cmd = new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-check", "-R", "-W", cli, ...args],
    stdin: stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  });
  const child = cmd.spawn();
  if (stdin) {
    const w = child.stdin.getWriter();
    await w.write(stdin);
    await w.close();
  }
  const out = await child.output();
  return {
    code: out.code,
    stdout: out.stdout,
    stderr: new TextDecoder().decode(out.stderr),
    text: new TextDecoder().decode(out.stdout),
  };
}

const img = `${fixtures}/01-sleep/pstree.img`;
const ref = (name: string) =>
  Deno.readTextFile(`${fixtures}/01-sleep/ref/${name}`);

Deno.test("decode -i FILE writes crit's text plus a newline to stdout", async () => {
  const r = await crit(["decode", "-i", img]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.text, await ref("pstree.img.raw.json") + "\n");
});

Deno.test("decode from stdin with --pretty matches crit", async () => {
  const r = await crit(["decode", "--pretty"], await Deno.readFile(img));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.text, await ref("pstree.img.json") + "\n");
});

Deno.test("decode -o FILE writes exactly crit's -o text (no trailing newline)", async () => {
  const dir = await Deno.makeTempDir();
  const r = await crit([
    "decode",
    "-i",
    `${fixtures}/01-sleep/mm-25537.img`,
    "--pretty",
    "-o",
    `${dir}/mm.json`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.text, "");
  assert.equal(
    await Deno.readTextFile(`${dir}/mm.json`),
    await ref("mm-25537.img.json"),
  );
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["mm.json"]);
});

Deno.test("encode -i JSON -o IMG rebuilds the original image", async () => {
  const dir = await Deno.makeTempDir();
  const r = await crit([
    "encode",
    "-i",
    `${fixtures}/01-sleep/ref/core-25537.img.json`,
    "-o",
    `${dir}/core.img`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    await Deno.readFile(`${dir}/core.img`),
    await Deno.readFile(`${fixtures}/01-sleep/core-25537.img`),
  );
});

Deno.test("encode from stdin to stdout is binary-safe", async () => {
  const json = await Deno.readFile(
    `${fixtures}/01-sleep/ref/pagemap-25537.img.raw.json`,
  );
  const r = await crit(["encode"], json);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    r.stdout,
    await Deno.readFile(`${fixtures}/01-sleep/pagemap-25537.img`),
  );
});

Deno.test("decode stdin -> encode stdout round-trips a payload image", async () => {
  const bytes = await Deno.readFile(
    `${fixtures}/03a-pipes-fifo/pipes-data.img`,
  );
  const json = await crit(["decode"], bytes);
  const back = await crit(["encode"], json.stdout);
  assert.equal(back.code, 0, back.stderr);
  assert.deepEqual(back.stdout, bytes);
});

Deno.test("show prints pretty JSON; --nopl replaces payloads like crit", async () => {
  const dir = `${fixtures}/03a-pipes-fifo`;
  const r = await crit(["show", `${dir}/pipes-data.img`, "--nopl"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.text,
    await Deno.readTextFile(`${dir}/ref/pipes-data.img.nopl.json`),
  );
});

Deno.test("info prints crit's layout", async () => {
  const r = await crit(["info", `${fixtures}/01-sleep/pagemap-25537.img`]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.text, await ref("pagemap-25537.img.info.json"));
});

Deno.test("x DIR ps prints crit's process tree", async () => {
  const r = await crit([
    "x",
    `${fixtures}/02b-sessions-pgrp-zombie-cgroup`,
    "ps",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.text,
    await Deno.readTextFile(
      `${fixtures}/02b-sessions-pgrp-zombie-cgroup/ref/x-ps.txt`,
    ),
  );
});

Deno.test("a file without a CRIU magic gives one error line naming the magic in hex, exit 1", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeFile(
    `${dir}/data.bin`,
    await Deno.readFile(`${fixtures}/01-sleep/pages-1.img`),
  );
  const r = await crit(["decode", "-i", `${dir}/data.bin`]);
  assert.equal(r.code, 1);
  assert.equal(r.text, "");
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /^crit: error: unknown magic 0x8ec8348: /);
});

Deno.test("raw images get one line saying what they are, exit 1", async () => {
  for (const verb of [["decode", "-i"], ["info"], ["show"]]) {
    const r = await crit([...verb, `${fixtures}/01-sleep/pages-1.img`]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      "crit: error: pages-1.img is a raw memory image (no magic); its layout is described by pagemap-*.img\n",
    );
  }
});

Deno.test("a truncated image gives one error line with the entry and offset, exit 1", async () => {
  const bytes = await Deno.readFile(`${fixtures}/01-sleep/mm-25537.img`);
  const r = await crit(["decode"], bytes.subarray(0, bytes.length - 10));
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /^crit: error: Cannot decode entry 0 of MM: truncated/,
  );
  assert.equal(r.stderr.trimEnd().split("\n").length, 1);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

Deno.test("--verbose adds the stack trace", async () => {
  const r = await crit([
    "decode",
    "--verbose",
    "-i",
    `${fixtures}/01-sleep/pages-1.img`,
  ]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /\n\s+at /);
});

Deno.test("bad JSON for encode gives one line naming the JSON path, nothing written", async () => {
  const dir = await Deno.makeTempDir();
  const text = (await ref("pstree.img.raw.json")).replace(
    '"pid": 25537',
    '"pid": "x"',
  );
  const input = `${dir}/in.json`;
  await Deno.writeTextFile(input, text);
  const r = await crit(["encode", "-i", input, "-o", `${dir}/out.img`]);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /^crit: error: entries\[0\]\.pid: invalid integer "x"\n$/,
  );
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["in.json"]);
});

Deno.test("a missing input file is one error line, exit 1", async () => {
  const r = await crit(["decode", "-i", "/nonexistent/x.img"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^crit: error: .*\n$/);
});

Deno.test("usage errors exit 2", async () => {
  for (
    const args of [[], ["frobnicate"], ["decode", "--bogus"], ["info"], [
      "x",
      fixtures,
      "nope",
    ]]
  ) {
    const r = await crit(args);
    assert.equal(r.code, 2, `${args}: ${r.stderr}`);
    assert.match(r.stderr, /crit: error: /);
  }
});

Deno.test("--help and --version exit 0", async () => {
  const help = await crit(["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.text, /decode/);
  const version = await crit(["--version"]);
  assert.equal(version.code, 0);
  const { version: v } = JSON.parse(
    await Deno.readTextFile(`${root}deno.json`),
  );
  assert.equal(version.text, `${v}\n`);
});

Deno.test("-o equal to -i is refused", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/pstree.img`;
  await Deno.copyFile(img, path);
  const r = await crit(["decode", "-i", path, "-o", path]);
  assert.equal(r.code, 2);
  assert.deepEqual(await Deno.readFile(path), await Deno.readFile(img));
});
