/**
 * `crit x DIR ps|fds|mems|rss|sk`: a dump explained, as data
 * ({@linkcode exploreData}) or as text ({@linkcode explore}) in crit 4.2's
 * exact layout where crit works. Where crit stops with an exception (a dead
 * task without ids/mm/pagemap images, a pagemap written before CRIU 4.2)
 * these say what they saw and go on. `sk` is not in crit 4.2.
 *
 * The data uses the field names of go-criu's crit explorers (`pId`, `files`,
 * `mems`, `rss`, `sockets`, ...).
 *
 * @module
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import type { DumpDir } from "../dump/dump_dir.ts";
import {
  Dump,
  int,
  num,
  statusText,
  taskId,
  type TaskStatus,
} from "../dump/dump.ts";
export type { TaskStatus } from "../dump/dump.ts";
import { socketText, taskSockets } from "./sk.ts";
import { argsData, argsText, type TaskArgs } from "./args.ts";

/**
 * The explorers `crit x` offers.
 *
 * @example
 * ```ts
 * import { EXPLORERS } from "@ckpt/crit";
 * console.log(EXPLORERS.join(",")); // ps,fds,mems,rss,sk,args
 * ```
 */
export const EXPLORERS: readonly string[] = [
  "ps",
  "fds",
  "mems",
  "rss",
  "sk",
  "args",
];

/**
 * The name of one explorer.
 *
 * @example
 * ```ts
 * import type { Explorer } from "@ckpt/crit";
 * const what: Explorer = "sk";
 * ```
 */
export type Explorer = "ps" | "fds" | "mems" | "rss" | "sk" | "args";

/**
 * One task of `ps` and its children, in pstree.img order.
 *
 * @example
 * ```ts
 * import type { PsTask } from "@ckpt/crit";
 * const t: PsTask = { pId: 1, pgId: 1, sId: 1, comm: "init", state: "alive", children: [] };
 * ```
 */
export interface PsTask extends TaskStatus {
  /** Process id. */
  pId: number;
  /** Process group id. */
  pgId: number;
  /** Session id. */
  sId: number;
  /** Command name (`tc.comm`). */
  comm: string;
  /** Child tasks. */
  children: PsTask[];
}

/**
 * A task's state, given only for a task that has no images of its own
 * (a dead task has a core image and nothing else).
 *
 * @example
 * ```ts
 * import type { TaskNote } from "@ckpt/crit";
 * const t: TaskNote = { pId: 7, state: "dead", exitCode: 3 };
 * ```
 */
export interface TaskNote extends Partial<TaskStatus> {
  /** Process id. */
  pId: number;
}

/**
 * The open files of one task (`fds`): descriptors in fdinfo order, then
 * `cwd` and `root`. `path` is crit's text: a path, `pipe[ino]`,
 * `unix[ino (peer) name]` or `TYPE.id`.
 *
 * @example
 * ```ts
 * import type { TaskFiles } from "@ckpt/crit";
 * const t: TaskFiles = { pId: 1, files: [{ fd: "0", type: "REG", path: "/dev/null" }, { fd: "cwd", path: "/" }] };
 * ```
 */
export interface TaskFiles extends TaskNote {
  /** Open files; empty for a task with no file table. */
  files: { fd: string; type?: string; path: string }[];
}

/**
 * The memory map of one task (`mems`). Addresses are hex without `0x`;
 * `resource` is what crit prints after the protection (a file and offset,
 * `[stack]`, `shmem[N]`, ...; ` *` marks an area that is not regular).
 *
 * @example
 * ```ts
 * import type { TaskMems } from "@ckpt/crit";
 * const t: TaskMems = { pId: 1, exe: "/bin/sleep", mems: [{ start: "400000", end: "401000", protection: "r-x", resource: "/bin/sleep" }] };
 * ```
 */
export interface TaskMems extends TaskNote {
  /** The executable's path; absent for a task without memory. */
  exe?: string;
  /** The areas in mm.img order. */
  mems: { start: string; end: string; protection: string; resource?: string }[];
}

/**
 * The resident pages of one task (`rss`): each pagemap run (`phyAddr` is
 * its first virtual address in hex, `phyPages` its length) with the areas it
 * falls in. `continued` marks an area already listed for the previous run.
 *
 * @example
 * ```ts
 * import type { TaskRss } from "@ckpt/crit";
 * const t: TaskRss = { pId: 1, rss: [{ phyAddr: "401000", phyPages: 1, vmas: [{ addr: "401000", pages: 2 }] }] };
 * ```
 */
