/**
 * `crit diff` as a user runs it: the real CLI in a child process, its
 * output and its exit status (0 same, 1 different, 2 trouble).
 */
import assert from "node:assert/strict";
import { scratchDir } from "../_helpers/scratch.ts";
import { runCli } from "../_helpers/run_cli.ts";

const root = new URL("../../", import.meta.url).pathname;
const fixtures = `${root}tests/fixtures`;
const pair = `${fixtures}/16a-diff-pair`;

async function crit(...args: string[]) {
  const r = await runCli(["diff", ...args], { permissions: ["-A"] });
  return { code: r.code, stdout: r.text, stderr: r.stderr };
}

Deno.test("crit diff A B: summary first, then the details; exit 1", async () => {
  const r = await crit(`${pair}/a`, `${pair}/b`);
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stdout.split("\n");
  assert.deepEqual(lines.slice(0, 6), [
    "processes  +1 -1 ~1",
    "threads    +0 -0",
    "files      +3 -0 ~1",
    "sockets    +1 -0 ~0",
    "mappings   +1 -1 ~0",
    "memory     4 mappings: 8 pages changed (13.7 KiB), 0 only in A, 0 only in B",
  ]);
  for (
    const line of [
      "+ 5752 dp-child2",
      "- 5694 dp-child1",
      "~ 5692 dp-parent-b",
      '    comm: "dp-parent" -> "dp-parent-b"',
      '    cwd: "/tmp/fixture" -> "/tmp/fixture-diff/sub"',
      "+ 5692 fd 5 REG /tmp/fixture-diff/new.txt",
      "~ 5692 fd 3 INETSK socket:[147184]",
      "+ 5692 fd 3 TCP LISTEN 127.0.0.1:9099 -> 0.0.0.0:0",
      "+ 5692 7fbdf4890000-7fbdf48a0000 rw-p [anon] (16 pages in the dump)",
      "- 5692 7fbdf48a0000-7fbdf48a8000 rw-p [anon] (8 pages in the dump)",
      "    1e343000-1e344000 changed",
    ]
  ) {
    assert.ok(lines.includes(line), `missing: ${line}\n${r.stdout}`);
  }
  // Not a terminal: no colours.
  assert.ok(!r.stdout.includes("\x1b["));
});

Deno.test("crit diff --format json: the issue's shape, addresses as 0x strings", async () => {
  const r = await crit(`${pair}/a`, `${pair}/b`, "--format", "json");
  assert.equal(r.code, 1, r.stderr);
  const d = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(d), [
    "processes",
    "threads",
    "files",
    "sockets",
    "mappings",
    "memory",
  ]);
  assert.deepEqual(d.processes.added, [{ pid: 5752, comm: "dp-child2" }]);
  assert.deepEqual(d.processes.changed[0].changes.comm, [
    "dp-parent",
    "dp-parent-b",
  ]);
  assert.deepEqual(Object.keys(d.threads), ["added", "removed"]);
  assert.deepEqual(d.files.added[0], {
    pid: 5692,
    fd: 5,
    type: "REG",
    path: "/tmp/fixture-diff/new.txt",
  });
  assert.deepEqual(Object.keys(d.sockets.added[0]), [
    "pid",
    "fd",
    "protocol",
    "state",
    "src",
    "src_port",
    "dst",
    "dst_port",
  ]);
  assert.equal(d.mappings.added[0].start, "0x7fbdf4890000");
  for (const m of d.memory) {
    assert.match(m.start, /^0x[0-9a-f]+$/);
    assert.match(m.end, /^0x[0-9a-f]+$/);
    for (
      const k of [
        "pid",
        "pages_changed",
        "bytes_changed",
        "pages_only_in_a",
        "pages_only_in_b",
      ]
    ) assert.equal(typeof m[k], "number", k);
  }
});

