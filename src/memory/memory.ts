/**
 * Process memory from a dump: the bytes at any address of a task, its
 * mappings with what the dump holds of each, byte and RegExp search, and
 * its argv and environment.
 *
 * Pages come from `pagemap-<pid>.img` + `pages-<id>.img` (the offset in the
 * pages file advances only over PE_PRESENT entries), from the `parent` dump
 * of an incremental chain (PE_PARENT), and for shared memory (shared
 * anonymous, memfd, SysV shm) from `pagemap-shmem-<shmid>.img`. Pages files
 * are read piece by piece, never whole, when the {@linkcode DumpDir} has
 * `readRange`.
 *
 * @module
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import type { DumpDir } from "../dump/dump_dir.ts";
import { decodeSync } from "../codec/decode.ts";
import { CriuImageError } from "../wire/errors.ts";
import {
  buildPageMap,
  entryOffsets,
  type Extent,
  type MissingReason,
  PageChain,
  type PageMap,
  pageOf,
  PE_PARENT,
  PE_PRESENT,
  pushExtent,
} from "./pagemap.ts";
import {
  type Found,
  LiteralSearcher,
  RegexSearcher,
  type Searcher,
} from "./search.ts";

export type { MissingReason } from "./pagemap.ts";

/**
 * Reads the file behind a private or shared file mapping, for pages the
 * dump does not hold: up to `length` bytes from `offset` (fewer at the end
 * of the file), or `undefined` when that file is not available.
 *
 * @example Files from a directory of copies, by base name
 * ```ts ignore
 * import type { MappedFileReader } from "@ckpt/crit";
 * const reader: MappedFileReader = async (path, offset, length) => {
 *   const bytes = await Deno.readFile(`copies/${path.split("/").pop()}`);
 *   return bytes.subarray(offset, offset + length);
 * };
 * ```
 */
export type MappedFileReader = (
  path: string,
  offset: number,
  length: number,
) => Promise<Uint8Array | undefined>;

/**
 * Options of {@linkcode DumpMemory}.
 *
 * @example
 * ```ts
 * import type { MemoryOptions } from "@ckpt/crit";
 * const options: MemoryOptions = { pageSize: 4096, chunkSize: 1 << 20 };
 * ```
 */
export interface MemoryOptions {
  /** Page size of the dumped machine; a power of two, default 4096. */
  pageSize?: number;
  /**
   * Where pages of file mappings that are not in the dump come from.
   * Without it they are reported missing (reason `"file"`).
   */
  readMappedFile?: MappedFileReader;
  /** Bytes read at a time by searches, default 8 MiB. */
  chunkSize?: number;
}

/**
 * What backs a mapping: `anon`, `heap`, `stack`, `vdso`, `aio` (private,
 * pages in the process pagemap, zeros elsewhere), `file` (private file
 * mapping: the file elsewhere), `memfd-private`, `file-shared`, `memfd`,
 * `shmem` (shared anonymous), `sysv-shm`, and the mappings CRIU does not
 * dump: `vvar`, `vsyscall`, `socket` (packet socket rings).
 *
 * @example
 * ```ts
 * import type { MappingKind } from "@ckpt/crit";
 * const shared: MappingKind[] = ["shmem", "memfd", "sysv-shm", "file-shared"];
 * ```
 */
export type MappingKind =
  | "anon"
  | "heap"
  | "stack"
  | "vdso"
  | "aio"
  | "file"
  | "memfd-private"
  | "file-shared"
  | "memfd"
  | "shmem"
  | "sysv-shm"
  | "vvar"
  | "vsyscall"
  | "socket";

/**
 * One VMA of a task and how much of it the dump holds, in pages.
 * `dumped + zero + file + missing === pages`.
 *
 * @example
 * ```ts
 * import type { MemoryMapping } from "@ckpt/crit";
 * const describe = (m: MemoryMapping) =>
 *   `${m.start.toString(16)} ${m.perms} ${m.dumped}/${m.pages} ${m.name}`;
 * ```
 */
