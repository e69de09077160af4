/**
 * `crit core` over every dump in tests/fixtures: each live task becomes a
 * core that readelf and eu-readelf accept, zombies and dead tasks are
 * skipped with a note; 14a-memory-truth's cores hold the bytes /proc/PID/mem
 * had (truth/truth.json) and its auxv and command line; memfd, SysV shm and
 * non-UTF-8 file names come out as the kernel names them in NT_FILE.
 */
import assert from "node:assert/strict";
import { sha256Hex } from "../_helpers/hex.ts";
import {
  assertElfToolsAccept,
  crit,
  fixtures,
  gdb,
  run,
  tempDir,
} from "./_tools.ts";

const dumps = [...Deno.readDirSync(fixtures)]
  .filter((e) => {
    try {
      return Deno.statSync(`${fixtures}/${e.name}/pstree.img`).isFile;
    } catch {
      return false;
    }
  })
  .map((e) => e.name)
  .sort();

/** Task states from crit 4.2's JSON of each core image (ref/). */
function deadTasks(name: string): number[] {
  const tree = JSON.parse(
    Deno.readTextFileSync(`${fixtures}/${name}/ref/pstree.img.raw.json`),
  ).entries as { pid: number }[];
  return tree.map((t) => t.pid).filter((pid) => {
    const core = JSON.parse(
      Deno.readTextFileSync(`${fixtures}/${name}/ref/core-${pid}.img.raw.json`),
    ).entries[0];
    // CRIU's TASK_DEAD = 2, a zombie = 6.
    return core.tc.task_state === 2 || core.tc.task_state === 6;
  });
}

Deno.test("crit core: every fixture dump converts and readelf, eu-readelf accept the cores", async () => {
  assert.ok(dumps.length >= 15, dumps.join(" "));
  for (const name of dumps) {
    const [dir, clean] = tempDir();
    try {
      const r = await crit(["core", `${fixtures}/${name}`, "-o", dir]);
      assert.equal(r.code, 0, `${name}: ${r.stderr}`);
      const dead = deadTasks(name);
      const skipped = [...r.stdout.matchAll(/^skipped (\d+): /gm)].map((m) =>
        Number(m[1])
      );
      assert.deepEqual(skipped.sort(), [...dead].sort(), name);
      const written = [...r.stdout.matchAll(/\/core\.(\d+): x86_64, /g)];
      const files = [...Deno.readDirSync(dir)].map((e) => e.name);
      assert.equal(written.length, files.length, name);
      assert.ok(files.length > 0, name);
      for (const f of files) await assertElfToolsAccept(`${dir}/${f}`);
    } finally {
      clean();
    }
  }
});

Deno.test("crit core: a stopped task's PRPSINFO says T, with its stop signal", async () => {
  const [dir, clean] = tempDir();
  try {
    const fix = `${fixtures}/13d-zombie-stopped-dead`;
    // crit 4.2: core-30319.img has task_state 3 (stopped), stop_signo 19.
    const core = JSON.parse(
      Deno.readTextFileSync(`${fix}/ref/core-30319.img.raw.json`),
    ).entries[0];
    assert.equal(core.tc.task_state, 3);
    const r = await crit(["core", fix, "--pid", "30319", "-o", dir]);
    assert.equal(r.code, 0, r.stderr);
    const notes = await run("eu-readelf", ["-n", `${dir}/core.30319`]);
    assert.match(notes.stdout, /state: 3, sname: T, zomb: 0/);
    assert.match(
      notes.stdout,
      new RegExp(`si_signo: ${core.tc.stop_signo}, si_errno: 0`),
    );
    assert.match(
      notes.stdout,
      /pid: 30319, ppid: 30315, pgrp: 30315, sid: 30315/,
    );
  } finally {
    clean();
  }
});

Deno.test("crit core: asking for a zombie is an error that says so", async () => {
  const [dir, clean] = tempDir();
  try {
    const r = await crit([
      "core",
      `${fixtures}/13d-zombie-stopped-dead`,
      "--pid",
      "30320",
      "-o",
      dir,
    ]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /task 30320 is a zombie \(exited with code 42\): a dump holds no memory or registers of it/,
    );
    const bad = await crit(["core", `${fixtures}/01-sleep`, "--pid", "x"]);
    assert.equal(bad.code, 2);
    const thread = await crit([
      "core",
      `${fixtures}/15a-coredump-static`,
      "--pid",
      "7846",
    ]);
    assert.equal(thread.code, 1);
    assert.equal(
      thread.stderr,
      "crit: error: 7846 is a thread of task 7844: core.7844 holds it\n",
    );
  } finally {
    clean();
  }
});

interface Vma {
  start: string;
  end: string;
  path: string;
  sha256: string | null;
}

