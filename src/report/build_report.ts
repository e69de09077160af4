/**
 * The facts a report shows, gathered from a dump: the process tree, each
 * task's memory map with how much of it the dump holds, open files, sockets,
 * argv and environment, CRIU's dump statistics and the totals. Plain data
 * (strings and numbers), so it goes into a page as JSON.
 *
 * @module
 */
import type { CheckReport } from "../check/problem.ts";
import type { CheckpointInfo } from "../dump/checkpoint_info.ts";
import type { DumpDir } from "../dump/dump_dir.ts";
import type { JsonObject } from "../json/types.ts";
import { Dump, MM_MAP, num, statusText } from "../dump/dump.ts";
import { exploreData } from "../explore/explore.ts";
import type {
  PsTask,
  SocketInfo,
  TaskFiles,
  TaskSockets,
} from "../explore/types.ts";
import { decodeUtf8Lossless } from "../json/text.ts";
import {
  DumpMemory,
  type MappingKind,
  type MemoryMapping,
} from "../memory/memory.ts";
import { MISSING_TEXT, type MissingReason } from "../memory/pagemap.ts";

/**
 * What a container engine recorded about a checkpointed container (from an
 * archive's config.dump and spec.dump). Every field is optional: a plain
 * dump directory has none of them.
 *
 * @example
 * ```ts
 * import type { ReportContainer } from "@ckpt/crit";
 * const c: ReportContainer = { engine: "Podman", name: "counter", image: "localhost/fixture:1" };
 * ```
 */
export interface ReportContainer {
  /** Podman, CRI-O, containerd, ... */
  engine?: string;
  /** The container's name. */
  name?: string;
  /** The container's id. */
  id?: string;
  /** The image it ran. */
  image?: string;
  /** Kubernetes pod. */
  pod?: string;
  /** Kubernetes namespace. */
  namespace?: string;
  /** When the container was created (ISO 8601). */
  created?: string;
  /** When it was checkpointed (ISO 8601). */
  checkpointed?: string;
  /** Bytes of each part of the archive, by member name. */
  sizes?: Record<string, number>;
  /** Any other facts worth a line, by label. */
  more?: Record<string, string>;
}

/**
 * The verdict of a consistency check of the dump and what it found.
 *
 * @example
 * ```ts
 * import type { ReportCheck } from "@ckpt/crit";
 * const check: ReportCheck = {
 *   verdict: "1 error",
 *   problems: [{ severity: "error", message: "pages-1.img is missing", image: "pagemap-7.img" }],
 * };
 * ```
 */
export interface ReportCheck {
  /** One line: `ok`, `2 warnings`, `restore would fail`, ... */
  verdict: string;
  /** Each problem found, most severe first. */
  problems: {
    /** `error`, `warning` or `note`. */
    severity: string;
    /** What is wrong, one line. */
    message: string;
    /** The task it concerns, if one. */
    pid?: number;
    /** The image it concerns, if one. */
    image?: string;
  }[];
}

/**
 * One VMA of a task as the report draws it. Addresses are hex without
 * `0x`; page counts add up: `dumped + zero + file + missing === pages`.
 *
 * @example
 * ```ts
 * import type { ReportMapping } from "@ckpt/crit";
 * const m: ReportMapping = {
 *   start: "400000", end: "401000", perms: "r-xp", kind: "file", name: "/bin/sleep",
 *   pages: 1, dumped: 0, zero: 0, file: 1, missing: 0,
 * };
 * ```
 */
export interface ReportMapping {
  /** First address, hex. */
  start: string;
  /** Address after the last byte, hex. */
  end: string;
  /** `r`, `w`, `x` or `-`, then `p` or `s`, like /proc/PID/maps. */
  perms: string;
  /** What backs it. */
  kind: MappingKind;
  /** File path, `[heap]`, `memfd:NAME`, ... or empty for anonymous memory. */
  name: string;
  /** Pages in total. */
  pages: number;
  /** Pages whose bytes the dump holds. */
  dumped: number;
  /** Pages not dumped that read as zeros. */
  zero: number;
  /**
   * Pages not dumped that come from the mapped file at restore (CRIU dumps
   * only the changed pages of a private file mapping).
   */
  file: number;
  /** Pages whose bytes the dump does not have. */
  missing: number;
  /** Why, for the missing pages. */
  missingReasons?: MissingReason[];
}

