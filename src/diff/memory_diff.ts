/**
 * Page by page comparison of one range of memory in two dumps, through the
 * memory reader (so parent dumps, shared memory and memfd count), in chunks:
 * never more than two chunks are held at once.
 *
 * @module
 */
import type { MemoryExtent, ProcessMemory } from "../memory/memory.ts";

/**
 * How a range of memory differs between two dumps. A page counts as held by
 * a dump when the dump has its bytes (pages files, parents, shared memory,
 * mapped files given to the reader); pages held by both are compared, pages
 * held by one only are counted apart, pages held by neither (never written,
 * or not in the dump) are not counted.
 *
 * @example
 * ```ts
 * import type { MemoryDelta } from "@ckpt/crit";
 * const d: MemoryDelta = {
 *   pagesChanged: 1, bytesChanged: 4000, pagesOnlyInA: 0, pagesOnlyInB: 16,
 *   ranges: [[0x1e343000n, 0x1e344000n]], rangesTruncated: false,
 * };
 * ```
 */
export interface MemoryDelta {
  /** Pages held by both dumps whose bytes differ. */
  pagesChanged: number;
  /** Bytes that differ in those pages. */
  bytesChanged: number;
  /** Pages only dump A holds. */
  pagesOnlyInA: number;
  /** Pages only dump B holds. */
  pagesOnlyInB: number;
  /**
   * The changed pages as runs `[start, end)`, in address order, at most
   * `maxRanges` of them (see `rangesTruncated`).
   */
  ranges: [bigint, bigint][];
  /** Whether there were more runs than `maxRanges`. */
  rangesTruncated: boolean;
}

/**
 * Options of {@linkcode compareMemory}.
 *
 * @example
 * ```ts
 * import type { CompareMemoryOptions } from "@ckpt/crit";
 * const options: CompareMemoryOptions = { chunkSize: 1 << 20 };
 * ```
 */
export interface CompareMemoryOptions {
  /** Bytes read from each dump at a time, a multiple of the page size; default 4 MiB. */
  chunkSize?: number;
  /** Page size of the dumped machine, default 4096. */
  pageSize?: number;
  /** Only pages of A from here... */
  startA?: bigint;
  /** ...to here are A's (its mapping); default the whole range. */
  endA?: bigint;
  /** Runs of changed pages listed in `ranges`, default 256. */
  maxRanges?: number;
  /** The same bounds for B. */
  startB?: bigint;
  /** See `startB`. */
  endB?: bigint;
}

const DEFAULT_CHUNK = 4 << 20;
/** Bytes whose layout is asked at once (the reader's limit for one call). */
const WINDOW = 1n << 30n;

/** A stretch of memory `[from, to)`. */
type Run = [bigint, bigint];

/** Stretches the extents say the dump has bytes for, within [lo, hi). */
function heldRuns(extents: MemoryExtent[], lo: bigint, hi: bigint): Run[] {
  const out: Run[] = [];
  for (const e of extents) {
    if (e.source !== "dump" && e.source !== "file") continue;
    const from = e.address > lo ? e.address : lo;
    const end = e.address + BigInt(e.length);
    const to = end < hi ? end : hi;
    if (to <= from) continue;
    const last = out.at(-1);
    if (last && last[1] === from) last[1] = to;
    else out.push([from, to]);
  }
  return out;
}

/** Where two sorted lists of stretches overlap. */
function intersect(x: Run[], y: Run[]): Run[] {
  const out: Run[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const from = x[i][0] > y[j][0] ? x[i][0] : y[j][0];
    const to = x[i][1] < y[j][1] ? x[i][1] : y[j][1];
    if (from < to) out.push([from, to]);
    if (x[i][1] < y[j][1]) i++;
    else j++;
  }
  return out;
}

const size = (runs: Run[]) => runs.reduce((n, [a, b]) => n + (b - a), 0n);

/** Bytes that differ in one page: 0 when its words are all the same. */
function pageDelta(
  a: Uint8Array,
  b: Uint8Array,
  wa: Int32Array,
  wb: Int32Array,
  page: number,
  ps: number,
): number {
  const w0 = (page * ps) >> 2;
  const w1 = w0 + (ps >> 2);
  // Four words a step, no branch inside: about 3 GB/s, where a loop that
  // stops at the first difference went at 1.3 GB/s.
  let d = 0;
  for (let w = w0; w < w1; w += 4) {
    d |= (wa[w] ^ wb[w]) | (wa[w + 1] ^ wb[w + 1]) | (wa[w + 2] ^ wb[w + 2]) |
      (wa[w + 3] ^ wb[w + 3]);
  }
  if (d === 0) return 0;
  let n = 0;
  for (let i = page * ps, end = i + ps; i < end; i++) {
    if (a[i] !== b[i]) n++;
  }
  return n;
}

