/**
 * `crit x DIR sk`: what each socket descriptor of a task is, from the socket
 * entries of files.img, with the bytes queued on it where the dump kept
 * them (sk-queues.img for unix sockets, tcp-stream-INO.img for TCP).
 *
 * @module
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import type { SocketInfo, TaskSockets } from "./types.ts";
import { type ExplorerDef, fdTable, note, pad } from "./_common.ts";
import { type Dump, int, num, unixSocketName } from "../dump/dump.ts";
import { DICT_TABLES } from "../wire/crit_tables.ts";
import { formatIp } from "../json/text.ts";

/** fdinfo types that are sockets, and the files.img field holding each. */
const SOCKET_FIELDS: Readonly<Record<string, string>> = {
  UNIXSK: "usk",
  INETSK: "isk",
  NETLINKSK: "nlsk",
  PACKETSK: "psk",
};

const SK_LABELS = DICT_TABLES.sk;
const label = (
  table: ReadonlyMap<number, string>,
  v: JsonValue | undefined,
) => table.get(num(v)) ?? String(num(v));

/** IP protocol numbers (netinet/in.h) a raw or inet socket may carry. */
const IP_PROTOCOLS = new Map<number, string>([
  [0, "IP"],
  [1, "ICMP"],
  [2, "IGMP"],
  [6, "TCP"],
  [17, "UDP"],
  [58, "ICMPV6"],
  [132, "SCTP"],
  [136, "UDPLITE"],
  [255, "RAW"],
]);

/** Netlink families (linux/netlink.h). */
const NETLINK_PROTOCOLS = new Map<number, string>([
  [0, "ROUTE"],
  [1, "UNUSED"],
  [2, "USERSOCK"],
  [3, "FIREWALL"],
  [4, "SOCK_DIAG"],
  [5, "NFLOG"],
  [6, "XFRM"],
  [7, "SELINUX"],
  [8, "ISCSI"],
  [9, "AUDIT"],
  [10, "FIB_LOOKUP"],
  [11, "CONNECTOR"],
  [12, "NETFILTER"],
  [13, "IP6_FW"],
  [14, "DNRTMSG"],
  [15, "KOBJECT_UEVENT"],
  [16, "GENERIC"],
  [18, "SCSITRANSPORT"],
  [19, "ECRYPTFS"],
  [20, "RDMA"],
  [21, "CRYPTO"],
  [22, "SMC"],
]);

/** Ethernet protocol ids (linux/if_ether.h) seen on packet sockets. */
const ETH_PROTOCOLS = new Map<number, string>([
  [0x0003, "ETH_P_ALL"],
  [0x0800, "ETH_P_IP"],
  [0x0806, "ETH_P_ARP"],
  [0x8100, "ETH_P_8021Q"],
  [0x86dd, "ETH_P_IPV6"],
  [0x88cc, "ETH_P_LLDP"],
]);

const TPACKET_VERSIONS = ["TPACKET_V1", "TPACKET_V2", "TPACKET_V3"];
const MEMBERSHIP_TYPES = ["MULTICAST", "PROMISC", "ALLMULTI", "UNICAST"];

/** Bytes waiting in each unix socket's receive queue, by socket id. */
async function unixQueues(dump: Dump): Promise<Map<bigint, number>> {
  const queued = new Map<bigint, number>();
  for (const q of await dump.entries("sk-queues.img") ?? []) {
    const id = int(q.id_for);
    queued.set(id, (queued.get(id) ?? 0) + num(q.length));
  }
  return queued;
}

/** Network device names of one network namespace, by ifindex. */
async function netdevNames(
  dump: Dump,
  nsId: JsonValue | undefined,
): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  if (nsId === undefined) return names;
  for (const d of await dump.entries(`netdev-${nsId}.img`) ?? []) {
    names.set(num(d.ifindex), String(d.name));
  }
  return names;
}

