/**
 * The architecture-independent notes of a Linux core file for 64-bit
 * targets: NT_PRSTATUS's common part, NT_PRPSINFO, NT_SIGINFO, NT_AUXV and
 * NT_FILE, in the layouts of the kernel's struct elf_prstatus,
 * elf_prpsinfo, siginfo_t and fill_files_note().
 *
 * @module
 */
import type { Note } from "./_elf.ts";

/** Note types. */
export const NT_PRSTATUS = 1;
/** Floating point registers (x86_64: fxsave; aarch64: fpsimd). */
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

/** NT_PRSTATUS: a 112-byte head, pr_reg, then pr_fpvalid padded to 8. */
export function prstatusNote(s: PrStatus): Note {
  const size = (112 + s.regs.length + 4 + 7) & ~7;
  const desc = new Uint8Array(size);
  const view = new DataView(desc.buffer);
  view.setInt32(0, s.signal, true); // pr_info.si_signo
  view.setInt16(12, s.signal, true); // pr_cursig
  view.setBigUint64(16, BigInt.asUintN(64, s.pending), true);
  view.setBigUint64(24, BigInt.asUintN(64, s.blocked), true);
  view.setInt32(32, s.pid, true);
  view.setInt32(36, s.ppid, true);
  view.setInt32(40, s.pgrp, true);
  view.setInt32(44, s.sid, true);
  desc.set(s.regs, 112);
  view.setInt32(112 + s.regs.length, 1, true); // pr_fpvalid
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

/** NT_PRPSINFO (struct elf_prpsinfo, 136 bytes). */
export function prpsinfoNote(p: PrPsInfo): Note {
  const desc = new Uint8Array(136);
  const view = new DataView(desc.buffer);
  desc[0] = p.state;
  desc[1] = "RSDTZW".charCodeAt(p.state) || 0x2e;
  desc[2] = p.state === 4 ? 1 : 0;
  view.setInt8(3, Math.max(-128, Math.min(127, p.nice)));
  view.setBigUint64(8, BigInt.asUintN(64, p.flags), true);
  view.setUint32(16, p.uid >>> 0, true);
  view.setUint32(20, p.gid >>> 0, true);
  view.setInt32(24, p.pid, true);
  view.setInt32(28, p.ppid, true);
  view.setInt32(32, p.pgrp, true);
  view.setInt32(36, p.sid, true);
  desc.set(p.fname.subarray(0, 15), 40);
  desc.set(p.psargs.subarray(0, 79), 56);
  return { name: "CORE", type: NT_PRPSINFO, desc };
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
export function auxvNote(words: readonly bigint[]): Note {
  const pairs: bigint[] = [];
  for (let i = 0; i + 1 < words.length; i += 2) {
    if (words[i] === 0n) break;
    pairs.push(words[i], words[i + 1]);
  }
  pairs.push(0n, 0n);
  const desc = new Uint8Array(pairs.length * 8);
  const view = new DataView(desc.buffer);
  pairs.forEach((w, i) =>
    view.setBigUint64(i * 8, BigInt.asUintN(64, w), true)
  );
  return { name: "CORE", type: NT_AUXV, desc };
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
): Note {
  let names = 0;
  for (const f of files) names += f.name.length + 1;
  const desc = new Uint8Array(16 + files.length * 24 + names);
  const view = new DataView(desc.buffer);
  view.setBigUint64(0, BigInt(files.length), true);
  view.setBigUint64(8, BigInt(pageSize), true);
  let at = 16;
  for (const f of files) {
    view.setBigUint64(at, f.start, true);
    view.setBigUint64(at + 8, f.end, true);
    view.setBigUint64(at + 16, f.pageOffset, true);
    at += 24;
  }
  for (const f of files) {
    desc.set(f.name, at);
    at += f.name.length + 1;
  }
  return { name: "CORE", type: NT_FILE, desc };
}
