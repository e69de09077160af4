/**
 * The module API: writeCore streams the same bytes the CLI writes (holes
 * read back as zeros), prepareCore's chunks add up to the reported size,
 * bad arguments are TypeErrors and a failure aborts the stream. A dump with
 * 70000 VMAs (more than ELF's 65535 program header limit) converts with the
 * extended numbering that readelf, eu-readelf and gdb read.
 */
import assert from "node:assert/strict";
import { coreTasks, Dump, prepareCore, writeCore } from "../../mod.ts";
import { denoDumpDir } from "../../src/dump/deno_dump_dir.ts";
import { filesReader } from "../../src/cli/mem.ts";
import {
  assertElfToolsAccept,
  crit,
  fixtures,
  gdb,
  run,
  tempDir,
} from "./_tools.ts";
import { dumpFiles, PS, textPage, vma, writeDump } from "./_synthetic.ts";

const FIX = `${fixtures}/15a-coredump-static`;

Deno.test("writeCore streams the bytes crit core writes", async () => {
  const [dir, clean] = tempDir();
  try {
    const r = await crit(["core", FIX, "-o", dir, "--files", `${FIX}/bin`]);
    assert.equal(r.code, 0, r.stderr);
    const fromCli = Deno.readFileSync(`${dir}/core.7844`);
    const parts: Uint8Array[] = [];
    const report = await writeCore(denoDumpDir(FIX), 7844, {
      readMappedFile: filesReader(`${FIX}/bin`),
      writable: new WritableStream({
        write: (c) => void parts.push(c.slice()),
      }),
    });
    const streamed = new Uint8Array(report.size);
    let at = 0;
    for (const p of parts) {
      streamed.set(p, at);
      at += p.length;
    }
    assert.equal(at, report.size);
    assert.deepEqual(streamed, fromCli);
    assert.deepEqual(report.threads, [7844, 7845, 7846]);
    assert.deepEqual(report.inSyscall, [7844, 7845, 7846]);

    const core = await prepareCore(denoDumpDir(FIX), 7844);
    let size = 0;
    for await (const c of core.chunks()) {
      size += "bytes" in c ? c.bytes.length : c.hole;
    }
    assert.equal(size, core.report.size);
  } finally {
    clean();
  }
});

Deno.test("writeCore: bad arguments and failures", async () => {
  const dir = denoDumpDir(FIX);
  await assert.rejects(
    // @ts-expect-error: no writable
    () => writeCore(dir, 7844, {}),
    TypeError,
  );
  await assert.rejects(
    () => prepareCore(dir, 7844, { chunkSize: 10 }),
    RangeError,
  );
  let aborted: unknown;
  const writable = new WritableStream({
    abort: (reason) => void (aborted = reason),
  });
  await assert.rejects(
    () => writeCore(dir, 999, { writable }),
    /task 999 is not in the dump/,
  );
  assert.match(String(aborted), /task 999/);
});

