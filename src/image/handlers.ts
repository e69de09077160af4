/**
 * Image kinds: which message each magic holds and which payload follows an
 * entry. Decoding is a generator that asks for exact byte counts, so the same
 * code serves whole buffers and streams; encoding writes into a WireWriter.
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import { type MessagePlan, messagePlan } from "../wire/plan.ts";
import { ITEM_NOT_TAKEN } from "../json/mod.ts";
import {
  decodeMessage,
  encodeMessage,
  encodeMessageText,
} from "../message/mod.ts";
import { JsonShapeError } from "../wire/errors.ts";
import { decodeBase64, encodeBase64Lines } from "../json/base64.ts";
import type { WireWriter } from "../wire/wire.ts";

/**
 * What a handler asks of the driver. `read` returns exactly `n` bytes (or
 * `null` at a clean end of input when `eofOk`); `blob` hands over a payload of
 * `n` bytes (-1: to the end of input) followed by `pad` bytes of padding and
 * returns its JSON value, which the driver may produce later while streaming
 * (the bytes of a blob are consumed before the next `read` or `skip`); `skip`
 * discards `n` bytes (-1: to the end) and returns how many it skipped.
 */
export type ReadStep =
  | { kind: "read"; n: number; eofOk?: boolean }
  /**
   * Every remaining entry, each handed to `each` as its message bytes: for
   * images whose entries are just a message, the driver frames them itself
   * rather than resuming the generator twice per entry. The step ends at the
   * end of the input.
   */
  | {
    kind: "entries";
    maxSize: number;
    each(index: number, body: Uint8Array): void;
  }
  | { kind: "blob"; n: number; pad: number }
  | { kind: "skip"; n: number };

/** What the driver and handler share for error reports. */
export interface DecodeState {
  entryIndex: number;
  /** Absolute offset of the current entry. */
  entryOffset: number;
  /** Absolute offset of the next byte the driver will hand out. */
  offset: number;
}

/** Options every handler sees. */
export interface HandlerOptions {
  pretty: boolean;
  nopl: boolean;
  maxEntrySize: number;
}

/** A handler's decode loop; what a step returns depends on its kind. */
export type EntryReader = Generator<ReadStep, void, unknown>;
type Steps<T> = Generator<ReadStep, T, unknown>;

/** The size word before each entry; a clean end of input may come instead. */
const READ_SIZE: ReadStep = { kind: "read", n: 4, eofOk: true };

function* read(n: number): Steps<Uint8Array> {
  return (yield { kind: "read", n }) as Uint8Array;
}

/** A payload: its base64 text, or crit's "... <SIZE>" under --nopl. */
function* blob(
  n: number,
  nopl: boolean,
  pad = 0,
  shown?: number,
): Steps<JsonValue> {
  if (!nopl) return (yield { kind: "blob", n, pad }) as JsonValue;
  const skipped = (yield { kind: "skip", n: n < 0 ? n : n + pad }) as number;
  return `... <${humanSize(shown ?? (n < 0 ? skipped : n))}>`;
}

type Payload =
  | "pipe"
  | "skq"
  | "tcp"
  | "bpf"
  | "sem"
  | "msg"
  | "shm";

interface Kind {
  message: string;
  payload?: Payload;
  special?: "pagemap" | "ghost";
}

