/**
 * Property: random entries of every image kind, built from the schema with
 * edge values, survive encode -> decode -> stringify -> parse -> encode byte
 * for byte, with plain and with --pretty JSON in the middle.
 *
 * The JSON text written straight from the wire (the CLI's and
 * ImageToJsonStream's path) is checked against stringify() of the decoded
 * objects on the way.
 *
 * The generator knows crit's image kinds on its own (the table below follows
 * pycriu's `handlers` in CRIU 4.2's images.py, plus the three kinds crit has
 * no handler for), and gives payload kinds an `extra` that matches the
 * entry's size fields, as CRIU writes them.
 *
 * Values are not narrowed to what crit's pretty text can show: every 32-bit
 * device number, flag words with unknown bits, 64-bit extremes in hex fields
 * and any number of address words all round-trip (address fields of other
 * than 1 or 4 words did not, until --pretty kept them as numbers).
 */
import assert from "node:assert/strict";
import {
  decodeSync,
  encodeSync,
  type JsonObject,
  type JsonValue,
  MAGICS,
  parse,
  stringify,
} from "../../mod.ts";
import { imageToJson } from "../../src/codec/image_to_json.ts";
import {
  type FieldPlan,
  Kind,
  type MessagePlan,
  messagePlan,
} from "../../src/wire/plan.ts";
import { Rng } from "../_helpers/prng.ts";
import { varintBytes } from "../_helpers/wire_builders.ts";

/** Message of each image kind; PAGEMAP and GHOST_FILE are special below. */
const KINDS: Record<string, string> = {
  INVENTORY: "inventory_entry",
  CORE: "core_entry",
  IDS: "task_kobj_ids_entry",
  CREDS: "creds_entry",
  UTSNS: "utsns_entry",
  TIMENS: "timens_entry",
  PIDNS: "pidns_entry",
  IPC_VAR: "ipc_var_entry",
  FS: "fs_entry",
  GHOST_FILE: "ghost_file_entry",
  MM: "mm_entry",
  CGROUP: "cgroup_entry",
  TCP_STREAM: "tcp_stream_entry",
  STATS: "stats_entry",
  PAGEMAP: "pagemap_entry",
  PSTREE: "pstree_entry",
  REG_FILES: "reg_file_entry",
  NS_FILES: "ns_file_entry",
  EVENTFD_FILE: "eventfd_file_entry",
  EVENTPOLL_FILE: "eventpoll_file_entry",
  EVENTPOLL_TFD: "eventpoll_tfd_entry",
  SIGNALFD: "signalfd_entry",
  TIMERFD: "timerfd_entry",
  INOTIFY_FILE: "inotify_file_entry",
  INOTIFY_WD: "inotify_wd_entry",
  FANOTIFY_FILE: "fanotify_file_entry",
  FANOTIFY_MARK: "fanotify_mark_entry",
  VMAS: "vma_entry",
  PIPES: "pipe_entry",
  FIFO: "fifo_entry",
  SIGACT: "sa_entry",
  NETLINK_SK: "netlink_sk_entry",
  REMAP_FPATH: "remap_file_path_entry",
  MNTS: "mnt_entry",
  TTY_FILES: "tty_file_entry",
  TTY_INFO: "tty_info_entry",
  TTY_DATA: "tty_data_entry",
  RLIMIT: "rlimit_entry",
  TUNFILE: "tunfile_entry",
  EXT_FILES: "ext_file_entry",
  IRMAP_CACHE: "irmap_cache_entry",
  FILE_LOCKS: "file_lock_entry",
  FDINFO: "fdinfo_entry",
  UNIXSK: "unix_sk_entry",
  INETSK: "inet_sk_entry",
  PACKETSK: "packet_sock_entry",
  ITIMERS: "itimer_entry",
  POSIX_TIMERS: "posix_timer_entry",
  NETDEV: "net_device_entry",
  PIPES_DATA: "pipe_data_entry",
  FIFO_DATA: "pipe_data_entry",
  SK_QUEUES: "sk_packet_entry",
  IPCNS_SHM: "ipc_shm_entry",
  IPCNS_SEM: "ipc_sem_entry",
  IPCNS_MSG: "ipc_msg_entry",
  NETNS: "netns_entry",
  USERNS: "userns_entry",
  SECCOMP: "seccomp_entry",
  AUTOFS: "autofs_entry",
  FILES: "file_entry",
  CPUINFO: "cpuinfo_entry",
  MEMFD_INODE: "memfd_inode_entry",
  BPFMAP_FILE: "bpfmap_file_entry",
  BPFMAP_DATA: "bpfmap_data_entry",
  APPARMOR: "apparmor_entry",
  SIGNAL: "signal_queue_entry",
  BINFMT_MISC: "binfmt_misc_entry",
  PIDFD: "pidfd_entry",
};

