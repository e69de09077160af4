/**
 * aarch64 cores from a dump built here (core, mm, pagemap and pages images
 * of an aarch64 task, encoded with encodeSync), read by gdb-multiarch:
 * the general registers, sp, pc, pstate, the fpsimd registers, the TLS
 * register and memory are those of the images.
 */
import assert from "node:assert/strict";
import { crit, gdb, run, tempDir } from "./_tools.ts";
import { dumpFiles, PS, textPage, vma, writeDump } from "./_synthetic.ts";

const PID = 4242;
const STACK = 0x7ffff7ff0000;
const x = Array.from(
  { length: 31 },
  (_, i) => 0x1111_0000_0000n * BigInt(i + 1) + BigInt(i),
);
const v = Array.from(
  { length: 64 },
  (_, i) => 0x0102030405060708n * BigInt(i + 1) & ((1n << 64n) - 1n),
);

const core = {
  mtype: "AARCH64",
  ti_aarch64: {
    clear_tid_addr: 0,
    tls: 0x7fa0b0c0d0e0n,
    gpregs: { regs: x, sp: STACK + 0x800, pc: 0x400abc, pstate: 0x80001000 },
    fpsimd: { vregs: v, fpsr: 0x8000010, fpcr: 0x3000000 },
  },
  tc: {
    task_state: 1,
    exit_code: 0,
    personality: 0,
    flags: 0x400000,
    blk_sigset: 0,
    comm: "a64-target",
  },
  thread_core: {
    // A pending SIGUSR1 (10) queued to the thread: siginfo bytes, base64.
    signals_p: { signals: [{ siginfo: btoa("\x0a" + "\0".repeat(127)) }] },
    futex_rla: 0,
    futex_rla_len: 0,
    blk_sigset: 0x4000,
    comm: "a64-target",
  },
};

Deno.test("crit core aarch64: gdb-multiarch reads the registers, TLS and memory of the images", async () => {
  const argv = "/usr/bin/a64-target\0--flag\0";
  const page = textPage(argv);
  page.set(new TextEncoder().encode("AARCH64-MARKER\0"), 0x800);
  const dir = writeDump(dumpFiles({
    pid: PID,
    core,
    vmas: [vma(STACK, STACK + 4 * PS)],
    pages: [[STACK, page]],
    args: [STACK, STACK + argv.length],
  }));
  const [out, clean] = tempDir();
  try {
    const r = await crit(["core", dir, "-o", out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /core\.4242: aarch64, 1 thread, 1 segments/);
    const file = `${out}/core.${PID}`;
    const header = await run("readelf", ["-h", file]);
    assert.match(header.stdout, /Machine:\s+AArch64/);
    const text = await gdb(undefined, file, [
      "info registers",
      "p/x $v0.d.u",
      "p/x $v31.d.u",
      "p/x $tpidr",
      "x/s 0x7ffff7ff0800",
    ], "gdb-multiarch");
    const regs = new Map(
      [...text.matchAll(/^(\w+)\s+(0x[0-9a-f]+)/gm)].map((
        m,
      ) => [m[1], BigInt(m[2])]),
    );
    for (let i = 0; i < 31; i++) assert.equal(regs.get(`x${i}`), x[i], `x${i}`);
    assert.equal(regs.get("sp"), BigInt(STACK + 0x800));
    assert.equal(regs.get("pc"), 0x400abcn);
    assert.equal(regs.get("cpsr"), 0x80001000n);
    assert.equal(regs.get("fpsr"), 0x8000010n);
    assert.equal(regs.get("fpcr"), 0x3000000n);
    const printed = [...text.matchAll(/^\$\d+ = (.*)$/gm)].map((m) => m[1]);
    const hex = (n: bigint) => `0x${n.toString(16)}`;
    assert.equal(printed[0], `{${hex(v[0])}, ${hex(v[1])}}`);
    assert.equal(printed[1], `{${hex(v[62])}, ${hex(v[63])}}`);
    assert.equal(printed[2], "0x7fa0b0c0d0e0");
    assert.match(text, /0x7ffff7ff0800:\s+"AARCH64-MARKER"/);
    const notes = await run("eu-readelf", ["-n", file]);
    assert.equal(notes.code, 0, notes.stderr);
    assert.match(
      notes.stdout,
      /fname: a64-target, psargs: \/usr\/bin\/a64-target --flag \n/,
    );
    assert.match(notes.stdout, /sigpend: <10>\n\s+sighold: <15>/);
  } finally {
    clean();
    Deno.removeSync(dir, { recursive: true });
  }
});