function unix(info: SocketInfo, u: JsonObject, queued: Map<bigint, number>) {
  info.family = "UNIX";
  info.type = label(SK_LABELS.type.labels, u.type);
  info.state = label(SK_LABELS.state.labels, u.state);
  info.ino = num(u.ino);
  if (num(u.peer)) info.peer = num(u.peer);
  if (u.name) info.srcAddr = unixSocketName(String(u.name));
  if (u.shutdown !== undefined && u.shutdown !== "NONE") {
    info.shutdown = String(u.shutdown);
  }
  const inq = queued.get(int(u.id));
  if (inq !== undefined) info.inq = inq;
}

async function inet(dump: Dump, info: SocketInfo, i: JsonObject) {
  const family = num(i.family);
  const type = num(i.type);
  const proto = num(i.proto);
  info.family = label(SK_LABELS.family.labels, family);
  info.protocol = IP_PROTOCOLS.get(proto) ?? String(proto);
  info.type = label(SK_LABELS.type.labels, type);
  info.state = label(SK_LABELS.state.labels, i.state);
  // A raw socket's "port" is its protocol number, not an address part.
  const ports = type !== 3;
  info.srcAddr = formatIp((i.src_addr ?? [0]) as number[]);
  if (ports) info.srcPort = num(i.src_port);
  info.destAddr = formatIp((i.dst_addr ?? [0]) as number[]);
  if (ports) info.destPort = num(i.dst_port);
  info.ino = num(i.ino);
  if (family === 10 && i.v6only === true) info.v6only = true;
  if (i.shutdown !== undefined && i.shutdown !== "NONE") {
    info.shutdown = String(i.shutdown);
  }
  if (proto === 6 && type === 1) {
    // CRIU names the queue image by the socket's inode number in hex.
    const stream = (await dump.entries(
      `tcp-stream-${int(i.ino).toString(16)}.img`,
    ))?.[0];
    if (stream) {
      info.inq = num(stream.inq_len);
      info.outq = num(stream.outq_len);
    }
  }
}

function netlink(info: SocketInfo, n: JsonObject) {
  const proto = num(n.protocol);
  info.family = "NETLINK";
  info.protocol = NETLINK_PROTOCOLS.get(proto) ?? String(proto);
  info.ino = num(n.ino);
  info.portid = num(n.portid);
  // Word w, bit b of the membership mask is group 32 * w + b + 1.
  const groups: number[] = [];
  ((n.groups ?? []) as JsonValue[]).forEach((word, w) => {
    for (let b = 0; b < 32; b++) {
      if ((num(word) >>> b) & 1) groups.push(32 * w + b + 1);
    }
  });
  if (groups.length) info.groups = groups;
  if (num(n.dst_portid) || num(n.dst_group)) {
    info.destPortid = num(n.dst_portid);
    info.destGroup = num(n.dst_group);
  }
}

async function packet(dump: Dump, info: SocketInfo, p: JsonObject) {
  const names = await netdevNames(dump, p.ns_id);
  // The protocol is kept as the kernel holds it, in network byte order.
  const raw = num(p.protocol) & 0xffff;
  const proto = ((raw & 0xff) << 8) | (raw >> 8);
  info.family = "PACKET";
  info.type = label(SK_LABELS.type.labels, p.type);
  info.protocol = ETH_PROTOCOLS.get(proto) ??
    `0x${proto.toString(16).padStart(4, "0")}`;
  info.ifindex = num(p.ifindex);
  const ifname = names.get(info.ifindex);
  if (ifname !== undefined) info.ifname = ifname;
  const version = num(p.version);
  info.version = TPACKET_VERSIONS[version] ?? String(version);
  const members = (p.mclist ?? []) as JsonObject[];
  if (members.length) {
    info.memberships = members.map((m) => {
      const index = num(m.index);
      const name = names.get(index);
      const type = MEMBERSHIP_TYPES[num(m.type)] ?? String(num(m.type));
      return name === undefined
        ? { type, ifindex: index }
        : { type, ifindex: index, ifname: name };
    });
  }
  if (p.aux_data === true) info.auxData = true;
}

