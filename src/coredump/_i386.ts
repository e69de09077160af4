/**
 * 32-bit x86 thread state (a compat task on x86_64) for an ELF32 core, from
 * a core image's `thread_info` in compat mode: pr_reg (struct
 * user_regs_struct of i386), NT_PRFPREG (the i387 fsave area the kernel
 * derives from fxsave, with the full tag word), NT_PRXFPREG (fxsave),
 * NT_X86_XSTATE and NT_386_TLS (the three TLS descriptors).
 *
 * @module
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import { int } from "../dump/dump.ts";
import type { Note } from "./_elf.ts";
import { NT_PRFPREG } from "./_notes.ts";
import { fxsaveArea, xsaveNotes } from "./_x86_64.ts";

/** EM_386. */
export const EM_386 = 3;
const NT_PRXFPREG = 0x46e62b7f;
const NT_386_TLS = 0x200;

/** i386 user_regs_struct order, by the image's gpregs field names. */
const GPREGS = [
  "bx",
  "cx",
  "dx",
  "si",
  "di",
  "bp",
  "ax",
  "ds",
  "es",
  "fs",
  "gs",
  "orig_ax",
  "ip",
  "cs",
  "flags",
  "sp",
  "ss",
] as const;
const AX = GPREGS.indexOf("ax");
const IP = GPREGS.indexOf("ip");
const ORIG_AX = GPREGS.indexOf("orig_ax");

/**
 * i386 syscalls that return -ERESTARTNOHAND when a signal interrupts them
 * (sigsuspend, select, poll, _newselect, rt_sigsuspend, epoll_wait,
 * pselect6, ppoll, epoll_pwait, epoll_pwait2 and pause); the others that
 * restart return -ERESTARTSYS.
 */
const RESTART_NOHAND = new Set([
  72,
  82,
  168,
  142,
  179,
  256,
  308,
  309,
  319,
  441,
  29,
]);

const u32 = (v: JsonValue | undefined) => Number(int(v) & 0xffffffffn);

/** Whether `insn` is `int $0x80`, `syscall` or `sysenter`. */
function isSyscall(insn: Uint8Array): boolean {
  return (insn[0] === 0xcd && insn[1] === 0x80) ||
    (insn[0] === 0x0f && (insn[1] === 0x05 || insn[1] === 0x34));
}

/**
 * pr_reg: 17 words. With `kernelView`, a thread CRIU saved ready to restart
 * a syscall (eax = orig_eax, eip - 2) is shown as the kernel shows it, as
 * for x86_64; `insn` is the 2 bytes at the saved eip, when readable.
 */
export function i386Registers(
  gpregs: JsonObject,
  kernelView: boolean,
  insn: Uint8Array | undefined,
): { regs: Uint8Array; inSyscall: boolean } {
  const values = GPREGS.map((k) => u32(gpregs[k]));
  const origAx = values[ORIG_AX] | 0;
  const inSyscall = kernelView && origAx >= 0 &&
    values[AX] === values[ORIG_AX] &&
    (insn === undefined || isSyscall(insn));
  if (inSyscall) {
    values[IP] = (values[IP] + 2) >>> 0;
    values[AX] = (RESTART_NOHAND.has(origAx) ? -514 : -512) >>> 0;
  }
  const regs = new Uint8Array(GPREGS.length * 4);
  const view = new DataView(regs.buffer);
  values.forEach((v, i) => view.setUint32(i * 4, v, true));
  return { regs, inSyscall };
}

/** The saved eip. */
export function i386Ip(gpregs: JsonObject): bigint {
  return int(gpregs.ip) & 0xffffffffn;
}

/** x87 tags of the full tag word. */
const TAG_VALID = 0;
const TAG_ZERO = 1;
const TAG_SPECIAL = 2;
const TAG_EMPTY = 3;

/**
 * The full x87 tag word from fxsave's abridged one: each register the
 * abridged word marks in use is classified by its exponent and integer bit.
 */
