/**
 * An ELF core file of one process of a dump, laid out like the Linux
 * kernel's own core dumps (fs/binfmt_elf.c), which is what gdb, lldb,
 * eu-stack and readelf expect: the ELF header, one PT_NOTE, one PT_LOAD per
 * VMA in address order, the notes, then the segments' bytes from the page
 * boundary after the notes.
 *
 * @module
 */
import type { DumpDir } from "../dump/dump_dir.ts";
import { Dump, int, statusText } from "../dump/dump.ts";
import {
  DumpMemory,
  type MappedFileReader,
  type ProcessMemory,
} from "../memory/memory.ts";
import type { JsonObject } from "../json/types.ts";
import {
  elfSizes,
  encodeElfHeader,
  encodeExtendedNumbering,
  encodeNotes,
  encodeProgramHeaders,
  notesSize,
  PF_R,
  PN_XNUM,
  type ProgramHeader,
  PT_LOAD,
  PT_NOTE,
} from "./_elf.ts";
import { type LeftOutReason, planSegments, type Segment } from "./_segments.ts";
import { type NotesInfo, processNotes } from "./_process_notes.ts";
import { EM_X86_64 } from "./_x86_64.ts";
import { EM_AARCH64 } from "./_aarch64.ts";
import { EM_ARM } from "./_arm.ts";
import { EM_386 } from "./_i386.ts";

const MACHINE_NAMES: Record<number, string> = {
  [EM_X86_64]: "x86_64",
  [EM_AARCH64]: "aarch64",
  [EM_ARM]: "arm",
  [EM_386]: "i386",
};

export type { LeftOutReason } from "./_segments.ts";

/**
 * Options of {@linkcode prepareCore} and {@linkcode writeCore}.
 *
 * @example
 * ```ts
 * import type { CoreOptions } from "@ckpt/crit/coredump";
 * const options: CoreOptions = { registers: "criu", chunkSize: 4 << 20 };
 * ```
 */
export interface CoreOptions {
  /**
   * Where pages of file mappings that the dump does not hold come from.
   * Without it such pages are left out of the core (a PT_LOAD with no
   * bytes, so a debugger reads them from the file it has), as the kernel's
   * default coredump_filter leaves out file pages.
   */
  readMappedFile?: MappedFileReader;
  /** Page size of the dumped machine, default 4096. */
  pageSize?: number;
  /**
   * `kernel` (default): a thread CRIU saved ready to restart an
   * interrupted syscall (rax = orig_rax, rip - 2) is shown as the kernel
   * and gdb show it, rip after the `syscall` instruction and rax =
   * -ERESTARTSYS (-ERESTARTNOHAND for pause, poll, select and the like).
   * `criu`: the registers exactly as saved.
   */
  registers?: "kernel" | "criu";
  /** Bytes of memory read at a time, default 1 MiB. */
  chunkSize?: number;
}

/**
 * How many bytes of the core's segments came from where.
 *
 * @example
 * ```ts
 * import type { CoreBytes } from "@ckpt/crit/coredump";
 * const written = (b: CoreBytes) => b.dump + b.file + b.zero + b.missing;
 * ```
 */
export interface CoreBytes {
  /** From the dump's pages (own, parent dumps, shared memory). */
  dump: number;
  /** From mapped files (`readMappedFile`). */
  file: number;
  /** Never written memory: zeros, holes in the file. */
  zero: number;
  /** Memory the dump should hold but does not (lazy, parent or pages missing): zeros. */
  missing: number;
  /** Memory of the process not in the core at all (see `leftOut`). */
  leftOut: number;
}

/**
 * A stretch of the address space that has a PT_LOAD without bytes.
 *
 * @example
 * ```ts
 * import type { CoreLeftOut } from "@ckpt/crit/coredump";
 * const line = (l: CoreLeftOut) => `${l.start.toString(16)} ${l.reason} ${l.name}`;
 * ```
 */
export interface CoreLeftOut {
  /** First address. */
  start: bigint;
  /** Address after the last byte. */
  end: bigint;
  /** The mapping's name (path, `[vvar]`, ...). */
  name: string;
  /**
   * `special`: [vvar], [vsyscall] and packet rings, which CRIU does not
   * dump (the kernel does not dump [vvar] either); `dontdump`:
   * MADV_DONTDUMP; `unwritten`: anonymous memory never written;
   * `shared-file`: a shared file mapping; `no-file`: file pages not in the
   * dump, and no file given.
   */
  reason: LeftOutReason;
}

