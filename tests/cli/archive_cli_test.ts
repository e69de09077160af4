/**
 * The CLI on checkpoint archives: inspect (tree and JSON), ls over a
 * kubelet-style directory, x and mem giving on an archive what they give on
 * GNU tar's extraction of it, and one-line errors.
 */
import assert from "node:assert/strict";
import {
  counterEntries,
  counterGz,
  counterTar,
  counterZst,
  crit,
  gzip,
  replaced,
  run,
  tar,
} from "../dump/_archives.ts";
import { containerdSpec, criConfig, crioSpec } from "../dump/_engines.ts";
import { byteSize } from "../../mod.ts";
import { scratchDir } from "../_helpers/scratch.ts";

const work = await scratchDir({ prefix: "crit-archive-cli-" });
const plain = `${work}/counter.tar`;
await Deno.writeFile(plain, await counterTar());
const extracted = `${work}/extracted`;
await Deno.mkdir(extracted);
assert.equal((await run("tar", ["-xzf", counterGz, "-C", extracted])).code, 0);
const archives = [counterGz, counterZst, plain, extracted];

Deno.test("x: every explorer gives on each archive what it gives on the extracted images", async () => {
  for (const what of ["ps", "fds", "mems", "rss", "sk", "args"]) {
    const expected = await crit(["x", `${extracted}/checkpoint`, what]);
    assert.equal(expected.code, 0, expected.stderr);
    for (const a of archives) {
      const got = await crit(["x", a, what]);
      assert.equal(got.code, 0, got.stderr);
      assert.equal(got.stdout, expected.stdout, `${a} ${what}`);
    }
  }
});

Deno.test("mem: mappings, search and memparse's table on archives", async () => {
  for (
    const args of [["--pid", "7"], ["--search", "tick"], [], [
      "--pid",
      "1",
      "--addr",
      "0x5e2000",
      "--len",
      "64",
      "--hexdump",
    ]]
  ) {
    const expected = await crit(["mem", `${extracted}/checkpoint`, ...args]);
    assert.equal(expected.code, 0, expected.stderr);
    for (const a of archives) {
      const got = await crit(["mem", a, ...args]);
      assert.equal(got.stdout, expected.stdout, `${a} ${args.join(" ")}`);
    }
  }
});

Deno.test("mem table: the tasks' memory adds up to the pages files GNU tar lists", async () => {
  const table = (await crit(["mem", counterGz])).stdout.trimEnd().split("\n");
  assert.deepEqual(table[0].split(/\s{2,}/), [
    "PID",
    "PROCESS NAME",
    "MEMORY SIZE",
    "SHARED MEMORY SIZE",
  ]);
  const kib = table.slice(1).map((r) => Number(/([\d.]+) KiB/.exec(r)![1]));
  const listing = (await run("tar", ["-tvzf", counterGz])).stdout.split("\n")
    .map((l) => l.split(/\s+/)).filter((c) =>
      /pages-\d+\.img$/.test(c[5] ?? "")
    );
  const pagesBytes = listing.reduce((a, c) => a + Number(c[2]), 0);
  assert.equal(kib.reduce((a, b) => a + b, 0) * 1024, pagesBytes);
});

