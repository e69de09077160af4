/**
 * What a new user hit around the codec: batch runs that must round-trip a
 * real checkpoint directory and leave nothing behind when they fail,
 * interrupted runs, the progress bar on a terminal, and `-o` where a
 * temporary file cannot be renamed into place.
 */
import assert from "node:assert/strict";
import { encodeSync } from "../../mod.ts";
import { concatBytes } from "../../src/wire/bytes.ts";
import { scratchDir } from "../_helpers/scratch.ts";

const root = new URL("../..", import.meta.url).pathname;
const cli = `${root}cli.ts`;
const fixtures = `${root}tests/fixtures`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function crit(args: string[]): Promise<Run> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-check", "-R", "-W", cli, ...args],
    stdin: "null",
  }).output();
  const text = new TextDecoder();
  return {
    code: out.code,
    stdout: text.decode(out.stdout),
    stderr: text.decode(out.stderr),
  };
}

function listing(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((e) => e.name).sort();
}

/** A copy of a fixture dump with a checkpoint's non-image files added. */
async function checkpointDir(): Promise<string> {
  const dir = await scratchDir();
  for (const e of Deno.readDirSync(`${fixtures}/01-sleep`)) {
    if (e.isFile) {
      await Deno.copyFile(`${fixtures}/01-sleep/${e.name}`, `${dir}/${e.name}`);
    }
  }
  // What Podman and CRI-O put beside the images.
  await Deno.writeTextFile(
    `${dir}/descriptors.json`,
    '[{"type": "pipe", "path": "pipe:[123]"}]\n',
  );
  await Deno.writeTextFile(`${dir}/dump.log`, "(00.000000) dumped\n");
  await Deno.writeTextFile(`${dir}/spec.dump`, '{"ociVersion": "1.0.2"}');
  return dir;
}

Deno.test("batch: a checkpoint directory with JSON metadata round-trips byte for byte", async () => {
  const dir = await checkpointDir();
  const tmp = await scratchDir();
  const dec = await crit(["decode", "-i", dir, "-o", `${tmp}/json`]);
  assert.equal(dec.code, 0, dec.stderr);
  assert.match(dec.stderr, /copied \d+ files unchanged \(not images\)/);
  const enc = await crit(["encode", "-i", `${tmp}/json`, "-o", `${tmp}/img`]);
  assert.equal(enc.code, 0, enc.stderr);
  assert.deepEqual(listing(`${tmp}/img`), listing(dir));
  for (const name of listing(dir)) {
    assert.deepEqual(
      await Deno.readFile(`${tmp}/img/${name}`),
      await Deno.readFile(`${dir}/${name}`),
      name,
    );
  }
});

Deno.test("batch: a failure leaves no output directory and no temporary one", async () => {
  const dir = await checkpointDir();
  // A truncated image: its header says CORE, its entry is cut short.
  const core = await Deno.readFile(`${dir}/core-25537.img`);
  await Deno.writeFile(`${dir}/core-25537.img`, core.subarray(0, 40));
  const tmp = await scratchDir();
  const r = await crit(["decode", "-i", dir, "-o", `${tmp}/out`]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^crit: error: core-25537\.img: .*truncated/m);
  assert.deepEqual(listing(tmp), []);
});

Deno.test("batch: --keep-going converts the rest, lists each failure, exits 1", async () => {
  const dir = await checkpointDir();
  const core = await Deno.readFile(`${dir}/core-25537.img`);
  await Deno.writeFile(`${dir}/core-25537.img`, core.subarray(0, 40));
  const tmp = await scratchDir();
  const r = await crit([
    "decode",
    "--keep-going",
    "-i",
    dir,
    "-o",
    `${tmp}/out`,
  ]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /crit: failed core-25537\.img: .*truncated/);
  assert.match(r.stderr, /failed 1\n$/);
  const out = listing(`${tmp}/out`);
  assert.ok(out.includes("pstree.img.json"));
  assert.ok(!out.some((n) => n.startsWith("core-25537")));
  assert.deepEqual(listing(tmp), ["out"]);
});