/** Image kinds by magic: crit 4.2's handlers plus the images it has none for. */
const KINDS: Record<string, Kind> = {
  INVENTORY: { message: "inventory_entry" },
  CORE: { message: "core_entry" },
  IDS: { message: "task_kobj_ids_entry" },
  CREDS: { message: "creds_entry" },
  UTSNS: { message: "utsns_entry" },
  TIMENS: { message: "timens_entry" },
  PIDNS: { message: "pidns_entry" },
  IPC_VAR: { message: "ipc_var_entry" },
  FS: { message: "fs_entry" },
  GHOST_FILE: { message: "ghost_file_entry", special: "ghost" },
  MM: { message: "mm_entry" },
  CGROUP: { message: "cgroup_entry" },
  TCP_STREAM: { message: "tcp_stream_entry", payload: "tcp" },
  STATS: { message: "stats_entry" },
  PAGEMAP: { message: "pagemap_entry", special: "pagemap" },
  PSTREE: { message: "pstree_entry" },
  REG_FILES: { message: "reg_file_entry" },
  NS_FILES: { message: "ns_file_entry" },
  EVENTFD_FILE: { message: "eventfd_file_entry" },
  EVENTPOLL_FILE: { message: "eventpoll_file_entry" },
  EVENTPOLL_TFD: { message: "eventpoll_tfd_entry" },
  SIGNALFD: { message: "signalfd_entry" },
  TIMERFD: { message: "timerfd_entry" },
  INOTIFY_FILE: { message: "inotify_file_entry" },
  INOTIFY_WD: { message: "inotify_wd_entry" },
  FANOTIFY_FILE: { message: "fanotify_file_entry" },
  FANOTIFY_MARK: { message: "fanotify_mark_entry" },
  VMAS: { message: "vma_entry" },
  PIPES: { message: "pipe_entry" },
  FIFO: { message: "fifo_entry" },
  SIGACT: { message: "sa_entry" },
  NETLINK_SK: { message: "netlink_sk_entry" },
  REMAP_FPATH: { message: "remap_file_path_entry" },
  MNTS: { message: "mnt_entry" },
  TTY_FILES: { message: "tty_file_entry" },
  TTY_INFO: { message: "tty_info_entry" },
  TTY_DATA: { message: "tty_data_entry" },
  RLIMIT: { message: "rlimit_entry" },
  TUNFILE: { message: "tunfile_entry" },
  EXT_FILES: { message: "ext_file_entry" },
  IRMAP_CACHE: { message: "irmap_cache_entry" },
  FILE_LOCKS: { message: "file_lock_entry" },
  FDINFO: { message: "fdinfo_entry" },
  UNIXSK: { message: "unix_sk_entry" },
  INETSK: { message: "inet_sk_entry" },
  PACKETSK: { message: "packet_sock_entry" },
  ITIMERS: { message: "itimer_entry" },
  POSIX_TIMERS: { message: "posix_timer_entry" },
  NETDEV: { message: "net_device_entry" },
  PIPES_DATA: { message: "pipe_data_entry", payload: "pipe" },
  FIFO_DATA: { message: "pipe_data_entry", payload: "pipe" },
  SK_QUEUES: { message: "sk_packet_entry", payload: "skq" },
  IPCNS_SHM: { message: "ipc_shm_entry", payload: "shm" },
  IPCNS_SEM: { message: "ipc_sem_entry", payload: "sem" },
  IPCNS_MSG: { message: "ipc_msg_entry", payload: "msg" },
  NETNS: { message: "netns_entry" },
  USERNS: { message: "userns_entry" },
  SECCOMP: { message: "seccomp_entry" },
  AUTOFS: { message: "autofs_entry" },
  FILES: { message: "file_entry" },
  CPUINFO: { message: "cpuinfo_entry" },
  MEMFD_INODE: { message: "memfd_inode_entry" },
  BPFMAP_FILE: { message: "bpfmap_file_entry" },
  BPFMAP_DATA: { message: "bpfmap_data_entry", payload: "bpf" },
  APPARMOR: { message: "apparmor_entry" },
  // crit 4.2 has no handler for these; CRIU writes them with these messages.
  SIGNAL: { message: "signal_queue_entry" },
  BINFMT_MISC: { message: "binfmt_misc_entry" },
  PIDFD: { message: "pidfd_entry" },
};

/** Whether images with this magic can be decoded and encoded. */
export function hasHandler(magic: string): boolean {
  return Object.hasOwn(KINDS, magic);
}

function u32(b: Uint8Array): number {
  return (b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24) >>> 0;
}

function roundUp(x: number, y: number): number {
  return Math.ceil(x / y) * y;
}