/**
 * What a core holds. `bytes` is final once {@linkcode PreparedCore.chunks}
 * has run (a pages file found missing then moves bytes to `missing`).
 *
 * @example
 * ```ts
 * import type { CoreReport } from "@ckpt/crit/coredump";
 * const summary = (r: CoreReport) => `${r.pid}: ${r.threads.length} threads, ${r.size} bytes`;
 * ```
 */
export interface CoreReport {
  /** The process. */
  pid: number;
  /** `x86_64`, `i386` (a compat task), `aarch64` or `arm` (ELF32 cores for the 32-bit ones). */
  machine: string;
  /** Thread ids, main thread first (the order of the NT_PRSTATUS notes). */
  threads: number[];
  /** Threads shown inside their interrupted syscall (option `registers`). */
  inSyscall: number[];
  /** The signal in NT_SIGINFO and pr_cursig: SIGSTOP, or a stopped task's stop signal. */
  signal: number;
  /** PT_LOAD headers. */
  segments: number;
  /** File size of the core. */
  size: number;
  /** Where the segments' bytes came from. */
  bytes: CoreBytes;
  /** Memory with a PT_LOAD but no bytes in the core, in address order. */
  leftOut: CoreLeftOut[];
}

/**
 * A piece of the core file, in order: bytes, or a run of zero bytes that a
 * file system may leave as a hole.
 *
 * @example
 * ```ts
 * import type { CoreChunk } from "@ckpt/crit/coredump";
 * const length = (c: CoreChunk) => "bytes" in c ? c.bytes.length : c.hole;
 * ```
 */
export type CoreChunk = { bytes: Uint8Array } | { hole: number };

/**
 * A core laid out and ready to be produced in one pass.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { prepareCore } from "@ckpt/crit/coredump";
 * import { denoDumpDir } from "@ckpt/crit/deno";
 *
 * const dir = denoDumpDir("tests/fixtures/15a-coredump-static");
 * const core = await prepareCore(dir, 7844);
 * let size = 0;
 * for await (const c of core.chunks()) {
 *   size += "bytes" in c ? c.bytes.length : c.hole;
 * }
 * assert.equal(size, core.report.size);
 * ```
 */
export interface PreparedCore {
  /** What the core holds (its `bytes` are final after `chunks()`). */
  readonly report: CoreReport;
  /**
   * The file from its first byte to its last; memory is read as it goes.
   * It can be taken once.
   */
  chunks(): AsyncGenerator<CoreChunk>;
}

/**
 * A task of the dump and whether a core can be made of it.
 *
 * @example
 * ```ts
 * import type { CoreTask } from "@ckpt/crit/coredump";
 * const skipped = (t: CoreTask) => t.convertible ? "" : `${t.pid}: ${t.reason}`;
 * ```
 */
export interface CoreTask {
  /** The task's pid. */
  pid: number;
  /** Its threads (the main thread is the task itself). */
  threads: number[];
  /** Whether it is alive or stopped, so a core can be made of it. */
  convertible: boolean;
  /** Why not, for a task that is not. */
  reason?: string;
}

const DEFAULT_CHUNK = 1 << 20;

/**
 * The tasks of a dump in pstree order; zombies and dead tasks have no
 * memory or registers in a dump, so they are not convertible. Given a
 * `Dump`, its images are decoded once for this and every prepareCore on it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { coreTasks } from "@ckpt/crit/coredump";
 * import { denoDumpDir } from "@ckpt/crit/deno";
 *
 * const dir = denoDumpDir("tests/fixtures/13d-zombie-stopped-dead");
 * const skipped = (await coreTasks(dir)).filter((t) => !t.convertible);
 * assert.deepEqual(skipped.map((t) => t.pid).sort(), [30320, 30321]);
 * ```
 */
export function coreTasks(source: DumpDir | Dump): Promise<CoreTask[]> {
  return tasksOf(source instanceof Dump ? source : new Dump(source));
}

async function tasksOf(dump: Dump): Promise<CoreTask[]> {
  const out: CoreTask[] = [];
  for (const { pid, threads } of await dump.tasks()) {
    const status = await dump.status(pid);
    const live = status.state === "alive" || status.state === "stopped";
    out.push(
      live ? { pid, threads, convertible: true } : {
        pid,
        threads,
        convertible: false,
        reason: `task ${pid} is ${
          statusText(status)
        }: a dump holds no memory or registers of it`,
      },
    );
  }
  return out;
}

