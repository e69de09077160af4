/**
 * x86_64 thread state for a core file, from a core image's `thread_info`:
 * pr_reg (struct user_regs_struct), NT_PRFPREG (the 512-byte fxsave area),
 * NT_X86_XSTATE (the standard-format XSAVE area with the XCR0 word at 464,
 * where the kernel's ptrace and core dumps put it and gdb reads it) and
 * NT_X86_SHSTK for an active shadow stack.
 *
 * @module
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import { int } from "../dump/dump.ts";
import type { Note } from "./_elf.ts";
import { NT_PRFPREG } from "./_notes.ts";

/** EM_X86_64. */
export const EM_X86_64 = 62;
const NT_X86_XSTATE = 0x202;
const NT_X86_SHSTK = 0x204;

/** user_regs_struct order; the image's gpregs fields have these names. */
const GPREGS = [
  "r15",
  "r14",
  "r13",
  "r12",
  "bp",
  "bx",
  "r11",
  "r10",
  "r9",
  "r8",
  "ax",
  "cx",
  "dx",
  "si",
  "di",
  "orig_ax",
  "ip",
  "cs",
  "flags",
  "sp",
  "ss",
  "fs_base",
  "gs_base",
  "ds",
  "es",
  "fs",
  "gs",
] as const;

const AX = GPREGS.indexOf("ax");
const IP = GPREGS.indexOf("ip");

/**
 * Syscalls that return -ERESTARTNOHAND when a signal interrupts them
 * (pause, rt_sigsuspend, poll, select, pselect6, ppoll, epoll_wait,
 * epoll_pwait, epoll_pwait2); the others that restart return
 * -ERESTARTSYS.
 */
const RESTART_NOHAND = new Set([34, 130, 7, 23, 270, 271, 232, 281, 441]);
const ERESTARTSYS = -512n;
const ERESTARTNOHAND = -514n;

/** The general registers of one thread, and what was changed. */
export interface X86Registers {
  /** pr_reg, 216 bytes. */
  regs: Uint8Array;
  /** The 64-bit values in user_regs_struct order. */
  values: bigint[];
  /** Whether the syscall restart CRIU prepared was undone. */
  inSyscall: boolean;
}

/**
 * The general registers. CRIU saves a thread that was stopped in a
 * restartable syscall ready to restart it (rax = orig_rax, rip - 2); with
 * `kernelView` that is undone, as the kernel and gdb show such a thread:
 * rip after the `syscall` instruction, rax = -ERESTARTNOHAND or
 * -ERESTARTSYS. `insn` is the 2 bytes at the saved rip, when readable: they
 * must be a `syscall` instruction (0f 05).
 */
export function x86Registers(
  gpregs: JsonObject,
  kernelView: boolean,
  insn: Uint8Array | undefined,
): X86Registers {
  const values = GPREGS.map((k) => BigInt.asUintN(64, int(gpregs[k])));
  const origAx = BigInt.asIntN(64, values[GPREGS.indexOf("orig_ax")]);
  const inSyscall = kernelView && origAx >= 0n &&
    values[AX] === values[GPREGS.indexOf("orig_ax")] &&
    (insn === undefined || (insn[0] === 0x0f && insn[1] === 0x05));
  if (inSyscall) {
    values[IP] = BigInt.asUintN(64, values[IP] + 2n);
    values[AX] = BigInt.asUintN(
      64,
      RESTART_NOHAND.has(Number(origAx)) ? ERESTARTNOHAND : ERESTARTSYS,
    );
  }
  const regs = new Uint8Array(GPREGS.length * 8);
  const view = new DataView(regs.buffer);
  values.forEach((v, i) => view.setBigUint64(i * 8, v, true));
  return { regs, values, inSyscall };
}

/** The saved rip (where to read the instruction for x86Registers). */
export function x86Ip(gpregs: JsonObject): bigint {
  return BigInt.asUintN(64, int(gpregs.ip));
}

const words = (v: JsonValue | undefined): JsonValue[] =>
  Array.isArray(v) ? v : [];

function put32(view: DataView, at: number, list: JsonValue[], max: number) {
  for (let i = 0; i < list.length && i < max; i++) {
    view.setUint32(at + i * 4, Number(int(list[i]) & 0xffffffffn), true);
  }
}

function put64(view: DataView, at: number, list: JsonValue[], max: number) {
  for (let i = 0; i < list.length && i < max; i++) {
    view.setBigUint64(at + i * 8, BigInt.asUintN(64, int(list[i])), true);
  }
}