Deno.test("crit core 14a: segments hold what /proc/PID/mem read, notes the auxv and argv", async () => {
  const fix = `${fixtures}/14a-memory-truth`;
  const truth = JSON.parse(Deno.readTextFileSync(`${fix}/truth/truth.json`));
  const [dir, clean] = tempDir();
  try {
    const r = await crit([
      "core",
      fix,
      "-o",
      dir,
      "--files",
      `${fix}/truth/files`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const core = `${dir}/core.10726`;
    const phdrs = await run("readelf", ["-lW", core]);
    const loads = [...phdrs.stdout.matchAll(
      /^\s*LOAD\s+0x([0-9a-f]+) 0x([0-9a-f]+) 0x[0-9a-f]+ 0x([0-9a-f]+) 0x([0-9a-f]+)/gm,
    )].map((m) => ({
      offset: parseInt(m[1], 16),
      vaddr: BigInt(`0x${m[2]}`),
      filesz: parseInt(m[3], 16),
      memsz: parseInt(m[4], 16),
    }));
    const bytes = Deno.readFileSync(core);
    const given = [...Deno.readDirSync(`${fix}/truth/files`)].map((e) =>
      e.name
    );
    let checked = 0;
    for (const v of truth.vmas as Vma[]) {
      if (v.sha256 === null) continue;
      const start = BigInt(v.start);
      const size = Number(BigInt(v.end) - start);
      const seg = loads.find((l) => l.vaddr === start && l.memsz === size);
      const fileBacked = v.path.startsWith("/") &&
        !v.path.includes("(deleted)");
      if (fileBacked && !given.some((g) => v.path.endsWith(`/${g}`))) {
        continue; // the file is not given: its pages are left out
      }
      assert.ok(seg, `a segment for ${v.start} ${v.path}`);
      assert.equal(seg.filesz, size, `${v.start} ${v.path}`);
      assert.equal(
        await sha256Hex(bytes.subarray(seg.offset, seg.offset + size)),
        v.sha256,
        `${v.start} ${v.path}`,
      );
      checked++;
    }
    // [heap], [stack], [vdso], 5 anonymous, the memfd, the shared
    // anonymous memory and the private mapping of the .dat file.
    assert.equal(checked, 11);

    const auxv = Uint8Array.from(atob(truth.auxv_b64), (c) => c.charCodeAt(0));
    const view = new DataView(auxv.buffer);
    const want: [number, bigint][] = [];
    for (let i = 0; i + 16 <= auxv.length; i += 16) {
      want.push([
        Number(view.getBigUint64(i, true)),
        view.getBigUint64(i + 8, true),
      ]);
      if (want.at(-1)![0] === 0) break;
    }
    const shown = await gdb(undefined, core, ["info auxv"]);
    const got = [...shown.matchAll(
      /^(\d+)\s+.*?(0x[0-9a-f]+|\d+)(?: "[^"]*")?$/gm,
    )].map((m) => [Number(m[1]), BigInt(m[2])]);
    assert.deepEqual(got, want);

    const notes = await run("eu-readelf", ["-n", core]);
    assert.match(
      notes.stdout,
      new RegExp(
        `pid: ${truth.pid}, ppid: 0, pgrp: ${truth.pid}, sid: ${truth.pid}\\n\\s+fname: ${truth.comm}\\n\\s+psargs: ${
          (truth.cmdline as string[]).join(" ")
        } \\n`,
      ),
    );
    assert.match(notes.stdout, /si_signo: 19, si_errno: 0, si_code: 128/);
    assert.match(
      notes.stdout,
      /7fdf74e53000-7fdf74e85000 00000000 204800\s+\/memfd:memtruth-s1 \(deleted\)/,
    );
    assert.match(
      notes.stdout,
      /7fdf74e85000-7fdf74f05000 00000000 524288\s+\/dev\/zero \(deleted\)/,
    );
  } finally {
    clean();
  }
});

Deno.test("crit core: SysV shm and non-UTF-8 file names in NT_FILE", async () => {
  const [dir, clean] = tempDir();
  try {
    let r = await crit([
      "core",
      `${fixtures}/06-namespaces-sysvipc`,
      "-o",
      dir,
    ]);
    assert.equal(r.code, 0, r.stderr);
    // The attached segment has key 0x1000 (ipcns-shm-11.img).
    const sysv = await run("eu-readelf", ["-n", `${dir}/core.1`]);
    assert.match(sysv.stdout, /00000000 16384\s+\/SYSV00001000 \(deleted\)/);
    r = await crit(["core", `${fixtures}/13a-nonutf8-names`, "-o", dir]);
    assert.equal(r.code, 0, r.stderr);
    const core = [...Deno.readDirSync(dir)].find((e) =>
      e.name !== "core.1"
    )!.name;
    const names = await run("eu-readelf", ["-n", `${dir}/${core}`]);
    const needle = new Uint8Array([
      ...new TextEncoder().encode("/map-"),
      0xe9,
      0xe8,
      ...new TextEncoder().encode(".bin\n"),
    ]);
    const text = names.bytes;
    const found = text.findIndex((_, i) =>
      needle.every((b, k) => text[i + k] === b)
    );
    assert.ok(found >= 0, "map-\\xe9\\xe8.bin as its own bytes");
  } finally {
    clean();
  }
});

Deno.test("crit core: a pages file shorter than its pagemap is an error and leaves no core", async () => {
  const fix = `${fixtures}/15a-coredump-static`;
  const [dir, clean] = tempDir();
  try {
    for (const e of Deno.readDirSync(fix)) {
      if (e.isFile && e.name.endsWith(".img")) {
        Deno.copyFileSync(`${fix}/${e.name}`, `${dir}/${e.name}`);
      }
    }
    Deno.truncateSync(`${dir}/pages-1.img`, 100000);
    const r = await crit(["core", dir, "-o", `${dir}/out`]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /^crit: error: .*pages-1\.img is shorter than the 864256 bytes/,
    );
    assert.deepEqual([...Deno.readDirSync(`${dir}/out`)], []);
  } finally {
    clean();
  }
});