Deno.test("batch: a file name that is not UTF-8 is skipped with a note", async () => {
  const dir = await checkpointDir();
  const made = await new Deno.Command("bash", {
    args: ["-c", `cp "$1/pstree.img" "$1/caf"$'\\xe9'".img"`, "-", dir],
  }).output();
  assert.equal(made.code, 0);
  const tmp = await scratchDir();
  const r = await crit(["decode", "-i", dir, "-o", `${tmp}/out`]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /skipped caf\ufffd\.img: its name is not UTF-8/);
  assert.ok(listing(`${tmp}/out`).includes("pstree.img.json"));
});

Deno.test("batch: an output directory that is not empty is refused", async () => {
  const tmp = await scratchDir();
  await Deno.writeTextFile(`${tmp}/keep.txt`, "mine");
  const r = await crit(["decode", "-i", `${fixtures}/01-sleep`, "-o", tmp]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /is not empty/);
  assert.deepEqual(listing(tmp), ["keep.txt"]);
});

/** A ghost-file image of `size` bytes of contents: slow enough to interrupt. */
function bigGhost(size: number): Uint8Array {
  const head = encodeSync({
    magic: "GHOST_FILE",
    entries: [{ uid: 0, gid: 0, mode: 0o100644, extra: "" }],
  });
  const out = new Uint8Array(head.length + size);
  out.set(head);
  out.fill(0x61, head.length);
  return out;
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  Deno.test(`${signal} during decode -o removes the temporary file`, async () => {
    const tmp = await scratchDir();
    try {
      await interrupted(tmp, signal);
    } finally {
      // 400 MiB each: left behind, a few test runs fill a disk.
      await Deno.remove(tmp, { recursive: true });
    }
  });
}

/** Interrupts `crit decode -o` of a large image in `tmp` with `signal`. */
async function interrupted(
  tmp: string,
  signal: "SIGINT" | "SIGTERM" | "SIGHUP",
): Promise<void> {
  await Deno.writeFile(`${tmp}/ghost-file-1.img`, bigGhost(400 << 20));
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-check",
      "-R",
      "-W",
      cli,
      "decode",
      "-i",
      `${tmp}/ghost-file-1.img`,
      "-o",
      `${tmp}/out.json`,
    ],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  // Wait until the temporary output exists and grows, then interrupt.
  let seen = false;
  for (let i = 0; i < 200 && !seen; i++) {
    await new Promise((r) => setTimeout(r, 25));
    seen = listing(tmp).some((n) => n.startsWith(".crit-"));
  }
  assert.ok(seen, "the temporary file appeared");
  child.kill(signal);
  const status = await child.status;
  assert.equal(
    status.code,
    { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 }[signal],
  );
  assert.deepEqual(listing(tmp), ["ghost-file-1.img"]);
}

/**
 * Runs `command` under a pseudo-terminal (util-linux `script`), so its
 * stdout and stderr are one terminal. script's own stdin stays open: at its
 * end script would stop before the command has run.
 */
async function onTerminal(command: string): Promise<string> {
  const child = new Deno.Command("script", {
    args: ["-qec", command, "/dev/null"],
    stdin: "piped",
    stdout: "piped",
    // Not inherited: without a terminal of its own (CI), script wrote
    // nothing when its stderr was the test runner's.
    stderr: "piped",
  }).spawn();
  const [text] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  await child.stdin.close();
  await child.status;
  return text;
}

