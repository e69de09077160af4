/**
 * Encoding an image's entries, the reverse of handlers.ts's readEntries:
 * each entry's message, then its payload in the shape payloadShape gives.
 *
 * @module
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import { type MessagePlan, messagePlan } from "../wire/plan.ts";
import { ITEM_NOT_TAKEN } from "../json/parse_items.ts";
import { decodeMessage } from "../message/decode_value.ts";
import { encodeMessage } from "../message/encode_value.ts";
import { encodeMessageText } from "../message/encode_text.ts";
import { JsonShapeError } from "../wire/errors.ts";
import { decodeBase64 } from "../json/base64.ts";
import type { WireWriter } from "../wire/wire.ts";
import {
  entryKind,
  entryMessage,
  type ImageKind,
  type Layout,
} from "./kinds.ts";
import { payloadShape, type StreamedPayload } from "./handlers.ts";
import { hasPayload, num, roundUp } from "./_payload_sizes.ts";

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