/**
 * One task of the report, with everything the dump says about it.
 *
 * @example
 * ```ts
 * import type { ReportProcess } from "@ckpt/crit";
 * const p: ReportProcess = {
 *   pid: 1, ppid: 0, pgid: 1, sid: 1, comm: "init", state: "alive", threads: [1],
 *   argv: ["/sbin/init"], env: [], mappings: [], files: [], sockets: [], notes: [],
 * };
 * ```
 */
export interface ReportProcess {
  /** Process id. */
  pid: number;
  /** Parent's pid; 0 for the root. */
  ppid: number;
  /** Process group. */
  pgid: number;
  /** Session. */
  sid: number;
  /** Command name. */
  comm: string;
  /** `alive`, `zombie`, `stopped`, or CRIU's number. */
  state: string | number;
  /** A zombie's exit code. */
  exitCode?: number;
  /** The signal that killed a zombie. */
  signal?: number;
  /** Thread ids, the main thread first. */
  threads: number[];
  /** Arguments, as its memory holds them. */
  argv: string[];
  /** Environment strings. */
  env: string[];
  /** The executable's path. */
  exe?: string;
  /** VMAs in address order. */
  mappings: ReportMapping[];
  /** Open descriptors, then `cwd` and `root`. */
  files: TaskFiles["files"];
  /** Socket descriptors. */
  sockets: SocketInfo[];
  /** What could not be read for this task, and why. */
  notes: string[];
}

/**
 * Totals over the whole dump.
 *
 * @example
 * ```ts
 * import type { ReportCounts } from "@ckpt/crit";
 * const share = (c: ReportCounts) => c.dumpedPages / c.pages;
 * ```
 */
export interface ReportCounts {
  /** Tasks in pstree.img. */
  processes: number;
  /** Threads of all tasks. */
  threads: number;
  /** Open descriptors (without cwd and root). */
  fds: number;
  /** Socket descriptors. */
  sockets: number;
  /** VMAs. */
  mappings: number;
  /** Pages mapped. */
  pages: number;
  /** Pages whose bytes the dump holds. */
  dumpedPages: number;
  /** Pages left to mapped files. */
  filePages: number;
  /** Pages never written (zeros). */
  zeroPages: number;
  /** Pages whose bytes the dump does not have. */
  missingPages: number;
}

/**
 * Everything a report shows, as plain JSON-ready data.
 *
 * @example
 * ```ts
 * import type { ReportData } from "@ckpt/crit";
 * const pids = (r: ReportData) => r.processes.map((p) => p.pid);
 * ```
 */
export interface ReportData {
  /** The dump's name, for the page title. */
  title: string;
  /** Container facts, for a dump that came in a container archive. */
  container?: ReportContainer;
  /** The verdict of a check of the dump. */
  check?: ReportCheck;
  /** CRIU's dump statistics (stats-dump), by field name; times in µs. */
  stats?: Record<string, number>;
  /** Totals. */
  counts: ReportCounts;
  /** Tasks parents first, in the order `crit x DIR ps` lists them. */
  processes: ReportProcess[];
  /** What could not be read at all, and why. */
  notes: string[];
}

/**
 * Options of {@linkcode buildReport}: what the dump directory itself does
 * not say.
 *
 * @example
 * ```ts
 * import type { ReportExtras } from "@ckpt/crit";
 * const extras: ReportExtras = { title: "counter", container: { engine: "Podman" } };
 * ```
 */
export interface ReportExtras {
  /** The page title; default `checkpoint`. */
  title?: string;
  /** Facts from a container archive. */
  container?: ReportContainer;
  /** A check's verdict and problems. */
  check?: ReportCheck;
}

const message = (e: unknown) =>
  (e instanceof Error ? e.message : String(e)).split("\n")[0];

/** `what` of the dump, or undefined with a note saying why not. */
async function attempt<T>(
  notes: string[],
  what: string,
  f: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await f();
  } catch (e) {
    notes.push(`${what}: ${message(e)}`);
    return undefined;
  }
}

/**
 * `dir` with each whole file read at most once: every explorer opens the
 * dump afresh, and a browser's file reads are slow enough to count.
 * Ranges (pages files) are not kept.
 */
function readOnce(dir: DumpDir): DumpDir {
  const files = new Map<string, Promise<Uint8Array | undefined>>();
  const out: DumpDir = {
    read(name) {
      let file = files.get(name);
      if (file === undefined) {
        file = dir.read(name);
        files.set(name, file);
      }
      return file;
    },
  };
  if (dir.readRange) out.readRange = dir.readRange.bind(dir);
  return out;
}