function fullTagWord(fx: DataView): number {
  const top = (fx.getUint16(2, true) >> 11) & 7;
  const abridged = fx.getUint8(4);
  let tags = 0;
  for (let i = 0; i < 8; i++) {
    let tag = TAG_EMPTY;
    if (abridged & (1 << i)) {
      // Physical register i is st((i - top) & 7), 16 bytes a slot from 32.
      const at = 32 + 16 * ((i - top) & 7);
      const exponent = fx.getUint16(at + 8, true) & 0x7fff;
      const significand = fx.getBigUint64(at, true);
      if (exponent === 0x7fff) tag = TAG_SPECIAL;
      else if (exponent === 0) {
        tag = significand === 0n ? TAG_ZERO : TAG_SPECIAL;
      } else tag = significand >> 63n ? TAG_VALID : TAG_SPECIAL;
    }
    tags |= tag << (2 * i);
  }
  return tags;
}

/** The 108-byte i387 fsave area (struct user_i387_struct) from fxsave. */
function fsaveArea(fxsave: Uint8Array): Uint8Array {
  const fx = new DataView(fxsave.buffer, fxsave.byteOffset, 512);
  const out = new Uint8Array(108);
  const view = new DataView(out.buffer);
  view.setUint32(0, (fx.getUint16(0, true) | 0xffff0000) >>> 0, true);
  view.setUint32(4, (fx.getUint16(2, true) | 0xffff0000) >>> 0, true);
  view.setUint32(8, (fullTagWord(fx) | 0xffff0000) >>> 0, true);
  view.setUint32(12, fx.getUint32(8, true), true); // fip
  // fcs with the last opcode above it.
  view.setUint32(
    16,
    (fx.getUint16(12, true) | (fx.getUint16(6, true) << 16)) >>> 0,
    true,
  );
  view.setUint32(20, fx.getUint32(16, true), true); // foo
  view.setUint32(24, (fx.getUint16(20, true) | 0xffff0000) >>> 0, true);
  for (let i = 0; i < 8; i++) {
    out.set(fxsave.subarray(32 + 16 * i, 42 + 16 * i), 28 + 10 * i);
  }
  return out;
}

/** NT_386_TLS: the TLS descriptors as struct user_desc, when any is in use. */
function tlsNote(tls: JsonValue | undefined): Note[] {
  const list = (Array.isArray(tls) ? tls : []) as JsonObject[];
  if (!list.some((d) => !d.seg_not_present || u32(d.base_addr) !== 0)) {
    return [];
  }
  const desc = new Uint8Array(list.length * 16);
  const view = new DataView(desc.buffer);
  list.forEach((d, i) => {
    view.setUint32(i * 16, u32(d.entry_number), true);
    view.setUint32(i * 16 + 4, u32(d.base_addr), true);
    view.setUint32(i * 16 + 8, u32(d.limit), true);
    const bits = (d.seg_32bit ? 1 : 0) | (d.contents_l ? 2 : 0) |
      (d.contents_h ? 4 : 0) | (d.read_exec_only ? 8 : 0) |
      (d.limit_in_pages ? 16 : 0) | (d.seg_not_present ? 32 : 0) |
      (d.usable ? 64 : 0);
    view.setUint32(i * 16 + 12, bits, true);
  });
  return [{ name: "LINUX", type: NT_386_TLS, desc }];
}

/** NT_PRFPREG (fsave), NT_PRXFPREG (fxsave), NT_X86_XSTATE, NT_386_TLS. */
export function i386Notes(ti: JsonObject): Note[] {
  const fp = ti.fpregs as JsonObject | undefined;
  const notes: Note[] = [];
  if (fp) {
    const fxsave = fxsaveArea(fp);
    notes.push(
      { name: "CORE", type: NT_PRFPREG, desc: fsaveArea(fxsave) },
      { name: "LINUX", type: NT_PRXFPREG, desc: fxsave },
      ...xsaveNotes(fp, fxsave),
    );
  }
  return [...notes, ...tlsNote(ti.tls)];
}
