/**
 * 32-bit x86 (compat) tasks: an ELF32 i386 core from a dump built here (the
 * 15a main thread's core image switched to compat mode with 32-bit register
 * values and st0 = 1.0, plus mm, pagemap and pages images), read by gdb:
 * the general registers, st0 and the x87 tag word, memory; readelf and
 * eu-readelf accept it and eu-readelf reads the fsave area and the TLS
 * descriptor.
 */
import assert from "node:assert/strict";
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
const STACK = 0xffd00000;
const regs: Record<string, number> = {
  bx: 0x11111111,
  cx: 0x22222222,
  dx: 0x33333333,
  si: 0x44444444,
  di: 0x55555555,
  bp: STACK + 0x100,
  ax: 0x66666666,
  ds: 0x2b,
  es: 0x2b,
  fs: 0,
  gs: 0x63,
  orig_ax: 0xffffffff,
  ip: 0x08049123,
  cs: 0x23,
  flags: 0x246,
  sp: STACK + 0x200,
  ss: 0x2b,
};

/** The 15a main thread's core image as a compat task with `gpregs`. */
function compatCore(gpregs: Record<string, number>) {
  const core = JSON.parse(
    Deno.readTextFileSync(`${FIX}/ref/core-7844.img.raw.json`),
    (_k, v) => (typeof v === "number" && !Number.isSafeInteger(v) ? 0 : v),
  ).entries[0];
  const ti = core.thread_info;
  for (const k of Object.keys(ti.gpregs)) {
    if (k !== "mode") ti.gpregs[k] = gpregs[k] ?? 0;
  }
  ti.gpregs.mode = "COMPAT";
  // st0 = 1.0 in physical register 7 (top 7): significand 1 << 63,
  // exponent 0x3fff; the abridged tag marks register 7 in use.
  ti.fpregs.swd = 7 << 11;
  ti.fpregs.twd = 0x80;
  ti.fpregs.st_space = Array(32).fill(0);
  ti.fpregs.st_space[1] = 0x80000000;
  ti.fpregs.st_space[2] = 0x3fff;
  ti.fpregs.xsave.xstate_bv |= 1; // x87 in use
  ti.tls[0] = {
    entry_number: 12,
    base_addr: 0xf7d8e740,
    limit: 0xfffff,
    seg_32bit: true,
    contents_h: false,
    contents_l: false,
    read_exec_only: false,
    limit_in_pages: true,
    seg_not_present: false,
    usable: true,
  };
  return core;
}

Deno.test("crit core i386: a compat task's ELF32 core gdb reads", async () => {
  const core = compatCore(regs);
  const page = textPage("I386-MARKER");
  const dump = writeDump(dumpFiles({
    pid: 7844,
    core,
    vmas: [vma(STACK, STACK + 2 * PS)],
    pages: [[STACK, page]],
    auxv: [6, PS, 0, 0],
  }));
  const [out, clean] = tempDir();
  try {
    const r = await crit(["core", dump, "-o", out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /core\.7844: i386, 1 thread, 1 segments/);
    const file = `${out}/core.7844`;
    const header = await run("readelf", ["-h", file]);
    assert.match(header.stdout, /Class:\s+ELF32/);
    assert.match(header.stdout, /Machine:\s+Intel 80386/);
    await assertElfToolsAccept(file);
    const text = await gdb(undefined, file, [
      "info registers",
      "p $st0",
      "p/x $ftag",
      `x/s ${STACK}`,
    ]);
    const shown = new Map(
      [...text.matchAll(/^(\w+)\s+(0x[0-9a-f]+)/gm)].map((
        m,
      ) => [m[1], Number(m[2])]),
    );
    for (
      const [name, key] of [
        ["eax", "ax"],
        ["ebx", "bx"],
        ["ecx", "cx"],
        ["edx", "dx"],
        ["esi", "si"],
        ["edi", "di"],
        ["ebp", "bp"],
        ["esp", "sp"],
        ["eip", "ip"],
        ["eflags", "flags"],
        ["cs", "cs"],
        ["ss", "ss"],
        ["gs", "gs"],
      ]
    ) {
      assert.equal(shown.get(name), regs[key], name);
    }
    assert.match(text, /^\$1 = 1$/m);
    assert.match(text, /^\$2 = 0x3fff$/m);
    assert.match(text, /:\s+"I386-MARKER"/);
    const notes = await run("eu-readelf", ["-n", file]);
    assert.equal(notes.code, 0, notes.stderr);
    assert.match(
      notes.stdout,
      /CORE\s+108\s+FPREGSET\n\s+st0: 0x3fff8000000000000000 /,
    );
    assert.match(notes.stdout, /LINUX\s+512\s+PRXFPREG/);
    assert.match(
      notes.stdout,
      /386_TLS\n\s+index: 12, base: 0xf7d8e740, limit: 0x000fffff, flags: 0x00000051\n/,
    );
    // The fsave area starts cwd, swd, twd as 32-bit words with 0xffff
    // above: control 0x037f, status 0x3800 (top 7), and the full tag word
    // of the x87 manual: register 7 valid (00), the others empty (11).
    const bytes = Deno.readFileSync(file);
    const fsave = [0x7f, 0x03, 0xff, 0xff, 0x00, 0x38, 0xff, 0xff, 0xff, 0x3f];
    assert.ok(
      bytes.some((_, i) => fsave.every((b, k) => bytes[i + k] === b)),
      "the fsave area with tag word 0x3fff",
    );
  } finally {
    clean();
    Deno.removeSync(dump, { recursive: true });
  }
});

Deno.test("crit core i386: a thread in pause() is shown inside it, as the kernel shows it", async () => {
  // CRIU saved it ready to restart: eax = orig_eax = 29 (pause), eip - 2.
  const core = compatCore({ ...regs, ax: 29, orig_ax: 29, ip: 0x08049121 });
  const dump = writeDump(dumpFiles({
    pid: 7844,
    core,
    vmas: [vma(STACK, STACK + PS)],
    pages: [[STACK, textPage("x")]],
  }));
  const [out, clean] = tempDir();
  try {
    const r = await crit(["core", dump, "-o", out]);
    assert.equal(r.code, 0, r.stderr);
    const text = await gdb(undefined, `${out}/core.7844`, [
      "info registers eax eip",
    ]);
    assert.match(text, /^eax\s+0xfffffdfe\s+-514$/m); // -ERESTARTNOHAND
    assert.match(text, /^eip\s+0x8049123\s/m);
  } finally {
    clean();
    Deno.removeSync(dump, { recursive: true });
  }
});
