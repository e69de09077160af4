/**
 * The members of a plain tar archive, found by reading only its headers.
 *
 * @module
 */
import type { ByteSource } from "./byte_source.ts";
import { ArchiveError } from "./archive_error.ts";

/** What kind of thing a member is; only `file` members have data to read. */
export type MemberType =
  | "file"
  | "directory"
  | "symlink"
  | "hardlink"
  | "device"
  | "fifo"
  | "other";

/**
 * One member of a tar archive.
 *
 * @example
 * ```ts
 * import type { TarMember } from "@ckpt/crit";
 * const m: TarMember = { name: "checkpoint/pstree.img", type: "file", size: 64, offset: 1536 };
 * ```
 */
export interface TarMember {
  /** The name as the archive spells it (pax and GNU long names applied). */
  name: string;
  /** The kind of member. */
  type: MemberType;
  /** Its data size in bytes (0 for all but files). */
  size: number;
  /** Where its data starts in the archive. */
  offset: number;
  /** For links: the target, never followed. */
  linkname?: string;
}

const BLOCK = 512;
/** pax and GNU long-name records longer than this are not names. */
const MAX_EXTENDED = 1 << 20;
/**
 * The most members an archive may have: a checkpoint has a few per task;
 * millions of empty members would only fill memory with their index.
 */
export const MAX_MEMBERS = 1_000_000;

/** The error for an archive past its member limit. */
export function tooManyMembers(limit: number): RangeError {
  return new RangeError(`the archive has more than ${limit} members`);
}

const TYPES: Record<string, MemberType> = {
  "0": "file",
  "\0": "file",
  "7": "file",
  "1": "hardlink",
  "2": "symlink",
  "3": "device",
  "4": "device",
  "5": "directory",
  "6": "fifo",
};

const latin1 = new TextDecoder("latin1");
const utf8 = new TextDecoder();

/** A NUL-terminated field: UTF-8 when it is, else byte for byte. */
function field(block: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && block[end] !== 0) end++;
  const bytes = block.subarray(start, end);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(
      bytes,
    );
  } catch {
    return latin1.decode(bytes);
  }
}

/** An octal number field, or GNU's base-256 form (high bit of the first byte set). */
function number(block: Uint8Array, start: number, length: number): number {
  if (block[start] & 0x80) {
    let v = block[start] & 0x7f;
    for (let i = start + 1; i < start + length; i++) {
      v = v * 256 + block[i];
      if (v > Number.MAX_SAFE_INTEGER) {
        throw new ArchiveError("corrupt tar header: a size too large");
      }
    }
    return v;
  }
  const text = latin1.decode(block.subarray(start, start + length))
    .replace(/[\0 ]+$/, "").replace(/^ +/, "");
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text)) {
    throw new ArchiveError(
      `corrupt tar header: '${text}' is not an octal number`,
    );
  }
  return parseInt(text, 8);
}

/**
 * Whether a field may hold an octal number: GNU's base-256 form, or only
 * octal digits, spaces and NULs. Anything else fails `number`, which costs
 * an exception: most files `crit decode` is given are images, whose bytes
 * there are binary.
 */
function mayBeOctal(block: Uint8Array, start: number, length: number): boolean {
  if (block[start] & 0x80) return true;
  for (let i = start; i < start + length; i++) {
    const b = block[i];
    if (b !== 0 && b !== 0x20 && (b < 0x30 || b > 0x37)) return false;
  }
  return true;
}

/** Whether the header's checksum (unsigned or signed sum, as tar accepts) holds. */
function checksumHolds(block: Uint8Array): boolean {
  const stored = number(block, 148, 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i];
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return stored === unsigned || stored === signed;
}

/** The `path` and `linkpath` records of a pax extended header. */
function paxRecords(data: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space < 0) break;
    const length = Number(latin1.decode(data.subarray(at, space)));
    if (
      !Number.isSafeInteger(length) || length <= 0 || at + length > data.length
    ) {
      throw new ArchiveError("corrupt tar: a pax record's length is wrong");
    }
    const record = utf8.decode(data.subarray(space + 1, at + length - 1));
    const eq = record.indexOf("=");
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    at += length;
  }
  return out;
}

