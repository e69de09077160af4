/**
 * The public shapes of process memory: mappings, extents, reads, matches
 * and the options of the readers.
 *
 * @module
 */
import type { MissingReason } from "./pagemap.ts";

export type { MissingReason } from "./pagemap.ts";

/**
 * Reads the file behind a private or shared file mapping, for pages the
 * dump does not hold: up to `length` bytes from `offset` (fewer at the end
 * of the file), or `undefined` when that file is not available.
 *
 * @example Files from a directory of copies, by base name
 * ```ts
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
