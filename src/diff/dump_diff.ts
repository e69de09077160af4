/**
 * What changed between two dumps of the same workload: processes, threads,
 * open files, sockets, mappings and the bytes of memory, matched by what
 * stays the same from one dump to the next (pids, fd numbers, addresses),
 * never by the ids CRIU numbers afresh in every dump.
 *
 * @module
 */
import type { DumpDir } from "../dump/dump_dir.ts";
import { Dump, MM_MAP } from "../dump/dump.ts";
import { exploreData } from "../explore/explore.ts";
import { DumpMemory, type MemoryMapping } from "../memory/memory.ts";
import { readTasks, type TaskFacts } from "./_process.ts";
import {
  type FileFacts,
  readFiles,
  type SocketFacts,
  socketFacts,
  unixNames,
} from "./_files.ts";
import { addr, mappingFields, matchMappings } from "./_mappings.ts";
import { compareMemory } from "./memory_diff.ts";

/**
 * A compared value: text, a number or a flag; `null` where a dump does not
 * have it (a zombie has no cwd, a socket no file position).
 *
 * @example
 * ```ts
 * import type { Fact } from "@ckpt/crit";
 * const uid: Fact = 1000;
 * ```
 */
export type Fact = string | number | boolean | null;

/**
 * Changed fields: name -> `[old, new]`; `null` where a dump lacks the field.
 *
 * @example
 * ```ts
 * import type { FieldChanges } from "@ckpt/crit";
 * const c: FieldChanges = { comm: ["dp-parent", "dp-parent-b"] };
 * ```
 */
export type FieldChanges = Record<string, [Fact, Fact]>;

/**
 * Added, removed and changed things of one kind.
 *
 * @example
 * ```ts
 * import type { Section } from "@ckpt/crit";
 * const s: Section<{ pid: number }, { pid: number; changes: Record<string, unknown> }> = { added: [], removed: [], changed: [] };
 * ```
 */
export interface Section<T, C> {
  /** Only in dump B. */
  added: T[];
  /** Only in dump A. */
  removed: T[];
  /** In both, different. */
  changed: C[];
}

/**
 * A process as `processes.added`/`removed` list it.
 *
 * @example
 * ```ts
 * import type { ProcessRef } from "@ckpt/crit";
 * const p: ProcessRef = { pid: 5752, comm: "dp-child2" };
 * ```
 */
export interface ProcessRef {
  /** Process id. */
  pid: number;
  /** Command name (`tc.comm`). */
  comm: string;
}

/**
 * A thread added to or removed from a process present in both dumps.
 *
 * @example
 * ```ts
 * import type { ThreadRef } from "@ckpt/crit";
 * const t: ThreadRef = { pid: 100, tid: 104 };
 * ```
 */
export interface ThreadRef {
  /** The process. */
  pid: number;
  /** The thread. */
  tid: number;
}

/**
 * An open file, by process and descriptor. `path` is a path,
 * `pipe:[INO]`, `socket:[INO]`, `memfd:NAME` or `anon_inode:[KIND]`.
 *
 * @example
 * ```ts
 * import type { FileRef } from "@ckpt/crit";
 * const f: FileRef = { pid: 5692, fd: 5, type: "REG", path: "/tmp/fixture-diff/new.txt" };
 * ```
 */
export interface FileRef {
  /** The process. */
  pid: number;
  /** The descriptor. */
  fd: number;
  /** The fdinfo type: REG, PIPE, INETSK, ... */
  type: string;
  /** What the file is (see above). */
  path: string;
}

/**
 * A socket descriptor. For unix sockets `src` is the socket's name and
 * `dst` its peer's (by name: inode numbers are new in each dump).
 *
 * @example
 * ```ts
 * import type { SocketRef } from "@ckpt/crit";
 * const s: SocketRef = { pid: 5692, fd: 3, protocol: "TCP", state: "LISTEN", src: "127.0.0.1", src_port: 9099, dst: "0.0.0.0", dst_port: 0 };
 * ```
 */
export interface SocketRef {
  /** The process. */
  pid: number;
  /** The descriptor. */
  fd: number;
  /** TCP, UDP, UNIX, a netlink family, ... */
  protocol: string;
  /** LISTEN, ESTABLISHED, ... */
  state: string | null;
  /** Local address, or a unix socket's name. */
  src: string | null;
  /** Local port. */
  src_port: number | null;
  /** Peer address, or a unix socket's peer by name. */
  dst: string | null;
  /** Peer port. */
  dst_port: number | null;
}

