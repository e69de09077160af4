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
import {
  entryKind,
  entryMessage,
  type ImageKind,
  type Layout,
} from "./kinds.ts";

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

function roundUp(x: number, y: number): number {
  return Math.ceil(x / y) * y;
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

function num(entry: JsonObject, key: string): number {
  const v = entry[key];
  return v === undefined ? 0 : Number(v);
}

/** Whether entries of this layout are followed by bytes of their own. */
function hasPayload(layout: Layout | undefined): boolean {
  return layout !== undefined && layout !== "pagemap";
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
  if (v.startsWith("... <")) {
    throw new JsonShapeError(
      path,
      `the payload is not in this JSON (${v}: decode --nopl left it out); encode the JSON of a decode without --nopl`,
    );
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
  #kind: ImageKind;
  #layout: Layout | undefined;
  #chunked = false;
  #closed = false;
  /** Entries written so far. */
  index = 0;

  /** A writer for images with this magic (which must have a handler). */
  constructor(magic: string) {
    this.#kind = entryKind(magic)!;
    this.#layout = this.#kind.layout;
  }

  /** Plans of the first entry and of the others (entryMessage differs only there). */
  #plans: [MessagePlan?, MessagePlan?] = [];

  #planFor(i: number): MessagePlan {
    const k = i === 0 ? 0 : 1;
    return this.#plans[k] ??= messagePlan(entryMessage(this.#kind, i));
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
    const withPayload = hasPayload(this.#layout);
    const plan = this.#planFor(i);
    const start = w.pos + 4;
    writeMessage(w, plan, entry, path, withPayload ? "extra" : undefined);
    if (!withPayload) return { path };
    const raw = decodeMessage(plan, w.buf, start, w.pos, false);
    if (this.#layout === "ghost" && i === 0) {
      this.#chunked = raw.chunks === true;
      this.#closed = !this.#chunked;
    }
    return { path, raw };
  }

  /** Byte counts and padding of this entry's payload, from its message. */
  #shape(raw: JsonObject): StreamedPayload | undefined {
    return payloadShape(this.#layout!, raw, this.#closed);
  }

  /**
   * Writes the next entry straight from its JSON text at `text[start]` when
   * it is just a message written as crit writes it; returns the index past
   * it, or ITEM_NOT_TAKEN / ITEM_INCOMPLETE (then write() gets the parsed
   * entry). A DirectItemReader for parseJsonItems.
   */
  writeText(text: string, start: number, w: WireWriter): number {
    if (hasPayload(this.#layout)) return ITEM_NOT_TAKEN;
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
    const payload = this.#layout;
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

  /** The parts of this image's payloads (`null`: `extra` is one string). */
  get payloadParts(): (string | null)[] {
    return payloadShape(this.#layout!, {})?.parts ?? [null];
  }

  /** Whether entries of this image can have a payload that writeStreamed takes. */
  get streams(): boolean {
    const layout = this.#layout;
    return hasPayload(layout) && layout !== "sem" && layout !== "msg";
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
