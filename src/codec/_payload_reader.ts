/**
 * The `extra` of one large entry, read from the JSON text as it arrives and
 * written as bytes: base64 decoded piece by piece, sizes checked against
 * the entry's message. The reader that found the entry lends it its cursor.
 */
import type { JsonObject } from "../json/types.ts";
import { JsonSyntaxError, parseJson } from "../json/mod.ts";
import type { StreamedPayload } from "../image/handlers.ts";
import type { EntryWriter } from "../image/entry_writer.ts";
import type { WireWriter } from "../wire/wire.ts";
import {
  JsonBase64Decoder,
  JsonControlCharacter,
} from "../json/json_base64.ts";
import { JsonShapeError } from "../wire/errors.ts";
import { ItemScan, MORE, stringRun } from "./_item_scan.ts";

/** What the reader lends: its text, position and token readers. */
export interface Cursor {
  readonly buf: string;
  pos: number;
  /** Where the state the reader's error prefix describes starts. */
  from: number;
  readonly w: WireWriter;
  readonly writer: EntryWriter;
  peek(): number;
  expect(ch: string): void;
  string(): string;
  syntax(what: string, at: number): never;
  /** Python's `: line L column C (char N)` for index `i` of the buffer. */
  locate(i: number): string;
  /** Hands out what `w` holds, then `bytes`. */
  flush(bytes?: Uint8Array): void;
  out(bytes: Uint8Array): void;
}

/** An entry held back: members after its `extra` complete its message. */
export interface Deferred {
  entry: JsonObject;
  index: number;
  held: Uint8Array[][];
}

/** Reads one entry's streamed payload; see the module doc. */
export class PayloadReader {
  /** The entry has ended. */
  done = false;
  readonly payload: StreamedPayload;
  part = 0;
  partOpen = false;
  /** Python's position of the open part's opening quote. */
  partQuote = "";
  extraOpened = false;
  extraClosed = false;
  /** Members of the `extra` object read so far. */
  members = 0;
  #c: Cursor;
  #path: string;
  #written = 0;
  #decoder: JsonBase64Decoder | undefined;
  /**
   * An entry whose message lacks required fields before its `extra` (keys
   * in sorted order put `extra` before `pipe_id`, `len`, ...): its payload
   * is held as bytes until the members after it complete the message.
   */
  #deferred: Deferred | undefined;
  #tailScan: ItemScan | undefined;
  #tailText = "";

  constructor(
    cursor: Cursor,
    payload: StreamedPayload,
    index: number,
    deferred?: Deferred,
  ) {
    this.#c = cursor;
    this.payload = payload;
    this.#path = `entries[${index}].extra`;
    this.#deferred = deferred;
  }

  /** Reads on from the cursor; throws MORE when the text runs out. */
  run(): void {
    if (this.#tailScan !== undefined) return this.#tail();
    const p = this.payload!;
    const object = p.parts[0] !== null;
    for (;;) {
      const save = this.#c.pos;
      this.#c.from = save;
      try {
        if (this.partOpen) {
          this.#streamString();
          const size = p.sizes[this.part];
          if (size !== undefined && this.#written !== size) {
            const key = p.parts[this.part];
            throw new JsonShapeError(
              key === null ? this.#path : `${this.#path}.${key}`,
              `${this.#written} bytes of payload, but the entry says ${size}`,
            );
          }
          this.#written = 0;
          this.partOpen = false;
          this.part++;
          continue;
        }
        if (this.part === p.parts.length) {
          // All parts done: close the extra object (if any), then the entry.
          if (object && !this.extraClosed) {
            if (this.#c.peek() === 0x2c) {
              this.#c.pos++;
              this.#skipMember(this.#c.string());
              continue;
            }
            this.#c.expect("}");
            this.extraClosed = true;
            continue;
          }
          if (this.#c.peek() === 0x2c && this.#deferred !== undefined) {
            this.#c.pos++;
            this.#tailScan = new ItemScan();
            this.#tailScan.scan("{", 0);
            this.#tailText = "";
            return this.#tail();
          }
          if (this.#c.peek() === 0x2c) {
            // The message went out before the payload: nothing can join it.
            this.#c.pos++;
            const key = this.#c.string();
            throw new JsonShapeError(
              `${this.#path.slice(0, -".extra".length)}.${key}`,
              'comes after "extra", which ends an entry whose payload is ' +
                "streamed (crit writes it last)",
            );
          }
          this.#c.expect("}");
          if (this.#deferred !== undefined) {
            this.#writeDeferred(this.#deferred.entry);
          } else {
            this.#c.w.bytes(new Uint8Array(p.pad));
            this.#c.flush();
          }
          this.#endStreamed();
          return;
        }
        if (object && !this.extraOpened) {
          this.#c.expect("{");
          this.extraOpened = true;
          continue;
        }
        if (object) {
          if (this.members > 0) this.#c.expect(",");
          const key = this.#c.string();
          if (key !== p.parts[this.part]) {
            this.#skipMember(key);
            continue;
          }
          this.#c.expect(":");
        }
        if (this.#c.peek() !== 0x22) {
          throw new JsonShapeError(this.#path, "expected a base64 string");
        }
        this.partQuote = this.#c.locate(this.#c.pos);
        this.#c.pos++;
        this.partOpen = true;
        this.members++;
        this.#decoder = new JsonBase64Decoder();
      } catch (e) {
        // A part's string is consumed piece by piece: never rewind into it.
        if (e === MORE && !this.partOpen) this.#c.pos = save;
        throw e;
      }
    }
  }

  #endStreamed(): void {
    this.done = true;
  }

  /** The members after a deferred entry's `extra`: small, read whole. */
  #tail(): void {
    const b = this.#c.buf;
    const end = this.#tailScan!.scan(b, this.#c.pos);
    if (end < 0) {
      this.#tailText += b.slice(this.#c.pos);
      this.#c.pos = b.length;
      throw MORE;
    }
    const text = "{" + this.#tailText + b.slice(this.#c.pos, end);
    this.#c.pos = end;
    this.#tailScan = undefined;
    this.#tailText = "";
    const tail = parseJson(text) as JsonObject;
    for (const key of Object.keys(tail)) {
      if (key === "extra") {
        throw new JsonShapeError(
          `entries[${this.#deferred!.index}].extra`,
          "duplicate key",
        );
      }
    }
    this.#writeDeferred({ ...this.#deferred!.entry, ...tail });
    this.#endStreamed();
  }