export interface TaskRss extends TaskNote {
  /** Pagemap runs in pagemap order. */
  rss: {
    phyAddr: string;
    phyPages: number;
    vmas: {
      addr: string;
      pages: number;
      resource?: string;
      continued?: boolean;
    }[];
  }[];
}

/**
 * One socket descriptor (`sk`). Which fields are set depends on the family:
 * unix sockets have `type`, `state`, `ino`, `peer` and their name in
 * `srcAddr`; inet sockets `protocol`, `type`, `state`, addresses and ports
 * (no ports for raw sockets); netlink sockets `protocol`, `portid` and
 * `groups`; packet sockets `type`, `protocol`, `ifindex` and `version`.
 * `inq`/`outq` are bytes queued in the dump: a unix socket's receive queue
 * (sk-queues.img), a TCP connection's queues (tcp-stream-INO.img).
 *
 * @example
 * ```ts
 * import type { SocketInfo } from "@ckpt/crit";
 * const s: SocketInfo = {
 *   fd: 4, fdType: "INETSK", family: "INET", protocol: "TCP", type: "STREAM",
 *   state: "ESTABLISHED", srcAddr: "127.0.0.1", srcPort: 54260,
 *   destAddr: "127.0.0.1", destPort: 5000, ino: 232784, inq: 0, outq: 512,
 * };
 * ```
 */
export interface SocketInfo {
  /** The descriptor number. */
  fd: number;
  /** The fdinfo type: UNIXSK, INETSK, NETLINKSK or PACKETSK. */
  fdType: string;
  /** UNIX, INET, INET6, NETLINK or PACKET; absent if files.img lacks the socket. */
  family?: string;
  /** IP protocol (TCP, UDP, ICMP), netlink family (ROUTE) or ethertype (ETH_P_ALL). */
  protocol?: string;
  /** STREAM, DGRAM, SEQPACKET or RAW. */
  type?: string;
  /** TCP-style state name (unix and inet sockets). */
  state?: string;
  /** The socket's inode number. */
  ino?: number;
  /** Unix: the peer's inode number, if connected. */
  peer?: number;
  /** Inet: the local address; unix: the name, as `fds` shows it. */
  srcAddr?: string;
  /** Inet: the local port. */
  srcPort?: number;
  /** Inet: the peer address. */
  destAddr?: string;
  /** Inet: the peer port. */
  destPort?: number;
  /** INET6: accepts IPv6 only. */
  v6only?: boolean;
  /** READ, WRITE or BOTH when shut down. */
  shutdown?: string;
  /** Netlink: the bound port id. */
  portid?: number;
  /** Netlink: the multicast groups joined. */
  groups?: number[];
  /** Netlink: the connected port id. */
  destPortid?: number;
  /** Netlink: the connected group. */
  destGroup?: number;
  /** Packet: the bound interface (0 for all). */
  ifindex?: number;
  /** Packet: the interface's name, when the dump has its network namespace. */
  ifname?: string;
  /** Packet: TPACKET_V1, TPACKET_V2 or TPACKET_V3. */
  version?: string;
  /** Packet: memberships (PROMISC, MULTICAST, ...). */
  memberships?: { type: string; ifindex: number; ifname?: string }[];
  /** Packet: PACKET_AUXDATA is on. */
  auxData?: boolean;
  /** Bytes queued for reading. */
  inq?: number;
  /** Bytes queued for sending. */
  outq?: number;
}

/**
 * The sockets of one task (`sk`), in fdinfo order.
 *
 * @example
 * ```ts
 * import type { TaskSockets } from "@ckpt/crit";
 * const t: TaskSockets = { pId: 1, sockets: [] };
 * ```
 */
export interface TaskSockets extends TaskNote {
  /** Socket descriptors; empty for a task with no file table. */
  sockets: SocketInfo[];
}

/**
 * What {@linkcode exploreData} returns for each explorer: `ps` gives the
 * root task (children nested), the others one object per task in
 * pstree.img order.
 *
 * @example
 * ```ts
 * import type { ExploreResults } from "@ckpt/crit";
 * const tree: ExploreResults["ps"] = { pId: 1, pgId: 1, sId: 1, comm: "init", state: "alive", children: [] };
 * ```
 */
export interface ExploreResults {
  /** The process tree from its root. */
  ps: PsTask;
  /** Open files per task. */
  fds: TaskFiles[];
  /** Memory areas per task. */
  mems: TaskMems[];
  /** Resident pages per task. */
  rss: TaskRss[];
  /** Sockets per task. */
  sk: TaskSockets[];
  /** argv and environment per task, read from memory. */
  args: TaskArgs[];
}

