/**
 * The architecture-independent notes of a Linux core file, for 64-bit and
 * 32-bit targets: NT_PRSTATUS's common part, NT_PRPSINFO, NT_SIGINFO, NT_AUXV and
 * NT_FILE, in the layouts of the kernel's struct elf_prstatus,
 * elf_prpsinfo, siginfo_t and fill_files_note().
 *
 * @module
 */
import type { Note } from "./_elf.ts";

/** Note types. */
export const NT_PRSTATUS = 1;
/** Floating point registers (x86_64: fxsave; i386: fsave; aarch64: fpsimd; arm: FPA). */
export const NT_PRFPREG = 2;
/** Process name, arguments and ids. */
export const NT_PRPSINFO = 3;
/** The auxiliary vector. */
export const NT_AUXV = 6;
/** The signal that stopped the process. */
export const NT_SIGINFO = 0x53494749;
/** Mapped files. */
export const NT_FILE = 0x46494c45;

/** The common part of one thread's NT_PRSTATUS. */
export interface PrStatus {
  signal: number;
  pending: bigint;
  blocked: bigint;
  pid: number;
  ppid: number;
  pgrp: number;
  sid: number;
  /** pr_reg, already in the architecture's layout. */
  regs: Uint8Array;
}

/**
 * NT_PRSTATUS: a head of 112 bytes (72 on 32-bit targets), pr_reg, then
 * pr_fpvalid, padded to the word size.
 */
export function prstatusNote(s: PrStatus, wide: boolean): Note {
  const w = wide ? 8 : 4;
  const head = wide ? 112 : 72;
  const size = Math.ceil((head + s.regs.length + 4) / w) * w;
  const desc = new Uint8Array(size);
  const view = new DataView(desc.buffer);
  view.setInt32(0, s.signal, true); // pr_info.si_signo
  view.setInt16(12, s.signal, true); // pr_cursig
  if (wide) {
    view.setBigUint64(16, BigInt.asUintN(64, s.pending), true);
    view.setBigUint64(24, BigInt.asUintN(64, s.blocked), true);
  } else {
    view.setUint32(16, Number(BigInt.asUintN(32, s.pending)), true);
    view.setUint32(20, Number(BigInt.asUintN(32, s.blocked)), true);
  }
  const ids = 16 + 2 * w;
  view.setInt32(ids, s.pid, true);
  view.setInt32(ids + 4, s.ppid, true);
  view.setInt32(ids + 8, s.pgrp, true);
  view.setInt32(ids + 12, s.sid, true);
  desc.set(s.regs, head);
  view.setInt32(head + s.regs.length, 1, true); // pr_fpvalid
  return { name: "CORE", type: NT_PRSTATUS, desc };
}

/** What NT_PRPSINFO says of the process. */
export interface PrPsInfo {
  /** Index into "RSDTZW" (0 running, 3 stopped, 4 zombie). */
  state: number;
  nice: number;
  flags: bigint;
  uid: number;
  gid: number;
  pid: number;
  ppid: number;
  pgrp: number;
  sid: number;
  /** comm, at most 15 bytes are kept. */
  fname: Uint8Array;
  /** The start of the argument area (NULs already spaces), at most 79 bytes kept. */
  psargs: Uint8Array;
}

/**
 * NT_PRPSINFO (struct elf_prpsinfo): 136 bytes, or 124 on 32-bit targets,
 * whose uid and gid are 16 bits.
 */
export function prpsinfoNote(p: PrPsInfo, wide: boolean): Note {
  const desc = new Uint8Array(wide ? 136 : 124);
  const view = new DataView(desc.buffer);
  desc[0] = p.state;
  desc[1] = "RSDTZW".charCodeAt(p.state) || 0x2e;
  desc[2] = p.state === 4 ? 1 : 0;
  view.setInt8(3, Math.max(-128, Math.min(127, p.nice)));
  let at: number;
  if (wide) {
    view.setBigUint64(8, BigInt.asUintN(64, p.flags), true);
    view.setUint32(16, p.uid >>> 0, true);
    view.setUint32(20, p.gid >>> 0, true);
    at = 24;
  } else {
    view.setUint32(4, Number(BigInt.asUintN(32, p.flags)), true);
    view.setUint16(8, p.uid & 0xffff, true);
    view.setUint16(10, p.gid & 0xffff, true);
    at = 12;
  }
  view.setInt32(at, p.pid, true);
  view.setInt32(at + 4, p.ppid, true);
  view.setInt32(at + 8, p.pgrp, true);
  view.setInt32(at + 12, p.sid, true);
  desc.set(p.fname.subarray(0, 15), at + 16);
  desc.set(p.psargs.subarray(0, 79), at + 32);
  return { name: "CORE", type: NT_PRPSINFO, desc };
}

/** Little-endian words of 8 or 4 bytes. */
function words(values: readonly bigint[], wide: boolean): Uint8Array {
  const out = new Uint8Array(values.length * (wide ? 8 : 4));
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    if (wide) view.setBigUint64(i * 8, BigInt.asUintN(64, v), true);
    else view.setUint32(i * 4, Number(BigInt.asUintN(32, v)), true);
  });
  return out;
}

/** NT_SIGINFO: a 128-byte siginfo_t (the dump's own bytes when it has them). */
export function siginfoNote(
  signal: number,
  code: number,
  raw?: Uint8Array,
): Note {
  const desc = new Uint8Array(128);
  if (raw) {
    desc.set(raw.subarray(0, 128));
  } else {
    const view = new DataView(desc.buffer);
    view.setInt32(0, signal, true);
    view.setInt32(8, code, true);
  }
  return { name: "CORE", type: NT_SIGINFO, desc };
}

/** NT_AUXV: the saved words up to the first AT_NULL, then AT_NULL. */
export function auxvNote(saved: readonly bigint[], wide: boolean): Note {
  const pairs: bigint[] = [];
  for (let i = 0; i + 1 < saved.length; i += 2) {
    if (saved[i] === 0n) break;
    pairs.push(saved[i], saved[i + 1]);
  }
  pairs.push(0n, 0n);
  return { name: "CORE", type: NT_AUXV, desc: words(pairs, wide) };
}

/** One mapped file for NT_FILE. */
export interface FileMapping {
  start: bigint;
  end: bigint;
  /** Offset in the file, in pages. */
  pageOffset: bigint;
  /** The path's bytes, without NUL. */
  name: Uint8Array;
}

/** NT_FILE: count, page size, (start, end, offset) triples, then the names. */
export function fileNote(
  files: readonly FileMapping[],
  pageSize: number,
  wide: boolean,
): Note {
  const head = words([
    BigInt(files.length),
    BigInt(pageSize),
    ...files.flatMap((f) => [f.start, f.end, f.pageOffset]),
  ], wide);
  let names = 0;
  for (const f of files) names += f.name.length + 1;
  const desc = new Uint8Array(head.length + names);
  desc.set(head);
  let at = head.length;
  for (const f of files) {
    desc.set(f.name, at);
    at += f.name.length + 1;
  }
  return { name: "CORE", type: NT_FILE, desc };
}