Deno.test("inspect --all: the tree of the real Podman export", async () => {
  const r = await crit(["inspect", counterGz, "--all"]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split("\n");
  assert.equal(
    lines[1],
    `Displaying container checkpoint tree view from ${counterGz}`,
  );
  assert.equal(lines[3], "counter");
  for (
    const line of [
      "├── Image: localhost/fixture:1",
      "├── Runtime: runc",
      "├── Engine: Podman",
      "├── Root FS diff size: 2.0 KiB",
      "│   └── Pages written: 71",
      '│   └── [1]  sh -c i=0; while :; do i=$((i+1)); echo "tick $i"; sleep 1; done | cat >> /data/ticks.log',
      "│               ├── [REG 1]  /data/ticks.log",
      "│       │   └── [12]  sleep 1",
      "└── Overview of mounts",
    ]
  ) {
    assert.ok(lines.includes(line), line);
  }
  for (const a of archives.slice(1)) {
    const other = await crit(["inspect", a, "--all"]);
    assert.equal(other.stdout.replace(a, counterGz), r.stdout, a);
  }
});

Deno.test("inspect --format json: checkpointctl's keys", async () => {
  const r = await crit(["inspect", counterZst, "--all", "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  const [node] = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(node), [
    "container_name",
    "image",
    "id",
    "runtime",
    "created",
    "engine",
    "checkpoint_size",
    "statistics",
    "metadata",
    "process_tree",
    "file_descriptors",
    "sockets",
    "mounts",
  ]);
  assert.deepEqual(Object.keys(node.checkpoint_size), [
    "total_size",
    "memory_pages_size",
    "root_fs_diff_size",
  ]);
  assert.deepEqual(Object.keys(node.process_tree), [
    "pid",
    "command",
    "cmdline",
    "task_state",
    "environment_variables",
    "children",
  ]);
  assert.equal(node.process_tree.environment_variables.HOSTNAME, "fixture");
  assert.deepEqual(node.file_descriptors[3].open_files[1], {
    type: "REG",
    fd: "REG 1",
    path: "/data/ticks.log",
  });
  assert.deepEqual(node.sockets[0], { pid: 1 });
});

Deno.test("inspect -p PID: the subtree, and a missing PID is an error", async () => {
  const r = await crit(["inspect", counterGz, "-p", "6", "--format", "json"]);
  const [node] = JSON.parse(r.stdout);
  assert.deepEqual(node.process_tree, {
    pid: 6,
    command: "sh",
    task_state: "Alive",
    children: [{ pid: 12, command: "sleep", task_state: "Alive" }],
  });
  const bad = await crit(["inspect", counterGz, "-p", "99"]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^crit: error: no process with PID 99/);
});

Deno.test("inspect: zombies and stopped tasks show their state", async () => {
  const fixture =
    new URL("../fixtures/13d-zombie-stopped-dead", import.meta.url).pathname;
  const r = await crit(["inspect", fixture, "--ps-tree"]);
  // CRIU saves a zombie as TASK_DEAD and restores it as a zombie.
  assert.match(r.stdout, /\[30321 \(Zombie\)\] {2}zombies/);
  assert.match(r.stdout, /\[30319 \(Stopped\)\] {2}zombies/);
});

Deno.test("inspect --image: one image without extracting, as crit show prints it", async () => {
  const expected = await crit(["show", `${extracted}/checkpoint/core-7.img`]);
  for (const a of archives) {
    const r = await crit(["inspect", a, "--image", "core-7.img"]);
    assert.equal(r.stdout, expected.stdout, a);
  }
});

Deno.test("ls: a kubelet checkpoints directory, bad archives on stderr", async () => {
  const dir = `${work}/kubelet`;
  await Deno.mkdir(dir);
  const entries = await counterEntries();
  const time = "2026-11-27T15:40:00Z";
  await Deno.writeFile(
    `${dir}/checkpoint-counter-pod_default-counter-${time}.tar`,
    await tar(
      replaced(entries, { "config.dump": criConfig, "spec.dump": crioSpec }),
    ),
  );
  await Deno.writeFile(
    `${dir}/checkpoint-counter-pod_kube-system-counter-${time}.tar`,
    await tar(
      replaced(entries, {
        "config.dump": criConfig,
        "spec.dump": containerdSpec,
      }),
    ),
  );
  await Deno.writeFile(`${dir}/podman.tar.gz`, await gzip(await counterTar()));
  await Deno.writeFile(
    `${dir}/broken.tar.gz`,
    (await Deno.readFile(counterGz)).subarray(0, 20000),
  );
  await Deno.writeTextFile(`${dir}/notes.txt`, "not an archive\n");
  const r = await crit(["ls", dir]);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /^crit: error: .*broken\.tar\.gz: corrupt or truncated gzip archive/,
  );
  const rows = r.stdout.trimEnd().split("\n").map((l) => l.split(/\s{3,}/));
  assert.deepEqual(rows[0], [
    "CONTAINER",
    "POD",
    "NAMESPACE",
    "ENGINE",
    "IMAGE",
    "CREATED",
    "CHECKPOINTED",
    "CHKPT SIZE",
    "ROOT FS DIFF SIZE",
    "PATH",
  ]);
  assert.equal(rows.length, 4);
  assert.deepEqual(rows[1].slice(0, 9), [
    "counter",
    "counter-pod",
    "default",
    "CRI-O",
    "docker.io/library/busybox:latest",
    "2026-11-27T15:31:05.527597450Z",
    "2026-11-27T15:40:00+01:00",
    "341.5 KiB",
    "2.0 KiB",
  ]);
  assert.deepEqual(rows[2].slice(0, 4), [
    "counter",
    "counter-pod",
    "kube-system",
    "containerd",
  ]);
  assert.deepEqual(rows[3].slice(0, 5), [
    "counter",
    "-",
    "-",
    "Podman",
    "localhost/fixture:1",
  ]);
});

Deno.test("errors: one line, exit 1", async () => {
  const cut = `${work}/cut.tar`;
  await Deno.writeFile(cut, (await counterTar()).subarray(0, 150000));
  for (
    const [args, pattern] of [
      [["x", cut, "ps"], /truncated tar: member 'checkpoint\/pages-1\.img'/],
      [["inspect", `${work}/missing.tar`], /no such file or directory/],
      [["mem", cut], /truncated tar/],
    ] as [string[], RegExp][]
  ) {
    const r = await crit(args);
    assert.equal(r.code, 1, args.join(" "));
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
  }
});

