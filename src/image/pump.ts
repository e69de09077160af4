/**
 * The driver between input bytes and a handler's step generator. It is fed
 * chunks as they arrive and runs the handler as far as the bytes allow, so
 * whole buffers and streams share one code path. In "object" mode payloads
 * become base64 strings; in "stream" mode they are handed out in pieces as
 * they arrive, so no payload is ever held whole.
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import { ByteQueue } from "./byte_queue.ts";
import {
  type DecodeState,
  type EntryReader,
  type HandlerOptions,
  hasHandler,
  readEntries,
  type ReadStep,
} from "./handlers.ts";
import type { MessagePlan } from "../wire/plan.ts";
import { IMG_COMMON, IMG_SERVICE, magicName } from "./magic.ts";
import { CriuImageError, UnknownMagicError } from "../wire/errors.ts";
import { encodeBase64Lines } from "../json/base64.ts";
import { WireError } from "../wire/wire.ts";
import { bigintFields } from "./bigint_fields.ts";

/** Where streamed payloads go. */
export interface PayloadSink {
  /** An entry whose `blobs` payload values are placeholders, in text order. */
  entry(entry: JsonObject, blobs: readonly JsonValue[]): void;
  /** The next piece of the current payload. */
  data(bytes: Uint8Array): void;
  /** The current payload is complete. */
  end(): void;
}

/**
 * An error of the caller's own code (an output callback writing to a closed
 * pipe, say), carried out of the pump as it is rather than reported as a
 * decoding error of the current entry.
 */
export class CallerError extends Error {
  constructor(readonly error: unknown) {
    super("an error of the caller's callback", { cause: error });
    this.name = "CallerError";
  }
}

/** What the pump reports. */
export interface PumpEvents {
  /** The header was read; called before any entry. */
  magic?(name: string): void;
  /** An entry, with its payloads as base64 strings. */
  entry(entry: JsonObject): void;
  /**
   * When set, an entry without payloads comes here undecoded, as its message
   * bytes, instead of to entry(). `body` is only valid during the call.
   */
  message?(plan: MessagePlan, body: Uint8Array): void;
  /**
   * With message(): many entries at once, as they lie in `buf[start, end)`,
   * each a little-endian u32 size and that many bytes of a message of
   * `plan`. Writes the entries from the first on that it can write straight
   * away, stopping before any entry larger than `maxEntrySize` or than what
   * is left, or that it leaves to message() (which then words any error);
   * returns where it stopped.
   */
  messages?(
    plan: MessagePlan,
    buf: Uint8Array,
    start: number,
    end: number,
    maxEntrySize: number,
  ): number;
  /** When set, payloads are streamed here instead of becoming strings. */
  stream?: PayloadSink;
}

/** Options of the pump on top of the handler's. */
export interface PumpOptions extends HandlerOptions {
  /** Largest payload turned into a string in object mode. */
  maxPayloadSize: number;
  /** Every 64-bit integer of an entry given to `entry()` as a bigint. */
  bigint?: boolean;
  /** The magic the image must have; another one is an error. */
  magic?: string;
  /**
   * Bytes of input in all, when known (a file's size): an entry of 64 KiB
   * or more that fits in what is left is then gathered into one buffer as
   * it arrives. Without it, nothing is allocated before its bytes arrive.
   */
  inputSize?: number;
  /**
   * Where such an entry is gathered, when it gives a buffer of the size
   * asked for (default: a new one); see ByteQueue.reserve.
   */
  allocate?: (n: number) => Uint8Array | undefined;
}

interface PendingBlob {
  left: number;
  pad: number;
  toEnd: boolean;
  /** The entry the payload belongs to, for errors: the handler has moved on. */
  entryIndex: number;
  entryOffset: number;
}

/**
 * Entries of this size or more are gathered into one buffer as they arrive
 * (ByteQueue.reserve): larger than the CLI's 64 KiB reads.
 */
const RESERVE_BYTES = 1 << 16;

