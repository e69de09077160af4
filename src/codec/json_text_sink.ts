/**
 * Writes crit's JSON text for an image entry by entry, with payloads streamed
 * into their string values, so neither the image nor a payload is ever held
 * whole. The text is exactly what stringify() gives for the whole image.
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import { type Writer, WRITER_CHUNK_BYTES } from "../json/writer.ts";
import { JsonTextWriter } from "../json/json_text_writer.ts";
import { stringifyJson, stringifyJsonChunks } from "../json/stringify.ts";
import { Base64LineEncoder } from "../json/base64.ts";
import type { PayloadSink } from "../image/pump.ts";
import type { MessagePlan } from "../wire/plan.ts";
// The message layer's files, not its mod.ts: `crit decode` loads no
// encoder.
import { decodeMessage } from "../message/decode_value.ts";
import {
  isCanonicalMessage,
  writeMessageJson,
} from "../message/decode_text.ts";
import {
  loadWasmBytes,
  WASM_MAX_BYTES,
  wasmEntriesText,
  wasmMessageText,
  wasmSupports,
} from "../message/wire_text_wasm.ts";

const EMPTY = new Uint8Array(0);

/** What goes before an entry of pretty text: the first, and the others. */
const PRETTY_FIRST = "[\n        ";
const PRETTY_NEXT = ",\n        ";

/** Entries above this many bytes are written with spills (see message()). */
const LARGE_ENTRY_BYTES = 16 * 1024;

/** Collects text and hands it out in pieces of about 64 KiB. */
export class JsonTextSink implements PayloadSink {
  #pretty: boolean;
  #w: JsonTextWriter;
  #entries = 0;
  /** Text between and after the payloads of the current entry. */
  #segments: string[] = [];
  #base64 = new Base64LineEncoder();
  #out: (text: string) => void;
  #bytesOut: ((bytes: Uint8Array) => void) | undefined;

  /**
   * Text goes to `out`, or with `bytesOut` to that as ASCII bytes that are
   * only valid during the call.
   */
  constructor(
    pretty: boolean,
    out: (text: string) => void,
    bytesOut?: (bytes: Uint8Array) => void,
  ) {
    this.#pretty = pretty;
    this.#out = out;
    this.#bytesOut = bytesOut;
    this.#w = new JsonTextWriter(pretty, out, bytesOut);
  }

  /** Emits what is collected. */
  flush(): void {
    this.#w.flush();
  }

