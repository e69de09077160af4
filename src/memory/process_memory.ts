/** The memory of one task: reads, layout, search, argv and environment. */
import type {
  MemoryExtent,
  MemoryMapping,
  MemoryMatch,
  MemoryRead,
  MissingRange,
  ProcessArgs,
  SearchOptions,
} from "./types.ts";
import { big, type Loader, MAX_READ } from "./_loader.ts";
import { describeVma, type Vma } from "./_vma.ts";
import type { JsonObject, JsonValue } from "../json/types.ts";
import {
  type Extent,
  type MissingReason,
  type PageChain,
  pageOf,
  pushExtent,
} from "./pagemap.ts";
import {
  type Found,
  LiteralSearcher,
  RegexSearcher,
  type Searcher,
} from "./search.ts";

let create: (loader: Loader, pid: number) => Promise<ProcessMemory>;

/** The memory of task `pid`; throws when the dump has no mm image for it. */
export function openProcessMemory(
  loader: Loader,
  pid: number,
): Promise<ProcessMemory> {
  return create(loader, pid);
}

/**
 * The memory of one task of a dump. Get one from
 * {@linkcode DumpMemory.process}.
 *
 * @example Read a task's argv and the bytes at an address
 * ```ts
 * import { DumpMemory } from "@ckpt/crit";
 * import { denoDumpDir } from "@ckpt/crit/deno";
 * const dir = denoDumpDir("tests/fixtures/14a-memory-truth");
 * const mem = await new DumpMemory(dir).process(10726);
 * const { argv } = await mem.args();
 * console.log(new TextDecoder().decode(argv[0])); // "/opt/critfix/bin/memtruth"
 * const { bytes, missing } = await mem.read(0x7ffc683d1b10n, 6);
 * console.log(new TextDecoder().decode(bytes), missing.length); // "NEEDLE" 0
 * ```
 */
export class ProcessMemory {
  /** The task's pid. */
  readonly pid: number;
  /** Its VMAs in address order, with what the dump holds of each. */
  readonly mappings: readonly MemoryMapping[];
  #loader: Loader;
  #vmas: Vma[];
  #own: PageChain;
  #mm: JsonObject;

  static {
    create = async (loader, pid) => {
      const mm = (await loader.mm(pid))?.[0];
      if (!mm) {
        throw new Error(
          `the dump has no mm-${pid}.img (the task is not in the dump, or is a zombie)`,
        );
      }
      const own = await loader.chain(`pagemap-${pid}.img`);
      const vmas: Vma[] = [];
      for (const v of (mm.vmas ?? []) as JsonObject[]) {
        const first = pageOf(v.start, loader.shift);
        const last = pageOf(v.end, loader.shift);
        if (last <= first) continue;
        vmas.push({ first, last, ...await describeVma(loader, v) });
      }
      vmas.sort((a, b) => a.first - b.first);
      return new ProcessMemory(loader, pid, mm, own, vmas);
    };
  }

  private constructor(
    loader: Loader,
    pid: number,
    mm: JsonObject,
    own: PageChain,
    vmas: Vma[],
  ) {
    this.pid = pid;
    this.#loader = loader;
    this.#mm = mm;
    this.#own = own;
    this.#vmas = vmas;
    for (const v of vmas) {
      const m = v.mapping;
      m.pages = v.last - v.first;
      const reasons = new Set<MissingReason>();
      for (const e of this.#vmaExtents(v, v.first, v.last)) {
        if (e.kind === "dump") m.dumped += e.count;
        else if (e.kind === "zero") m.zero += e.count;
        else if (e.kind === "file") m.file += e.count;
        else if (e.kind === "missing") {
          m.missing += e.count;
          reasons.add(e.reason);
        }
      }
      m.missingReasons = [...reasons];
    }
    this.mappings = vmas.map((v) => v.mapping);
  }