Deno.test("crit diff --no-memory: no memory section", async () => {
  const r = await crit(
    `${pair}/a`,
    `${pair}/b`,
    "--no-memory",
    "--format=json",
  );
  assert.equal(r.code, 1);
  assert.deepEqual(JSON.parse(r.stdout).memory, []);
  const text = await crit(`${pair}/a`, `${pair}/b`, "--no-memory");
  assert.equal(text.stdout.split("\n")[5], "memory     not compared");
});

Deno.test("crit diff of every fixture dump with itself: no output, exit 0", async () => {
  const dumps: string[] = [];
  for await (const e of Deno.readDir(fixtures)) {
    if (!e.isDirectory) continue;
    for (
      const d of [
        `${fixtures}/${e.name}`,
        `${fixtures}/${e.name}/a`,
        `${fixtures}/${e.name}/b`,
      ]
    ) {
      try {
        await Deno.stat(`${d}/pstree.img`);
        dumps.push(d);
      } catch {
        // Not a dump.
      }
    }
  }
  assert.ok(dumps.length >= 19, `${dumps.length} dumps`);
  for (const d of dumps.sort()) {
    const r = await crit(d, d);
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, "", ""], d);
  }
});

Deno.test("crit diff A.img B.img: differences by JSON path; the same image: exit 0", async () => {
  const r = await crit(`${pair}/a/core-5692.img`, `${pair}/b/core-5692.img`);
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stdout.split("\n");
  assert.equal(lines[0], "17 changed, 0 added, 0 removed");
  assert.ok(
    lines.includes('~ entries[0].tc.comm: "dp-parent" -> "dp-parent-b"'),
  );
  const same = await crit(`${pair}/a/mm-5692.img`, `${pair}/a/mm-5692.img`);
  assert.deepEqual([same.code, same.stdout], [0, ""]);
  const json = await crit(
    `${pair}/a/pstree.img`,
    `${pair}/b/pstree.img`,
    "--format",
    "json",
  );
  assert.equal(json.code, 1);
  assert.deepEqual(
    JSON.parse(json.stdout).map((
      c: { op: string; path: string },
    ) => [c.op, c.path]),
    [
      ["removed", "entries[1]"],
      ["added", "entries[1]"],
    ],
  );
});

Deno.test("crit diff: trouble is exit 2 with one line on stderr", async () => {
  const cases: [string[], RegExp][] = [
    [
      [`${pair}/a`, `${pair}/nothing`],
      /^crit: error: .*nothing: no such file or directory$/,
    ],
    [
      [`${pair}/a/core-5692.img`, `${pair}/a/pstree.img`],
      /^crit: error: the images are of different kinds: CORE and PSTREE$/,
    ],
    [
      [`${pair}/a/pages-1.img`, `${pair}/b/pages-1.img`],
      /^crit: error: .*raw images such as pages-\*\.img/,
    ],
    [[`${pair}/a/core-5692.img`, `${pair}/b`], /give two dumps or two images$/],
    [[`${pair}/a`, `${pair}/b`, "--format", "xml"], /invalid choice: 'xml'/],
    [[`${pair}/a`], /required: B$/],
  ];
  for (const [args, message] of cases) {
    const r = await crit(...args);
    assert.equal(r.code, 2, args.join(" "));
    assert.equal(r.stdout, "");
    const last = r.stderr.trimEnd().split("\n").at(-1)!;
    assert.match(last, message);
  }
});

Deno.test("crit diff: a dump with a broken image is exit 2", async () => {
  const dir = await scratchDir({ prefix: "crit-diff-cli-" });
  try {
    for await (const e of Deno.readDir(`${pair}/a`)) {
      if (e.isFile) {
        await Deno.copyFile(`${pair}/a/${e.name}`, `${dir}/${e.name}`);
      }
    }
    const core = await Deno.readFile(`${dir}/core-5692.img`);
    await Deno.writeFile(`${dir}/core-5692.img`, core.subarray(0, 40));
    const r = await crit(`${pair}/a`, dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^crit: error: .+\n$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