const pad = (s: string, n: number) => s.padStart(n);
const padEnd = (s: string, n: number) => s.padEnd(n);
const hex = (v: JsonValue | undefined) => int(v).toString(16);

const VMA_FILE = (1 << 6) | (1 << 7);

/** The state of a task that lacks `image`; an alive task without it is an error. */
async function missing(
  dump: Dump,
  pid: number,
  image: string,
): Promise<TaskNote> {
  const status = await dump.status(pid);
  // Only tasks that are gone are dumped without these images.
  if (status.state === "alive") throw new Error(`the dump has no ${image}`);
  return { pId: pid, ...status };
}

async function psData(dump: Dump): Promise<PsTask> {
  const tree = await dump.need("pstree.img");
  const tasks = new Map<number, { ppid: number; task: PsTask }>();
  for (const p of tree) {
    const pid = taskId(p, "pid");
    const tc = (await dump.first(`core-${pid}.img`)).tc as
      | JsonObject
      | undefined;
    const task: PsTask = {
      pId: pid,
      pgId: taskId(p, "pgid"),
      sId: taskId(p, "sid"),
      comm: String(tc?.comm ?? ""),
      ...await dump.status(pid),
      children: [],
    };
    tasks.set(pid, { ppid: num(p.ppid), task });
  }
  let root: PsTask | undefined;
  for (const { ppid, task } of tasks.values()) {
    if (ppid === 0) {
      // Like crit, the last task without a parent is the root.
      root = task;
      continue;
    }
    const parent = tasks.get(ppid);
    if (!parent) {
      throw new Error(
        `task ${task.pId} has parent ${ppid}, which is not in pstree.img`,
      );
    }
    parent.task.children.push(task);
  }
  if (!root) throw new Error("pstree.img has no task without a parent");
  return root;
}

/** The pids of pstree.img, in order. */
async function pids(dump: Dump): Promise<number[]> {
  return (await dump.need("pstree.img")).map((p) => taskId(p, "pid"));
}

/** A task's fdinfo entries, or its state when it has no file table. */
async function fdTable(
  dump: Dump,
  pid: number,
): Promise<JsonObject[] | TaskNote> {
  const ids = await dump.entries(`ids-${pid}.img`);
  if (!ids) return await missing(dump, pid, `ids-${pid}.img`);
  const files = num((await dump.first(`ids-${pid}.img`)).files_id);
  return await dump.need(`fdinfo-${files}.img`);
}

async function fdsData(dump: Dump): Promise<TaskFiles[]> {
  const out: TaskFiles[] = [];
  for (const pid of await pids(dump)) {
    const table = await fdTable(dump, pid);
    if (!Array.isArray(table)) {
      out.push({ ...table, files: [] });
      continue;
    }
    const files: TaskFiles["files"] = [];
    for (const fd of table) {
      const type = String(fd.type);
      files.push({
        fd: String(fd.fd),
        type,
        path: await dump.fileText(type, fd.id),
      });
    }
    const fs = await dump.first(`fs-${pid}.img`);
    files.push({ fd: "cwd", path: await dump.fileText("REG", fs.cwd_id) });
    files.push({ fd: "root", path: await dump.fileText("REG", fs.root_id) });
    out.push({ pId: pid, files });
  }
  return out;
}

async function memsData(dump: Dump): Promise<TaskMems[]> {
  const out: TaskMems[] = [];
  // Shared areas are numbered in order of first sight, across tasks, like crit.
  const shortIds = new Map<bigint, number>();
  const shortId = (v: JsonValue | undefined) => {
    const key = int(v);
    let id = shortIds.get(key);
    if (id === undefined) {
      id = shortIds.size + 1;
      shortIds.set(key, id);
    }
    return id.toString(16);
  };
  for (const pid of await pids(dump)) {
    const mm = (await dump.entries(`mm-${pid}.img`))?.[0];
    if (!mm) {
      out.push({ ...await missing(dump, pid, `mm-${pid}.img`), mems: [] });
      continue;
    }
    const exe = await dump.fileText("REG", mm.exe_file_id);
    const mems: TaskMems["mems"] = [];
    for (const vma of (mm.vmas ?? []) as JsonObject[]) {
      const st = num(vma.status);
      let fn: string;
      if (st & (1 << 10)) fn = `ips[${shortId(vma.shmid)}]`;
      else if (st & (1 << 8)) fn = `shmem[${shortId(vma.shmid)}]`;
      else if (st & (1 << 11)) fn = `packet[${shortId(vma.shmid)}]`;
      else if (st & VMA_FILE) {
        fn = await dump.fileText("REG", vma.shmid);
        if (int(vma.pgoff)) fn += ` + 0x${hex(vma.pgoff)}`;
        if (st & (1 << 7)) fn += " (s)";
      } else if (st & (1 << 1)) fn = "[stack]";
      else if (st & (1 << 2)) fn = "[vsyscall]";
      else if (st & (1 << 3)) fn = "[vdso]";
      else if (num(vma.flags) & 0x100) fn = "[stack?]";
      else fn = "";
      if (!(st & 1)) fn = fn ? `${fn} *` : "*";
      const prot = num(vma.prot);
      const protection = (prot & 1 ? "r" : "-") + (prot & 2 ? "w" : "-") +
        (prot & 4 ? "x" : "-");
      const area: TaskMems["mems"][number] = {
        start: hex(vma.start),
        end: hex(vma.end),
        protection,
      };
      if (fn) area.resource = fn;
      mems.push(area);
    }
    out.push({ pId: pid, exe, mems });
  }
  return out;
}