function flatten(root: PsTask, ppids: Map<number, number>): PsTask[] {
  const out: PsTask[] = [];
  const walk = (t: PsTask, ppid: number) => {
    out.push(t);
    ppids.set(t.pId, ppid);
    for (const kid of t.children) walk(kid, t.pId);
  };
  walk(root, 0);
  return out;
}

function reportMapping(m: MemoryMapping): ReportMapping {
  // Pages of a file mapping that CRIU left to the file (it dumps only
  // changed ones) are missing to us only because no file reader was given.
  const fromFile = m.missingReasons.length === 1 &&
    m.missingReasons[0] === "file";
  const out: ReportMapping = {
    start: m.start.toString(16),
    end: m.end.toString(16),
    perms: m.perms,
    kind: m.kind,
    name: m.name,
    pages: m.pages,
    dumped: m.dumped,
    zero: m.zero,
    file: fromFile ? m.file + m.missing : m.file,
    missing: fromFile ? 0 : m.missing,
  };
  if (m.missingReasons.length && !fromFile) {
    out.missingReasons = m.missingReasons;
  }
  return out;
}

async function statistics(
  dump: Dump,
): Promise<Record<string, number> | undefined> {
  const entry = (await dump.entries("stats-dump"))?.[0]?.dump as
    | JsonObject
    | undefined;
  if (entry === undefined) return undefined;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(entry)) out[k] = num(v);
  return out;
}

function byPid<T extends { pId: number }>(list: T[] | undefined) {
  return new Map((list ?? []).map((t) => [t.pId, t]));
}

/** Why a task has no `what`: its state, in the dump model's words. */
function absence(p: ReportProcess, what: string): string {
  return `no ${what}: the task is ${statusText(p)}`;
}

/**
 * Gathers the report of the dump in `dir`. Only a missing or unreadable
 * pstree.img (or a core image of one of its tasks) is an error; any other
 * part that cannot be read leaves a note in the report and the rest is
 * shown.
 *
 * @example The report of a dump directory (Deno)
 * ```ts
 * import { buildReport } from "@ckpt/crit";
 * import { denoDumpDir } from "@ckpt/crit/deno";
 *
 * const dir = denoDumpDir("tests/fixtures/04-tcp-udp");
 * const report = await buildReport(dir, { title: "04-tcp-udp" });
 * console.log(report.counts.sockets); // 13
 * ```
 */
export async function buildReport(
  source: DumpDir,
  extras: ReportExtras = {},
): Promise<ReportData> {
  const dir = readOnce(source);
  const dump = new Dump(dir);
  const notes: string[] = [];
  const ppids = new Map<number, number>();
  // One model of the dump for every reader: each image decoded once.
  const tasks = flatten(await exploreData(dump, "ps"), ppids);
  const threads = new Map(
    (await dump.tasks()).map((t) => [t.pid, t.threads] as const),
  );
  const files = byPid<TaskFiles>(
    await attempt(notes, "open files", () => exploreData(dump, "fds")),
  );
  const sockets = byPid<TaskSockets>(
    await attempt(notes, "sockets", () => exploreData(dump, "sk")),
  );
  const stats = await attempt(notes, "stats-dump", () => statistics(dump));
  const memory = new DumpMemory(dump);
  const processes: ReportProcess[] = [];
  for (const t of tasks) {
    const p: ReportProcess = {
      pid: t.pId,
      ppid: ppids.get(t.pId) ?? 0,
      pgid: t.pgId,
      sid: t.sId,
      comm: t.comm,
      state: t.state,
      threads: threads.get(t.pId) ?? [],
      argv: [],
      env: [],
      mappings: [],
      files: files.get(t.pId)?.files ?? [],
      sockets: sockets.get(t.pId)?.sockets ?? [],
      notes: [],
    };
    if (t.exitCode !== undefined) p.exitCode = t.exitCode;
    if (t.signal !== undefined) p.signal = t.signal;
    await addMemory(p, dump, memory);
    // The explorer gives a state only for a task without a file table.
    if (files.get(t.pId)?.state !== undefined) {
      p.notes.push(absence(p, "open files"));
    }
    processes.push(p);
  }
  const report: ReportData = {
    title: extras.title ?? "checkpoint",
    counts: counts(processes),
    processes,
    notes,
  };
  if (extras.container) report.container = extras.container;
  if (extras.check) report.check = extras.check;
  if (stats) report.stats = stats;
  return report;
}