const CASES_PER_KIND = 40;

function seedOf(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) {
    h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  }
  return h >>> 0;
}

const I32 = [0, 1, -1, 2147483647, -2147483648];
const U32 = [0, 1, 4294967295, 2147483648];
const I64: JsonValue[] = [
  0,
  -1,
  9223372036854775807n,
  -9223372036854775808n,
  9007199254740991,
  -9007199254740991,
  9007199254740993n,
];
const U64: JsonValue[] = [
  0,
  1,
  18446744073709551615n,
  9007199254740991,
  9007199254740993n,
  4294967296,
];
/** Strings a dump can hold: empty, non-ASCII, NUL, and an undecodable byte (0xe9) as crit shows it. */
const STRINGS = [
  "",
  "a",
  "/tmp/caf\u00e9",
  "\u6f22\u5b57",
  "\ud83d\ude00",
  "bad \udce9 byte",
  "tab\tnl\n\u0000",
  "x".repeat(300),
];

function bytes(r: Rng, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => r.u32() & 0xff);
}

function base64(b: Uint8Array): string {
  return btoa(String.fromCharCode(...b));
}

/** Quoted-printable text of `b` (the `unix_name` convention): a valid input for crit. */
function quotedPrintable(b: Uint8Array): string {
  let s = "";
  for (const c of b) {
    s += c > 32 && c < 127 && c !== 61
      ? String.fromCharCode(c)
      : "=" + c.toString(16).toUpperCase().padStart(2, "0");
  }
  return s;
}

function scalar(r: Rng, f: FieldPlan, depth: number): JsonValue {
  switch (f.kind) {
    case Kind.Int32:
    case Kind.Sint32:
    case Kind.Sfixed32:
      return r.chance(0.7) ? r.pick(I32) : r.u32() | 0;
    case Kind.Uint32:
    case Kind.Fixed32:
      return r.chance(0.7) ? r.pick(U32) : r.u32();
    case Kind.Int64:
    case Kind.Sint64:
    case Kind.Sfixed64:
      return r.chance(0.7)
        ? r.pick(I64)
        : BigInt.asIntN(64, BigInt(r.u32()) << 32n | BigInt(r.u32()));
    case Kind.Uint64:
    case Kind.Fixed64:
      return r.chance(0.7)
        ? r.pick(U64)
        : BigInt(r.u32()) << BigInt(r.int(33)) | BigInt(r.u32());
    case Kind.Bool:
      return r.chance(0.5);
    case Kind.String:
      return r.pick(STRINGS);
    case Kind.Bytes: {
      const b = bytes(r, r.pick([0, 1, 2, 3, 57, 58]));
      return f.conv === "unix_name" ? quotedPrintable(b) : base64(b);
    }
    case Kind.Enum: {
      // A number the schema does not name (from a newer CRIU) stays a number.
      if (r.chance(0.1)) return 1000 + r.int(1000);
      return r.pick([...f.enumPlan!.byName.keys()]);
    }
    case Kind.Message:
      return message(r, f.message(), depth + 1);
    default:
      throw new TypeError(`no generator for ${f.typeName}`);
  }
}

/**
 * A random message: required fields always, optional ones half the time,
 * repeated ones 0..3 times (an address field 0..5 words). Recursive types
 * stop growing after a few levels.
 */
function message(r: Rng, plan: MessagePlan, depth = 0): JsonObject {
  const out: JsonObject = {};
  for (const f of plan.fields) {
    const deep = f.kind === Kind.Message && depth > 3;
    if (f.repeated) {
      const n = deep ? 0 : f.ipadd ? r.int(6) : r.int(4);
      if (n > 0 || r.chance(0.3)) {
        out[f.name] = Array.from({ length: n }, () => scalar(r, f, depth));
      }
    } else if (f.required || (!deep && r.chance(0.5))) {
      out[f.name] = scalar(r, f, depth);
    }
  }
  if (r.chance(0.1)) {
    // Fields of a newer CRIU: a varint and a length-delimited field past
    // every known number.
    const number = Math.max(0, ...plan.fields.map((f) => f.number)) + 1 +
      r.int(100);
    const tag = (n: number, wt: number) => varintBytes(n * 8 + wt);
    out["@unknown"] = base64(
      Uint8Array.from([
        ...tag(number, 0),
        0x96,
        0x01,
        ...tag(number + 1, 2),
        1,
        0x41,
      ]),
    );
  }
  return out;
}

