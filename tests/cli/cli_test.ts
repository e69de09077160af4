/** The real CLI, spawned as a user runs it. */
import assert from "node:assert/strict";
import { concatBytes } from "../../src/wire/bytes.ts";
import { encodeSync } from "../../mod.ts";
import { runCli } from "../_helpers/run_cli.ts";
import { scratchDir } from "../_helpers/scratch.ts";

const root = new URL("../..", import.meta.url).pathname;
const fixtures = `${root}tests/fixtures`;
const cli = `${root}cli.ts`;

const crit = (args: string[], stdin?: Uint8Array) => runCli(args, { stdin });

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
  const dir = await scratchDir();
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
  const dir = await scratchDir();
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
  const dir = await scratchDir();
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
  const dir = await scratchDir();
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
  const dir = await scratchDir();
  const path = `${dir}/pstree.img`;
  await Deno.copyFile(img, path);
  const r = await crit(["decode", "-i", path, "-o", path]);
  assert.equal(r.code, 2);
  assert.deepEqual(await Deno.readFile(path), await Deno.readFile(img));
});

Deno.test("batch mode decodes a whole dump directory and encodes it back byte for byte", async () => {
  const dump = `${fixtures}/03a-pipes-fifo`;
  const tmp = await scratchDir();
  const dec = await crit([
    "decode",
    "-i",
    dump,
    "-o",
    `${tmp}/json`,
    "--pretty",
  ]);
  assert.equal(dec.code, 0, dec.stderr);
  // Each image's JSON is crit's -o text; raw files are copied with a note.
  for (
    const name of [
      "core-25841.img",
      "pipes-data.img",
      "fifo-data.img",
      "pstree.img",
    ]
  ) {
    assert.equal(
      await Deno.readTextFile(`${tmp}/json/${name}.json`),
      await Deno.readTextFile(`${dump}/ref/${name}.json`),
      name,
    );
  }
  assert.match(
    dec.stderr,
    /copied 3 files unchanged \(not images\): SCENARIO\.md, pages-1\.img, pages-2\.img\n/,
  );
  assert.match(dec.stderr, /skipped ref: not a regular file/);
  assert.match(dec.stderr, /decoded \d+ images/);
  const enc = await crit(["encode", "-i", `${tmp}/json`, "-o", `${tmp}/img`]);
  assert.equal(enc.code, 0, enc.stderr);
  for (const e of Deno.readDirSync(dump)) {
    if (!e.isFile) continue;
    assert.deepEqual(
      await Deno.readFile(`${tmp}/img/${e.name}`),
      await Deno.readFile(`${dump}/${e.name}`),
      e.name,
    );
  }
});

Deno.test("batch mode with --quiet prints nothing; a directory without -o is a usage error", async () => {
  const tmp = await scratchDir();
  const r = await crit([
    "decode",
    "-q",
    "-i",
    `${fixtures}/01-sleep`,
    "-o",
    tmp,
  ]);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, "");
  assert.equal((await crit(["decode", "-i", `${fixtures}/01-sleep`])).code, 2);
});

Deno.test("no progress output when stderr is not a terminal", async () => {
  const r = await crit([
    "decode",
    "-i",
    `${fixtures}/05a-ghost-small/ghost-file-3.img`,
  ]);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, "");
});