/** The 512-byte fxsave area (struct user_fpregs_struct). */
export function fxsaveArea(fp: JsonObject): Uint8Array {
  const out = new Uint8Array(512);
  const view = new DataView(out.buffer);
  view.setUint16(0, Number(int(fp.cwd) & 0xffffn), true);
  view.setUint16(2, Number(int(fp.swd) & 0xffffn), true);
  view.setUint16(4, Number(int(fp.twd) & 0xffffn), true);
  view.setUint16(6, Number(int(fp.fop) & 0xffffn), true);
  view.setBigUint64(8, BigInt.asUintN(64, int(fp.rip)), true);
  view.setBigUint64(16, BigInt.asUintN(64, int(fp.rdp)), true);
  view.setUint32(24, Number(int(fp.mxcsr) & 0xffffffffn), true);
  view.setUint32(28, Number(int(fp.mxcsr_mask) & 0xffffffffn), true);
  put32(view, 32, words(fp.st_space), 32);
  put32(view, 160, words(fp.xmm_space), 64);
  put32(view, 416, words(fp.padding), 24);
  return out;
}

/**
 * Standard-format (Intel) offsets of the user XSAVE components CRIU saves:
 * field, XCR0 bit, offset, size in bytes, element width.
 */
const COMPONENTS: [string, number, number, number, 32 | 64][] = [
  ["ymmh_space", 2, 576, 256, 32],
  ["bndreg_state", 3, 960, 64, 64],
  ["bndcsr_state", 4, 1024, 64, 64],
  ["opmask_reg", 5, 1088, 64, 64],
  ["zmm_upper", 6, 1152, 512, 64],
  ["hi16_zmm", 7, 1664, 1024, 64],
  ["pkru", 9, 2688, 8, 32],
];

/** Bits of the user (non-supervisor) XSAVE features. */
const USER_FEATURES = 0x2ffn;

/**
 * NT_PRFPREG and, when the image has the XSAVE part, NT_X86_XSTATE (and
 * NT_X86_SHSTK for an enabled shadow stack).
 */
export function x86FpNotes(fp: JsonObject | undefined): Note[] {
  if (!fp) return [];
  const legacy = fxsaveArea(fp);
  return [
    { name: "CORE", type: NT_PRFPREG, desc: legacy },
    ...xsaveNotes(fp, legacy),
  ];
}

/**
 * NT_X86_XSTATE (after the fxsave area `legacy`) and NT_X86_SHSTK, when
 * the image has the XSAVE part.
 */
export function xsaveNotes(fp: JsonObject, legacy: Uint8Array): Note[] {
  const notes: Note[] = [];
  const xs = fp.xsave as JsonObject | undefined;
  if (!xs) return notes;
  // The features the CPU had: CRIU saves a component's array only then.
  let xcr0 = 3n;
  let size = 576;
  for (const [field, bit, at, bytes] of COMPONENTS) {
    if (words(xs[field]).length > 0) {
      xcr0 |= 1n << BigInt(bit);
      size = Math.max(size, at + bytes);
    }
  }
  const bv = BigInt.asUintN(64, int(xs.xstate_bv)) & USER_FEATURES;
  xcr0 |= bv;
  for (const [, bit, at, bytes] of COMPONENTS) {
    if (bv & (1n << BigInt(bit))) size = Math.max(size, at + bytes);
  }
  const desc = new Uint8Array(size);
  const view = new DataView(desc.buffer);
  desc.set(legacy);
  // The software-reserved bytes of the fxsave area: XCR0 first.
  desc.fill(0, 464, 512);
  view.setBigUint64(464, xcr0, true);
  view.setBigUint64(512, bv, true); // XSTATE_BV; XCOMP_BV 0: standard format
  for (const [field, , at, bytes, width] of COMPONENTS) {
    if (width === 32) put32(view, at, words(xs[field]), bytes / 4);
    else put64(view, at, words(xs[field]), bytes / 8);
  }
  notes.push({ name: "LINUX", type: NT_X86_XSTATE, desc });
  const cet = xs.cet as JsonObject | undefined;
  if (cet && (int(cet.cet) & 1n)) {
    const shstk = new Uint8Array(8);
    new DataView(shstk.buffer).setBigUint64(
      0,
      BigInt.asUintN(64, int(cet.ssp)),
      true,
    );
    notes.push({ name: "LINUX", type: NT_X86_SHSTK, desc: shstk });
  }
  return notes;
}
