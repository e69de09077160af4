/**
 * Open files and sockets of each task as the diff compares them: by fd,
 * described by what they are (a path, `pipe:[INO]`, `socket:[INO]`), never
 * by the file ids CRIU numbers afresh in every dump.
 *
 * @module
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import { type Dump, int, num, unixSocketName } from "../dump/dump.ts";
import { formatFlags } from "../json/text.ts";
import { FLAG_TABLES } from "../wire/crit_tables.ts";
import type { SocketInfo, TaskSockets } from "../explore/types.ts";
import type { Fact } from "./dump_diff.ts";

/** One open file: the fields compared, by name. */
export interface FileFacts {
  fd: number;
  type: string;
  path: string;
  fields: Map<string, Fact>;
}

/** One socket descriptor: what `sockets` lists and the fields compared. */
export interface SocketFacts {
  fd: number;
  protocol: string;
  state: string | null;
  src: string | null;
  srcPort: number | null;
  dst: string | null;
  dstPort: number | null;
  fields: Map<string, Fact>;
}

/** The files.img field of each fdinfo type. */
const FIELDS: Readonly<Record<string, string>> = {
  REG: "reg",
  PIPE: "pipe",
  FIFO: "fifo",
  UNIXSK: "usk",
  INETSK: "isk",
  NETLINKSK: "nlsk",
  PACKETSK: "psk",
  MEMFD: "memfd",
  TTY: "tty",
  EVENTFD: "efd",
  EVENTPOLL: "epfd",
  SIGNALFD: "sgfd",
  TIMERFD: "tfd",
  INOTIFY: "ify",
  FANOTIFY: "ffy",
  PIDFD: "pidfd",
  BPFMAP: "bpf",
  TUNF: "tunf",
  NS: "nsf",
};

/** Names of anonymous-inode files as /proc/PID/fd shows them. */
const ANON: Readonly<Record<string, string>> = {
  EVENTFD: "anon_inode:[eventfd]",
  EVENTPOLL: "anon_inode:[eventpoll]",
  SIGNALFD: "anon_inode:[signalfd]",
  TIMERFD: "anon_inode:[timerfd]",
  INOTIFY: "anon_inode:inotify",
  FANOTIFY: "anon_inode:[fanotify]",
  PIDFD: "anon_inode:[pidfd]",
  BPFMAP: "anon_inode:bpf-map",
  TUNF: "/dev/net/tun",
};

function openFlags(v: JsonValue | undefined): string {
  const n = num(v);
  const text = formatFlags(n & ~3, FLAG_TABLES["rfile.flags"]);
  const mode = ["O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"][n & 3];
  return text ? `${mode} | ${text}` : mode;
}

async function memfdName(dump: Dump, f: JsonObject): Promise<string> {
  const inodes = await dump.entries("memfd.img") ?? [];
  const inode = inodes.find((i) => int(i.inode_id) === int(f.inode_id));
  return `memfd:${inode?.name ?? "?"}`;
}

/** What a file is, in words that stay the same from dump to dump. */
async function describe(
  dump: Dump,
  type: string,
  f: JsonObject | undefined,
): Promise<{ path: string; flags?: JsonValue; pos?: JsonValue }> {
  if (!f) return { path: `${type.toLowerCase()} (not in files.img)` };
  switch (type) {
    case "REG":
      return { path: String(f.name), flags: f.flags, pos: f.pos };
    case "PIPE":
      return { path: `pipe:[${int(f.pipe_id)}]`, flags: f.flags };
    case "FIFO":
    case "TTY": {
      // Both name their path through the regular file entry they point to.
      const reg = await dump.file("reg", f.regf_id);
      return {
        path: reg?.name === undefined ? type.toLowerCase() : String(reg.name),
        flags: f.flags ?? reg?.flags,
      };
    }
    case "MEMFD":
      return { path: await memfdName(dump, f), flags: f.flags, pos: f.pos };
    case "UNIXSK":
    case "INETSK":
    case "NETLINKSK":
      return { path: `socket:[${int(f.ino)}]`, flags: f.flags };
    case "PACKETSK":
      return { path: "socket:[packet]", flags: f.flags };
    default:
      return { path: ANON[type] ?? type.toLowerCase(), flags: f.flags };
  }
}

