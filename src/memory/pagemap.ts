/**
 * Pagemap images as runs of pages, and where each page of a dump chain
 * lives: in a pages file, in a parent dump, or nowhere.
 */
import { PE } from "../dump/constants.ts";
import type { JsonObject, JsonValue } from "../json/types.ts";
import { CriuImageError } from "../wire/errors.ts";

/** One pagemap entry, in page units. */
export interface Run {
  /** First page number (address or shmem offset divided by the page size). */
  page: number;
  /** Number of pages. */
  count: number;
  /** PE_* bits, after the pre-4.2 conversions. */
  flags: number;
  /** Byte offset of the first page in the pages file; -1 unless PE_PRESENT. */
  offset: number;
  /** Index of the entry in the image (the head is 0), for error messages. */
  index: number;
  /** Byte offset of the entry in the image, for error messages. */
  at: number;
}

/** A decoded pagemap: its pages file and its runs sorted by page. */
export interface PageMap {
  /** Image name, with any `parent/` prefix. */
  image: string;
  /** The pages file the PE_PRESENT runs point into, same prefix. */
  pagesFile: string;
  runs: Run[];
  /** Bytes of the pages file the runs use. */
  pagesBytes: number;
}

/** An integer field as a non-negative safe number, or undefined. */
function count(v: JsonValue | undefined): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = typeof v === "bigint" ? Number(v) : v;
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0
    ? n
    : undefined;
}

/** Page number of a 64-bit byte value; exact for all of 2^64 with 4 KiB pages. */
export function pageOf(v: JsonValue | undefined, shift: number): number {
  if (typeof v === "bigint") return Number(v >> BigInt(shift));
  if (typeof v === "number") return Math.floor(v / 2 ** shift);
  return 0;
}

function bad(
  image: string,
  index: number,
  offsets: readonly number[],
  detail: string,
): CriuImageError {
  return new CriuImageError(`${image}: ${detail}`, {
    offset: offsets[index] ?? 0,
    entryIndex: index,
    magic: "PAGEMAP",
  });
}

/** Byte offset of each entry (its size word) in a framed image. */
export function entryOffsets(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const out: number[] = [];
  // Two magic words: IMG_COMMON, then the image's own magic.
  let at = 8;
  while (at + 4 <= bytes.length) {
    out.push(at);
    at += 4 + view.getUint32(at, true);
  }
  return out;
}

/**
 * Turns decoded pagemap entries into runs. Pages file offsets advance only
 * over PE_PRESENT entries, in image order (CRIU writes pages in that order).
 * Pagemaps from before CRIU 4.2 carry the page count in field 2
 * (`compat_nr_pages`) and may carry `in_parent` instead of flags.
 */
export function buildPageMap(
  image: string,
  prefix: string,
  entries: readonly JsonObject[],
  offsets: readonly number[],
  shift: number,
): PageMap {
  const pagesId = count(entries[0]?.pages_id);
  if (pagesId === undefined) {
    throw bad(image, 0, offsets, "the head entry has no pages_id");
  }
  const runs: Run[] = [];
  let offset = 0;
  for (let i = 1; i < entries.length; i++) {
    const e = entries[i];
    const n = count(e.nr_pages) ?? count(e.compat_nr_pages);
    if (n === undefined) throw bad(image, i, offsets, "bad page count");
    let flags = count(e.flags);
    // CRIU converts old entries the same way when it restores them.
    if (e.in_parent === true) flags = (flags ?? 0) | PE.PARENT;
    else if (flags === undefined) flags = PE.PRESENT;
    if (n === 0) continue;
    runs.push({
      page: pageOf(e.vaddr, shift),
      count: n,
      flags,
      offset: flags & PE.PRESENT ? offset : -1,
      index: i,
      at: offsets[i] ?? 0,
    });
    if (flags & PE.PRESENT) offset += n * 2 ** shift;
  }
  runs.sort((a, b) => a.page - b.page);
  for (let i = 1; i < runs.length; i++) {
    const prev = runs[i - 1];
    if (runs[i].page < prev.page + prev.count) {
      throw bad(
        image,
        runs[i].index,
        offsets,
        `entry ${runs[i].index} overlaps entry ${prev.index}`,
      );
    }
  }
  return {
    image: prefix + image,
    pagesFile: `${prefix}pages-${pagesId}.img`,
    runs,
    pagesBytes: offset,
  };
}