/**
 * Whether `block` is a tar header (its checksum holds): how a plain tar is
 * told from other bytes, since tar has no magic number of its own.
 *
 * @example
 * ```ts
 * import { isTarHeader } from "@ckpt/crit";
 * console.assert(!isTarHeader(new Uint8Array(512).fill(65)));
 * ```
 */
export function isTarHeader(block: Uint8Array): boolean {
  if (block.length < BLOCK || !mayBeOctal(block, 148, 8)) return false;
  try {
    return checksumHolds(block);
  } catch {
    return false;
  }
}

/**
 * Lists the members of a plain (uncompressed) tar archive by reading its
 * headers only: one 512-byte read per member, then a seek past its data,
 * so a member of a gigabyte costs what an empty one does. ustar, pax
 * (`path`, `linkpath`, `size`) and GNU long names are understood.
 *
 * @throws {ArchiveError} a header whose checksum fails, a member that runs
 * past the end of the source (truncated), or no end-of-archive and no data.
 * @throws {RangeError} more than `maxMembers` (default {@linkcode MAX_MEMBERS}) members.
 *
 * @example
 * ```ts
 * import { bytesSource, indexTar } from "@ckpt/crit";
 * const empty = new Uint8Array(1024); // two zero blocks: an empty archive
 * console.assert((await indexTar(bytesSource(empty))).length === 0);
 * ```
 */
export async function indexTar(
  source: ByteSource,
  maxMembers: number = MAX_MEMBERS,
): Promise<TarMember[]> {
  const members: TarMember[] = [];
  const block = new Uint8Array(BLOCK);
  let at = 0;
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  while (true) {
    if (at + BLOCK > source.size) {
      if (at >= source.size && members.length > 0) return members;
      throw new ArchiveError(
        `truncated tar: the archive ends inside a header at byte ${at}`,
      );
    }
    const header = await source.read(at, BLOCK, block);
    if (header.length < BLOCK) {
      throw new ArchiveError(
        `truncated tar: the archive ends inside a header at byte ${at}`,
      );
    }
    if (header.every((b) => b === 0)) return members;
    if (!checksumHolds(header)) {
      throw new ArchiveError(
        at === 0
          ? "not a tar archive (nor gzip, zstd, bzip2 or xz)"
          : `corrupt tar: bad header checksum at byte ${at}`,
      );
    }
    const flag = String.fromCharCode(header[156]);
    let size = number(header, 124, 12);
    if (pax.size !== undefined && /^[0-9]+$/.test(pax.size)) {
      size = Number(pax.size);
    }
    const dataAt = at + BLOCK;
    if (!Number.isSafeInteger(size) || dataAt + size > source.size) {
      throw new ArchiveError(
        `truncated tar: member '${
          field(header, 0, 100)
        }' needs ${size} bytes, the archive ends first`,
      );
    }
    const next = dataAt + Math.ceil(size / BLOCK) * BLOCK;
    if (flag === "x" || flag === "L" || flag === "K" || flag === "g") {
      if (size > MAX_EXTENDED) {
        throw new ArchiveError(
          `corrupt tar: an extended header of ${size} bytes at byte ${at}`,
        );
      }
      const data = await source.read(dataAt, size);
      if (flag === "x") pax = paxRecords(data);
      else if (flag === "L") longName = field(data, 0, data.length);
      else if (flag === "K") longLink = field(data, 0, data.length);
      at = next;
      continue;
    }
    const prefix = header[257] === 0x75 /* "u"star */
      ? field(header, 345, 155)
      : "";
    const short = field(header, 0, 100);
    const name = pax.path ?? longName ??
      (prefix ? `${prefix}/${short}` : short);
    const type = TYPES[flag] ?? "other";
    const member: TarMember = {
      name,
      type,
      size: type === "file" ? size : 0,
      offset: dataAt,
    };
    if (type === "symlink" || type === "hardlink") {
      member.linkname = pax.linkpath ?? longLink ?? field(header, 157, 100);
    }
    members.push(member);
    if (members.length > maxMembers) throw tooManyMembers(maxMembers);
    pax = {};
    longName = longLink = undefined;
    at = next;
  }
}
