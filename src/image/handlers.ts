/**
 * Image kinds: which message each magic holds and which payload follows an
 * entry. Decoding is a generator that asks for exact byte counts, so the same
 * code serves whole buffers and streams; encoding is entry_writer.ts, apart
 * so that decoding loads none of the encoders.
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import { type MessagePlan, messagePlan } from "../wire/plan.ts";
import { decodeMessage } from "../message/decode_value.ts";
import { encodeBase64Lines } from "../json/base64.ts";
import { entryKind, entryMessage, type Layout } from "./kinds.ts";
import { hasPayload, num, roundUp } from "./_payload_sizes.ts";

/**
 * What a handler asks of the driver. `read` returns exactly `n` bytes;
 * `blob` hands over a payload of
 * `n` bytes (-1: to the end of input) followed by `pad` bytes of padding and
 * returns its JSON value, which the driver may produce later while streaming
 * (the bytes of a blob are consumed before the next `read` or `skip`); `skip`
 * discards `n` bytes (-1: to the end) and returns how many it skipped.
 */
export type ReadStep =
  | { kind: "read"; n: number }
  /**
   * Every remaining entry, each handed to `each` as its message bytes: for
   * images whose entries are just a message, the driver frames them itself
   * rather than resuming the generator twice per entry. The step ends at the
   * end of the input.
   */
  | {
    kind: "entries";
    each(index: number, body: Uint8Array): void;
    /**
     * The message of every entry after the first, when entries go to the
     * raw sink undecoded: the driver may then hand many over at once
     * (PumpEvents.messages).
     */
    rawRest?: MessagePlan;
  }
  /**
   * The next framed message: its u32 size, checked against the entry size
   * limit, then its bytes. With `entry`, it starts the next entry (the
   * driver notes where, once the bytes before it are consumed) and a clean
   * end of input may come instead (`null`).
   */
  | { kind: "frame"; entry?: boolean }
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

/** Whether images with this magic can be decoded and encoded. */
export function hasHandler(magic: string): boolean {
  return entryKind(magic) !== undefined;
}

/** crit's size text for --nopl: "12B", "1.5KB", "2MB" (Python %.1f rounding). */
function humanSize(size: number): string {
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
  const kind = entryKind(magic)!;
  const layout = kind.layout;
  const first = messagePlan(entryMessage(kind, 0));
  const rest = messagePlan(entryMessage(kind, 1));
  if (!hasPayload(layout)) {
    yield {
      kind: "entries",
      rawRest: rawSink === undefined ? undefined : rest,
      each(index, body) {
        const p = index === 0 ? first : rest;
        if (rawSink) rawSink(p, body);
        else sink(decodeMessage(p, body, 0, body.length, opts.pretty));
      },
    };
    return;
  }
  let chunked = false;
  for (let index = 0;; index++) {
    state.entryIndex = index;
    const body = (yield FRAME) as Uint8Array | null;
    if (body === null) return;
    const p = index === 0 ? first : rest;
    const entry = decodeMessage(p, body, 0, body.length, opts.pretty);
    // Payload sizes are read from plain values, never from pretty text.
    const raw: JsonObject = opts.pretty
      ? decodeMessage(p, body, 0, body.length, false)
      : entry;
    if (layout === "ghost" && index === 0) {
      chunked = raw.chunks === true;
      // With chunks, the bytes follow the chunk entries, not this one.
      if (chunked) {
        sink(entry);
        continue;
      }
    }
    // A ghost file without chunks is one entry and the file's contents.
    const whole = layout === "ghost" && !chunked;
    const extra = yield* readPayload(layout!, raw, opts.nopl, whole);
    if (extra !== undefined) entry.extra = extra;
    sink(entry);
    if (whole) return;
  }
}

/** The size word and message of the next entry; a clean end of input may come instead. */
const FRAME: ReadStep = { kind: "frame", entry: true };

