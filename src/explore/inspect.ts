/**
 * checkpointctl's `inspect` as data: the container facts of a checkpoint
 * and, on request, its process tree, open files, sockets and mounts, with
 * checkpointctl's JSON keys so its users' scripts keep working.
 *
 * @module
 */
import type { DumpDir } from "../dump/dump_dir.ts";
import type { CheckpointInfo } from "../dump/checkpoint_info.ts";
import { exploreData } from "./explore.ts";
import type { PsTask, SocketInfo } from "./types.ts";
import { byteSize } from "./byte_size.ts";

/** What {@linkcode inspectData} adds to the container facts; all default false. */
export interface InspectOptions {
  /** The process tree. */
  psTree?: boolean;
  /** Each process's command line (from its memory) in the tree. */
  psTreeCmd?: boolean;
  /** Each process's environment (from its memory) in the tree. */
  psTreeEnv?: boolean;
  /** Open files of each process. */
  files?: boolean;
  /** Sockets of each process. */
  sockets?: boolean;
  /** The OCI spec's mounts. */
  mounts?: boolean;
  /** CRIU's dump statistics. */
  stats?: boolean;
  /** Pod, namespace and annotations. */
  metadata?: boolean;
  /** Only this process and its children in the tree. */
  pid?: number;
}

/**
 * One process of the tree, checkpointctl's `PsNode`.
 *
 * @example
 * ```ts
 * import type { InspectProcess } from "@ckpt/crit";
 * const p: InspectProcess = { pid: 1, command: "sh", task_state: "Alive" };
 * ```
 */
export interface InspectProcess {
  /** Process id. */
  pid: number;
  /** Command name. */
  command: string;
  /** argv joined by spaces (`--ps-tree-cmd`). */
  cmdline?: string;
  /** `Alive`, `Dead`, `Stopped` or `Zombie`. */
  task_state: string;
  /** The environment (`--ps-tree-env`). */
  environment_variables?: Record<string, string>;
  /** Child processes; dead tasks and zombies list none. */
  children?: InspectProcess[];
}

/**
 * One socket, checkpointctl's `SocketNode`.
 *
 * @example
 * ```ts
 * import type { InspectSocket } from "@ckpt/crit";
 * const s: InspectSocket = { protocol: "TCP", data: { type: "TCP", state: "LISTEN", src: "0.0.0.0", src_port: 80 } };
 * ```
 */
export interface InspectSocket {
  /** TCP, UDP, the unix socket type, or the fdinfo type. */
  protocol: string;
  /** What checkpointctl shows of it. */
  data: {
    type?: string;
    address?: string;
    state?: string;
    src?: string;
    src_port?: number;
    dst?: string;
    dst_port?: number;
    send_buf?: string;
    recv_buf?: string;
  };
}

/**
 * One checkpoint as `checkpointctl inspect --format json` writes it (one
 * element of its array); optional parts are left out when empty, as Go's
 * `omitempty` does.
 *
 * @example
 * ```ts
 * import type { InspectResult } from "@ckpt/crit";
 * const r: InspectResult = {
 *   container_name: "counter", image: "localhost/fixture:1", id: "3434", runtime: "runc",
 *   created: "2026-11-27T15:31:05Z", engine: "Podman", checkpoint_size: { total_size: 300000 },
 * };
 * ```
 */