export interface MemoryMapping {
  /** First address. */
  start: bigint;
  /** Address after the last byte. */
  end: bigint;
  /** Like /proc/PID/maps: `r`, `w`, `x` or `-`, then `p` or `s`. */
  perms: string;
  /** What backs it. */
  kind: MappingKind;
  /**
   * File path, `memfd:NAME`, `/dev/zero` (shared anonymous memory),
   * `SysV shm ID`, `[heap]`, `[stack]`, `[vdso]`, `[vvar]`,
   * `[vsyscall]`, `[aio]`, or empty for anonymous memory.
   */
  name: string;
  /** Offset in the file or shared memory object (`pgoff`). */
  offset: bigint;
  /** VMA `prot` bits (PROT_*) from mm-PID.img. */
  prot: number;
  /** VMA `flags` bits (MAP_*). */
  flags: number;
  /** VMA `status` bits (CRIU's VMA_AREA_*). */
  status: number;
  /** Shared memory id whose pagemap-shmem image holds it, if any. */
  shmid?: number;
  /** Pages in total. */
  pages: number;
  /** Pages whose bytes are in the dump (pages files, parents, shmem). */
  dumped: number;
  /** Pages not in the dump that read as zeros (never written). */
  zero: number;
  /** Pages not in the dump read from the mapped file. */
  file: number;
  /** Pages whose bytes the dump does not have. */
  missing: number;
  /** Why, for the missing pages. */
  missingReasons: MissingReason[];
}

/**
 * Where the bytes of a stretch of memory come from.
 *
 * @example
 * ```ts
 * import type { MemoryExtent } from "@ckpt/crit";
 * const inDump = (e: MemoryExtent) => e.source === "dump";
 * ```
 */
export interface MemoryExtent {
  /** First address. */
  address: bigint;
  /** Bytes. */
  length: number;
  /**
   * `dump`: pages files; `zero`: not dumped, reads as zeros; `file`: the
   * mapped file; `missing`: not in the dump (see `reason`).
   */
  source: "dump" | "zero" | "file" | "missing";
  /** For `missing`: why. */
  reason?: MissingReason;
}

/**
 * Bytes that could not be read from the dump (they read as zeros).
 *
 * @example
 * ```ts
 * import type { MissingRange } from "@ckpt/crit";
 * const text = (m: MissingRange) => `${m.address.toString(16)}+${m.length}: ${m.reason}`;
 * ```
 */
export interface MissingRange {
  /** First address. */
  address: bigint;
  /** Bytes. */
  length: number;
  /** Why the dump does not have them. */
  reason: MissingReason;
}

/**
 * The result of {@linkcode ProcessMemory.read}.
 *
 * @example
 * ```ts
 * import type { MemoryRead } from "@ckpt/crit";
 * const complete = (r: MemoryRead) => r.missing.length === 0;
 * ```
 */
export interface MemoryRead {
  /** Exactly the requested length; missing bytes are zeros. */
  bytes: Uint8Array<ArrayBuffer>;
  /** Ranges of `bytes` the dump does not have, in address order. */
  missing: MissingRange[];
}

/**
 * One search hit.
 *
 * @example
 * ```ts
 * import type { MemoryMatch } from "@ckpt/crit";
 * const line = (m: MemoryMatch) => `${m.pid} 0x${m.address.toString(16)} ${m.mapping.name}`;
 * ```
 */
export interface MemoryMatch {
  /** The task. */
  pid: number;
  /** Where the match starts. */
  address: bigint;
  /** The matched bytes. */
  bytes: Uint8Array;
  /** Up to `context` bytes before the match, as far as the dump has them. */
  before: Uint8Array;
  /** The same after the match. */
  after: Uint8Array;
  /** The mapping the match starts in. */
  mapping: MemoryMapping;
}

/**
 * Options of the searches.
 *
 * @example
 * ```ts
 * import type { SearchOptions } from "@ckpt/crit";
 * const options: SearchOptions = { context: 16, maxMatchLength: 256 };
 * ```
 */