/** crit's size text for --nopl: "12B", "1.5KB", "2MB" (Python %.1f rounding). */
export function humanSize(size: number): string {
  const units = ["", "K", "M", "G", "T", "P", "E", "Z"];
  const n = BigInt(size);
  let div = 1n;
  for (const unit of units) {
    if (n < 1024n * div) {
      if (n % div === 0n) return `${n / div}${unit}B`;
      return `${oneDecimal(n, div)}${unit}B`;
    }
    div *= 1024n;
  }
  return `${oneDecimal(n, div)}YB`;
}

function oneDecimal(n: bigint, div: bigint): string {
  let q = (n * 10n) / div;
  const r = (n * 10n) % div;
  if (2n * r > div || (2n * r === div && q % 2n === 1n)) q++;
  return `${q / 10n}.${q % 10n}`;
}

function num(entry: JsonObject, key: string): number {
  const v = entry[key];
  return v === undefined ? 0 : Number(v);
}

/**
 * Decodes the entries of an image whose magic is known, feeding `sink`; an
 * entry that is just a message (no payload) goes undecoded to `rawSink`
 * instead when one is given.
 */
export function* readEntries(
  magic: string,
  opts: HandlerOptions,
  sink: (entry: JsonObject) => void,
  state: DecodeState,
  rawSink?: (plan: MessagePlan, body: Uint8Array) => void,
): EntryReader {
  const kind = KINDS[magic];
  const plan = messagePlan(kind.message);
  const headPlan = kind.special === "pagemap"
    ? messagePlan("pagemap_head")
    : plan;
  const chunkPlan = messagePlan("ghost_chunk_entry");
  if (!kind.payload && kind.special !== "ghost") {
    yield {
      kind: "entries",
      maxSize: opts.maxEntrySize,
      each(index, body) {
        const p = index === 0 ? headPlan : plan;
        if (rawSink) rawSink(p, body);
        else sink(decodeMessage(p, body, 0, body.length, opts.pretty));
      },
    };
    return;
  }
  let chunked = false;
  for (let index = 0;; index++) {
    state.entryIndex = index;
    state.entryOffset = state.offset;
    const head = (yield READ_SIZE) as
      | Uint8Array
      | null;
    if (head === null) return;
    const size = u32(head);
    if (size > opts.maxEntrySize) {
      throw new RangeError(
        `entry size ${size} exceeds the limit of ${opts.maxEntrySize} bytes`,
      );
    }
    const body = yield* read(size);
    const p: MessagePlan = index === 0
      ? headPlan
      : (chunked ? chunkPlan : plan);
    const entry = decodeMessage(p, body, 0, size, opts.pretty);
    // Payload sizes are read from plain values, never from pretty text.
    const raw: JsonObject = opts.pretty
      ? decodeMessage(p, body, 0, size, false)
      : entry;

    if (kind.special === "ghost") {
      if (index === 0) {
        chunked = raw.chunks === true;
        if (!chunked) {
          // The file contents are everything after the entry.
          entry.extra = yield* blob(-1, opts.nopl);
          sink(entry);
          return;
        }
      } else {
        entry.extra = yield* blob(num(raw, "len"), opts.nopl);
      }
    } else if (kind.payload) {
      const extra = yield* readPayload(kind.payload, raw, opts.nopl);
      if (extra !== undefined) entry.extra = extra;
    }
    sink(entry);
  }
}