Deno.test("decode -i ARCHIVE -o OUTDIR: the images as decode of the extracted dir gives them, metadata copied", async () => {
  const fromDir = `${work}/decoded-dir`;
  const r0 = await crit([
    "decode",
    "-q",
    "-i",
    `${extracted}/checkpoint`,
    "-o",
    fromDir,
  ]);
  assert.equal(r0.code, 0, r0.stderr);
  for (const a of archives) {
    // A symlink planted in OUTDIR is never followed outside it: an OUTDIR
    // that is not empty is refused, as in batch mode.
    const planted = `${work}/planted-${a.replace(/\W/g, "_")}`;
    await Deno.mkdir(planted);
    const outside = `${work}/outside-${a.replace(/\W/g, "_")}`;
    await Deno.writeTextFile(outside, "untouched");
    await Deno.symlink(outside, `${planted}/config.dump`);
    const refused = await crit(["decode", "-q", "-i", a, "-o", planted]);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /is not empty/);
    assert.equal(await Deno.readTextFile(outside), "untouched");
    const out = `${work}/decoded-${a.replace(/\W/g, "_")}`;
    const r = await crit(["decode", "-q", "-i", a, "-o", out]);
    assert.equal(r.code, 0, r.stderr);
    const diff = await run("diff", ["-r", fromDir, out]);
    const extra = diff.stdout.trimEnd().split("\n").sort();
    assert.deepEqual(extra, [
      `Only in ${out}: config.dump`,
      `Only in ${out}: ctr.log`,
      `Only in ${out}: network.status`,
      `Only in ${out}: spec.dump`,
      `Only in ${out}: stats-dump`,
    ]);
    assert.deepEqual(
      await Deno.readFile(`${out}/spec.dump`),
      await Deno.readFile(`${extracted}/spec.dump`),
    );
    assert.ok(!(await Deno.lstat(`${out}/config.dump`)).isSymlink);
  }
});

Deno.test("mem table on a dump with shared memory: private and shared pages files", async () => {
  // 14a-memory-truth: the task's pagemap points into pages-3.img; its
  // memfd and shared anonymous mappings are in pages-1.img and pages-2.img.
  const fix = new URL("../fixtures/14a-memory-truth", import.meta.url).pathname;
  const size = (n: number) => Deno.statSync(`${fix}/pages-${n}.img`).size;
  const r = await crit(["mem", fix]);
  assert.equal(r.code, 0, r.stderr);
  const row = r.stdout.trimEnd().split("\n")[1].split(/\s{2,}/);
  assert.deepEqual(row, [
    "10726",
    "memtruth",
    byteSize(size(3)),
    byteSize(size(1) + size(2)),
  ]);
});

Deno.test("inspect of several paths: one JSON array, one tree each; a bad --format is a usage error", async () => {
  const r = await crit(["inspect", counterGz, plain, "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  const nodes = JSON.parse(r.stdout);
  assert.equal(nodes.length, 2);
  assert.deepEqual(nodes[0], nodes[1]);
  const tree = await crit(["inspect", counterGz, counterZst]);
  assert.equal(
    tree.stdout.split("Displaying container checkpoint tree view from").length,
    3,
  );
  const bad = await crit(["inspect", counterGz, "--format", "yaml"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /invalid choice: 'yaml'/);
});

Deno.test("- reads an archive from stdin, in one pass", async () => {
  const expected = await crit(["inspect", counterGz, "--all"]);
  for (const a of [counterGz, counterZst, plain]) {
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("../../cli.ts", import.meta.url).pathname,
        "inspect",
        "-",
        "--all",
      ],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    await (await Deno.open(a)).readable.pipeTo(child.stdin);
    const r = await child.output();
    assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
    assert.equal(
      new TextDecoder().decode(r.stdout),
      expected.stdout.replace(counterGz, "-"),
      a,
    );
  }
  const junk = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("../../cli.ts", import.meta.url).pathname,
      "x",
      "-",
      "ps",
    ],
    stdin: "piped",
    stderr: "piped",
  }).spawn();
  const w = junk.stdin.getWriter();
  await w.write(new TextEncoder().encode("not an archive\n"));
  await w.close();
  const r = await junk.output();
  assert.equal(r.code, 1);
  assert.equal(
    new TextDecoder().decode(r.stderr),
    "crit: error: stdin: not a tar archive (nor gzip, zstd, bzip2 or xz)\n",
  );
});