  /** Extents of pages [p, q) of `v`, no "absent" left. */
  #vmaExtents(v: Vma, p: number, q: number): Extent[] {
    const ps = this.#loader.pageSize;
    const out: Extent[] = [];
    if (!v.own) {
      this.#fill(v, p, q - p, out);
      return out;
    }
    if (!this.#own.map) {
      pushExtent(out, {
        kind: "missing",
        page: p,
        count: q - p,
        reason: "image",
      }, ps);
      return out;
    }
    const own: Extent[] = [];
    this.#own.resolve(p, q - p, 0, own, ps);
    for (const e of own) {
      if (e.kind === "absent") this.#fill(v, e.page, e.count, out);
      else pushExtent(out, e, ps);
    }
    return out;
  }

  /** Pages the process pagemap does not hold, by the mapping's kind. */
  #fill(v: Vma, page: number, count: number, out: Extent[]): void {
    const ps = this.#loader.pageSize;
    switch (v.fill) {
      case "zero":
        pushExtent(out, { kind: "zero", page, count }, ps);
        return;
      case "file":
        pushExtent(out, {
          kind: "file",
          page,
          count,
          path: v.path!,
          offset: Number(v.mapping.offset) + (page - v.first) * ps,
        }, ps);
        return;
      case "shmem": {
        const base = pageOf(v.mapping.offset, this.#loader.shift);
        const delta = v.first - base;
        const tmp: Extent[] = [];
        v.shmem!.resolve(page - delta, count, delta, tmp, ps);
        for (const e of tmp) {
          pushExtent(
            out,
            e.kind === "absent"
              ? { kind: "zero", page: e.page, count: e.count }
              : e,
            ps,
          );
        }
        return;
      }
      default:
        pushExtent(out, {
          kind: "missing",
          page,
          count,
          reason: v.fill === "special"
            ? "special"
            : (v.mapping.kind === "file" || v.mapping.kind === "file-shared")
            ? "file"
            : "image",
        }, ps);
    }
  }

  /** Extents of pages [p, q) of the address space, gaps included. */
  #extents(p: number, q: number): Extent[] {
    const ps = this.#loader.pageSize;
    const out: Extent[] = [];
    let at = p;
    let lo = 0;
    let hi = this.#vmas.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#vmas[mid].last <= p) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.#vmas.length && at < q; i++) {
      const v = this.#vmas[i];
      if (v.first >= q) break;
      if (v.first > at) {
        pushExtent(out, {
          kind: "missing",
          page: at,
          count: v.first - at,
          reason: "unmapped",
        }, ps);
        at = v.first;
      }
      const to = Math.min(q, v.last);
      // Overlapping VMAs (a malformed mm image) count once.
      if (to <= at) continue;
      for (const e of this.#vmaExtents(v, at, to)) pushExtent(out, e, ps);
      at = to;
    }
    if (at < q) {
      pushExtent(out, {
        kind: "missing",
        page: at,
        count: q - at,
        reason: "unmapped",
      }, ps);
    }
    return out;
  }

  #range(address: bigint | number, length: number): [bigint, number, number] {
    if (typeof address === "number") {
      if (!Number.isSafeInteger(address) || address < 0) {
        throw new TypeError(
          `address must be a non-negative integer, got ${address}`,
        );
      }
      address = BigInt(address);
    } else if (typeof address !== "bigint" || address < 0n) {
      throw new TypeError(
        `address must be a non-negative integer, got ${address}`,
      );
    }
    if (!Number.isSafeInteger(length) || length < 0) {
      throw new TypeError(
        `length must be a non-negative integer, got ${length}`,
      );
    }
    if (length > MAX_READ) {
      throw new RangeError(
        `cannot read more than ${MAX_READ} bytes at once, asked for ${length}`,
      );
    }
    if (address + BigInt(length) > 1n << 64n) {
      throw new RangeError(
        `0x${address.toString(16)} + ${length} is beyond 2^64`,
      );
    }
    const shift = BigInt(this.#loader.shift);
    const first = Number(address >> shift);
    const last = Number(
      (address + BigInt(length) + (1n << shift) - 1n) >> shift,
    );
    return [address, first, last];
  }

  /**
   * Checks that every pages file this task's memory comes from holds the
   * pages its pagemap says, without reading them; throws the
   * `CriuImageError` a read would. A pages file that is missing altogether
   * is not an error here: its pages read as missing (reason `image`).
   *
   * @example
   * ```ts
   * import { DumpMemory } from "@ckpt/crit";
   * import { denoDumpDir } from "@ckpt/crit/deno";
   * const dir = denoDumpDir("tests/fixtures/14a-memory-truth");
   * await (await new DumpMemory(dir).process(10726)).verify();
   * ```
   */
  async verify(): Promise<void> {
    const chains = [this.#own, ...this.#vmas.map((v) => v.shmem)];
    for (let chain of chains) {
      for (; chain !== undefined; chain = chain.parent) {
        const map = chain.map;
        if (map && map.pagesBytes > 0) {
          await this.#loader.present(map.pagesFile);
        }
      }
    }
  }

  /**
   * Where the bytes of [address, address + length) come from, without
   * reading them.
   *
   * @example
   * ```ts
   * import { DumpMemory } from "@ckpt/crit";
   * import { denoDumpDir } from "@ckpt/crit/deno";
   * const dir = denoDumpDir("tests/fixtures/14a-memory-truth");
   * const mem = await new DumpMemory(dir).process(10726);
   * // The first page of the program's file mapping was not dumped.
   * const gaps = mem.layout(0x55c8da1ca000n, 4096).filter((e) => e.source === "missing");
   * console.log(gaps[0].reason); // "file"
   * ```
   */
  layout(address: bigint | number, length: number): MemoryExtent[] {
    const [start, first, last] = this.#range(address, length);
    const ps = BigInt(this.#loader.pageSize);
    const end = start + BigInt(length);
    const out: MemoryExtent[] = [];
    if (length === 0) return out;
    for (const e of this.#extents(first, last)) {
      const a = BigInt(e.page) * ps;
      const from = a > start ? a : start;
      const b = a + BigInt(e.count) * ps;
      const to = b < end ? b : end;
      const x: MemoryExtent = {
        address: from,
        length: Number(to - from),
        source: e.kind === "absent" ? "zero" : e.kind,
      };
      if (e.kind === "missing") x.reason = e.reason;
      out.push(x);
    }
    return out;
  }

  /**
   * The bytes at [address, address + length). Bytes the dump does not have
   * (unmapped, special mappings, files not given, lazy or parent pages
   * missing) read as zeros and are listed in `missing`. With `into` (at
   * least `length` bytes) the bytes are read into it and `bytes` is a view
   * of it, so a caller going through a large range reuses one buffer.
   *
   * @example
   * ```ts
   * import { DumpMemory } from "@ckpt/crit";
   * import { denoDumpDir } from "@ckpt/crit/deno";
   * const dir = denoDumpDir("tests/fixtures/14a-memory-truth");
   * const mem = await new DumpMemory(dir).process(10726);
   * const { bytes, missing } = await mem.read(0x55c8e829b2a0n, 6);
   * if (missing.length === 0) console.log(new TextDecoder().decode(bytes)); // "NEEDLE"
   * ```
   */
  async read(
    address: bigint | number,
    length: number,
    into?: Uint8Array<ArrayBuffer>,
  ): Promise<MemoryRead> {
    const [start, first, last] = this.#range(address, length);
    const ps = this.#loader.pageSize;
    if (into !== undefined && !(into instanceof Uint8Array)) {
      throw new TypeError("into must be a Uint8Array");
    }
    if (into !== undefined && into.length < length) {
      throw new RangeError(`into holds ${into.length} bytes, not ${length}`);
    }
    const bytes = into ? into.subarray(0, length) : new Uint8Array(length);
    // A fresh array is zeros already; a reused one is zeroed where nothing is read.
    const zero = (from: number, to: number) => {
      if (into) bytes.fill(0, from, to);
    };
    const missing: MissingRange[] = [];
    if (length === 0) return { bytes, missing };
    // Byte position in `bytes` of the start of page `first`.
    const skip = Number(start - (BigInt(first) << BigInt(this.#loader.shift)));
    for (const e of this.#extents(first, last)) {
      const rel = (e.page - first) * ps - skip;
      const from = Math.max(0, rel);
      const to = Math.min(length, rel + e.count * ps);
      if (to <= from) continue;
      const within = from - rel;
      switch (e.kind) {
        case "dump":
          if (await this.#loader.present(e.file)) {
            const got = await this.#loader.pages(
              e.file,
              e.offset + within,
              to - from,
              bytes.subarray(from, to),
            );
            // Read in place unless the DumpDir gave bytes of its own.
            if (
              got.byteOffset !== bytes.byteOffset + from ||
              got.buffer !== bytes.buffer
            ) {
              bytes.set(got, from);
            }
          } else {
            zero(from, to);
            missing.push({
              address: start + BigInt(from),
              length: to - from,
              reason: "image",
            });
          }
          break;
        case "file": {
          const got = await this.#loader.readMappedFile!(
            e.path,
            e.offset + within,
            to - from,
          );
          if (got === undefined) {
            zero(from, to);
            missing.push({
              address: start + BigInt(from),
              length: to - from,
              reason: "file",
            });
          } else {
            const part = got.subarray(0, to - from);
            bytes.set(part, from);
            zero(from + part.length, to);
          }
          break;
        }
        case "missing":
          zero(from, to);
          missing.push({
            address: start + BigInt(from),
            length: to - from,
            reason: e.reason,
          });
          break;
        default:
          zero(from, to);
      }
    }
    return { bytes, missing };
  }

  /**
   * Memory in address order as blocks for a searcher: dumped and file
   * bytes, the edges of zero runs (`edge` bytes each), nothing for missing
   * bytes. Pages files are read through a window, so sparse pages that lie
   * together in the file cost one read.
   */
  async *#blocks(edge: number): AsyncGenerator<[bigint, Uint8Array]> {
    const loader = this.#loader;
    const ps = loader.pageSize;
    const chunk = loader.chunkSize;
    const zeros = new Uint8Array(2 * edge + ps);
    let winFile = "";
    let winStart = 0;
    let win: Uint8Array = new Uint8Array(0);
    // One buffer for the whole walk: a fresh one per chunk costs page
    // faults and garbage collections that halve the speed.
    let buffer: Uint8Array | undefined;
    for (const v of this.#vmas) {
      for (const e of this.#vmaExtents(v, v.first, v.last)) {
        const addr = BigInt(e.page) << BigInt(loader.shift);
        const size = e.count * ps;
        if (e.kind === "dump") {
          if (!(await loader.present(e.file))) continue;
          for (let off = 0; off < size; off += chunk) {
            const n = Math.min(chunk, size - off);
            const at = e.offset + off;
            if (
              winFile !== e.file || at < winStart ||
              at + n > winStart + win.length
            ) {
              winFile = e.file;
              winStart = at;
              const want = Math.min(chunk, loader.pagesAvailable(e.file, at));
              if (!buffer || buffer.length < want) {
                buffer = new Uint8Array(want);
              }
              win = await loader.pages(e.file, at, want, buffer);
            }
            yield [
              addr + BigInt(off),
              win.subarray(at - winStart, at - winStart + n),
            ];
          }
        } else if (e.kind === "file") {
          for (let off = 0; off < size; off += chunk) {
            const n = Math.min(chunk, size - off);
            const got = await loader.readMappedFile!(e.path, e.offset + off, n);
            if (got === undefined) break;
            const block = got.length >= n
              ? got.subarray(0, n)
              : new Uint8Array(n);
            if (got.length < n) block.set(got);
            yield [addr + BigInt(off), block];
          }
        } else if (e.kind === "zero" && edge > 0) {
          if (size <= zeros.length) {
            yield [addr, zeros.subarray(0, size)];
          } else {
            yield [addr, zeros.subarray(0, edge)];
            yield [addr + BigInt(size - edge), zeros.subarray(0, edge)];
          }
        }
      }
    }
  }

  async #match(f: Found, context: number): Promise<MemoryMatch> {
    let before: Uint8Array = new Uint8Array(0);
    let after: Uint8Array = new Uint8Array(0);
    if (context > 0) {
      const lo = f.address >= BigInt(context)
        ? f.address - BigInt(context)
        : 0n;
      const b = await this.read(lo, Number(f.address - lo));
      const cut = b.missing.length
        ? Number(b.missing.at(-1)!.address - lo) + b.missing.at(-1)!.length
        : 0;
      before = b.bytes.subarray(cut);
      const end = f.address + BigInt(f.bytes.length);
      const room = (1n << 64n) - end;
      const a = await this.read(
        end,
        Number(room < BigInt(context) ? room : BigInt(context)),
      );
      after = a.missing.length
        ? a.bytes.subarray(0, Number(a.missing[0].address - end))
        : a.bytes;
    }
    return {
      pid: this.pid,
      address: f.address,
      bytes: f.bytes,
      before,
      after,
      mapping: this.#mappingAt(f.address),
    };
  }

  #mappingAt(address: bigint): MemoryMapping {
    const page = Number(address >> BigInt(this.#loader.shift));
    return this.#vmas.find((v) => v.first <= page && page < v.last)!.mapping;
  }

  /**
   * Every match of `pattern` in the task's memory, in address order. A
   * string is searched as its UTF-8 bytes, a `Uint8Array` as bytes (every
   * occurrence, overlapping ones too), a RegExp over the bytes as
   * characters 0-255 (non-overlapping, non-empty matches). Matches may span
   * pages, pagemap entries and adjacent mappings; stretches never written
   * (zeros not in the dump) are searched only as far as a match can reach
   * into them from written memory, and missing bytes end a stretch.
   *
   * @example
   * ```ts
   * import { DumpMemory } from "@ckpt/crit";
   * import { denoDumpDir } from "@ckpt/crit/deno";
   * const dir = denoDumpDir("tests/fixtures/14a-memory-truth");
   * const mem = await new DumpMemory(dir).process(10726);
   * for await (const m of mem.search("NEEDLE")) console.log(m.address.toString(16));
   * ```
   */
  async *search(
    pattern: string | Uint8Array | RegExp,
    options: SearchOptions = {},
  ): AsyncGenerator<MemoryMatch> {
    const { searcher, context } = makeSearcher(pattern, options);
    for await (const [address, bytes] of this.#blocks(searcher.edge)) {
      for (const f of searcher.feed(address, bytes)) {
        yield await this.#match(f, context);
      }
    }
    for (const f of searcher.finish()) yield await this.#match(f, context);
  }

  /**
   * argv and environment, read from the memory between mm_arg_start and
   * mm_arg_end, mm_env_start and mm_env_end.
   *
   * @example
   * ```ts
   * import { DumpMemory } from "@ckpt/crit";
   * import { denoDumpDir } from "@ckpt/crit/deno";
   * const dir = denoDumpDir("tests/fixtures/14a-memory-truth");
   * const mem = await new DumpMemory(dir).process(10726);
   * const { argv, env } = await mem.args();
   * ```
   */
  async args(): Promise<ProcessArgs> {
    const mm = this.#mm;
    const part = async (
      from: JsonValue | undefined,
      to: JsonValue | undefined,
    ) => {
      const a = big(from);
      const b = big(to);
      return b > a
        ? await this.read(a, Number(b - a))
        : { bytes: new Uint8Array(0), missing: [] };
    };
    const arg = await part(mm.mm_arg_start, mm.mm_arg_end);
    const env = await part(mm.mm_env_start, mm.mm_env_end);
    return {
      argv: splitNul(arg, big(mm.mm_arg_start)),
      env: splitNul(env, big(mm.mm_env_start)),
      missing: [...arg.missing, ...env.missing],
    };
  }
}

function splitNul({ bytes, missing }: MemoryRead, start: bigint): Uint8Array[] {
  // Zeros standing in for missing bytes are not separators.
  if (missing.length) {
    bytes = bytes.subarray(0, Number(missing[0].address - start));
  }
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    let end = bytes.indexOf(0, at);
    if (end === -1) end = bytes.length;
    out.push(bytes.slice(at, end));
    at = end + 1;
  }
  return out;
}