/**
 * Why `pid` has no core of its own: a thread of a task, or not in the dump.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { notATask } from "@ckpt/crit/coredump";
 *
 * const tasks = [{ pid: 7844, threads: [7844, 7845], convertible: true }];
 * assert.equal(notATask(tasks, 7845), "7845 is a thread of task 7844: core.7844 holds it");
 * ```
 */
export function notATask(tasks: readonly CoreTask[], pid: number): string {
  const owner = tasks.find((t) => t.threads.includes(pid));
  return owner
    ? `${pid} is a thread of task ${owner.pid}: core.${owner.pid} holds it`
    : `task ${pid} is not in the dump`;
}

function checkOptions(options: CoreOptions): number {
  if (options === null || typeof options !== "object") {
    throw new TypeError("options must be an object");
  }
  if (
    options.registers !== undefined && options.registers !== "kernel" &&
    options.registers !== "criu"
  ) {
    throw new TypeError(
      `registers must be "kernel" or "criu", got ${options.registers}`,
    );
  }
  const chunk = options.chunkSize ?? DEFAULT_CHUNK;
  if (!Number.isSafeInteger(chunk) || chunk < 4096 || chunk > 1 << 30) {
    throw new RangeError(
      `chunkSize must be between 4096 and 1 GiB, got ${chunk}`,
    );
  }
  return chunk;
}

/**
 * Lays out the core of task `pid` of the dump in `source` (a directory, or
 * a `Dump` to share its decoded images between tasks). Throws for a task
 * that is not in the dump, a zombie or dead task, or an architecture other
 * than x86_64 (with 32-bit compat tasks), aarch64 and 32-bit arm.
 *
 * @example Where the bytes of a core come from, before writing it
 * ```ts
 * import assert from "node:assert/strict";
 * import { prepareCore } from "@ckpt/crit/coredump";
 * import { denoDumpDir } from "@ckpt/crit/deno";
 *
 * const dir = denoDumpDir("tests/fixtures/15a-coredump-static");
 * const { report } = await prepareCore(dir, 7844);
 * assert.deepEqual(report.threads, [7844, 7845, 7846]);
 * assert.equal(report.bytes.dump, 864256);
 * ```
 */
export async function prepareCore(
  source: DumpDir | Dump,
  pid: number,
  options: CoreOptions = {},
): Promise<PreparedCore> {
  const chunkSize = checkOptions(options);
  if (!Number.isSafeInteger(pid) || pid < 1) {
    throw new TypeError(`pid must be a positive integer, got ${pid}`);
  }
  const pageSize = options.pageSize ?? 4096;
  const dump = source instanceof Dump ? source : new Dump(source);
  const tasks = await tasksOf(dump);
  const task = tasks.find((t) => t.pid === pid);
  if (!task) throw new Error(notATask(tasks, pid));
  if (!task.convertible) throw new Error(task.reason);
  const mem = await new DumpMemory(dump, {
    pageSize,
    readMappedFile: options.readMappedFile,
  }).process(pid);
  const mm = await dump.first(`mm-${pid}.img`);
  const madvise = new Map<bigint, bigint>();
  for (const v of (mm.vmas ?? []) as JsonObject[]) {
    madvise.set(int(v.start), int(v.madv));
  }
  const info = await processNotes(
    dump,
    pid,
    mem,
    pageSize,
    options.registers !== "criu",
  );
  const segments = planSegments(
    mem,
    madvise,
    options.readMappedFile !== undefined,
  );
  return new Layout(mem, info, segments, pageSize, chunkSize);
}

/** A PT_LOAD's header and its segment. */
interface Placed {
  header: ProgramHeader;
  segment: Segment;
}

class Layout implements PreparedCore {
  readonly report: CoreReport;
  #mem: ProcessMemory;
  #head: Uint8Array[];
  #placed: Placed[];
  #dataStart: number;
  #tail: Uint8Array | undefined;
  #chunk: number;
  #pageSize: number;
  #taken = false;