/** Index of the first run that ends after `page`, or runs.length. */
export function firstRunAfter(runs: readonly Run[], page: number): number {
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const r = runs[mid];
    if (r.page + r.count <= page) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Why bytes cannot be read from the dump: `unmapped` (no VMA there),
 * `file` (the mapped file was not given), `lazy` (PE_LAZY pages left out of
 * the images), `parent` (PE_PARENT pages the parent dump lacks), `special`
 * (mappings CRIU does not dump: [vvar], [vsyscall], packet rings),
 * `image` (an image the pages should be in is not in the dump).
 *
 * @example
 * ```ts
 * import type { MissingReason } from "@ckpt/crit";
 * const fixable: MissingReason[] = ["file"];
 * ```
 */
export type MissingReason =
  | "unmapped"
  | "file"
  | "lazy"
  | "parent"
  | "special"
  | "image";

/** A stretch of pages and where its bytes come from. */
export type Extent =
  | { kind: "dump"; page: number; count: number; file: string; offset: number }
  | { kind: "zero"; page: number; count: number }
  | { kind: "file"; page: number; count: number; path: string; offset: number }
  | { kind: "missing"; page: number; count: number; reason: MissingReason }
  /** Not in the pagemap: the mapping decides (zeros, file, shmem). */
  | { kind: "absent"; page: number; count: number };

/** Appends `e`, merging it into the last extent when it continues it. */
export function pushExtent(out: Extent[], e: Extent, pageSize: number): void {
  const last = out[out.length - 1];
  if (
    last !== undefined && last.kind === e.kind &&
    last.page + last.count === e.page
  ) {
    switch (e.kind) {
      case "zero":
      case "absent":
        last.count += e.count;
        return;
      case "missing":
        if ((last as typeof e).reason === e.reason) {
          last.count += e.count;
          return;
        }
        break;
      case "dump":
        if (
          (last as typeof e).file === e.file &&
          (last as typeof e).offset + last.count * pageSize === e.offset
        ) {
          last.count += e.count;
          return;
        }
        break;
      case "file":
        if (
          (last as typeof e).path === e.path &&
          (last as typeof e).offset + last.count * pageSize === e.offset
        ) {
          last.count += e.count;
          return;
        }
        break;
    }
  }
  out.push(e);
}

/** One pagemap image and the chain of parent dumps behind it. */
export class PageChain {
  readonly map: PageMap | undefined;
  readonly parent: PageChain | undefined;
  constructor(map: PageMap | undefined, parent: PageChain | undefined) {
    this.map = map;
    this.parent = parent;
  }

  /**
   * Extents for pages [page, page + n) at `delta` pages from where they sit
   * in this pagemap (shmem offsets differ from addresses). Pages the
   * pagemap does not list are "absent" at the top of the chain; below it a
   * PE_PARENT page the parent lacks is missing.
   */
  resolve(
    page: number,
    n: number,
    delta: number,
    out: Extent[],
    pageSize: number,
    inParent = false,
  ): void {
    const end = page + n;
    const gap = (from: number, to: number) => {
      if (to <= from) return;
      pushExtent(
        out,
        inParent
          ? {
            kind: "missing",
            page: from + delta,
            count: to - from,
            reason: "parent",
          }
          : { kind: "absent", page: from + delta, count: to - from },
        pageSize,
      );
    };
    const runs = this.map?.runs ?? [];
    let at = page;
    for (let i = firstRunAfter(runs, page); i < runs.length && at < end; i++) {
      const r = runs[i];
      if (r.page >= end) break;
      gap(at, r.page);
      const from = Math.max(at, r.page);
      const to = Math.min(end, r.page + r.count);
      if (r.flags & PE.PRESENT) {
        pushExtent(out, {
          kind: "dump",
          page: from + delta,
          count: to - from,
          file: this.map!.pagesFile,
          offset: r.offset + (from - r.page) * pageSize,
        }, pageSize);
      } else if (r.flags & PE.PARENT) {
        if (this.parent?.map) {
          this.parent.resolve(from, to - from, delta, out, pageSize, true);
        } else {
          pushExtent(out, {
            kind: "missing",
            page: from + delta,
            count: to - from,
            reason: "parent",
          }, pageSize);
        }
      } else if (r.flags & PE.LAZY) {
        pushExtent(out, {
          kind: "missing",
          page: from + delta,
          count: to - from,
          reason: "lazy",
        }, pageSize);
      } else {
        gap(from, to);
      }
      at = to;
    }
    gap(at, end);
  }
}

/** A reason as words, for messages. */
export const MISSING_TEXT: Record<MissingReason, string> = {
  unmapped: "not mapped",
  file: "the mapped file was not given",
  lazy: "lazy pages left out of the images",
  parent: "in a parent dump that is not there",
  special: "a mapping CRIU does not dump",
  image: "the image holding them is not in the dump",
};