/**
 * A mapping; addresses are `"0x..."` strings, `prot` like /proc/PID/maps.
 *
 * @example
 * ```ts
 * import type { MappingRef } from "@ckpt/crit";
 * const m: MappingRef = { pid: 5692, start: "0x7fbdf4890000", end: "0x7fbdf48a0000", prot: "rw-p", name: "", pages: 16 };
 * ```
 */
export interface MappingRef {
  /** The process. */
  pid: number;
  /** First address. */
  start: string;
  /** Address after the last byte. */
  end: string;
  /** Protection and sharing, `rw-p`. */
  prot: string;
  /** File path, `[heap]`, `[stack]`, ..., empty for anonymous memory. */
  name: string;
  /** Pages whose bytes the dump holds (for a changed mapping: B). */
  pages: number;
}

/**
 * How the memory of one mapping present in both dumps differs (B's bounds).
 *
 * @example
 * ```ts
 * import type { MemoryChange } from "@ckpt/crit";
 * const m: MemoryChange = { pid: 5692, start: "0x1e33f000", end: "0x1e361000", name: "[heap]", pages_changed: 4, bytes_changed: 16000, pages_only_in_a: 0, pages_only_in_b: 0, changed_ranges: [] };
 * ```
 */
export interface MemoryChange {
  /** The process. */
  pid: number;
  /** First address of the mapping in B. */
  start: string;
  /** Its end in B. */
  end: string;
  /** Its name, as in {@linkcode MappingRef}. */
  name: string;
  /** Pages both dumps hold whose bytes differ. */
  pages_changed: number;
  /** Bytes that differ in those pages. */
  bytes_changed: number;
  /** Pages only A holds. */
  pages_only_in_a: number;
  /** Pages only B holds. */
  pages_only_in_b: number;
  /** The changed pages as `[start, end]` runs, end exclusive, at most 256. */
  changed_ranges: [string, string][];
  /** Set when there were more runs than those listed. */
  truncated?: boolean;
}

/**
 * The result of {@linkcode diffDumps}, in the shape `crit diff --format
 * json` prints. `memory` is empty with `memory: false`.
 *
 * @example
 * ```ts
 * import type { DumpDiff } from "@ckpt/crit";
 * const nothing = (d: DumpDiff) => d.processes.added.length === 0;
 * ```
 */
export interface DumpDiff {
  /** Processes by pid; changed ones with their changed fields. */
  processes: Section<ProcessRef, ProcessRef & { changes: FieldChanges }>;
  /** Threads of processes in both dumps. */
  threads: { added: ThreadRef[]; removed: ThreadRef[] };
  /** Open files by process and fd. */
  files: Section<FileRef, FileRef & { changes: FieldChanges }>;
  /** Socket descriptors by process and fd. */
  sockets: Section<SocketRef, SocketRef & { changes: FieldChanges }>;
  /** Mappings by process, paired by bounds or overlap. */
  mappings: Section<MappingRef, MappingRef & { changes: FieldChanges }>;
  /** Mappings in both dumps whose memory differs. */
  memory: MemoryChange[];
}

/**
 * Options of {@linkcode diffDumps}.
 *
 * @example
 * ```ts
 * import type { DiffOptions } from "@ckpt/crit";
 * const options: DiffOptions = { memory: false };
 * ```
 */
export interface DiffOptions {
  /** Compare the bytes of memory; default true. */
  memory?: boolean;
  /** Also list mappings whose memory is the same (all counts 0); default false. */
  showUnchanged?: boolean;
  /** Bytes of memory read from each dump at a time; default 4 MiB. */
  chunkSize?: number;
}

/** `[old, new]` for each field that differs. */
function changedFields(
  a: Map<string, Fact>,
  b: Map<string, Fact>,
): FieldChanges {
  const out: FieldChanges = {};
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key) ?? null;
    const y = b.get(key) ?? null;
    if (x !== y) out[key] = [x, y];
  }
  return out;
}

const empty = <T, C>(): Section<T, C> => ({
  added: [],
  removed: [],
  changed: [],
});

const byKey = <K, V>(m: Map<K, V>) =>
  [...m.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));

