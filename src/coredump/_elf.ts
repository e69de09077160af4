/**
 * The ELF64 little-endian pieces of a core file: file header, program
 * headers, notes and the one section header of the extended numbering
 * (more than 65534 program headers), laid out as Linux's fs/binfmt_elf.c
 * writes them.
 *
 * @module
 */

/** Program header type of a loadable segment. */
export const PT_LOAD = 1;
/** Program header type of the notes. */
export const PT_NOTE = 4;
/** Segment permission bits. */
export const PF_X = 1;
/** Writable. */
export const PF_W = 2;
/** Readable. */
export const PF_R = 4;

/** e_phnum when the real count is in section header 0 (sh_info). */
export const PN_XNUM = 0xffff;

/** Size of the ELF64 file header. */
export const EHDR_SIZE = 64;
/** Size of one ELF64 program header. */
export const PHDR_SIZE = 56;
/** Size of one ELF64 section header. */
export const SHDR_SIZE = 64;

/** One note: owner name, type and descriptor. */
export interface Note {
  name: string;
  type: number;
  desc: Uint8Array;
}

/** One program header. */
export interface ProgramHeader {
  type: number;
  flags: number;
  offset: number;
  vaddr: bigint;
  filesz: number;
  memsz: number;
  align: number;
}

const align4 = (n: number) => (n + 3) & ~3;

/** Bytes of `notes` in a PT_NOTE segment (each part padded to 4 bytes). */
export function notesSize(notes: readonly Note[]): number {
  let n = 0;
  for (const note of notes) {
    n += 12 + align4(note.name.length + 1) + align4(note.desc.length);
  }
  return n;
}

/** The PT_NOTE segment's bytes. */
export function encodeNotes(notes: readonly Note[]): Uint8Array {
  const out = new Uint8Array(notesSize(notes));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const note of notes) {
    view.setUint32(at, note.name.length + 1, true);
    view.setUint32(at + 4, note.desc.length, true);
    view.setUint32(at + 8, note.type, true);
    at += 12;
    for (let i = 0; i < note.name.length; i++) {
      out[at + i] = note.name.charCodeAt(i);
    }
    at += align4(note.name.length + 1);
    out.set(note.desc, at);
    at += align4(note.desc.length);
  }
  return out;
}

/** The file header of an ET_CORE file. */
export function encodeElfHeader(
  machine: number,
  phnum: number,
  shoff: number,
): Uint8Array {
  const out = new Uint8Array(EHDR_SIZE);
  const view = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 2, /* 64-bit */ 1, /* LE */ 1 /* v1 */]);
  view.setUint16(16, 4, true); // ET_CORE
  view.setUint16(18, machine, true);
  view.setUint32(20, 1, true); // EV_CURRENT
  view.setBigUint64(32, BigInt(EHDR_SIZE), true); // e_phoff
  view.setBigUint64(40, BigInt(shoff), true);
  view.setUint16(52, EHDR_SIZE, true);
  view.setUint16(54, PHDR_SIZE, true);
  view.setUint16(56, phnum >= PN_XNUM ? PN_XNUM : phnum, true);
  view.setUint16(58, shoff ? SHDR_SIZE : 0, true);
  view.setUint16(60, shoff ? 1 : 0, true); // e_shnum
  return out;
}

/** Program headers, one after the other. */
export function encodeProgramHeaders(
  headers: readonly ProgramHeader[],
): Uint8Array {
  const out = new Uint8Array(headers.length * PHDR_SIZE);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const h of headers) {
    view.setUint32(at, h.type, true);
    view.setUint32(at + 4, h.flags, true);
    view.setBigUint64(at + 8, BigInt(h.offset), true);
    view.setBigUint64(at + 16, h.vaddr, true);
    view.setBigUint64(at + 32, BigInt(h.filesz), true);
    view.setBigUint64(at + 40, BigInt(h.memsz), true);
    view.setBigUint64(at + 48, BigInt(h.align), true);
    at += PHDR_SIZE;
  }
  return out;
}

/**
 * Section header 0 of the extended numbering: SHT_NULL with the real
 * program header count in sh_info.
 */
export function encodeExtendedNumbering(phnum: number): Uint8Array {
  const out = new Uint8Array(SHDR_SIZE);
  new DataView(out.buffer).setUint32(44, phnum, true); // sh_info
  return out;
}