async function rssData(dump: Dump): Promise<TaskRss[]> {
  const out: TaskRss[] = [];
  for (const pid of await pids(dump)) {
    const mm = (await dump.entries(`mm-${pid}.img`))?.[0];
    const pagemap = await dump.entries(`pagemap-${pid}.img`);
    if (!mm || !pagemap) {
      const image = mm ? `pagemap-${pid}.img` : `mm-${pid}.img`;
      out.push({ ...await missing(dump, pid, image), rss: [] });
      continue;
    }
    const vmas = (mm.vmas ?? []) as JsonObject[];
    const runs: TaskRss["rss"] = [];
    // crit's walk: vmi is the first area the run touches, pvmi the last one listed.
    let vmi = 0;
    let pvmi = -1;
    for (const pm of pagemap.slice(1)) {
      const vaddr = int(pm.vaddr);
      // Before CRIU 4.2 the page count was field 2, which 4.2 calls compat_nr_pages.
      const pages = int(pm.nr_pages ?? pm.compat_nr_pages);
      while (vmi < vmas.length && int(vmas[vmi].end) <= vaddr) vmi++;
      const runEnd = vaddr + (pages << 12n);
      const run: TaskRss["rss"][number] = {
        phyAddr: vaddr.toString(16),
        phyPages: Number(pages),
        vmas: [],
      };
      while (vmi < vmas.length && int(vmas[vmi].start) < runEnd) {
        const vma = vmas[vmi];
        const start = int(vma.start);
        const area: TaskRss["rss"][number]["vmas"][number] = {
          addr: start.toString(16),
          pages: Number((int(vma.end) - start) >> 12n),
        };
        if (num(vma.status) & VMA_FILE) {
          area.resource = await dump.fileText("REG", vma.shmid);
        }
        if (vmi === pvmi) area.continued = true;
        pvmi = vmi;
        run.vmas.push(area);
        vmi++;
      }
      // The last area may go on into the next run, so crit steps back one.
      vmi = Math.max(vmi - 1, 0);
      runs.push(run);
    }
    out.push({ pId: pid, rss: runs });
  }
  return out;
}

async function skData(dump: Dump): Promise<TaskSockets[]> {
  const out: TaskSockets[] = [];
  for (const pid of await pids(dump)) {
    const table = await fdTable(dump, pid);
    if (!Array.isArray(table)) {
      out.push({ ...table, sockets: [] });
      continue;
    }
    out.push({ pId: pid, sockets: await taskSockets(dump, table) });
  }
  return out;
}

/** The note printed for a task without images, or undefined. */
function note(t: TaskNote, what: string): string | undefined {
  if (t.state === undefined) return undefined;
  return `\t(no ${what}: the task is ${
    statusText({ state: t.state, exitCode: t.exitCode, signal: t.signal })
  })`;
}

function psText(root: PsTask): string[] {
  const lines = [`${pad("PID", 7)}${pad("PGID", 7)}${pad("SID", 7)}   COMM`];
  const walk = (t: PsTask, depth: number) => {
    lines.push(
      `${pad(String(t.pId), 7)}${pad(String(t.pgId), 7)}${
        pad(String(t.sId), 7)
      }   ${" ".repeat(4 * depth)}${t.comm}`,
    );
    for (const kid of t.children) walk(kid, depth + 1);
  };
  walk(root, 0);
  return lines;
}

function fdsText(tasks: TaskFiles[]): string[] {
  return tasks.flatMap((t) => {
    const n = note(t, "open files");
    if (n !== undefined) return [`${t.pId}`, n];
    return [`${t.pId}`, ...t.files.map((f) => `\t${pad(f.fd, 7)}: ${f.path}`)];
  });
}