  /** Writes a deferred entry's message, now whole, then its held payload. */
  #writeDeferred(entry: JsonObject): void {
    const { held, index } = this.#deferred!;
    const payload = this.#c.writer!.writeStreamed(entry, this.#c.w)!;
    const path = `entries[${index}].extra`;
    held.forEach((chunks, k) => {
      const size = payload.sizes[k];
      const got = chunks.reduce((n, c) => n + c.length, 0);
      if (size !== undefined && got !== size) {
        const key = payload.parts[k];
        throw new JsonShapeError(
          key === null ? path : `${path}.${key}`,
          `${got} bytes of payload, but the entry says ${size}`,
        );
      }
    });
    this.#c.flush();
    for (const chunks of held) for (const c of chunks) this.#c.out(c);
    this.#c.w.bytes(new Uint8Array(payload.pad));
    this.#c.flush();
  }

  /**
   * A member of a streamed `extra` object that is not the next part: crit
   * ignores other keys, so their values are checked as JSON and skipped.
   * Parts must come in image order to be streamed.
   */
  #skipMember(key: string): void {
    if ((this.payload!.parts as (string | null)[]).includes(key)) {
      throw new JsonShapeError(
        `${this.#path}.${key}`,
        `expected ${
          this.payload!.parts[this.part] ?? "no more payload keys"
        } here (streamed payload keys come in image order, once each)`,
      );
    }
    this.#c.expect(":");
    this.#c.peek();
    const b = this.#c.buf;
    const start = this.#c.pos;
    const c = b.charCodeAt(start);
    let end: number;
    if (c === 0x7b || c === 0x5b) {
      const scan = new ItemScan();
      end = scan.scan(b, start);
    } else if (c === 0x22) {
      this.#c.string();
      end = this.#c.pos;
    } else {
      end = start;
      while (end < b.length && !/[\s,}\]]/.test(b[end])) end++;
      if (end === b.length) end = -1;
    }
    if (end < 0) throw MORE;
    try {
      parseJson(b.slice(start, end));
    } catch (e) {
      this.#c.syntax((e as Error).message.replace(/: line .*/, ""), start);
    }
    this.#c.pos = end;
    this.members++;
  }

  /** Decodes string content from #pos up to the closing quote, writing bytes. */
  #streamString(): void {
    const b = this.#c.buf;
    const part = this.payload!.parts[this.part];
    const path = part === null ? this.#path : `${this.#path}.${part}`;
    const { close, end } = stringRun(b, this.#c.pos);
    if (end > this.#c.pos) {
      this.#emit(b, this.#c.pos, end, path);
      this.#c.pos = end;
    }
    if (close < 0) throw MORE;
    this.#c.pos = close + 1;
    try {
      this.#decoder!.finish();
    } catch (e) {
      throw new JsonShapeError(path, (e as Error).message, { cause: e });
    }
  }

  #emit(text: string, start: number, end: number, path: string): void {
    let bytes: Uint8Array;
    try {
      bytes = this.#decoder!.push(text, start, end);
    } catch (e) {
      if (e instanceof JsonControlCharacter) {
        // Python's words and place for it.
        const what = "Invalid control character at";
        throw new JsonSyntaxError(what, e.index, this.#c.locate(e.index));
      }
      throw new JsonShapeError(path, (e as Error).message, { cause: e });
    }
    this.#written += bytes.length;
    if (bytes.length === 0) return;
    // A deferred entry's payload waits for its message; the decoder reuses its buffer.
    if (this.#deferred !== undefined) {
      this.#deferred.held[this.part].push(bytes.slice());
    } else this.#c.out(bytes);
  }
}