  constructor(
    mem: ProcessMemory,
    info: NotesInfo,
    segments: Segment[],
    pageSize: number,
    chunk: number,
  ) {
    this.#mem = mem;
    this.#chunk = chunk;
    this.#pageSize = pageSize;
    const phnum = segments.length + 1;
    const sizes = elfSizes(info.wide);
    const notesAt = sizes.ehdr + phnum * sizes.phdr;
    const notesLength = notesSize(info.notes);
    this.#dataStart = Math.ceil((notesAt + notesLength) / pageSize) * pageSize;
    let offset = this.#dataStart;
    const bytes: CoreBytes = {
      dump: 0,
      file: 0,
      zero: 0,
      missing: 0,
      leftOut: 0,
    };
    const leftOut: CoreLeftOut[] = [];
    this.#placed = segments.map((segment) => {
      let filesz = 0;
      for (const p of segment.pieces) {
        filesz += p.length;
        bytes[p.source] += p.length;
      }
      if (segment.leftOut) {
        bytes.leftOut += segment.memsz;
        leftOut.push({
          start: segment.vaddr,
          end: segment.vaddr + BigInt(segment.memsz),
          name: segment.mapping.name || `[${segment.mapping.kind}]`,
          reason: segment.leftOut,
        });
      }
      const header = {
        type: PT_LOAD,
        flags: segment.flags,
        offset,
        vaddr: segment.vaddr,
        filesz,
        memsz: segment.memsz,
        align: pageSize,
      };
      offset += filesz;
      return { header, segment };
    });
    const extended = phnum >= PN_XNUM;
    this.#tail = extended
      ? encodeExtendedNumbering(info.wide, phnum)
      : undefined;
    const size = offset + (this.#tail?.length ?? 0);
    if (!info.wide && size > 0xffffffff) {
      throw new RangeError(
        `a 32-bit core cannot hold ${size} bytes (ELF32 offsets end at 4 GiB)`,
      );
    }
    const note: ProgramHeader = {
      type: PT_NOTE,
      flags: PF_R,
      offset: notesAt,
      vaddr: 0n,
      filesz: notesLength,
      memsz: 0,
      align: 4,
    };
    this.#head = [
      encodeElfHeader(info.wide, info.machine, phnum, extended ? offset : 0),
      encodeProgramHeaders(info.wide, [
        note,
        ...this.#placed.map((p) => p.header),
      ]),
      encodeNotes(info.notes),
    ];
    this.report = {
      pid: mem.pid,
      machine: MACHINE_NAMES[info.machine],
      threads: info.threads,
      inSyscall: info.inSyscall,
      signal: info.signal,
      segments: segments.length,
      size,
      bytes,
      leftOut,
    };
  }

  async *chunks(): AsyncGenerator<CoreChunk> {
    if (this.#taken) {
      throw new TypeError("the chunks of a core can be taken once");
    }
    this.#taken = true;
    let at = 0;
    for (const b of this.#head) {
      yield { bytes: b };
      at += b.length;
    }
    if (this.#dataStart > at) yield { hole: this.#dataStart - at };
    for (const { segment } of this.#placed) {
      for (const piece of segment.pieces) {
        if (piece.source === "zero" || piece.source === "missing") {
          yield { hole: piece.length };
          continue;
        }
        for (let off = 0; off < piece.length; off += this.#chunk) {
          const n = Math.min(this.#chunk, piece.length - off);
          const { bytes, missing } = await this.#mem.read(
            piece.address + BigInt(off),
            n,
          );
          for (const m of missing) {
            this.report.bytes[piece.source] -= m.length;
            this.report.bytes.missing += m.length;
          }
          yield* sparse(bytes, this.#pageSize);
        }
      }
    }
    if (this.#tail) yield { bytes: this.#tail };
  }
}

/** Whether a page-aligned stretch is all zeros. */
function isZero(words: Int32Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (words[i] !== 0) return false;
  return true;
}

/** `bytes` as data and holes, a hole for each run of zero pages. */
function* sparse(bytes: Uint8Array, pageSize: number): Generator<CoreChunk> {
  if (bytes.byteOffset % 4 !== 0 || bytes.length % pageSize !== 0) {
    yield { bytes };
    return;
  }
  const words = new Int32Array(
    bytes.buffer,
    bytes.byteOffset,
    bytes.length / 4,
  );
  const per = pageSize / 4;
  let start = 0;
  let zeroRun = -1;
  for (let p = 0; p < bytes.length; p += pageSize) {
    const zero = isZero(words, p / 4, p / 4 + per);
    if (zero && zeroRun < 0) {
      if (p > start) yield { bytes: bytes.subarray(start, p) };
      zeroRun = p;
    } else if (!zero && zeroRun >= 0) {
      yield { hole: p - zeroRun };
      zeroRun = -1;
      start = p;
    }
  }
  if (zeroRun >= 0) yield { hole: bytes.length - zeroRun };
  else if (start < bytes.length) yield { bytes: bytes.subarray(start) };
}