/**
 * The files.img part for a descriptor: by the field its type names, or for
 * a type this table does not know, the one part its entry has.
 */
async function fileEntry(
  dump: Dump,
  type: string,
  id: JsonValue | undefined,
): Promise<JsonObject | undefined> {
  const field = FIELDS[type];
  if (field) return await dump.file(field, id ?? 0);
  const files = await dump.entries("files.img") ?? [];
  const entry = files.find((f) => int(f.id) === int(id));
  const part = Object.keys(entry ?? {}).find((k) => k !== "id" && k !== "type");
  return part === undefined ? undefined : entry![part] as JsonObject;
}

/** The files of a task's fd table, by fd; undefined for a task without one. */
export async function readFiles(
  dump: Dump,
  pid: number,
): Promise<Map<number, FileFacts> | undefined> {
  const ids = (await dump.entries(`ids-${pid}.img`))?.[0];
  if (!ids) return undefined;
  const table = await dump.need(`fdinfo-${num(ids.files_id)}.img`);
  const out = new Map<number, FileFacts>();
  for (const fd of table) {
    const type = String(fd.type);
    const d = await describe(dump, type, await fileEntry(dump, type, fd.id));
    const fields = new Map<string, Fact>([
      ["type", type],
      ["path", d.path],
      ["flags", d.flags === undefined ? null : openFlags(d.flags)],
      ["pos", d.pos === undefined ? null : Number(int(d.pos))],
      // fdinfo flags are the descriptor's own: FD_CLOEXEC.
      ["cloexec", (num(fd.flags) & 1) === 1],
    ]);
    out.set(num(fd.fd), { fd: num(fd.fd), type, path: d.path, fields });
  }
  return out;
}

/** The name of each unix socket of the dump, by inode. */
export async function unixNames(dump: Dump): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  const files = await dump.entries("files.img") ?? [];
  const legacy = await dump.entries("unixsk.img") ?? [];
  for (const u of [...files.map((f) => f.usk as JsonObject), ...legacy]) {
    if (u) names.set(num(u.ino), u.name ? unixSocketName(String(u.name)) : "");
  }
  return names;
}

/** A unix peer by its name: inode numbers are new in every dump. */
function peerText(s: SocketInfo, names: Map<number, string>): Fact {
  if (s.peer === undefined) return null;
  const name = names.get(s.peer);
  if (name === undefined) return "a socket outside the dump";
  return name === "" ? "an unnamed socket" : name;
}

/** Sockets of `explore`'s `sk` data as the diff compares them. */
export function socketFacts(
  task: TaskSockets,
  names: Map<number, string>,
): Map<number, SocketFacts> {
  const out = new Map<number, SocketFacts>();
  for (const s of task.sockets) {
    const unix = s.family === "UNIX";
    const protocol = unix ? "UNIX" : s.protocol ?? s.family ?? s.fdType;
    const peer = peerText(s, names);
    const facts: SocketFacts = {
      fd: s.fd,
      protocol,
      state: s.state ?? null,
      src: s.srcAddr ?? null,
      srcPort: s.srcPort ?? null,
      dst: unix ? peer as string | null : s.destAddr ?? null,
      dstPort: s.destPort ?? null,
      fields: new Map(),
    };
    const fields: [string, Fact][] = [
      ["family", s.family ?? null],
      ["protocol", protocol],
      ["type", s.type ?? null],
      ["state", facts.state],
      ["src", facts.src],
      ["src_port", facts.srcPort],
      ["dst", facts.dst],
      ["dst_port", facts.dstPort],
      ["shutdown", s.shutdown ?? null],
      ["v6only", s.v6only ?? null],
      ["portid", s.portid ?? null],
      ["groups", s.groups?.join(",") ?? null],
      ["ifindex", s.ifindex ?? null],
      ["version", s.version ?? null],
      ["inq", s.inq ?? null],
      ["outq", s.outq ?? null],
    ];
    facts.fields = new Map(fields);
    out.set(s.fd, facts);
  }
  return out;
}