/**
 * The bytes that follow an entry whose size its message gives: `parts` are
 * the keys of the `extra` object they make, in order (`null`: `extra` itself
 * is the one base64 string), `sizes` the byte count of each part
 * (`undefined`: up to the end of the image), then `pad` zero bytes follow.
 * The same shape drives decoding and encoding, so both agree on every size.
 */
export interface StreamedPayload {
  parts: (string | null)[];
  sizes: (number | undefined)[];
  pad: number;
}

/**
 * The payload shape of an entry, from its plain values; `undefined` when it
 * has none (a SysV segment kept in pagemaps). Not for `sem` and `msg`,
 * whose payloads are lists. `whole`: a ghost file without chunks.
 */
export function payloadShape(
  layout: Layout,
  raw: JsonObject,
  whole = false,
): StreamedPayload | undefined {
  const one = (size: number | undefined, pad = 0): StreamedPayload => ({
    parts: [null],
    sizes: [size],
    pad,
  });
  switch (layout) {
    case "ghost":
      return one(whole ? undefined : num(raw, "len"));
    case "pipe":
      return one(num(raw, "bytes"));
    case "skq":
      return one(num(raw, "length"));
    case "bpf":
      return one(num(raw, "keys_bytes") + num(raw, "values_bytes"));
    case "tcp":
      return {
        parts: ["inq", "outq"],
        sizes: [num(raw, "inq_len"), num(raw, "outq_len")],
        pad: 0,
      };
    case "shm": {
      // CRIU 4.x keeps the contents in pagemap-shmem/pages when in_pagemaps is set.
      if (raw.in_pagemaps === true) return undefined;
      const size = num(raw, "size");
      return one(size, roundUp(size, 4) - size);
    }
    default:
      return undefined;
  }
}

function* readPayload(
  layout: Layout,
  raw: JsonObject,
  nopl: boolean,
  whole: boolean,
): Steps<JsonValue | undefined> {
  if (layout === "sem") return yield* readSemaphores(raw, nopl);
  if (layout === "msg") return yield* readMessages(raw, nopl);
  const shape = payloadShape(layout, raw, whole);
  if (shape === undefined) return undefined;
  const { parts, sizes, pad } = shape;
  if (parts[0] === null) return yield* blob(sizes[0] ?? -1, nopl, pad);
  // crit shows the parts of a payload object as one size under --nopl.
  if (nopl) return yield* blob(sizes.reduce((a, b) => a! + b!, 0)!, true);
  const out: JsonObject = {};
  for (let k = 0; k < parts.length; k++) {
    out[parts[k]!] = yield* blob(sizes[k]!, false);
  }
  return out;
}

/** SysV semaphore values: u16 each, padded to 8 bytes. */
function* readSemaphores(raw: JsonObject, nopl: boolean): Steps<JsonValue> {
  const size = 2 * num(raw, "nsems");
  if (nopl) return yield* blob(size, true, roundUp(size, 8) - size);
  const data = yield* read(roundUp(size, 8));
  const values: number[] = [];
  for (let i = 0; i < size; i += 2) values.push(data[i] | data[i + 1] << 8);
  return values;
}

/**
 * A SysV message queue: each message a framed header and its data, padded
 * to 8 bytes. Queues are small (msgmnb), so they are read whole.
 */
function* readMessages(raw: JsonObject, nopl: boolean): Steps<JsonValue> {
  const msgPlan = messagePlan("ipc_msg");
  const out: JsonValue[] = [];
  let shown = 0;
  for (let i = 0; i < num(raw, "qnum"); i++) {
    const body = (yield { kind: "frame" }) as Uint8Array;
    const msg = decodeMessage(msgPlan, body, 0, body.length, false);
    const msize = num(msg, "msize");
    const data = yield* read(roundUp(msize, 8));
    // crit counts each message's header size plus its data size.
    shown += body.length + msize;
    out.push(msg, encodeBase64Lines(data.subarray(0, msize)));
  }
  return nopl ? `... <${humanSize(shown)}>` : out;
}