Deno.test("the progress bar is drawn on the terminal only when stdout is not that terminal", async () => {
  const tmp = await scratchDir();
  // Many small entries, decoded to pretty text: 2.4 million of them take
  // well over the 0.1 s before a bar is first drawn, on any machine (600k
  // took under 0.1 s once WebAssembly wrote pretty text). To the terminal,
  // 600k are enough: the terminal takes their 75 MB slowly.
  const entries: Record<string, number>[] = [{ pages_id: 1 }];
  for (let i = 0; i < 600_000; i++) {
    entries.push({
      vaddr: 0x10000 + i * 0x1000,
      compat_nr_pages: 0,
      flags: 4,
      nr_pages: 1,
    });
  }
  const image = encodeSync({ magic: "PAGEMAP", entries });
  const head = encodeSync({ magic: "PAGEMAP", entries: [entries[0]] }).length;
  const rest = image.subarray(head);
  await Deno.writeFile(`${tmp}/pagemap-1.img`, image);
  await Deno.writeFile(
    `${tmp}/pagemap-2.img`,
    concatBytes([image, rest, rest, rest]),
  );
  const run =
    `${Deno.execPath()} run --no-check -R -W ${cli} decode --pretty -i ${tmp}`;
  const bar = /decode \[[#.]+\]/;
  const toFile = await onTerminal(`${run}/pagemap-2.img -o /dev/null`);
  assert.match(toFile, bar, `-o FILE: ${JSON.stringify(toFile.slice(0, 200))}`);
  const toPipe = await onTerminal(`${run}/pagemap-2.img | tail -c 1`);
  assert.match(toPipe, bar, `a pipe: ${JSON.stringify(toPipe.slice(0, 200))}`);
  const direct = await onTerminal(`${run}/pagemap-1.img`);
  assert.ok(direct.length > 20 << 20, "the JSON went to the terminal");
  assert.doesNotMatch(direct, bar, "stdout the terminal");
});

Deno.test("-o writes through a hard link instead of replacing it", async () => {
  const tmp = await scratchDir();
  await Deno.writeTextFile(`${tmp}/a.json`, "old");
  await Deno.link(`${tmp}/a.json`, `${tmp}/b.json`);
  const r = await crit([
    "decode",
    "-i",
    `${fixtures}/01-sleep/pstree.img`,
    "-o",
    `${tmp}/b.json`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const want = await Deno.readTextFile(
    `${fixtures}/01-sleep/ref/pstree.img.raw.json`,
  );
  assert.equal(await Deno.readTextFile(`${tmp}/a.json`), want);
  assert.equal(Deno.statSync(`${tmp}/b.json`).nlink, 2);
});

Deno.test("-o to a writable file in a directory the user cannot write succeeds", async () => {
  // Run as nobody: root may write into any directory.
  const tmp = await scratchDir();
  await Deno.chmod(tmp, 0o755);
  await Deno.mkdir(`${tmp}/ro`);
  await Deno.writeTextFile(`${tmp}/ro/out.json`, "old");
  await Deno.chmod(`${tmp}/ro/out.json`, 0o666);
  await Deno.chmod(`${tmp}/ro`, 0o555);
  await Deno.mkdir(`${tmp}/deno`, { mode: 0o777 });
  await Deno.chmod(`${tmp}/deno`, 0o777);
  // nobody may not be able to read the checkout (CI clones into a 0700
  // directory): the CLI as one bundled file and the input go beside the output.
  const bundled = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "-o", `${tmp}/crit.js`, cli],
    stdout: "null",
    stderr: "piped",
  }).output();
  assert.equal(bundled.code, 0, new TextDecoder().decode(bundled.stderr));
  await Deno.copyFile(`${fixtures}/01-sleep/pstree.img`, `${tmp}/pstree.img`);
  for (const f of ["crit.js", "pstree.img"]) {
    await Deno.chmod(`${tmp}/${f}`, 0o644);
  }
  const out = await new Deno.Command("setpriv", {
    args: [
      "--reuid=65534",
      "--regid=65534",
      "--clear-groups",
      Deno.execPath(),
      "run",
      "--no-lock",
      "--no-check",
      "-R",
      "-W",
      `${tmp}/crit.js`,
      "decode",
      "-i",
      `${tmp}/pstree.img`,
      "-o",
      `${tmp}/ro/out.json`,
    ],
    cwd: tmp,
    env: { DENO_DIR: `${tmp}/deno` },
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const want = await Deno.readTextFile(
    `${fixtures}/01-sleep/ref/pstree.img.raw.json`,
  );
  assert.equal(await Deno.readTextFile(`${tmp}/ro/out.json`), want);
});

/** A PIPES_DATA image with one pipe holding `size` bytes. */
function bigPipe(size: number): Uint8Array {
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) data[i] = (i * 7 + (i >> 9)) & 0xff;
  let text = "";
  for (let i = 0; i < size; i += 0x8000) {
    text += String.fromCharCode(...data.subarray(i, i + 0x8000));
  }
  return encodeSync({
    magic: "PIPES_DATA",
    entries: [
      { pipe_id: 7, bytes: size, extra: btoa(text) },
      { pipe_id: 8, bytes: 3, extra: btoa("abc") },
    ],
  });
}

Deno.test("encode takes JSON with sorted keys (jq -S), large payloads included, from a file and from stdin", async () => {
  const tmp = await scratchDir();
  const image = bigPipe(3 << 20);
  await Deno.writeFile(`${tmp}/pipes-data.img`, image);
  const dec = await crit([
    "decode",
    "-i",
    `${tmp}/pipes-data.img`,
    "-o",
    `${tmp}/p.json`,
  ]);
  assert.equal(dec.code, 0, dec.stderr);
  // Python's json.dump(sort_keys=True) order and layout, as jq -S would sort.
  const sorted = await new Deno.Command("python3", {
    args: [
      "-c",
      "import json,sys; d=json.load(open(sys.argv[1])); json.dump(d, open(sys.argv[2], 'w'), sort_keys=True)",
      `${tmp}/p.json`,
      `${tmp}/sorted.json`,
    ],
  }).output();
  assert.equal(sorted.code, 0, new TextDecoder().decode(sorted.stderr));
  const text = await Deno.readTextFile(`${tmp}/sorted.json`);
  assert.ok(text.startsWith('{"entries": [{"bytes": '), text.slice(0, 40));
  const fromFile = await crit([
    "encode",
    "-i",
    `${tmp}/sorted.json`,
    "-o",
    `${tmp}/a.img`,
  ]);
  assert.equal(fromFile.code, 0, fromFile.stderr);
  assert.deepEqual(await Deno.readFile(`${tmp}/a.img`), image);
  const fromStdin = await new Deno.Command("bash", {
    args: [
      "-c",
      `"$1" run --no-check -R -W "$2" encode -o "$3/b.img" < "$3/sorted.json"`,
      "-",
      Deno.execPath(),
      cli,
      tmp,
    ],
  }).output();
  assert.equal(fromStdin.code, 0, new TextDecoder().decode(fromStdin.stderr));
  assert.deepEqual(await Deno.readFile(`${tmp}/b.img`), image);
  assert.deepEqual(listing(tmp).filter((n) => n.startsWith(".crit")), []);
});

Deno.test("a key after a large extra that cannot be taken is named, with why", async () => {
  const tmp = await scratchDir();
  await Deno.writeFile(`${tmp}/p.img`, bigPipe(2 << 20));
  await crit(["decode", "-i", `${tmp}/p.img`, "-o", `${tmp}/p.json`]);
  // An optional key after extra: the message is out before it is seen.
  const text = (await Deno.readTextFile(`${tmp}/p.json`)).replace(
    /"\}, \{"pipe_id": 8/,
    '", "nonexistent_key": 1}, {"pipe_id": 8',
  );
  await Deno.writeTextFile(`${tmp}/q.json`, text);
  const r = await crit(["encode", "-i", `${tmp}/q.json`, "-o", `${tmp}/q.img`]);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /entries\[0\]\.nonexistent_key: comes after "extra", which ends an entry whose payload is streamed/,
  );
});

Deno.test("sorted keys stay bounded: a 64 MiB pipe encodes without holding its text", async () => {
  const tmp = await scratchDir();
  const size = 64 << 20;
  const image = bigPipe(size);
  // jq -S's order: entries before magic, and in the entry bytes, extra, pipe_id.
  const base64 = new TextEncoder().encode(
    JSON.stringify(
      (await import("../../mod.ts")).decodeSync(image).entries[0].extra,
    ),
  );
  const file = await Deno.open(`${tmp}/sorted.json`, {
    write: true,
    createNew: true,
  });
  const put = (s: string | Uint8Array) =>
    file.write(typeof s === "string" ? new TextEncoder().encode(s) : s);
  await put(`{"entries": [{"bytes": ${size}, "extra": `);
  for (let at = 0; at < base64.length; at += 1 << 20) {
    await put(base64.subarray(at, at + (1 << 20)));
  }
  await put(
    `, "pipe_id": 7}, {"bytes": 3, "extra": "YWJj", "pipe_id": 8}], "magic": "PIPES_DATA"}`,
  );
  file.close();
  // The CLI in a process that then prints its own peak memory.
  const script = `import { main } from ${JSON.stringify(cli)};
const code = await main(JSON.parse(Deno.args[0]));
const status = Deno.readTextFileSync("/proc/self/status");
console.error("peak", /VmHWM:\\s+(\\d+)/.exec(status)[1]);
Deno.exit(code);`;
  const r = await new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      script,
      JSON.stringify([
        "encode",
        "-i",
        `${tmp}/sorted.json`,
        "-o",
        `${tmp}/o.img`,
      ]),
    ],
  }).output();
  const stderr = new TextDecoder().decode(r.stderr);
  assert.equal(r.code, 0, stderr);
  const peakKiB = Number(/^peak (\d+)\n$/.exec(stderr)?.[1]);
  // The payload is held as bytes (64 MiB); the text as one document took 530 MiB.
  assert.ok(peakKiB > 0 && peakKiB < 200 * 1024, stderr);
  assert.deepEqual(await Deno.readFile(`${tmp}/o.img`), image);
});