function* readPayload(
  payload: Payload,
  raw: JsonObject,
  nopl: boolean,
): Steps<JsonValue | undefined> {
  switch (payload) {
    case "pipe":
      return yield* blob(num(raw, "bytes"), nopl);
    case "skq":
      return yield* blob(num(raw, "length"), nopl);
    case "bpf":
      return yield* blob(
        num(raw, "keys_bytes") + num(raw, "values_bytes"),
        nopl,
      );
    case "tcp": {
      const inqLen = num(raw, "inq_len");
      const outqLen = num(raw, "outq_len");
      if (nopl) return yield* blob(inqLen + outqLen, true);
      const inq = yield* blob(inqLen, false);
      const outq = yield* blob(outqLen, false);
      return { inq, outq };
    }
    case "sem": {
      const size = 2 * num(raw, "nsems");
      if (nopl) return yield* blob(size, true, roundUp(size, 8) - size);
      const data = yield* read(roundUp(size, 8));
      const values: number[] = [];
      for (let i = 0; i < size; i += 2) values.push(data[i] | data[i + 1] << 8);
      return values;
    }
    case "shm": {
      // CRIU 4.x keeps the contents in pagemap-shmem/pages when in_pagemaps is set.
      if (raw.in_pagemaps === true) return undefined;
      const size = num(raw, "size");
      return yield* blob(size, nopl, roundUp(size, 4) - size);
    }
    case "msg": {
      // Messages interleave headers and data; queues are small (msgmnb), so
      // they are read whole.
      const msgPlan = messagePlan("ipc_msg");
      const out: JsonValue[] = [];
      let shown = 0;
      for (let i = 0; i < num(raw, "qnum"); i++) {
        const size = u32(yield* read(4));
        const body = yield* read(size);
        const msg = decodeMessage(msgPlan, body, 0, size, false);
        const msize = num(msg, "msize");
        const data = yield* read(roundUp(msize, 8));
        // crit counts each message's header size plus its data size.
        shown += size + msize;
        out.push(msg, encodeBase64Lines(data.subarray(0, msize)));
      }
      return nopl ? `... <${humanSize(shown)}>` : out;
    }
  }
}

function writeFrame(w: WireWriter, start: number): void {
  // Entry sizes are little-endian u32 before the message.
  const len = w.pos - start - 4;
  const b = w.buf;
  b[start] = len;
  b[start + 1] = len >>> 8;
  b[start + 2] = len >>> 16;
  b[start + 3] = len >>> 24;
}

function writeMessage(
  w: WireWriter,
  plan: MessagePlan,
  entry: JsonValue,
  path: string,
  ignore?: string,
): void {
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
    throw new JsonShapeError(path, "expected an object");
  }
  const start = w.pos;
  w.ensure(4);
  w.pos += 4;
  encodeMessage(plan, entry as JsonObject, w, path, ignore);
  writeFrame(w, start);
}

function base64Of(v: JsonValue, path: string): Uint8Array {
  if (typeof v !== "string") {
    throw new JsonShapeError(path, "expected a base64 string");
  }
  try {
    return decodeBase64(v);
  } catch (e) {
    throw new JsonShapeError(path, (e as Error).message, { cause: e });
  }
}

function pad(w: WireWriter, n: number): void {
  w.ensure(n);
  w.buf.fill(0, w.pos, w.pos + n);
  w.pos += n;
}

/**
 * The shape of a payload that is streamed rather than given as a string:
 * `parts` are the keys of the `extra` object to read in order (`null`: `extra`
 * itself is the string), `sizes` the byte count each part must have
 * (`undefined`: any), then `pad` zero bytes follow.
 */
export interface StreamedPayload {
  parts: (string | null)[];
  sizes: (number | undefined)[];
  pad: number;
}

/** A payload's byte count must be what its entry says, or the image cannot be read back. */
function checkSize(path: string, got: number, want: number | undefined): void {
  if (want !== undefined && got !== want) {
    throw new JsonShapeError(
      path,
      `${got} bytes of payload, but the entry says ${want}`,
    );
  }
}

/** Encodes entries one by one, the reverse of readEntries. */
export class EntryWriter {
  #kind: Kind;
  #plan: MessagePlan;
  #chunked = false;
  #closed = false;
  /** Entries written so far. */
  index = 0;

  /** A writer for images with this magic (which must have a handler). */
  constructor(magic: string) {
    this.#kind = KINDS[magic];
    this.#plan = messagePlan(this.#kind.message);
  }