Deno.test("encode refuses to write binary to a terminal", async () => {
  // script(1) gives the command a pseudo-terminal as stdout.
  const json = `${fixtures}/01-sleep/ref/pstree.img.json`;
  const cmd = `${Deno.execPath()} run -R ${cli} encode -i ${json}`;
  const out = await new Deno.Command("script", {
    args: ["-qec", cmd, "/dev/null"],
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  const text = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 2, text);
  assert.match(text, /refusing to write a binary image to a terminal/);
});

Deno.test("a progress bar is drawn when stderr is a terminal", async () => {
  // A payload image large enough to take a few progress updates.
  const tmp = await scratchDir();
  const big = `${tmp}/pipes-data.img`;
  const head = [0x19, 0x43, 0x56, 0x54, 0x09, 0x37, 0x45, 0x56];
  const size = 64 * 1024 * 1024;
  // pipe_data_entry: pipe_id 1, bytes = size.
  const msg = [0x08, 0x01, 0x10, 0x80, 0x80, 0x80, 0x20];
  const file = await Deno.create(big);
  await file.write(new Uint8Array([...head, msg.length, 0, 0, 0, ...msg]));
  await file.write(new Uint8Array(size));
  file.close();
  const cmd =
    `${Deno.execPath()} run -R -W ${cli} decode -i ${big} -o ${tmp}/out.json`;
  const out = await new Deno.Command("script", {
    args: ["-qec", cmd, "/dev/null"],
    stdout: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, text);
  assert.match(text, /decode \[[#.]+\] [\d.]+\/64\.0 MiB [\d.]+ MB\/s/);
});

Deno.test("a reader that stops early (| head) gets no error message", async () => {
  // Megabytes of hexdump: far more than a pipe holds, so the writer sees EPIPE.
  const dump = `${fixtures}/14a-memory-truth`;
  const cmd =
    `${Deno.execPath()} run -R ${cli} mem ${dump} --pid 10726 --addr 0x7fdf75048000 --len 3145728 --hexdump | head -1`;
  const out = await new Deno.Command("sh", {
    args: ["-c", cmd],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(new TextDecoder().decode(out.stderr), "");
  assert.match(new TextDecoder().decode(out.stdout), /^7fdf75048000 /);
});

Deno.test("-o writes into a FIFO and through a symlink, and keeps an existing file's mode", async () => {
  const dir = await scratchDir();
  const want = await ref("pstree.img.raw.json");
  // A FIFO stays a FIFO and its reader gets the text (as with /dev/null).
  const fifo = `${dir}/fifo`;
  const mkfifo = await new Deno.Command("mkfifo", { args: [fifo] }).output();
  assert.equal(mkfifo.code, 0);
  // A reader in another process, given up after a while: a FIFO replaced by a
  // file would leave it waiting for good.
  const reading = new Deno.Command("timeout", {
    args: ["20", "cat", fifo],
    stdout: "piped",
  }).output();
  const r1 = await crit(["decode", "-i", img, "-o", fifo]);
  assert.equal(r1.code, 0, r1.stderr);
  assert.equal(new TextDecoder().decode((await reading).stdout), want);
  assert.ok(Deno.lstatSync(fifo).isFifo);
  // A symlink stays a link; the file it names gets the text.
  await Deno.writeTextFile(`${dir}/target`, "old");
  await Deno.symlink(`${dir}/target`, `${dir}/link`);
  const r2 = await crit(["decode", "-i", img, "-o", `${dir}/link`]);
  assert.equal(r2.code, 0, r2.stderr);
  assert.ok(Deno.lstatSync(`${dir}/link`).isSymlink);
  assert.equal(await Deno.readTextFile(`${dir}/target`), want);
  // An existing file keeps its mode; a new one gets what open() would give.
  await Deno.writeTextFile(`${dir}/kept`, "old", { mode: 0o640 });
  await Deno.chmod(`${dir}/kept`, 0o640);
  const r3 = await crit(["decode", "-i", img, "-o", `${dir}/kept`]);
  assert.equal(r3.code, 0, r3.stderr);
  assert.equal(Deno.statSync(`${dir}/kept`).mode! & 0o777, 0o640);
  await Deno.writeTextFile(`${dir}/plain`, "");
  const r4 = await crit(["decode", "-i", img, "-o", `${dir}/new`]);
  assert.equal(r4.code, 0, r4.stderr);
  assert.equal(
    Deno.statSync(`${dir}/new`).mode! & 0o777,
    Deno.statSync(`${dir}/plain`).mode! & 0o777,
  );
  assert.deepEqual(
    (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort(),
    ["fifo", "kept", "link", "new", "plain", "target"],
  );
});

Deno.test("decode into a pipe its reader closes early (| head) exits 0 quietly", async () => {
  const dir = await scratchDir();
  const path = `${dir}/pagemap-1.img`;
  const entries = Array.from({ length: 20_000 }, (_, i) => ({
    vaddr: `0x${(0x7f0000000000 + i * 0x1000).toString(16)}`,
    compat_nr_pages: 1,
    flags: "PE_PRESENT",
  }));
  await Deno.writeFile(
    path,
    encodeSync({
      magic: "PAGEMAP",
      entries: [{ pages_id: 1 }, ...entries],
    } as never),
  );
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-check", "-R", cli, "decode", "-i", path],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.getReader();
  const first = await reader.read();
  assert.ok(first.value && first.value.length > 0);
  await reader.cancel();
  const status = await child.status;
  const stderr = new TextDecoder().decode(
    concatBytes(await Array.fromAsync(child.stderr)),
  );
  assert.equal(stderr, "");
  assert.equal(status.code, 0);
});