export interface InspectResult {
  /** Container name. */
  container_name: string;
  /** Image the container ran. */
  image: string;
  /** Container id. */
  id: string;
  /** OCI runtime. */
  runtime: string;
  /** Creation time. */
  created: string;
  /** Checkpoint time, when the engine wrote it. */
  checkpointed?: string;
  /** Podman, CRI-O or containerd. */
  engine: string;
  /** Addresses, comma-separated. */
  ip?: string;
  /** MAC addresses, comma-separated. */
  mac?: string;
  /** Podman's networks and their interfaces. */
  networks?: {
    name: string;
    interfaces: Record<string, { ip?: string; mac?: string; gateway?: string }>;
  }[];
  /** Bytes of checkpoint/, of its pages files, of rootfs-diff.tar. */
  checkpoint_size: {
    total_size?: number;
    memory_pages_size?: number;
    root_fs_diff_size?: number;
  };
  /** CRIU's dump statistics (`--stats`), times in microseconds. */
  statistics?: {
    freezing_time?: number;
    frozen_time?: number;
    memdump_time?: number;
    memwrite_time?: number;
    pages_scanned?: number;
    pages_written?: number;
  };
  /** Pod, namespace and annotations (`--metadata`). */
  metadata?: {
    pod_name?: string;
    kubernetes_namespace?: string;
    annotations?: Record<string, string>;
  };
  /** The process tree (`--ps-tree`). */
  process_tree?: InspectProcess;
  /** Open files per process (`--files`). */
  file_descriptors?: {
    pid: number;
    open_files?: { type: string; fd: string; path: string }[];
  }[];
  /** Sockets per process (`--sockets`). */
  sockets?: { pid: number; open_sockets?: InspectSocket[] }[];
  /** The spec's mounts (`--mounts`). */
  mounts?: { destination: string; type: string; source: string }[];
}

/** Leaves out undefined, zero, empty-string and empty-object fields. */
function omitEmpty<T extends object>(o: T): T {
  for (const [k, v] of Object.entries(o)) {
    const empty = v === undefined || v === 0 || v === "" ||
      (Array.isArray(v) && v.length === 0) ||
      (v !== null && typeof v === "object" && !Array.isArray(v) &&
        Object.keys(v).length === 0 && k !== "checkpoint_size");
    if (empty) delete (o as Record<string, unknown>)[k];
  }
  return o;
}

const STATE_NAMES: Record<string, string> = {
  alive: "Alive",
  stopped: "Stopped",
  zombie: "Zombie",
};

function stateName(t: PsTask): string {
  return typeof t.state === "string"
    ? STATE_NAMES[t.state] ?? t.state
    : `Unknown(${t.state})`;
}

function findTask(t: PsTask, pid: number): PsTask | undefined {
  if (t.pId === pid) return t;
  for (const c of t.children) {
    const found = findTask(c, pid);
    if (found) return found;
  }
  return undefined;
}

async function processTree(
  dir: DumpDir,
  o: InspectOptions,
): Promise<InspectProcess> {
  let root = await exploreData(dir, "ps");
  if (o.pid !== undefined) {
    const found = findTask(root, o.pid);
    if (!found) {
      throw new Error(
        `no process with PID ${o.pid} (use \`inspect --ps-tree\` to view all PIDs)`,
      );
    }
    root = found;
  }
  const args = o.psTreeCmd || o.psTreeEnv
    ? new Map((await exploreData(dir, "args")).map((a) => [a.pId, a]))
    : undefined;
  const node = (t: PsTask): InspectProcess => {
    const a = args?.get(t.pId);
    const alive = t.state === "alive" || t.state === "stopped";
    // Keys in checkpointctl's order: cmdline comes before task_state.
    const p: InspectProcess = {
      pid: t.pId,
      command: t.comm,
      cmdline: o.psTreeCmd && alive ? a?.argv.join(" ") : undefined,
      task_state: stateName(t),
    };
    if (!alive) return omitEmpty(p);
    if (o.psTreeEnv && a) {
      const env: Record<string, string> = {};
      for (const e of a.env) {
        const eq = e.indexOf("=");
        if (eq > 0) env[e.slice(0, eq)] = e.slice(eq + 1);
      }
      p.environment_variables = env;
    }
    const children = t.children.map(node);
    if (children.length) p.children = children;
    return omitEmpty(p);
  };
  return node(root);
}

function socket(s: SocketInfo): InspectSocket {
  const buf = (n: number | undefined) => byteSize(n ?? 0);
  switch (s.fdType) {
    case "UNIXSK":
      return {
        protocol: s.type ?? "",
        data: omitEmpty({ type: "UNIX", address: s.srcAddr }),
      };
    case "INETSK":
      return {
        protocol: s.protocol ?? "",
        data: omitEmpty({
          type: s.protocol,
          state: s.state,
          src: s.srcAddr,
          src_port: s.srcPort,
          dst: s.destAddr,
          dst_port: s.destPort,
          send_buf: buf(s.outq),
          recv_buf: buf(s.inq),
        }),
      };
    default:
      return {
        protocol: s.protocol ?? s.fdType,
        data: { send_buf: buf(s.outq), recv_buf: buf(s.inq) },
      };
  }
}