function makeSearcher(
  pattern: string | Uint8Array | RegExp,
  options: SearchOptions,
): { searcher: Searcher; context: number } {
  if (options === null || typeof options !== "object") {
    throw new TypeError("options must be an object");
  }
  const context = options.context ?? 0;
  if (!Number.isSafeInteger(context) || context < 0) {
    throw new TypeError(
      `context must be a non-negative integer, got ${context}`,
    );
  }
  if (context > 1 << 20) {
    throw new RangeError(`context is limited to 1 MiB, got ${context}`);
  }
  if (pattern instanceof RegExp) {
    const max = options.maxMatchLength ?? 4096;
    if (!Number.isSafeInteger(max) || max < 1) {
      throw new TypeError(
        `maxMatchLength must be a positive integer, got ${max}`,
      );
    }
    if (max > 1 << 20) {
      throw new RangeError(`maxMatchLength is limited to 1 MiB, got ${max}`);
    }
    return { searcher: new RegexSearcher(pattern, max), context };
  }
  const bytes = typeof pattern === "string"
    ? new TextEncoder().encode(pattern)
    : pattern;
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError("pattern must be a string, a Uint8Array or a RegExp");
  }
  if (bytes.length === 0) throw new TypeError("pattern must not be empty");
  if (bytes.length > 1 << 16) {
    throw new RangeError("pattern is limited to 64 KiB");
  }
  return { searcher: new LiteralSearcher(bytes), context };
}