/** Runs a handler over bytes pushed into it. */
export class EntryPump {
  #queue = new ByteQueue();
  #opts: PumpOptions;
  #events: PumpEvents;
  #reader: EntryReader | undefined;
  #step: ReadStep | undefined;
  #state: DecodeState = { entryIndex: 0, entryOffset: 0, offset: 0 };
  #pending: PendingBlob[] = [];
  #blobValues: JsonValue[] = [];
  // Placeholders must not match any real string of an entry.
  #nonce = Math.random().toString(36).slice(2);
  #done = false;
  /** Progress of the current skip step. */
  #skipLeft: number | undefined;
  #skipped = 0;
  /** Entries read by an "entries" step so far. */
  #entries = 0;
  /** Magic name, once the header has been read. */
  magic: string | undefined;

  /** Runs handlers with `opts`, reporting to `events`. */
  constructor(opts: PumpOptions, events: PumpEvents) {
    this.#opts = opts;
    this.#events = events;
  }

  /**
   * Adds input and runs as far as it allows. With `reuse`, the caller means
   * to overwrite `chunk` afterwards: what is not consumed is copied.
   */
  push(chunk: Uint8Array, reuse = false): void {
    this.#queue.push(chunk);
    try {
      this.#run(false);
    } finally {
      if (reuse) this.#queue.own(chunk);
    }
  }

  /**
   * Where the next input may be read in place: the rest of the buffer a
   * large entry is gathered into (see {@linkcode PumpOptions.inputSize}),
   * or undefined. A chunk read there from its start and pushed is not
   * copied.
   */
  get room(): Uint8Array | undefined {
    return this.#queue.room;
  }

  /** Signals the end of input; throws if the image is incomplete. */
  end(): void {
    this.#run(true);
    if (!this.#done) {
      throw new CriuImageError(
        this.magic === undefined ? "the input is empty" : "truncated image",
        {
          offset: this.#state.entryOffset,
          entryIndex: this.magic === undefined ? -1 : this.#state.entryIndex,
          magic: this.magic,
        },
      );
    }
  }

  #run(eof: boolean): void {
    try {
      if (this.#reader === undefined && !this.#header(eof)) return;
      this.#loop(eof);
    } catch (e) {
      throw e instanceof CallerError ? e : this.#locate(e);
    }
  }