Deno.test("crit core: 70000 VMAs use ELF's extended program header numbering", async () => {
  const count = 70000;
  const base = 0x10000000;
  const vmas = Array.from(
    { length: count },
    (_, i) => vma(base + i * 2 * PS, base + i * 2 * PS + PS),
  );
  // Every 1000th VMA has a dumped page; the last one says where it is.
  const pages: [number, Uint8Array][] = [];
  for (let i = 0; i < count; i += 1000) {
    pages.push([base + i * 2 * PS, textPage(`VMA-${i}`)]);
  }
  // The image's 64-bit values stay exact for encodeSync; the reviver's
  // source argument is newer than TypeScript's signature.
  const exact = (_k: string, v: unknown, ctx?: { source?: string }) =>
    typeof v === "number" && !Number.isSafeInteger(v)
      ? BigInt(ctx!.source!)
      : v;
  const core = JSON.parse(
    Deno.readTextFileSync(`${FIX}/ref/core-7844.img.raw.json`),
    exact as (k: string, v: unknown) => unknown,
  ).entries[0];
  const dump = writeDump(dumpFiles({ pid: 7844, core, vmas, pages }));
  const [out, clean] = tempDir();
  try {
    const r = await crit(["core", dump, "-o", out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /x86_64, 1 thread, 70000 segments/);
    const file = `${out}/core.7844`;
    const header = await run("readelf", ["-hW", file]);
    assert.match(header.stdout, /Number of program headers:\s+65535 \(70001\)/);
    await assertElfToolsAccept(file, 70001);
    const text = await gdb(undefined, file, [
      `x/s ${base + 69000 * 2 * PS}`,
    ]);
    assert.match(text, /:\s+"VMA-69000"/);
  } finally {
    clean();
    Deno.removeSync(dump, { recursive: true });
  }
});

Deno.test("prepareCore: pages the dump lists but does not hold are zeros, counted missing", async () => {
  const base = 0x20000000;
  const core = JSON.parse(
    Deno.readTextFileSync(`${FIX}/ref/core-7844.img.raw.json`),
    (_k, v) => (typeof v === "number" && !Number.isSafeInteger(v) ? 0 : v),
  ).entries[0];
  const files = dumpFiles({
    pid: 7844,
    core,
    // One VMA whose only page is lazy (PE_LAZY without PE_PRESENT: in no
    // pages file), one never written at all.
    vmas: [vma(base, base + 2 * PS), vma(base + 4 * PS, base + 5 * PS)],
    pages: [],
    absent: [[base, 2]],
  });
  const dir = {
    read: (name: string) => Promise.resolve(files[name]),
  };
  const { report } = await prepareCore(dir, 7844, { registers: "criu" });
  assert.equal(report.segments, 2);
  assert.deepEqual(report.bytes, {
    dump: 0,
    file: 0,
    zero: PS,
    missing: PS,
    leftOut: PS,
  });
  assert.deepEqual(report.leftOut.map((l) => l.reason), ["unwritten"]);
});

Deno.test("prepareCore: architectures other than x86_64, aarch64 and arm are clear errors", async () => {
  const core = JSON.parse(
    Deno.readTextFileSync(`${FIX}/ref/core-7844.img.raw.json`),
    (_k, v) => (typeof v === "number" && !Number.isSafeInteger(v) ? 0 : v),
  ).entries[0];
  const files = dumpFiles({
    pid: 7844,
    core: { ...core, mtype: "PPC64" },
    vmas: [vma(0x20000000, 0x20001000)],
    pages: [],
  });
  const dir = { read: (name: string) => Promise.resolve(files[name]) };
  await assert.rejects(
    () => prepareCore(dir, 7844),
    /architecture PPC64 is not supported \(x86_64, aarch64 and arm are\)/,
  );
});

Deno.test("crit core: pages of an incremental dump come from the parent dump", async () => {
  const base = 0x30000000;
  const core = JSON.parse(
    Deno.readTextFileSync(`${FIX}/ref/core-7844.img.raw.json`),
    (_k, v) => (typeof v === "number" && !Number.isSafeInteger(v) ? 0 : v),
  ).entries[0];
  const vmas = [vma(base, base + 2 * PS)];
  // The child dump: page 0 in the parent (PE_PARENT), page 1 its own.
  const child = dumpFiles({
    pid: 7844,
    core,
    vmas,
    pages: [[base + PS, textPage("CHILD-PAGE")]],
    absent: [[base, 1]],
  });
  const parent = dumpFiles({
    pid: 7844,
    core,
    vmas,
    pages: [[base, textPage("PARENT-PAGE")]],
  });
  const dump = writeDump(child);
  Deno.mkdirSync(`${dump}/parent`);
  for (const [name, bytes] of Object.entries(parent)) {
    Deno.writeFileSync(`${dump}/parent/${name}`, bytes);
  }
  const [out, clean] = tempDir();
  try {
    const r = await crit(["core", dump, "-o", out, "--registers", "criu"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      / 8192 from the dump, 0 from files, 0 zeros, 0 missing/,
    );
    const text = await gdb(undefined, `${out}/core.7844`, [
      `x/s ${base}`,
      `x/s ${base + PS}`,
    ]);
    assert.match(text, /:\s+"PARENT-PAGE"\n.*:\s+"CHILD-PAGE"/);
  } finally {
    clean();
    Deno.removeSync(dump, { recursive: true });
  }
});

Deno.test("crit core x86_64: PKRU in NT_X86_XSTATE (gdb reads it), an enabled shadow stack in NT_X86_SHSTK", async () => {
  const core = JSON.parse(
    Deno.readTextFileSync(`${FIX}/ref/core-7844.img.raw.json`),
    (_k, v) => (typeof v === "number" && !Number.isSafeInteger(v) ? 0 : v),
  ).entries[0];
  const xsave = core.thread_info.fpregs.xsave;
  xsave.xstate_bv |= 0x200;
  xsave.pkru = [0x55555554, 0];
  xsave.cet = { cet: 1, ssp: 0x7ffff0001ff8 };
  const base = 0x40000000;
  const dump = writeDump(dumpFiles({
    pid: 7844,
    core,
    vmas: [vma(base, base + PS)],
    pages: [[base, textPage("x")]],
  }));
  const [out, clean] = tempDir();
  try {
    const r = await crit(["core", dump, "-o", out, "--registers", "criu"]);
    assert.equal(r.code, 0, r.stderr);
    const file = `${out}/core.7844`;
    const text = await gdb(undefined, file, ["p/x $pkru"]);
    assert.match(text, /^\$1 = 0x55555554$/m);
    const notes = await run("readelf", ["-nW", file]);
    // XCR0 0x2e7 with PKRU: the XSAVE area ends after PKRU at 2696 bytes.
    assert.match(notes.stdout, /LINUX\s+0x00000a88\tNT_X86_XSTATE/);
    // binutils 2.40 has no name for NT_X86_SHSTK (0x204): the ssp.
    assert.match(
      notes.stdout,
      /LINUX\s+0x00000008\tUnknown note type: \(0x00000204\)\s+description data: f8 1f 00 f0 ff 7f 00 00 \n/,
    );
  } finally {
    clean();
    Deno.removeSync(dump, { recursive: true });
  }
});

Deno.test("prepareCore: the chunks can be taken once", async () => {
  const core = await prepareCore(denoDumpDir(FIX), 7844);
  for await (const _ of core.chunks()) break;
  await assert.rejects(() => core.chunks().next(), TypeError);
});

Deno.test("prepareCore on one Dump decodes the images tasks share once", async () => {
  // 02b's tree has several live tasks; each reads pstree, files and more.
  const dir = denoDumpDir(`${fixtures}/02b-sessions-pgrp-zombie-cgroup`);
  const reads = new Map<string, number>();
  const counted = {
    read(name: string) {
      reads.set(name, (reads.get(name) ?? 0) + 1);
      return dir.read(name);
    },
  };
  const dump = new Dump(counted);
  const live = (await coreTasks(dump)).filter((t) => t.convertible);
  assert.ok(live.length >= 3, `${live.length} live tasks`);
  for (const t of live) await prepareCore(dump, t.pid);
  // Images of no one task (pstree, files, ...) are read once for all;
  // a task's own are read for its status and again whole for its notes.
  const shared = [...reads].filter(([name]) => !/-\d+\.img$/.test(name));
  assert.ok(shared.length >= 2, shared.join(" "));
  for (const [name, n] of shared) assert.equal(n, 1, `${name} read ${n} times`);
});