  #planFor(i: number): MessagePlan {
    const kind = this.#kind;
    if (kind.special === "pagemap") {
      return messagePlan(i === 0 ? "pagemap_head" : "pagemap_entry");
    }
    if (kind.special === "ghost" && i > 0) {
      return messagePlan("ghost_chunk_entry");
    }
    return this.#plan;
  }

  /**
   * Writes the message of the next entry; returns its path and, for entries
   * with a payload, the message read back as plain values: payload sizes
   * come from what was written, never from unchecked JSON.
   */
  #head(entry: JsonValue, w: WireWriter): { path: string; raw?: JsonObject } {
    const i = this.index++;
    const path = `entries[${i}]`;
    if (this.#closed) {
      throw new JsonShapeError(
        "entries",
        "a ghost file without chunks has exactly one entry",
      );
    }
    const withPayload = this.#kind.payload !== undefined ||
      this.#kind.special === "ghost";
    const plan = this.#planFor(i);
    const start = w.pos + 4;
    writeMessage(w, plan, entry, path, withPayload ? "extra" : undefined);
    if (!withPayload) return { path };
    const raw = decodeMessage(plan, w.buf, start, w.pos, false);
    if (this.#kind.special === "ghost" && i === 0) {
      this.#chunked = raw.chunks === true;
      this.#closed = !this.#chunked;
    }
    return { path, raw };
  }

  /** Byte counts and padding of this entry's payload, from its message. */
  #shape(raw: JsonObject): StreamedPayload | undefined {
    if (this.#kind.special === "ghost") {
      // Without chunks the file's contents are whatever follows.
      return {
        parts: [null],
        sizes: [this.#closed ? undefined : num(raw, "len")],
        pad: 0,
      };
    }
    switch (this.#kind.payload) {
      case "pipe":
        return { parts: [null], sizes: [num(raw, "bytes")], pad: 0 };
      case "skq":
        return { parts: [null], sizes: [num(raw, "length")], pad: 0 };
      case "bpf":
        return {
          parts: [null],
          sizes: [num(raw, "keys_bytes") + num(raw, "values_bytes")],
          pad: 0,
        };
      case "tcp":
        return {
          parts: ["inq", "outq"],
          sizes: [num(raw, "inq_len"), num(raw, "outq_len")],
          pad: 0,
        };
      case "shm": {
        if (raw.in_pagemaps === true) return undefined;
        const size = num(raw, "size");
        return { parts: [null], sizes: [size], pad: roundUp(size, 4) - size };
      }
      default:
        return undefined;
    }
  }

  /**
   * Writes the next entry straight from its JSON text at `text[start]` when
   * it is just a message written as crit writes it; returns the index past
   * it, or ITEM_NOT_TAKEN / ITEM_INCOMPLETE (then write() gets the parsed
   * entry). A DirectItemReader for parseJsonItems.
   */
  writeText(text: string, start: number, w: WireWriter): number {
    const kind = this.#kind;
    if (kind.payload !== undefined || kind.special === "ghost") {
      return ITEM_NOT_TAKEN;
    }
    const frame = w.pos;
    w.ensure(4);
    w.pos += 4;
    const end = encodeMessageText(this.#planFor(this.index), text, start, w);
    if (end < 0) {
      w.pos = frame;
      return end;
    }
    writeFrame(w, frame);
    this.index++;
    return end;
  }

  /** Writes one whole entry, payload included. */
  write(entry: JsonValue, w: WireWriter): void {
    const { path, raw } = this.#head(entry, w);
    if (raw === undefined) return;
    const extra = (entry as JsonObject).extra;
    const at = `${path}.extra`;
    const payload = this.#kind.payload;
    if (payload === "sem" || payload === "msg") {
      if (
        extra === undefined &&
        num(raw, payload === "sem" ? "nsems" : "qnum") === 0
      ) return;
      writeListPayload(w, payload, raw, extra ?? null, at);
      return;
    }
    const shape = this.#shape(raw);
    if (shape === undefined) {
      if (extra !== undefined) {
        throw new JsonShapeError(
          at,
          "this entry has no payload (in_pagemaps is set)",
        );
      }
      return;
    }
    if (extra === undefined || extra === null) {
      // crit writes nothing for a missing extra: fine only for an empty payload.
      shape.sizes.forEach((size) => checkSize(at, 0, size));
      if (shape.sizes.every((size) => size === 0)) pad(w, shape.pad);
      return;
    }
    for (let k = 0; k < shape.parts.length; k++) {
      const key = shape.parts[k];
      let text: JsonValue = extra;
      let partPath = at;
      if (key !== null) {
        if (typeof extra !== "object" || Array.isArray(extra)) {
          throw new JsonShapeError(
            at,
            `expected an object with ${shape.parts.join(" and ")}`,
          );
        }
        text = (extra as JsonObject)[key];
        partPath = `${at}.${key}`;
      }
      const data = base64Of(text, partPath);
      checkSize(partPath, data.length, shape.sizes[k]);
      w.bytes(data);
    }
    pad(w, shape.pad);
  }

  /** Whether entries of this image can have a payload that writeStreamed takes. */
  get streams(): boolean {
    const payload = this.#kind.special === "ghost"
      ? "pipe"
      : this.#kind.payload;
    return payload !== undefined && payload !== "sem" && payload !== "msg";
  }

  /**
   * Writes the message of an entry whose `extra` will be streamed, and says
   * how; `undefined` when this entry's payload cannot be streamed (then the
   * whole entry must be given to write()).
   */
  writeStreamed(entry: JsonObject, w: WireWriter): StreamedPayload | undefined {
    if (!this.streams) return undefined;
    const { path, raw } = this.#head(entry, w);
    const shape = this.#shape(raw!);
    if (shape === undefined) {
      throw new JsonShapeError(
        `${path}.extra`,
        "this entry has no payload (in_pagemaps is set)",
      );
    }
    return shape;
  }
}

