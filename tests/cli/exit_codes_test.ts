/**
 * The CLI's exit status, as documented in README.md: 0 ok, 1 bad input
 * (bad image, bad JSON, missing file) or failure, 2 usage. Runs the real CLI
 * the way users do, `deno run -R -W cli.ts ...`.
 */
import assert from "node:assert/strict";
import { type CliRun, runCli } from "../_helpers/run_cli.ts";
import { scratchDir } from "../_helpers/scratch.ts";

const root = new URL("../..", import.meta.url).pathname;
const sleep = `${root}tests/fixtures/01-sleep`;

const crit = (args: string[], stdin?: Uint8Array) => runCli(args, { stdin });

const tmp = await scratchDir({ prefix: "crit-exit-" });
const pstree = await Deno.readFile(`${sleep}/pstree.img`);
const pstreeJson = await Deno.readTextFile(`${sleep}/ref/pstree.img.raw.json`);
const files = {
  truncated: `${tmp}/truncated.img`,
  random: `${tmp}/random.img`,
  empty: `${tmp}/empty.img`,
  huge: `${tmp}/huge.img`,
  syntax: `${tmp}/syntax.json`,
  shape: `${tmp}/shape.json`,
  deep: `${tmp}/deep.json`,
  binary: `${tmp}/binary.json`,
  out: `${tmp}/out.img`,
};
await Deno.writeFile(files.truncated, pstree.subarray(0, pstree.length - 3));
await Deno.writeFile(
  files.random,
  Uint8Array.from({ length: 64 }, (_, i) => (i * 97 + 13) & 0xff),
);
await Deno.writeFile(files.empty, new Uint8Array());
// The header of pstree.img, then an entry size of 4 GiB - 1: over the limit.
await Deno.writeFile(
  files.huge,
  Uint8Array.from([...pstree.subarray(0, 8), 0xff, 0xff, 0xff, 0xff]),
);
await Deno.writeTextFile(files.syntax, pstreeJson.slice(0, -2));
await Deno.writeTextFile(
  files.shape,
  pstreeJson.replace('"ppid": 0', '"ppid": -1'),
);
await Deno.writeTextFile(
  files.deep,
  `{"magic": "PSTREE", "entries": ${"[".repeat(10000)}${"]".repeat(10000)}}`,
);
await Deno.writeFile(files.binary, pstree);

/**
 * One line on stderr naming the problem. (decode streams to stdout, so what
 * it wrote before the problem showed stays written.)
 */
function assertOneErrorLine(r: CliRun): void {
  assert.match(r.stderr, /^crit: error: [^\n]+\n$/);
}

Deno.test("exit 0: decode, show, info, encode, x, --help and --version succeed", async () => {
  const runs: [string[], Uint8Array?][] = [
    [["decode", "-i", `${sleep}/pstree.img`]],
    [["decode", "--pretty", "--nopl"], pstree],
    [["show", `${sleep}/mm-25537.img`]],
    [["info", `${sleep}/pagemap-25537.img`]],
    [["encode", "-i", `${sleep}/ref/pstree.img.json`, "-o", files.out]],
    [["x", sleep, "ps"]],
    [["--help"]],
    [["--version"]],
    [["decode", "--help"]],
  ];
  for (const [args, stdin] of runs) {
    const r = await crit(args, stdin);
    assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.stderr, "", args.join(" "));
  }
  assert.deepEqual(await Deno.readFile(files.out), pstree);
});

Deno.test("exit 1: a bad image (truncated, no magic, empty, over a limit) is reported in one line by every reading command", async () => {
  for (const file of [files.truncated, files.random, files.empty, files.huge]) {
    for (
      const args of [["decode", "-i", file], ["show", file], ["info", file]]
    ) {
      const r = await crit(args);
      assert.equal(r.code, 1, `${args.join(" ")}: ${r.stderr}`);
      assertOneErrorLine(r);
    }
  }
  const piped = await crit(["decode"], pstree.subarray(0, 20));
  assert.equal(piped.code, 1);
  assertOneErrorLine(piped);
});

Deno.test("exit 1: bad JSON (syntax, schema, nesting, not text) makes encode fail in one line and write nothing", async () => {
  for (const file of [files.syntax, files.shape, files.deep, files.binary]) {
    const out = `${tmp}/never.img`;
    const r = await crit(["encode", "-i", file, "-o", out]);
    assert.equal(r.code, 1, `${file}: ${r.stderr}`);
    assertOneErrorLine(r);
    await assert.rejects(Deno.stat(out), Deno.errors.NotFound);
  }
});

Deno.test("exit 1: a missing input file or directory", async () => {
  const missing = `${tmp}/missing`;
  for (
    const args of [
      ["decode", "-i", missing],
      ["show", missing],
      ["info", missing],
      ["encode", "-i", missing, "-o", files.out],
      ["x", missing, "ps"],
    ]
  ) {
    const r = await crit(args);
    assert.equal(r.code, 1, `${args.join(" ")}: ${r.stderr}`);
    assertOneErrorLine(r);
  }
});

Deno.test("exit 1: an output that cannot be written", async () => {
  const r = await crit([
    "decode",
    "-i",
    `${sleep}/pstree.img`,
    "-o",
    `${tmp}/no/such/dir/out.json`,
  ]);
  assert.equal(r.code, 1, r.stderr);
  assertOneErrorLine(r);
  // The path the user gave, not the temporary file's.
  assert.match(r.stderr, /no such file or directory: open '.*\/out\.json'/);
});

Deno.test("exit 1: -o naming a directory says so and leaves no temporary file", async () => {
  const parent = await scratchDir({ dir: tmp });
  await Deno.mkdir(`${parent}/taken`);
  for (
    const args of [
      ["decode", "-i", `${sleep}/pstree.img`, "-o", `${parent}/taken`],
      [
        "encode",
        "-i",
        `${sleep}/ref/pstree.img.raw.json`,
        "-o",
        `${parent}/taken`,
      ],
    ]
  ) {
    const r = await crit(args);
    assert.equal(r.code, 1, r.stderr);
    assertOneErrorLine(r);
    assert.match(r.stderr, /Is a directory/);
    const left = await Array.fromAsync(Deno.readDir(parent));
    assert.deepEqual(left.map((e) => e.name), ["taken"]);
  }
});

Deno.test("exit 2: usage errors print the usage line and the problem", async () => {
  const runs = [
    [],
    ["frobnicate"],
    ["decode", "--bogus"],
    ["decode", "-i"],
    ["info"],
    ["info", "a", "b"],
    ["show"],
    ["x", sleep],
    ["x", sleep, "nope"],
    ["decode", "-i", `${sleep}/pstree.img`, "-o", `${sleep}/pstree.img`],
    ["decode", "-i", sleep],
  ];
  for (const args of runs) {
    const r = await crit(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.text, "");
    assert.match(r.stderr, /^usage: crit .*\ncrit: error: [^\n]+\n$/);
  }
});