/** Sets the size fields of a payload entry and gives it a matching `extra`. */
function withPayload(r: Rng, magic: string, e: JsonObject): JsonObject {
  const n = () => r.pick([0, 1, 3, 8, 60]);
  switch (magic) {
    case "PIPES_DATA":
    case "FIFO_DATA": {
      e.bytes = n();
      e.extra = base64(bytes(r, e.bytes));
      break;
    }
    case "SK_QUEUES":
      e.length = n();
      e.extra = base64(bytes(r, e.length));
      break;
    case "BPFMAP_DATA":
      e.keys_bytes = n();
      e.values_bytes = n();
      e.extra = base64(bytes(r, e.keys_bytes + e.values_bytes));
      break;
    case "TCP_STREAM":
      e.inq_len = n();
      e.outq_len = n();
      e.extra = {
        inq: base64(bytes(r, e.inq_len)),
        outq: base64(bytes(r, e.outq_len)),
      };
      break;
    case "IPCNS_SEM":
      e.nsems = r.int(6);
      e.extra = Array.from({ length: e.nsems }, () => r.pick([0, 1, 65535]));
      break;
    case "IPCNS_SHM":
      // With in_pagemaps the contents live in pagemap-shmem/pages images.
      if (e.in_pagemaps === true) break;
      e.size = n();
      e.extra = base64(bytes(r, e.size));
      break;
    case "IPCNS_MSG": {
      e.qnum = r.int(4);
      const extra: JsonValue[] = [];
      for (let i = 0; i < e.qnum; i++) {
        const msg = message(r, messagePlan("ipc_msg"));
        delete msg["@unknown"];
        msg.msize = n();
        extra.push(msg, base64(bytes(r, msg.msize)));
      }
      e.extra = extra;
    }
  }
  return e;
}

function entries(r: Rng, magic: string): JsonObject[] {
  const count = r.int(4);
  if (magic === "PAGEMAP") {
    return [
      message(r, messagePlan("pagemap_head")),
      ...Array.from(
        { length: count },
        () => message(r, messagePlan("pagemap_entry")),
      ),
    ];
  }
  if (magic === "GHOST_FILE") {
    const head = message(r, messagePlan("ghost_file_entry"));
    if (head.chunks !== true) {
      head.extra = base64(bytes(r, r.pick([0, 5, 100])));
      return [head];
    }
    return [
      head,
      ...Array.from({ length: count }, () => {
        const chunk = message(r, messagePlan("ghost_chunk_entry"));
        chunk.len = r.pick([0, 1, 9]);
        chunk.extra = base64(bytes(r, chunk.len));
        return chunk;
      }),
    ];
  }
  const plan = messagePlan(KINDS[magic]);
  return Array.from(
    { length: count },
    () => withPayload(r, magic, message(r, plan)),
  );
}

function hasHandler(magic: string): boolean {
  try {
    encodeSync({ magic, entries: [] });
    return true;
  } catch {
    return false;
  }
}

function streamedText(bytes: Uint8Array, pretty: boolean): string {
  let text = "";
  const converter = imageToJson({ pretty }, (t) => text += t);
  converter.push(bytes);
  converter.end();
  return text;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

Deno.test("the generator covers exactly the image kinds that have a handler", () => {
  const handled = Object.keys(MAGICS).filter(hasHandler).sort();
  assert.deepEqual(handled, Object.keys(KINDS).sort());
});

for (const magic of Object.keys(KINDS)) {
  Deno.test(`${magic}: random entries encode, decode and encode again to the same bytes, plain and pretty`, () => {
    const r = new Rng(seedOf(magic));
    for (let i = 0; i < CASES_PER_KIND; i++) {
      const image = { magic, entries: entries(r, magic) };
      const bytes = encodeSync(image);
      for (const pretty of [false, true]) {
        const text = stringify(decodeSync(bytes, { pretty }), { pretty });
        // The text path writes entries straight from the wire: same text.
        assert.equal(streamedText(bytes, pretty), text, `case ${i}`);
        let again: Uint8Array;
        try {
          again = encodeSync(parse(text));
        } catch (e) {
          throw new Error(
            `case ${i}, pretty ${pretty}: ${(e as Error).message}\n${text}`,
            { cause: e },
          );
        }
        assert.ok(
          equalBytes(again, bytes),
          `case ${i}, pretty ${pretty}: bytes differ\n${
            stringify(image)
          }\n${text}`,
        );
      }
    }
  });
}