/** Encodes the entries of an image into `w`. */
export function writeEntries(
  magic: string,
  entries: readonly JsonValue[],
  w: WireWriter,
): void {
  const writer = new EntryWriter(magic);
  for (const entry of entries) writer.write(entry, w);
}

/** SysV semaphore values and message queues: payloads given as JSON lists. */
function writeListPayload(
  w: WireWriter,
  payload: "sem" | "msg",
  raw: JsonObject,
  extra: JsonValue,
  path: string,
): void {
  if (!Array.isArray(extra)) {
    throw new JsonShapeError(
      path,
      payload === "sem"
        ? "expected an array"
        : "expected [message, data, ...] pairs",
    );
  }
  if (payload === "sem") {
    const nsems = num(raw, "nsems");
    if (extra.length !== nsems) {
      throw new JsonShapeError(
        path,
        `${extra.length} semaphore values for nsems ${nsems}`,
      );
    }
    for (let i = 0; i < extra.length; i++) {
      const v = extra[i];
      if (
        typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 0xffff
      ) {
        throw new JsonShapeError(
          `${path}[${i}]`,
          "expected an integer 0..65535",
        );
      }
      w.ensure(2);
      w.buf[w.pos++] = v;
      w.buf[w.pos++] = v >>> 8;
    }
    pad(w, roundUp(2 * nsems, 8) - 2 * nsems);
    return;
  }
  if (extra.length % 2 !== 0 || extra.length / 2 !== num(raw, "qnum")) {
    throw new JsonShapeError(
      path,
      `expected ${num(raw, "qnum")} [message, data] pairs (qnum)`,
    );
  }
  const msgPlan = messagePlan("ipc_msg");
  for (let i = 0; i < extra.length; i += 2) {
    const start = w.pos + 4;
    writeMessage(w, msgPlan, extra[i], `${path}[${i}]`);
    const msize = num(
      decodeMessage(msgPlan, w.buf, start, w.pos, false),
      "msize",
    );
    const data = base64Of(extra[i + 1], `${path}[${i + 1}]`);
    checkSize(`${path}[${i + 1}]`, data.length, msize);
    w.bytes(data);
    pad(w, roundUp(msize, 8) - msize);
  }
}