  /** The document up to the entries array. */
  begin(magic: string): void {
    // A name of the magic table: capitals, digits and underscores, which
    // JSON.stringify quotes as Python does (and without loading our writer
    // before the first entry).
    const name = JSON.stringify(magic);
    this.#w.raw(
      this.#pretty
        ? `{\n    "magic": ${name},\n    "entries": `
        : `{"magic": ${name}, "entries": `,
    );
  }

  /** What goes before the next entry. */
  #separatorText(): string {
    const first = this.#entries === 0;
    if (this.#pretty) return first ? PRETTY_FIRST : PRETTY_NEXT;
    return first ? "[" : ", ";
  }

  #separator(): void {
    this.#w.raw(this.#separatorText());
    this.#entries++;
  }

  /** An entry without streamed payloads. */
  plain(entry: JsonObject): void {
    this.#separator();
    this.#w.value(entry, 2);
  }

  /** An entry without payloads, as its undecoded message. */
  message(plan: MessagePlan, body: Uint8Array): void {
    this.#separator();
    const n = body.length;
    const pretty = this.#pretty;
    if (wasmSupports(plan, pretty) && loadWasmBytes(body, 0, n)) {
      // A large message's text is handed out as the module writes it.
      const done = wasmMessageText(plan, 0, n, pretty, this.#pass);
      if (done instanceof Uint8Array) return this.#pass(done);
      if (done !== undefined) {
        // It stopped inside an element after handing out `done` bytes: the
        // rest of the text comes from the JavaScript side, whose text starts
        // with those bytes.
        this.#textAfter(decodeMessage(plan, body, 0, n, pretty), done);
        return;
      }
    }
    // A large entry's text is handed out as it is written, as buffering it
    // whole measured 2x slower (MM: 50k VMAs, 20 MB of text); that needs a
    // check beforehand that writing it cannot fail halfway.
    const large = n > LARGE_ENTRY_BYTES;
    if (large && !isCanonicalMessage(plan, body, 0, n)) {
      this.#w.value(decodeMessage(plan, body, 0, n, this.#pretty), 2);
      return;
    }
    this.#plan = plan;
    this.#body = body;
    try {
      this.#w.direct(this.#write, this.#decode, 2, large);
    } finally {
      this.#body = EMPTY;
    }
  }

  /**
   * Entries without payloads as they lie in `buf[start, end)` (see
   * PumpEvents.messages): written one after another while each is small,
   * whole, and written straight (writeMessageJson); returns where it
   * stopped. An entry it stops at is taken back, separator and all, for
   * message() to write or to word its error.
   */
  messages(
    plan: MessagePlan,
    buf: Uint8Array,
    start: number,
    end: number,
    maxEntrySize: number,
  ): number {
    const limit = Math.min(maxEntrySize, LARGE_ENTRY_BYTES);
    const pretty = this.#pretty;
    // The module takes up to 2 MiB of them; the rest go the JavaScript way.
    const wasmEnd = Math.min(end, start + WASM_MAX_BYTES);
    const wasm = wasmSupports(plan, pretty) &&
      loadWasmBytes(buf, start, wasmEnd);
    return this.#w.lend((w, emit) => {
      let at = start;
      while (end - at >= 4) {
        if (wasm) {
          // As many as the module writes, then one the JavaScript way.
          const done = at < wasmEnd
            ? wasmEntriesText(
              plan,
              at - start,
              wasmEnd - start,
              limit,
              this.#entries === 0,
              pretty,
              this.#pass,
            )
            : undefined;
          if (done !== undefined && done.count > 0) {
            this.#pass(done.text);
            this.#entries += done.count;
            at = start + done.stop;
            continue;
          }
        }
        const size = (buf[at] | buf[at + 1] << 8 | buf[at + 2] << 16 |
          buf[at + 3] << 24) >>> 0;
        if (size > limit || end - at - 4 < size) break;
        const mark = w.p;
        w.ascii(this.#separatorText());
        let ok = false;
        try {
          ok = writeMessageJson(w, plan, buf, at + 4, at + 4 + size, pretty, 2);
        } catch {
          // message() writes it again, and words the error.
        }
        if (!ok) {
          w.p = mark;
          break;
        }
        this.#entries++;
        at += 4 + size;
        if (w.p >= WRITER_CHUNK_BYTES) emit();
      }
      return at;
    });
  }

  /** Text of the WebAssembly writer, valid during the call. */
  #pass = (text: Uint8Array): void => this.#w.bytes(text);

  /** The text of an entry's value past its first `skip` bytes (ASCII). */
  #textAfter(value: JsonValue, skip: number): void {
    for (const piece of stringifyJsonChunks(value, this.#pretty, 2)) {
      if (skip < piece.length) this.#w.raw(piece.slice(skip));
      skip = Math.max(0, skip - piece.length);
    }
  }

  // The entry direct() is writing, and its two ways of writing, made once
  // rather than as two closures per entry.
  #plan: MessagePlan | undefined;
  #body: Uint8Array = EMPTY;
  #write = (w: Writer) =>
    writeMessageJson(
      w,
      this.#plan!,
      this.#body,
      0,
      this.#body.length,
      this.#pretty,
      2,
    );
  #decode = () =>
    decodeMessage(this.#plan!, this.#body, 0, this.#body.length, this.#pretty);

  /** An entry whose payload values are the placeholder strings `blobs`. */
  entry(entry: JsonObject, blobs: readonly JsonValue[]): void {
    this.#separator();
    let text = "";
    for (const piece of stringifyJsonChunks(entry, this.#pretty, 2)) {
      text += piece;
    }
    const segments: string[] = [];
    for (const blob of blobs) {
      // The placeholder is written as a JSON string; payload text goes inside its quotes.
      const mark = stringifyJson(blob, false);
      const at = text.indexOf(mark);
      segments.push(text.slice(0, at + 1));
      text = text.slice(at + mark.length - 1);
    }
    segments.push(text);
    this.#w.raw(segments[0]);
    this.#segments = segments.slice(1);
  }

  data(bytes: Uint8Array): void {
    // Payload text goes out as it is, not copied through the writer's buffer.
    const bytesOut = this.#bytesOut;
    if (bytesOut !== undefined) {
      this.#w.flush();
      this.#base64.pushJsonBytes(bytes, bytesOut);
      return;
    }
    const text = this.#base64.push(bytes);
    if (text.length === 0) return;
    this.#w.flush();
    this.#out(text.replaceAll("\n", "\\n"));
  }

  end(): void {
    if (this.#bytesOut !== undefined) {
      this.#w.flush();
      this.#base64.finishJsonBytes(this.#bytesOut);
    } else {
      this.#w.raw(this.#base64.finish().replaceAll("\n", "\\n"));
    }
    this.#w.raw(this.#segments.shift()!);
  }

  /** Closes the entries array and the document. */
  finish(): void {
    if (this.#entries === 0) this.#w.raw("[]");
    else this.#w.raw(this.#pretty ? "\n    ]" : "]");
    this.#w.raw(this.#pretty ? "\n}" : "}");
    this.flush();
  }
}