/**
 * Compares [start, end) of a task's memory in dump A with the same range in
 * dump B; `startA`/`endA` and `startB`/`endB` restrict each side to its
 * own mapping when the mapping's bounds changed.
 *
 * @example The heap buffer of 16a-diff-pair: three pages rewritten
 * ```ts
 * import { compareMemory, DumpMemory } from "@ckpt/crit";
 * import { denoDumpDir } from "@ckpt/crit/deno";
 * const dir = "tests/fixtures/16a-diff-pair";
 * const a = await new DumpMemory(denoDumpDir(`${dir}/a`)).process(5692);
 * const b = await new DumpMemory(denoDumpDir(`${dir}/b`)).process(5692);
 * const d = await compareMemory(a, b, 0x1e341000n, 0x1e351000n);
 * console.log(d.pagesChanged, d.bytesChanged); // 3 12003
 * ```
 */
export async function compareMemory(
  a: ProcessMemory,
  b: ProcessMemory,
  start: bigint,
  end: bigint,
  options: CompareMemoryOptions = {},
): Promise<MemoryDelta> {
  const ps = options.pageSize ?? 4096;
  const chunk = options.chunkSize ?? DEFAULT_CHUNK;
  if (!Number.isSafeInteger(ps) || ps < 256 || (ps & (ps - 1)) !== 0) {
    throw new TypeError(`pageSize must be a power of two, got ${ps}`);
  }
  if (!Number.isSafeInteger(chunk) || chunk < ps || chunk % ps !== 0) {
    throw new TypeError(
      `chunkSize must be a multiple of the page size, got ${chunk}`,
    );
  }
  if (chunk > 1 << 30) {
    throw new RangeError(`chunkSize is limited to 1 GiB, got ${chunk}`);
  }
  const page = BigInt(ps);
  if (start % page !== 0n || end % page !== 0n || end < start) {
    throw new RangeError("start and end must be page-aligned, start <= end");
  }
  const out: MemoryDelta = {
    pagesChanged: 0,
    bytesChanged: 0,
    pagesOnlyInA: 0,
    pagesOnlyInB: 0,
    ranges: [],
    rangesTruncated: false,
  };
  const maxRanges = options.maxRanges ?? 256;
  const note = (from: bigint) => {
    const last = out.ranges.at(-1);
    if (last && last[1] === from) last[1] = from + page;
    else if (out.ranges.length < maxRanges) {
      out.ranges.push([from, from + page]);
    } else out.rangesTruncated = true;
  };
  // Two buffers for the whole range: fresh ones per chunk cost page faults
  // and collections (a 1 GiB diff went at half the speed and twice the RSS).
  let bufA: Uint8Array<ArrayBuffer> | undefined;
  let bufB: Uint8Array<ArrayBuffer> | undefined;
  let wordsA: Int32Array | undefined;
  let wordsB: Int32Array | undefined;
  const compare = async (at: bigint, length: number) => {
    if (bufA === undefined || bufA.length < length) {
      // As large as the runs read, up to a chunk: a dump of many small
      // mappings is compared one call each, and a chunk for each of them
      // was most of the time (zeroing and collecting the buffers).
      bufA = new Uint8Array(length);
      bufB = new Uint8Array(length);
      wordsA = new Int32Array(bufA.buffer);
      wordsB = new Int32Array(bufB.buffer);
    }
    const ra = (await a.read(at, length, bufA)).bytes;
    const rb = (await b.read(at, length, bufB!)).bytes;
    for (let p = 0; p < length / ps; p++) {
      const n = pageDelta(ra, rb, wordsA!, wordsB!, p, ps);
      if (n > 0) {
        out.pagesChanged++;
        out.bytesChanged += n;
        note(at + BigInt(p * ps));
      }
    }
  };
  // Where each dump has bytes is known without reading them, a window at a
  // time: reserved but untouched gigabytes cost no reads and no loop.
  for (let w = start; w < end; w += WINDOW) {
    const top = end - w < WINDOW ? end : w + WINDOW;
    const length = Number(top - w);
    const clip = (lo: bigint | undefined, hi: bigint | undefined): Run => [
      lo !== undefined && lo > w ? lo : w,
      hi !== undefined && hi < top ? hi : top,
    ];
    const ra = heldRuns(
      a.layout(w, length),
      ...clip(options.startA, options.endA),
    );
    const rb = heldRuns(
      b.layout(w, length),
      ...clip(options.startB, options.endB),
    );
    const both = intersect(ra, rb);
    out.pagesOnlyInA += Number((size(ra) - size(both)) / page);
    out.pagesOnlyInB += Number((size(rb) - size(both)) / page);
    for (const [from, to] of both) {
      for (let at = from; at < to; at += BigInt(chunk)) {
        await compare(at, to - at < BigInt(chunk) ? Number(to - at) : chunk);
      }
    }
  }
  return out;
}