export interface SearchOptions {
  /** Bytes of context around each match, default 0. */
  context?: number;
  /**
   * For RegExp patterns: the longest match guaranteed to be found whole
   * across read boundaries, default 4096 bytes.
   */
  maxMatchLength?: number;
  /** Only these tasks ({@linkcode DumpMemory.search}). */
  pids?: readonly number[];
}

/**
 * A task's argv and environment as its memory holds them.
 *
 * @example
 * ```ts
 * import type { ProcessArgs } from "@ckpt/crit";
 * const argv = (a: ProcessArgs) => a.argv.map((b) => new TextDecoder().decode(b));
 * ```
 */
export interface ProcessArgs {
  /**
   * The NUL-separated strings between mm_arg_start and mm_arg_end, up to
   * the first byte the dump does not have.
   */
  argv: Uint8Array[];
  /** The same between mm_env_start and mm_env_end. */
  env: Uint8Array[];
  /** Parts of those ranges the dump does not have. */
  missing: MissingRange[];
}

const MAX_READ = 2 ** 30;
const DEFAULT_CHUNK = 8 << 20;

// VMA status bits (CRIU's VMA_AREA_* / VMA_*).
const ST_STACK = 1 << 1;
const ST_VSYSCALL = 1 << 2;
const ST_VDSO = 1 << 3;
const ST_HEAP = 1 << 5;
const ST_FILE_PRIVATE = 1 << 6;
const ST_FILE_SHARED = 1 << 7;
const ST_ANON_SHARED = 1 << 8;
const ST_SYSVIPC = 1 << 10;
const ST_SOCKET = 1 << 11;
const ST_VVAR = 1 << 12;
const ST_AIORING = 1 << 13;
const ST_MEMFD = 1 << 14;
const MAP_SHARED = 0x01;
const MAP_GROWSDOWN = 0x100;

const num = (v: JsonValue | undefined) => Number(v ?? 0);
const big = (v: JsonValue | undefined) =>
  typeof v === "bigint" ? v : BigInt(typeof v === "number" ? v : 0);

/** Decoded images, pagemap chains and pages reads of one dump. */
class Loader {
  readonly dir: DumpDir;
  readonly shift: number;
  readonly pageSize: number;
  readonly chunkSize: number;
  readonly readMappedFile?: MappedFileReader;
  #images = new Map<string, Promise<JsonObject[] | undefined>>();
  #chains = new Map<string, Promise<PageChain>>();
  #maps = new Map<string, PageMap>();
  #whole = new Map<string, Promise<Uint8Array | undefined>>();
  #checked = new Map<string, Promise<boolean>>();
  #mapped = new Map<string, Promise<boolean>>();

  constructor(dir: DumpDir, options: MemoryOptions) {
    if (
      dir === null || typeof dir !== "object" || typeof dir.read !== "function"
    ) {
      throw new TypeError("dir must be a DumpDir");
    }
    const ps = options.pageSize ?? 4096;
    if (!Number.isSafeInteger(ps) || ps < 256 || (ps & (ps - 1)) !== 0) {
      throw new TypeError(`pageSize must be a power of two, got ${ps}`);
    }
    const chunk = options.chunkSize ?? DEFAULT_CHUNK;
    if (!Number.isSafeInteger(chunk) || chunk < ps || chunk > MAX_READ) {
      throw new RangeError(
        `chunkSize must be between the page size and 1 GiB, got ${chunk}`,
      );
    }
    if (
      options.readMappedFile !== undefined &&
      typeof options.readMappedFile !== "function"
    ) {
      throw new TypeError("readMappedFile must be a function");
    }
    this.dir = dir;
    this.pageSize = ps;
    this.shift = Math.log2(ps);
    this.chunkSize = chunk;
    this.readMappedFile = options.readMappedFile;
  }

  entries(name: string): Promise<JsonObject[] | undefined> {
    let p = this.#images.get(name);
    if (!p) {
      p = this.dir.read(name).then((b) =>
        b === undefined ? undefined : decodeSync(b).entries
      );
      this.#images.set(name, p);
    }
    return p;
  }