async function addMemory(
  p: ReportProcess,
  dump: Dump,
  memory: DumpMemory,
): Promise<void> {
  try {
    const mm = (await dump.entries(`mm-${p.pid}.img`, MM_MAP))?.[0];
    if (mm === undefined) {
      p.notes.push(absence(p, "memory"));
      return;
    }
    p.exe = await dump.fileText("REG", mm.exe_file_id);
    const mem = await memory.process(p.pid);
    p.mappings = mem.mappings.map(reportMapping);
    // What `crit x DIR args` shows, from the same memory reader.
    const args = await mem.args();
    p.argv = args.argv.map((b) => decodeUtf8Lossless(b));
    p.env = args.env.map((b) => decodeUtf8Lossless(b));
    if (args.missing.length) {
      const bytes = args.missing.reduce((n, m) => n + m.length, 0);
      const why = new Set(args.missing.map((m) => MISSING_TEXT[m.reason]));
      p.notes.push(
        `${bytes} bytes of argv and environment cannot be read: ${
          [...why].join("; ")
        }`,
      );
    }
  } catch (e) {
    p.notes.push(`memory: ${message(e)}`);
  }
}

function counts(processes: ReportProcess[]): ReportCounts {
  const c: ReportCounts = {
    processes: processes.length,
    threads: 0,
    fds: 0,
    sockets: 0,
    mappings: 0,
    pages: 0,
    dumpedPages: 0,
    filePages: 0,
    zeroPages: 0,
    missingPages: 0,
  };
  for (const p of processes) {
    c.threads += p.threads.length;
    c.fds += p.files.filter((f) => f.type !== undefined).length;
    c.sockets += p.sockets.length;
    c.mappings += p.mappings.length;
    for (const m of p.mappings) {
      c.pages += m.pages;
      c.dumpedPages += m.dumped;
      c.filePages += m.file;
      c.zeroPages += m.zero;
      c.missingPages += m.missing;
    }
  }
  return c;
}

/**
 * The container facts of a checkpoint archive as the report shows them.
 *
 * @example
 * ```ts
 * import { reportContainer } from "./build_report.ts";
 * const container = reportContainer({
 *   engine: "Podman",
 *   containerName: "counter",
 *   image: "localhost/fixture:1",
 *   id: "3434f7a5",
 *   runtime: "runc",
 *   created: "2026-11-27T15:31:05Z",
 *   networks: [],
 *   annotations: {},
 *   mounts: [],
 *   sizes: { checkpoint: 349696, memoryPages: 290816, rootFsDiff: 2048 },
 * });
 * console.log(container.name); // "counter"
 * ```
 */
export function reportContainer(info: CheckpointInfo): ReportContainer {
  return {
    engine: info.engine,
    name: info.containerName,
    id: info.id,
    image: info.image,
    pod: info.pod,
    namespace: info.namespace,
    created: info.created,
    checkpointed: info.checkpointed,
    sizes: {
      checkpoint: info.sizes.checkpoint,
      "memory pages": info.sizes.memoryPages,
      "root fs diff": info.sizes.rootFsDiff,
    },
    more: { runtime: info.runtime, ...(info.ip ? { ip: info.ip } : {}) },
  };
}

/**
 * A `crit check` report as the summary shows it: a verdict and each
 * problem, errors first.
 *
 * @example
 * ```ts
 * import { reportCheck } from "./build_report.ts";
 * const check = reportCheck({ ok: true, problems: [], checked: { images: 13 } });
 * console.log(check.verdict); // "ok: no errors"
 * ```
 */
export function reportCheck(report: CheckReport): ReportCheck {
  const count = (severity: string) =>
    report.problems.filter((p) => p.severity === severity).length;
  const errors = count("error");
  const warnings = count("warning");
  const plural = (n: number, what: string) =>
    `${n} ${what}${n === 1 ? "" : "s"}`;
  const verdict = !report.ok
    ? `restore would fail: ${plural(errors, "error")}`
    : warnings > 0
    ? `ok: no errors, ${plural(warnings, "warning")}`
    : "ok: no errors";
  const rank = { error: 0, warning: 1, note: 2 } as Record<string, number>;
  const problems = [...report.problems]
    .sort((a, b) => (rank[a.severity] ?? 3) - (rank[b.severity] ?? 3))
    .map((p) => ({
      severity: p.severity,
      message: p.path === "" ? p.message : `${p.path}: ${p.message}`,
      ...(p.image === "" ? {} : { image: p.image }),
    }));
  return { verdict, problems };
}