/** Added, removed and changed entries of two maps with the same keys. */
function compareMaps<K, V extends { fields: Map<string, Fact> }, T, C>(
  a: Map<K, V>,
  b: Map<K, V>,
  ref: (v: V) => T,
  changed: (v: V, changes: FieldChanges) => C,
  out: Section<T, C>,
): void {
  for (const k of byKey(b)) if (!a.has(k)) out.added.push(ref(b.get(k)!));
  for (const k of byKey(a)) if (!b.has(k)) out.removed.push(ref(a.get(k)!));
  for (const k of byKey(a)) {
    const y = b.get(k);
    if (y === undefined) continue;
    const c = changedFields(a.get(k)!.fields, y.fields);
    if (Object.keys(c).length > 0) out.changed.push(changed(y, c));
  }
}

/** One dump as the diff reads it. */
interface Side {
  dump: Dump;
  memory: DumpMemory;
  tasks: Map<number, TaskFacts>;
  sockets: Map<number, Map<number, SocketFacts>>;
}

async function openSide(dir: DumpDir): Promise<Side> {
  const dump = new Dump(dir);
  const tasks = await readTasks(dump);
  const names = await unixNames(dump);
  const sockets = new Map<number, Map<number, SocketFacts>>();
  // One model per dump: the explorer and the memory reader share its images.
  for (const t of await exploreData(dump, "sk")) {
    sockets.set(t.pId, socketFacts(t, names));
  }
  return { dump, memory: new DumpMemory(dump), tasks, sockets };
}

async function mappingsOf(
  side: Side,
  pid: number,
): Promise<readonly MemoryMapping[]> {
  const name = `mm-${pid}.img`;
  // A task without memory (a zombie) has no mm image; an empty one is broken.
  if (!(await side.dump.entries(name, MM_MAP))) return [];
  await side.dump.first(name, MM_MAP);
  return (await side.memory.process(pid)).mappings;
}

const mappingRef = (pid: number, m: MemoryMapping): MappingRef => ({
  pid,
  start: addr(m.start),
  end: addr(m.end),
  prot: m.perms,
  name: m.name,
  pages: m.dumped,
});

/** A task in both dumps: its fields, threads, files, sockets, mappings. */
async function diffTask(
  a: Side,
  b: Side,
  pid: number,
  options: DiffOptions,
  out: DumpDiff,
): Promise<void> {
  const ta = a.tasks.get(pid)!;
  const tb = b.tasks.get(pid)!;
  const changes = changedFields(ta.fields, tb.fields);
  if (Object.keys(changes).length > 0) {
    out.processes.changed.push({ pid, comm: tb.comm, changes });
  }
  for (const tid of tb.threads) {
    if (!ta.threads.includes(tid)) out.threads.added.push({ pid, tid });
  }
  for (const tid of ta.threads) {
    if (!tb.threads.includes(tid)) out.threads.removed.push({ pid, tid });
  }
  const fileRef = (f: FileFacts): FileRef => ({
    pid,
    fd: f.fd,
    type: f.type,
    path: f.path,
  });
  compareMaps(
    await readFiles(a.dump, pid) ?? new Map(),
    await readFiles(b.dump, pid) ?? new Map(),
    fileRef,
    (f, c) => ({ ...fileRef(f), changes: c }),
    out.files,
  );
  const socketRef = (s: SocketFacts): SocketRef => ({
    pid,
    fd: s.fd,
    protocol: s.protocol,
    state: s.state,
    src: s.src,
    src_port: s.srcPort,
    dst: s.dst,
    dst_port: s.dstPort,
  });
  compareMaps(
    a.sockets.get(pid) ?? new Map(),
    b.sockets.get(pid) ?? new Map(),
    socketRef,
    (s, c) => ({ ...socketRef(s), changes: c }),
    out.sockets,
  );
  await diffMappings(a, b, pid, options, out);
}

