/**
 * 32-bit ARM (armv7l) cores: ELF32 from a dump built here (core, mm,
 * pagemap and pages images of an ARM task, encoded with encodeSync), read by
 * gdb-multiarch: r0-r12, sp, lr, pc, cpsr, the VFP registers d0-d31 and fpscr
 * and memory are those of the images; readelf and eu-readelf accept it.
 */
import assert from "node:assert/strict";
import { assertElfToolsAccept, crit, gdb, run, tempDir } from "./_tools.ts";
import { dumpFiles, PS, textPage, vma, writeDump } from "./_synthetic.ts";

const PID = 4343;
const STACK = 0xbeff0000;
const names = [
  "r0",
  "r1",
  "r2",
  "r3",
  "r4",
  "r5",
  "r6",
  "r7",
  "r8",
  "r9",
  "r10",
  "fp",
  "ip",
  "sp",
  "lr",
  "pc",
  "cpsr",
  "orig_r0",
];
const values = names.map((_, i) => (0x10101010 * (i + 1)) >>> 0);
values[13] = STACK + 0x800; // sp
values[15] = 0x10abc; // pc
values[16] = 0x60000010; // cpsr: user mode, Z and C
const gpregs = Object.fromEntries(names.map((n, i) => [n, values[i]]));
const d = Array.from(
  { length: 32 },
  (_, i) => (0x0a0b0c0d01020304n * BigInt(i + 3)) & ((1n << 64n) - 1n),
);

Deno.test("crit core arm: an ELF32 core gdb-multiarch reads registers, VFP and memory of", async () => {
  const argv = "/bin/arm-target\0-v\0";
  const page = textPage(argv);
  page.set(new TextEncoder().encode("ARM32-MARKER\0"), 0x800);
  const dir = writeDump(dumpFiles({
    pid: PID,
    core: {
      mtype: "ARM",
      ti_arm: {
        clear_tid_addr: 0,
        tls: 0xb6ff0440,
        gpregs,
        fpstate: {
          vfp_regs: d,
          fpscr: 0x60000010,
          fpexc: 0x40000000,
          fpinst: 0,
          fpinst2: 0,
        },
      },
      tc: {
        task_state: 1,
        exit_code: 0,
        personality: 0,
        flags: 0,
        blk_sigset: 0x2,
        comm: "arm-target",
      },
      thread_core: { futex_rla: 0, futex_rla_len: 0, comm: "arm-target" },
    },
    vmas: [vma(STACK, STACK + 4 * PS)],
    pages: [[STACK, page]],
    args: [STACK, STACK + argv.length],
    // gdb learns the VFP/NEON unit from AT_HWCAP, as in a real armv7 dump:
    // half thumb fastmult vfp edsp neon vfpv3 tls vfpv4 idiva idivt vfpd32
    // lpae.
    auxv: [16, 0x1fb0d6, 6, PS],
  }));
  const [out, clean] = tempDir();
  try {
    const r = await crit(["core", dir, "-o", out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /core\.4343: arm, 1 thread, 1 segments/);
    const file = `${out}/core.${PID}`;
    const header = await run("readelf", ["-h", file]);
    assert.match(header.stdout, /Class:\s+ELF32/);
    assert.match(header.stdout, /Machine:\s+ARM/);
    await assertElfToolsAccept(file);
    const text = await gdb(undefined, file, [
      "info registers",
      "p/x $d0",
      "p/x $d31",
      "p/x $fpscr",
      `x/s ${STACK + 0x800}`,
    ], "gdb-multiarch");
    const regs = new Map(
      [...text.matchAll(/^(\w+)\s+(0x[0-9a-f]+)/gm)].map((
        m,
      ) => [m[1], Number(m[2])]),
    );
    for (const [i, n] of names.slice(0, 16).entries()) {
      // gdb calls fp r11 and ip r12.
      const name = n === "fp" ? "r11" : n === "ip" ? "r12" : n;
      assert.equal(regs.get(name), values[i], name);
    }
    assert.equal(regs.get("cpsr"), values[16]);
    const printed = [...text.matchAll(/^\$\d+ = (.*)$/gm)].map((m) => m[1]);
    assert.deepEqual(printed.slice(0, 3), [
      `0x${d[0].toString(16)}`,
      `0x${d[31].toString(16)}`,
      "0x60000010",
    ]);
    assert.match(text, /:\s+"ARM32-MARKER"/);
    const notes = await run("eu-readelf", ["-n", file]);
    assert.match(
      notes.stdout,
      /fname: arm-target, psargs: \/bin\/arm-target -v \n/,
    );
    assert.match(notes.stdout, /pid: 4343, ppid: 1, pgrp: 4343, sid: 4343/);
    assert.match(notes.stdout, /sighold: <2>/);
  } finally {
    clean();
    Deno.removeSync(dir, { recursive: true });
  }
});