  /** A pagemap image and, when it has PE_PARENT entries, its parents. */
  chain(image: string, prefix = ""): Promise<PageChain> {
    const key = prefix + image;
    let p = this.#chains.get(key);
    if (!p) {
      p = (async () => {
        const bytes = await this.dir.read(key);
        if (bytes === undefined) return new PageChain(undefined, undefined);
        const map = buildPageMap(
          image,
          prefix,
          decodeSync(bytes).entries,
          entryOffsets(bytes),
          this.shift,
        );
        this.#maps.set(map.pagesFile, map);
        const parent = map.runs.some((r) =>
            (r.flags & (PE_PARENT | PE_PRESENT)) === PE_PARENT
          )
          ? await this.chain(image, prefix + "parent/")
          : undefined;
        return new PageChain(map, parent);
      })();
      this.#chains.set(key, p);
    }
    return p;
  }

  #wholeFile(file: string): Promise<Uint8Array | undefined> {
    let p = this.#whole.get(file);
    if (!p) {
      p = this.dir.read(file);
      this.#whole.set(file, p);
    }
    return p;
  }

  /**
   * Whether the dump has this pages file, checked once; a file shorter than
   * its pagemap says is a malformed dump.
   */
  present(file: string): Promise<boolean> {
    let p = this.#checked.get(file);
    if (!p) {
      p = (async () => {
        const map = this.#maps.get(file)!;
        const need = map.pagesBytes;
        const got = this.dir.readRange
          ? await this.dir.readRange(file, need - 1, 1)
          : await this.#wholeFile(file);
        if (got === undefined) return false;
        const ok = this.dir.readRange ? got.length === 1 : got.length >= need;
        if (!ok) {
          const last = map.runs.filter((r) => r.flags & PE_PRESENT)
            .reduce((a, r) => (r.index > a.index ? r : a));
          throw new CriuImageError(
            `${map.image}: ${file} is shorter than the ${need} bytes its PE_PRESENT entries need`,
            { offset: last.at, entryIndex: last.index, magic: "PAGEMAP" },
          );
        }
        return true;
      })();
      this.#checked.set(file, p);
    }
    return p;
  }

  /**
   * Exactly `length` bytes from `offset` of a pages file that is
   * {@linkcode present}, possibly read into `into`.
   */
  async pages(
    file: string,
    offset: number,
    length: number,
    into?: Uint8Array,
  ): Promise<Uint8Array> {
    const got = this.dir.readRange
      ? await this.dir.readRange(file, offset, length, into)
      : (await this.#wholeFile(file))?.subarray(offset, offset + length);
    if (got === undefined || got.length < length) {
      throw new Error(`${file} changed while it was read`);
    }
    return got;
  }

  /** Largest read from `offset` that stays inside what the pagemap uses. */
  pagesAvailable(file: string, offset: number): number {
    return this.#maps.get(file)!.pagesBytes - offset;
  }

  /** Whether readMappedFile has this file, asked once per path. */
  mappedFileAvailable(path: string): Promise<boolean> {
    let p = this.#mapped.get(path);
    if (!p) {
      p = this.readMappedFile
        ? this.readMappedFile(path, 0, 0).then((b) => b !== undefined)
        : Promise.resolve(false);
      this.#mapped.set(path, p);
    }
    return p;
  }

  async regFileName(id: JsonValue | undefined): Promise<string | undefined> {
    const files = await this.entries("files.img") ?? [];
    for (const f of files) {
      if (num(f.id) === num(id) && f.reg) {
        return String((f.reg as JsonObject).name);
      }
    }
    // Dumps from before files.img keep regular files in reg-files.img.
    const legacy = await this.entries("reg-files.img") ?? [];
    const r = legacy.find((f) => num(f.id) === num(id));
    return r ? String(r.name) : undefined;
  }

  async memfdInode(id: JsonValue | undefined): Promise<JsonObject | undefined> {
    const files = await this.entries("files.img") ?? [];
    const f = files.find((e) => num(e.id) === num(id) && e.memfd);
    if (!f) return undefined;
    const inode = num((f.memfd as JsonObject).inode_id);
    const inodes = await this.entries("memfd.img") ?? [];
    return inodes.find((e) => num(e.inode_id) === inode);
  }
}