/** Mappings of a task in both dumps, and the memory of those in both. */
async function diffMappings(
  a: Side,
  b: Side,
  pid: number,
  options: DiffOptions,
  out: DumpDiff,
): Promise<void> {
  const match = matchMappings(
    await mappingsOf(a, pid),
    await mappingsOf(b, pid),
  );
  for (const m of match.added) out.mappings.added.push(mappingRef(pid, m));
  for (const m of match.removed) out.mappings.removed.push(mappingRef(pid, m));
  for (const [ma, mb] of match.pairs) {
    const c = changedFields(mappingFields(ma), mappingFields(mb));
    if (Object.keys(c).length > 0) {
      out.mappings.changed.push({ ...mappingRef(pid, mb), changes: c });
    }
  }
  if (options.memory === false) return;
  const pa = match.pairs.length ? await a.memory.process(pid) : undefined;
  const pb = match.pairs.length ? await b.memory.process(pid) : undefined;
  for (const [ma, mb] of match.pairs) {
    const d = await compareMemory(
      pa!,
      pb!,
      ma.start < mb.start ? ma.start : mb.start,
      ma.end > mb.end ? ma.end : mb.end,
      {
        chunkSize: options.chunkSize,
        startA: ma.start,
        endA: ma.end,
        startB: mb.start,
        endB: mb.end,
      },
    );
    const same = d.pagesChanged + d.pagesOnlyInA + d.pagesOnlyInB === 0;
    if (same && !options.showUnchanged) continue;
    out.memory.push({
      pid,
      start: addr(mb.start),
      end: addr(mb.end),
      name: mb.name,
      pages_changed: d.pagesChanged,
      bytes_changed: d.bytesChanged,
      pages_only_in_a: d.pagesOnlyInA,
      pages_only_in_b: d.pagesOnlyInB,
      changed_ranges: d.ranges.map(([x, y]) => [addr(x), addr(y)]),
    });
    if (d.rangesTruncated) out.memory.at(-1)!.truncated = true;
  }
}

/**
 * Compares two dumps: processes by pid (added, removed, changed fields:
 * comm, state, ppid/pgid/sid, credentials, cwd/root, exe, rlimits,
 * sigactions, namespaces, cgroup), threads, open files by fd (type, path,
 * flags, position, close-on-exec), sockets by fd (state, addresses, ports,
 * queues, unix peers by name), mappings (bounds, protection, flags, name,
 * offset) and, for each mapping in both, how many pages and bytes differ.
 * Registers, timers and other per-moment state are not compared.
 *
 * @example Two dumps of 16a-diff-pair, and one of them with itself
 * ```ts
 * import { diffDumps, hasDifferences } from "@ckpt/crit";
 * import { denoDumpDir } from "@ckpt/crit/deno";
 * const a = denoDumpDir("tests/fixtures/16a-diff-pair/a");
 * const b = denoDumpDir("tests/fixtures/16a-diff-pair/b");
 * const d = await diffDumps(a, b);
 * console.log(d.processes.added); // [ { pid: 5752, comm: "dp-child2" } ]
 * console.log(hasDifferences(d), hasDifferences(await diffDumps(a, a))); // true false
 * ```
 */
export async function diffDumps(
  a: DumpDir,
  b: DumpDir,
  options: DiffOptions = {},
): Promise<DumpDiff> {
  if (options === null || typeof options !== "object") {
    throw new TypeError("options must be an object");
  }
  const [sa, sb] = [await openSide(a), await openSide(b)];
  const out: DumpDiff = {
    processes: empty(),
    threads: { added: [], removed: [] },
    files: empty(),
    sockets: empty(),
    mappings: empty(),
    memory: [],
  };
  const ref = (t: TaskFacts): ProcessRef => ({ pid: t.pid, comm: t.comm });
  for (const pid of byKey(sb.tasks)) {
    if (!sa.tasks.has(pid)) out.processes.added.push(ref(sb.tasks.get(pid)!));
  }
  for (const pid of byKey(sa.tasks)) {
    const t = sa.tasks.get(pid)!;
    if (!sb.tasks.has(pid)) out.processes.removed.push(ref(t));
    else await diffTask(sa, sb, pid, options, out);
  }
  return out;
}

/**
 * Whether a {@linkcode DumpDiff} found any difference (`crit diff` exits 1
 * when it did). Memory entries with all counts 0 (`showUnchanged`) are not
 * differences.
 *
 * @example
 * ```ts
 * import { type DumpDiff, hasDifferences } from "@ckpt/crit";
 * const none: DumpDiff = {
 *   processes: { added: [], removed: [], changed: [] },
 *   threads: { added: [], removed: [] },
 *   files: { added: [], removed: [], changed: [] },
 *   sockets: { added: [], removed: [], changed: [] },
 *   mappings: { added: [], removed: [], changed: [] },
 *   memory: [],
 * };
 * console.log(hasDifferences(none)); // false
 * ```
 */
export function hasDifferences(d: DumpDiff): boolean {
  const sections = [d.processes, d.files, d.sockets, d.mappings];
  return sections.some((s) =>
    s.added.length + s.removed.length + s.changed.length > 0
  ) ||
    d.threads.added.length + d.threads.removed.length > 0 ||
    d.memory.some((m) =>
      m.pages_changed + m.pages_only_in_a + m.pages_only_in_b > 0
    );
}
