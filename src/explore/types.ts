/**
 * The data the explorers give, in go-criu's field names (`pId`, `files`,
 * `mems`, `rss`, `sockets`, ...).
 *
 * @module
 */
import type { TaskStatus } from "../dump/dump.ts";
import type { MissingReason } from "../memory/pagemap.ts";

export type { TaskStatus } from "../dump/dump.ts";

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
 * const t: PsTask = {
 *   pId: 1,
 *   pgId: 1,
 *   sId: 1,
 *   comm: "init",
 *   state: "alive",
 *   threads: [1],
 *   children: [],
 * };
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
  /** Thread ids, the main thread first. */
  threads: number[];
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
 * const t: TaskNote = { pId: 7, state: "zombie", exitCode: 3 };
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
 * const tree: ExploreResults["ps"] = {
 *   pId: 1,
 *   pgId: 1,
 *   sId: 1,
 *   comm: "init",
 *   state: "alive",
 *   threads: [1],
 *   children: [],
 * };
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

/**
 * One task of `args`: its argv and environment strings. Bytes that are not
 * UTF-8 are lone surrogates U+DC80..U+DCFF, like names elsewhere. A task
 * without memory in the dump has its state instead.
 *
 * @example
 * ```ts
 * import type { TaskArgs } from "@ckpt/crit";
 * const t: TaskArgs = { pId: 1, argv: ["/bin/sleep", "1000"], env: ["HOME=/"] };
 * ```
 */
export interface TaskArgs extends TaskNote {
  /** The NUL-separated strings of the argument area. */
  argv: string[];
  /** The same of the environment area. */
  env: string[];
  /** Parts of those areas the dump does not have (read as zeros). */
  missing?: { address: string; length: number; reason: MissingReason }[];
}