  #header(eof: boolean): boolean {
    const q = this.#queue;
    if (q.length < 4) {
      if (eof) this.#truncatedHeader(q.length);
      return false;
    }
    // Nothing is taken until the whole header is there.
    let value = q.peekU32();
    let used = 4;
    if (value === IMG_COMMON || value === IMG_SERVICE) {
      if (q.length < 8) {
        if (eof) this.#truncatedHeader(q.length);
        return false;
      }
      q.skip(4);
      value = q.peekU32();
      used = 8;
    }
    q.skip(4);
    const magic = magicName(value);
    if (magic === undefined) throw new UnknownMagicError(value, used - 4);
    const expected = this.#opts.magic;
    if (expected !== undefined && magic !== expected) {
      throw new CriuImageError(`expected a ${expected} image, got ${magic}`, {
        offset: used - 4,
        entryIndex: -1,
        magic,
      });
    }
    if (!hasHandler(magic)) {
      throw new CriuImageError(`no handler for images with magic ${magic}`, {
        offset: used - 4,
        entryIndex: -1,
        magic,
      });
    }
    this.magic = magic;
    this.#events.magic?.(magic);
    this.#state = { entryIndex: 0, entryOffset: used, offset: used };
    this.#reader = readEntries(
      magic,
      this.#opts,
      (e) => this.#emit(e),
      this.#state,
      this.#events.message?.bind(this.#events),
    );
    this.#advance(undefined);
    return true;
  }

  #truncatedHeader(have: number): never {
    throw new CriuImageError(
      have === 0 ? "the input is empty" : "the input ends inside the header",
      { offset: 0, entryIndex: -1 },
    );
  }

  #emit(entry: JsonObject): void {
    if (this.#events.stream && this.#blobValues.length) {
      this.#events.stream.entry(entry, this.#blobValues);
      this.#blobValues = [];
    } else {
      if (this.#opts.bigint) {
        bigintFields(this.magic!, this.#state.entryIndex, entry);
      }
      this.#events.entry(entry);
    }
  }

  #advance(value: unknown): void {
    const r = this.#reader!.next(value);
    if (r.done) {
      this.#step = undefined;
      this.#done = this.#pending.length === 0;
    } else {
      this.#step = r.value;
    }
  }

  #loop(eof: boolean): void {
    const q = this.#queue;
    const st = this.#state;
    for (;;) {
      // Streamed payloads come first: their bytes precede whatever the
      // handler reads next. While it is still asking for blobs, its entry is
      // not out yet, so the payload text has nowhere to go.
      if (this.#pending.length && this.#step?.kind !== "blob") {
        if (!this.#streamPending(eof)) return;
        continue;
      }
      const step = this.#step;
      if (step === undefined) {
        if (q.length > 0 && this.#done) {
          throw new CriuImageError(`${q.length} bytes after the last entry`, {
            offset: st.offset,
            entryIndex: st.entryIndex,
            magic: this.magic,
          });
        }
        return;
      }
      switch (step.kind) {
        case "read": {
          if (q.length < step.n) {
            if (!eof) return;
            this.#truncated(step.n - q.length);
          }
          st.offset += step.n;
          this.#advance(q.take(step.n));
          continue;
        }
        case "entries": {
          for (;;) {
            if (step.rawRest !== undefined && this.#entries > 0) {
              this.#batch(step.rawRest);
            }
            st.entryIndex = this.#entries;
            st.entryOffset = st.offset;
            const body = this.#frame(eof, true);
            if (body === undefined) return;
            if (body === null) break;
            step.each(this.#entries++, body);
          }
          this.#advance(null);
          continue;
        }
        case "frame": {
          // Set here, not by the handler: in stream mode it runs ahead of
          // the payload bytes still to come before this entry.
          if (step.entry) st.entryOffset = st.offset;
          const body = this.#frame(eof, step.entry === true);
          if (body === undefined) return;
          this.#advance(body);
          continue;
        }
        case "skip": {
          if (this.#skipLeft === undefined) {
            this.#skipLeft = step.n;
            this.#skipped = 0;
          }
          const toEnd = this.#skipLeft < 0;
          const k = q.skip(toEnd ? q.length : this.#skipLeft);
          st.offset += k;
          this.#skipped += k;
          if (!toEnd) this.#skipLeft -= k;
          if (toEnd ? !eof : this.#skipLeft > 0) {
            if (eof) this.#truncated(this.#skipLeft);
            return;
          }
          this.#skipLeft = undefined;
          this.#advance(this.#skipped);
          continue;
        }
        case "blob": {
          if (this.#events.stream) {
            const value =
              `\u0000${this.#nonce}:${this.#blobValues.length}\u0000`;
            this.#blobValues.push(value);
            this.#pending.push({
              left: step.n < 0 ? 1 : step.n,
              pad: step.pad,
              toEnd: step.n < 0,
              entryIndex: st.entryIndex,
              entryOffset: st.entryOffset,
            });
            this.#advance(value);
            continue;
          }
          const toEnd = step.n < 0;
          if (toEnd ? !eof : q.length < step.n + step.pad) {
            if (!eof) {
              if (q.length > this.#opts.maxPayloadSize) this.#tooBig(q.length);
              return;
            }
            this.#truncated(step.n + step.pad - q.length);
          }
          const n = toEnd ? q.length : step.n;
          if (n > this.#opts.maxPayloadSize) this.#tooBig(n);
          const data = q.take(n);
          st.offset += n + q.skip(step.pad);
          this.#advance(encodeBase64Lines(data));
          continue;
        }
      }
    }
  }

  /**
   * Hands the whole entries of the first queued chunk to messages() at
   * once, and consumes those it wrote: per entry, the framing and the calls
   * between here and the writer measured 40% of a decode of 100k fdinfo
   * entries (warm).
   */
  #batch(plan: MessagePlan): void {
    const batch = this.#events.messages;
    if (batch === undefined) return;
    const q = this.#queue;
    const buf = q.front;
    const start = q.frontStart;
    const stop = batch(plan, buf, start, buf.length, this.#opts.maxEntrySize);
    if (stop === start) return;
    // Count what was written, checking it is whole frames.
    let at = start;
    let count = 0;
    while (at < stop) {
      at += 4 +
        ((buf[at] | buf[at + 1] << 8 | buf[at + 2] << 16 |
          buf[at + 3] << 24) >>>
          0);
      count++;
    }
    if (at !== stop) throw new Error("messages() stopped inside an entry");
    q.skip(stop - start);
    this.#entries += count;
    this.#state.offset += stop - start;
  }

  /**
   * The message of the next framed entry (a little-endian u32 size, then
   * that many bytes): `undefined` until all of it has arrived, `null` at a
   * clean end of input when `eofOk`. Every entry size of every image kind is
   * checked against the limit here, before anything is allocated.
   */
  #frame(eof: boolean, eofOk: boolean): Uint8Array | null | undefined {
    const q = this.#queue;
    if (q.length < 4) {
      if (!eof) return undefined;
      if (q.length === 0 && eofOk) return null;
      this.#truncated(4 - q.length);
    }
    const size = q.peekU32();
    const max = this.#opts.maxEntrySize;
    if (size > max) {
      throw new RangeError(
        `entry size ${size} exceeds the limit of ${max} bytes`,
      );
    }
    if (q.length - 4 < size) {
      if (!eof) {
        // A large entry arrives into one buffer rather than piece by piece,
        // when the input is known to hold it.
        const end = this.#state.offset + 4 + size;
        if (size >= RESERVE_BYTES && end <= (this.#opts.inputSize ?? 0)) {
          q.reserve(4 + size, this.#opts.allocate);
        }
        return undefined;
      }
      this.#truncated(size - (q.length - 4));
    }
    q.skip(4);
    this.#state.offset += 4 + size;
    return q.take(size);
  }

  /**
   * Hands out what has arrived of the first streamed payload; true once it
   * is complete (padding included), false when more input is needed.
   */
  #streamPending(eof: boolean): boolean {
    const q = this.#queue;
    const st = this.#state;
    const blob = this.#pending[0];
    while (blob.left > 0 && q.length > 0) {
      const piece = q.takeSome(blob.toEnd ? q.length : blob.left);
      if (!blob.toEnd) blob.left -= piece.length;
      st.offset += piece.length;
      this.#events.stream!.data(piece);
    }
    if (blob.toEnd ? !eof : blob.left > 0) {
      if (eof) this.#truncated(blob.left, blob);
      return false;
    }
    if (blob.pad > 0) {
      if (q.length < blob.pad) {
        if (eof) this.#truncated(blob.pad - q.length, blob);
        return false;
      }
      st.offset += q.skip(blob.pad);
    }
    this.#pending.shift();
    this.#events.stream!.end();
    if (this.#step === undefined && this.#pending.length === 0) {
      this.#done = true;
    }
    return true;
  }

  #tooBig(n: number): never {
    throw new RangeError(
      `a payload of ${n} bytes exceeds maxPayloadSize (${this.#opts.maxPayloadSize}); stream it instead`,
    );
  }

  /** The input ends `missing` bytes short, in the current entry or in `of`. */
  #truncated(
    missing: number,
    of: PendingBlob | DecodeState = this.#state,
  ): never {
    throw new CriuImageError(
      `truncated: ${missing} more bytes needed at byte ${
        this.#state.offset + this.#queue.length
      }`,
      { offset: of.entryOffset, entryIndex: of.entryIndex, magic: this.magic },
    );
  }

  #locate(e: unknown): Error {
    if (e instanceof CriuImageError) return e;
    const st = this.#state;
    const where = `Cannot decode entry ${st.entryIndex} of ${this.magic}`;
    if (e instanceof RangeError) {
      return e.message.startsWith("Cannot ")
        ? e
        : new RangeError(`${where}: ${e.message}`, { cause: e });
    }
    const detail = e instanceof Error ? e.message : String(e);
    return new CriuImageError(
      e instanceof WireError ? `${detail} in the entry's message` : detail,
      {
        offset: st.entryOffset,
        entryIndex: st.entryIndex,
        magic: this.magic,
        cause: e,
      },
    );
  }
}