/** Describes the sockets among one task's descriptors, in fdinfo order. */
async function taskSockets(
  dump: Dump,
  fdinfo: JsonObject[],
): Promise<SocketInfo[]> {
  const out: SocketInfo[] = [];
  let queued: Map<bigint, number> | undefined;
  for (const fd of fdinfo) {
    const fdType = String(fd.type);
    const field = SOCKET_FIELDS[fdType];
    if (field === undefined) continue;
    const info: SocketInfo = { fd: num(fd.fd), fdType };
    const entry = await dump.file(field, fd.id);
    if (entry !== undefined) {
      switch (field) {
        case "usk":
          queued ??= await unixQueues(dump);
          unix(info, entry, queued);
          break;
        case "isk":
          await inet(dump, info, entry);
          break;
        case "nlsk":
          netlink(info, entry);
          break;
        case "psk":
          await packet(dump, info, entry);
          break;
      }
    }
    out.push(info);
  }
  return out;
}

function endpoint(family: string | undefined, addr = "", port?: number) {
  const host = family === "INET6" ? `[${addr}]` : addr;
  return port === undefined ? host : `${host}:${port}`;
}

/** One socket as a line of `x sk` (after the fd column). */
function socketText(s: SocketInfo): string {
  const parts: string[] = [];
  const queues = () => {
    if (s.inq !== undefined) parts.push(`inq ${s.inq}`);
    if (s.outq !== undefined) parts.push(`outq ${s.outq}`);
  };
  switch (s.family) {
    case undefined:
      // Not in files.img: say what fdinfo says, as `x fds` does.
      return `${s.fdType}.?`;
    case "UNIX":
      parts.push("unix", s.type!, s.state!, `ino ${s.ino}`);
      if (s.peer !== undefined) parts.push(`peer ${s.peer}`);
      if (s.shutdown) parts.push(`shutdown ${s.shutdown}`);
      queues();
      // Last, as a name may hold spaces.
      if (s.srcAddr !== undefined) parts.push(`name ${s.srcAddr}`);
      break;
    case "NETLINK":
      parts.push("netlink", s.protocol!, `portid ${s.portid}`);
      if (s.groups) parts.push(`groups ${s.groups.join(",")}`);
      if (s.destPortid !== undefined) {
        parts.push(`-> portid ${s.destPortid} group ${s.destGroup}`);
      }
      parts.push(`ino ${s.ino}`);
      break;
    case "PACKET": {
      const dev = (i: number, name?: string) =>
        name === undefined ? `${i}` : `${i} (${name})`;
      parts.push("packet", s.type!, s.protocol!);
      parts.push(`ifindex ${dev(s.ifindex!, s.ifname)}`);
      if (s.version !== "TPACKET_V1") parts.push(s.version!);
      for (const m of s.memberships ?? []) {
        parts.push(`member ${m.type} ${dev(m.ifindex, m.ifname)}`);
      }
      if (s.auxData) parts.push("auxdata");
      break;
    }
    default: {
      const six = s.family === "INET6" ? "6" : "";
      const kind = s.type === "RAW"
        ? "raw"
        : /^\d+$/.test(s.protocol!)
        ? "inet"
        : s.protocol!.toLowerCase();
      parts.push(kind + six, s.state!);
      parts.push(
        `${endpoint(s.family, s.srcAddr, s.srcPort)} -> ${
          endpoint(s.family, s.destAddr, s.destPort)
        }`,
      );
      if (s.type === "RAW") parts.push(`proto ${s.protocol}`);
      parts.push(`ino ${s.ino}`);
      if (s.v6only) parts.push("v6only");
      if (s.shutdown) parts.push(`shutdown ${s.shutdown}`);
      queues();
    }
  }
  return parts.join(" ");
}

async function skData(dump: Dump): Promise<TaskSockets[]> {
  const out: TaskSockets[] = [];
  for (const pid of await dump.pids()) {
    const table = await fdTable(dump, pid);
    // Only tasks that hold sockets: a zombie holds none.
    if (!Array.isArray(table)) continue;
    const sockets = await taskSockets(dump, table);
    if (sockets.length > 0) out.push({ pId: pid, sockets });
  }
  return out;
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

/** The `sk` explorer. */
export const sk: ExplorerDef<TaskSockets[]> = { data: skData, text: skText };
