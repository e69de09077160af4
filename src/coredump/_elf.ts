/**
 * The little-endian ELF64 and ELF32 pieces of a core file: file header, program
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

/** Sizes of the file header, a program header and a section header. */
export interface ElfSizes {
  ehdr: number;
  phdr: number;
  shdr: number;
}

/** ELF32 and ELF64 sizes. */
export function elfSizes(wide: boolean): ElfSizes {
  return wide
    ? { ehdr: 64, phdr: 56, shdr: 64 }
    : { ehdr: 52, phdr: 32, shdr: 40 };
}

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

/** The file header of an ET_CORE file (ELF64, or ELF32 when not `wide`). */
export function encodeElfHeader(
  wide: boolean,
  machine: number,
  phnum: number,
  shoff: number,
): Uint8Array {
  const size = elfSizes(wide);
  const out = new Uint8Array(size.ehdr);
  const view = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, wide ? 2 : 1, 1, /* LE */ 1 /* v1 */]);
  view.setUint16(16, 4, true); // ET_CORE
  view.setUint16(18, machine, true);
  view.setUint32(20, 1, true); // EV_CURRENT
  // e_entry, e_phoff, e_shoff are words; e_flags and the halves follow.
  let at = 24;
  const word = (v: number) => {
    if (wide) view.setBigUint64(at, BigInt(v), true);
    else view.setUint32(at, v, true);
    at += wide ? 8 : 4;
  };
  word(0);
  word(size.ehdr);
  word(shoff);
  at += 4; // e_flags
  for (
    const half of [
      size.ehdr,
      size.phdr,
      phnum >= PN_XNUM ? PN_XNUM : phnum,
      shoff ? size.shdr : 0,
      shoff ? 1 : 0, // e_shnum
    ]
  ) {
    view.setUint16(at, half, true);
    at += 2;
  }
  return out;
}

/** Program headers, one after the other. */
export function encodeProgramHeaders(
  wide: boolean,
  headers: readonly ProgramHeader[],
): Uint8Array {
  const size = elfSizes(wide).phdr;
  const out = new Uint8Array(headers.length * size);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const h of headers) {
    if (wide) {
      view.setUint32(at, h.type, true);
      view.setUint32(at + 4, h.flags, true);
      view.setBigUint64(at + 8, BigInt(h.offset), true);
      view.setBigUint64(at + 16, h.vaddr, true);
      view.setBigUint64(at + 32, BigInt(h.filesz), true);
      view.setBigUint64(at + 40, BigInt(h.memsz), true);
      view.setBigUint64(at + 48, BigInt(h.align), true);
    } else {
      // ELF32 puts p_flags after p_memsz.
      view.setUint32(at, h.type, true);
      view.setUint32(at + 4, h.offset, true);
      view.setUint32(at + 8, Number(h.vaddr), true);
      view.setUint32(at + 16, h.filesz, true);
      view.setUint32(at + 20, h.memsz, true);
      view.setUint32(at + 24, h.flags, true);
      view.setUint32(at + 28, h.align, true);
    }
    at += size;
  }
  return out;
}

/**
 * Section header 0 of the extended numbering: SHT_NULL with the real
 * program header count in sh_info.
 */
export function encodeExtendedNumbering(
  wide: boolean,
  phnum: number,
): Uint8Array {
  const out = new Uint8Array(elfSizes(wide).shdr);
  // sh_info follows sh_name, sh_type, sh_flags, sh_addr, sh_offset,
  // sh_size and sh_link.
  new DataView(out.buffer).setUint32(wide ? 44 : 28, phnum, true);
  return out;
}