/** How pages of a VMA that the process pagemap does not hold are read. */
type Fill = "zero" | "file" | "shmem" | "special" | "image";

interface Vma {
  /** First page and the page after the last. */
  first: number;
  last: number;
  mapping: MemoryMapping;
  /** Whether the process pagemap can hold its pages (private mappings). */
  own: boolean;
  fill: Fill;
  path?: string;
  shmem?: PageChain;
}

async function describeVma(
  loader: Loader,
  v: JsonObject,
): Promise<Omit<Vma, "first" | "last">> {
  const status = num(v.status);
  const flags = num(v.flags);
  const prot = num(v.prot);
  const perms = (prot & 1 ? "r" : "-") + (prot & 2 ? "w" : "-") +
    (prot & 4 ? "x" : "-") + (flags & MAP_SHARED ? "s" : "p");
  const base = {
    start: big(v.start),
    end: big(v.end),
    perms,
    offset: big(v.pgoff),
    prot,
    flags,
    status,
    pages: 0,
    dumped: 0,
    zero: 0,
    file: 0,
    missing: 0,
    missingReasons: [],
  };
  const special = (kind: MappingKind, name: string) => ({
    mapping: { ...base, kind, name },
    own: false,
    fill: "special" as const,
  });
  if (status & ST_VSYSCALL) return special("vsyscall", "[vsyscall]");
  if (status & ST_VVAR) return special("vvar", "[vvar]");
  if (status & ST_SOCKET) return special("socket", "packet socket ring");
  const shared = async (
    kind: MappingKind,
    name: string,
    shmid: number,
    own: boolean,
  ) => {
    const shmem = await loader.chain(`pagemap-shmem-${shmid}.img`);
    return {
      mapping: { ...base, kind, name, shmid },
      own,
      fill: shmem.map ? "shmem" as const : "image" as const,
      shmem,
    };
  };
  if (status & ST_SYSVIPC) {
    return await shared(
      "sysv-shm",
      `SysV shm ${num(v.shmid)}`,
      num(v.shmid),
      false,
    );
  }
  if (status & ST_MEMFD) {
    // CRIU 4.2 dumps MAP_SHARED|MAP_ANONYMOUS memory as a memfd named
    // /dev/zero; the VMA's shmid is the files.img id, the inode has the
    // shmid of the pagemap-shmem image.
    const inode = await loader.memfdInode(v.shmid);
    const isPrivate = !(status & ST_FILE_SHARED);
    if (!inode) {
      return {
        mapping: {
          ...base,
          kind: isPrivate ? "memfd-private" : "memfd",
          name: `memfd file id ${num(v.shmid)}`,
        },
        own: isPrivate,
        fill: "image",
      };
    }
    const name = String(inode.name);
    const anon = name === "/dev/zero" && !isPrivate;
    return await shared(
      isPrivate ? "memfd-private" : (anon ? "shmem" : "memfd"),
      anon ? name : `memfd:${name}`,
      num(inode.shmid),
      isPrivate,
    );
  }
  if (status & ST_ANON_SHARED) {
    return await shared("shmem", "/dev/zero", num(v.shmid), false);
  }
  if (status & (ST_FILE_PRIVATE | ST_FILE_SHARED)) {
    const path = await loader.regFileName(v.shmid);
    const isPrivate = !(status & ST_FILE_SHARED);
    return {
      mapping: {
        ...base,
        kind: isPrivate ? "file" : "file-shared",
        name: path ?? `file id ${num(v.shmid)}`,
      },
      own: isPrivate,
      fill: path !== undefined && await loader.mappedFileAvailable(path)
        ? "file"
        : "image",
      path,
    };
  }
  const [kind, name]: [MappingKind, string] = status & ST_VDSO
    ? ["vdso", "[vdso]"]
    : status & ST_HEAP
    ? ["heap", "[heap]"]
    : status & ST_AIORING
    ? ["aio", "[aio]"]
    : status & ST_STACK || flags & MAP_GROWSDOWN
    ? ["stack", "[stack]"]
    : ["anon", ""];
  return { mapping: { ...base, kind, name }, own: true, fill: "zero" };
}