/**
 * The inspect data of one checkpoint. `info` is undefined for a bare CRIU
 * dump (no container facts: the fields are empty). Only what the options
 * ask for is read: without `psTreeCmd`/`psTreeEnv` no memory page is.
 *
 * @example The process tree of a dump held in memory
 * ```ts
 * import { encodeSync, inspectData } from "@ckpt/crit";
 * const files: Record<string, Uint8Array> = {
 *   "pstree.img": encodeSync({ magic: "PSTREE", entries: [{ pid: 1, ppid: 0, pgid: 1, sid: 1 }] }),
 *   "core-1.img": encodeSync({ magic: "CORE", entries: [{
 *     mtype: "X86_64",
 *     tc: { task_state: 1, exit_code: 0, personality: 0, flags: 0, blk_sigset: 0, comm: "init" },
 *   }] }),
 * };
 * const dir = { read: (name: string) => Promise.resolve(files[name]) };
 * const result = await inspectData(dir, undefined, { psTree: true });
 * console.assert(result.process_tree?.command === "init");
 * console.assert(result.process_tree?.task_state === "Alive");
 * ```
 */
export async function inspectData(
  dir: DumpDir,
  info: CheckpointInfo | undefined,
  options: InspectOptions = {},
): Promise<InspectResult> {
  const o = { ...options };
  if (
    o.pid !== undefined || o.files || o.sockets || o.psTreeCmd || o.psTreeEnv
  ) {
    o.psTree = true;
  }
  const out: InspectResult = {
    container_name: info?.containerName ?? "",
    image: info?.image ?? "",
    id: info?.id ?? "",
    runtime: info?.runtime ?? "",
    created: info?.created ?? "",
    checkpointed: info?.checkpointed,
    engine: info?.engine ?? "",
    ip: info?.ip,
    mac: info?.mac,
    networks: info?.networks,
    checkpoint_size: omitEmpty({
      total_size: info?.sizes.checkpoint,
      memory_pages_size: info?.sizes.memoryPages,
      root_fs_diff_size: info?.sizes.rootFsDiff,
    }),
  };
  if (o.stats && info?.statistics) {
    const s = info.statistics;
    out.statistics = omitEmpty({
      freezing_time: s.freezingTime,
      frozen_time: s.frozenTime,
      memdump_time: s.memdumpTime,
      memwrite_time: s.memwriteTime,
      pages_scanned: s.pagesScanned,
      pages_written: s.pagesWritten,
    });
  }
  if (o.metadata) {
    out.metadata = omitEmpty({
      pod_name: info?.pod,
      kubernetes_namespace: info?.namespace,
      annotations: info?.annotations,
    });
  }
  if (o.psTree) out.process_tree = await processTree(dir, o);
  if (o.files) {
    out.file_descriptors = (await exploreData(dir, "fds")).map((t) =>
      omitEmpty({
        pid: t.pId,
        open_files: t.files.map((f) => ({
          type: f.type ?? "",
          fd: `${f.type ?? ""} ${f.fd}`.trim(),
          path: f.path,
        })),
      })
    );
  }
  if (o.sockets) {
    // Every task, as checkpointctl lists them; those without sockets bare.
    const held = new Map(
      (await exploreData(dir, "sk")).map((t) => [t.pId, t.sockets]),
    );
    out.sockets = (await exploreData(dir, "fds")).map((t) =>
      omitEmpty({
        pid: t.pId,
        open_sockets: (held.get(t.pId) ?? []).map(socket),
      })
    );
  }
  if (o.mounts && info?.mounts.length) out.mounts = info.mounts;
  // Key order stays as above; only empty optional parts go.
  for (const k of ["checkpointed", "ip", "mac"] as const) {
    if (!out[k]) delete out[k];
  }
  if (!out.networks?.length) delete out.networks;
  return out;
}