Deno.test("the wrong kind of input is named for what it is", async () => {
  const tmp = await scratchDir();
  const F = `${fixtures}/01-sleep`;
  const cases: [string[], RegExp][] = [
    [
      ["encode", "-i", `${F}/pstree.img`, "-o", `${tmp}/x.img`],
      /pstree\.img is a binary CRIU image \(PSTREE\), not JSON: decode turns it into JSON/,
    ],
    [
      ["decode", "-i", `${F}/ref/pstree.img.json`],
      /pstree\.img\.json is JSON, not an image: encode turns crit's JSON into an image/,
    ],
    [["info", F], /01-sleep is a directory: info takes one image/],
  ];
  const nopl = await crit([
    "decode",
    "--nopl",
    "-i",
    `${fixtures}/03a-pipes-fifo/pipes-data.img`,
    "-o",
    `${tmp}/n.json`,
  ]);
  assert.equal(nopl.code, 0, nopl.stderr);
  cases.push([
    ["encode", "-i", `${tmp}/n.json`, "-o", `${tmp}/n.img`],
    /entries\[0\]\.extra: the payload is not in this JSON \(\.\.\. <[\d.]+K?B>: decode --nopl left it out\)/,
  ]);
  const tar = await new Deno.Command("tar", {
    args: ["cf", `${tmp}/c.tar`, "-C", F, "pstree.img"],
  }).output();
  assert.equal(tar.code, 0);
  cases.push([
    ["show", `${tmp}/c.tar`],
    /c\.tar is a tar archive, not an image/,
  ]);
  for (const [args, message] of cases) {
    const r = await crit(args);
    assert.equal(r.code, 1, args.join(" "));
    assert.match(r.stderr, new RegExp(`^crit: error: .*${message.source}`));
    assert.equal(r.stderr.split("\n").length, 2, r.stderr);
  }
  const archive = await crit(["decode", "-i", `${tmp}/c.tar`]);
  assert.equal(archive.code, 2);
  assert.match(archive.stderr, /decoding an archive needs -o OUTDIR\n$/);
  const empty = await crit(["decode", "-i", `${F}/pstree.img`, "-o", ""]);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /crit: error: -o needs a path\n$/);
  assert.deepEqual(listing(tmp).filter((n) => n.startsWith(".crit")), []);
});