let makeProcess: (loader: Loader, pid: number) => Promise<ProcessMemory>;

/**
 * The memory of one task of a dump. Get one from
 * {@linkcode DumpMemory.process}.
 *
 * @example Read a task's argv and the bytes at an address
 * ```ts ignore
 * import { DumpMemory } from "@ckpt/crit";
 * import { denoDumpDir } from "@ckpt/crit/cli";
 * const mem = await new DumpMemory(denoDumpDir("dump")).process(1234);
 * const { argv } = await mem.args();
 * const { bytes, missing } = await mem.read(0x7ffc683d1b10n, 18);
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
    makeProcess = async (loader, pid) => {
      const mm = (await loader.entries(`mm-${pid}.img`))?.[0];
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
   * Where the bytes of [address, address + length) come from, without
   * reading them.
   *
   * @example
   * ```ts ignore
   * const gaps = mem.layout(0x7fdf7534c000n, 4096).filter((e) => e.source === "missing");
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
   * ```ts ignore
   * const { bytes, missing } = await mem.read(0x55c8e829b2a0n, 20);
   * if (missing.length === 0) console.log(new TextDecoder().decode(bytes));
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
   * ```ts ignore
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
   * ```ts ignore
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

/**
 * The memory of the tasks of a dump. Decoded images and pagemaps are
 * loaded once and shared by its tasks.
 *
 * @example Search every task of a dump
 * ```ts ignore
 * import { DumpMemory } from "@ckpt/crit";
 * import { denoDumpDir } from "@ckpt/crit/cli";
 * const dump = new DumpMemory(denoDumpDir("dump"));
 * for await (const m of dump.search("password=")) {
 *   console.log(m.pid, m.address.toString(16), m.mapping.name);
 * }
 * ```
 */
export class DumpMemory {
  #loader: Loader;
  #tasks = new Map<number, Promise<ProcessMemory>>();

  /** Memory of the dump in `dir`; see {@linkcode MemoryOptions}. */
  constructor(dir: DumpDir, options: MemoryOptions = {}) {
    if (options === null || typeof options !== "object") {
      throw new TypeError("options must be an object");
    }
    this.#loader = new Loader(dir, options);
  }

  /** Pids of the tasks in pstree.img (threads are not tasks of their own). */
  async pids(): Promise<number[]> {
    const tree = await this.#loader.entries("pstree.img");
    if (!tree) throw new Error("the dump has no pstree.img");
    return tree.map((p) =>
      num(p.pid ?? (p.ns_pid as JsonValue[] | undefined)?.[0])
    );
  }

  /** One task's memory; throws when the dump has no mm image for it. */
  process(pid: number): Promise<ProcessMemory> {
    if (!Number.isSafeInteger(pid) || pid < 0) {
      throw new TypeError(`pid must be a non-negative integer, got ${pid}`);
    }
    let p = this.#tasks.get(pid);
    if (!p) {
      p = makeProcess(this.#loader, pid);
      this.#tasks.set(pid, p);
    }
    return p;
  }

  /**
   * {@linkcode ProcessMemory.search} over every task that has memory in the
   * dump (or `options.pids`), task by task in pstree order.
   */
  async *search(
    pattern: string | Uint8Array | RegExp,
    options: SearchOptions = {},
  ): AsyncGenerator<MemoryMatch> {
    const pids = options.pids ?? await this.pids();
    for (const pid of pids) {
      if (
        options.pids === undefined &&
        !(await this.#loader.entries(`mm-${pid}.img`))
      ) {
        continue;
      }
      yield* (await this.process(pid)).search(pattern, options);
    }
  }
}