function memsText(tasks: TaskMems[]): string[] {
  return tasks.flatMap((t) => {
    const n = note(t, "memory");
    if (n !== undefined) return [`${t.pId}`, n];
    return [
      `${t.pId}`,
      `\t${padEnd("exe", 36)}    ${t.exe}`,
      ...t.mems.map((m) => {
        const range = `${m.start.padStart(8, "0")}-${m.end.padStart(8, "0")}`;
        const fn = m.resource === undefined ? "" : ` ${m.resource}`;
        return `\t${padEnd(range, 36)}${m.protection}${fn}`;
      }),
    ];
  });
}

function rssText(tasks: TaskRss[]): string[] {
  return tasks.flatMap((t) => {
    const n = note(t, "memory");
    if (n !== undefined) return [`${t.pId}`, n];
    return [
      `${t.pId}`,
      ...t.rss.map((run) => {
        const head = `\t${run.phyAddr} / ${padEnd(String(run.phyPages), 8)}`;
        let text = "";
        for (const v of run.vmas) {
          if (v.continued) text += " ~";
          else {
            text += ` ${v.addr.padStart(8, "0")} / ${
              padEnd(String(v.pages), 8)
            }`;
            if (v.resource !== undefined) text += ` ${v.resource}`;
          }
          text += "\n\t" + " ".repeat(23);
        }
        return `${padEnd(head, 24)}${text}`;
      }),
    ];
  });
}

function skText(tasks: TaskSockets[]): string[] {
  return tasks.flatMap((t) => {
    const n = note(t, "open files");
    if (n !== undefined) return [`${t.pId}`, n];
    return [
      `${t.pId}`,
      ...t.sockets.map((s) => `\t${pad(String(s.fd), 7)}: ${socketText(s)}`),
    ];
  });
}

async function run(dir: DumpDir, what: string): Promise<unknown> {
  const dump = new Dump(dir);
  switch (what) {
    case "ps":
      return await psData(dump);
    case "fds":
      return await fdsData(dump);
    case "mems":
      return await memsData(dump);
    case "rss":
      return await rssData(dump);
    case "sk":
      return await skData(dump);
    case "args":
      return await argsData(dir);
    default:
      throw new TypeError(
        `unknown explorer ${what}; one of ${EXPLORERS.join(", ")}`,
      );
  }
}

/**
 * Runs one explorer over a dump and returns its data, ready for
 * `stringify` (`crit x DIR WHAT --json` prints it with `pretty: true`).
 * Every image is read and decoded at most once. Names that are not UTF-8
 * hold lone surrogates U+DC80..U+DCFF for their undecodable bytes.
 *
 * @example The sockets of each task of a dump held in memory
 * ```ts ignore
 * import { type DumpDir, exploreData } from "@ckpt/crit";
 * const files = new Map<string, Uint8Array>(); // image name -> bytes
 * const dir: DumpDir = { read: (name) => Promise.resolve(files.get(name)) };
 * for (const task of await exploreData(dir, "sk")) {
 *   console.log(task.pId, task.sockets.map((s) => s.state));
 * }
 * ```
 */
export async function exploreData<W extends Explorer>(
  dir: DumpDir,
  what: W,
): Promise<ExploreResults[W]> {
  return await run(dir, what) as ExploreResults[W];
}

/**
 * Runs one explorer over a dump and returns its text, lines ending in "\n":
 * crit 4.2's text where crit has the explorer and does not fail. Names that
 * are not UTF-8 hold lone surrogates U+DC80..U+DCFF for their undecodable
 * bytes (the CLI writes those bytes back out).
 *
 * @example Print the process tree of a dump on disk (Deno)
 * ```ts ignore
 * import { type DumpDir, explore } from "@ckpt/crit";
 * const dir: DumpDir = {
 *   read: (name) => Deno.readFile(`dump/${name}`).catch(() => undefined),
 * };
 * console.log(await explore(dir, "ps"));
 * ```
 */
export async function explore(dir: DumpDir, what: string): Promise<string> {
  const data = await run(dir, what);
  let lines: string[];
  switch (what as Explorer) {
    case "ps":
      lines = psText(data as PsTask);
      break;
    case "fds":
      lines = fdsText(data as TaskFiles[]);
      break;
    case "mems":
      lines = memsText(data as TaskMems[]);
      break;
    case "rss":
      lines = rssText(data as TaskRss[]);
      break;
    case "sk":
      lines = skText(data as TaskSockets[]);
      break;
    case "args":
      lines = argsText(data as TaskArgs[]);
      break;
  }
  return lines.map((l) => l + "\n").join("");
}
