/**
 * Many JSON values and separators written into one buffer and handed out in
 * pieces, for streaming a document entry by entry.
 *
 * @module
 */

import type { JsonValue } from "./types.ts";
import { Writer, WRITER_CHUNK_BYTES } from "./writer.ts";

/**
 * Writes many values (and separators) into one buffer, handing out text in
 * pieces of about 64 KiB: for streaming a document entry by entry without a
 * buffer or a string per entry.
 *
 * @example
 * ```ts
 * import { JsonTextWriter } from "./mod.ts";
 * const out: string[] = [];
 * const w = new JsonTextWriter(false, (t) => out.push(t));
 * w.raw("[");
 * w.value({ a: 1 }, 0);
 * w.raw("]");
 * w.flush();
 * // out.join("") === '[{"a": 1}]'
 * ```
 */
export class JsonTextWriter {
  #w: Writer;
  #out: (text: string) => void;
  #bytesOut: ((bytes: Uint8Array) => void) | undefined;

  /**
   * Text goes to `out` whenever a chunk is full and on flush(); with
   * `bytesOut`, it goes there instead as ASCII bytes, which are only valid
   * during the call (they are not copied).
   */
  constructor(
    pretty: boolean,
    out: (text: string) => void,
    bytesOut?: (bytes: Uint8Array) => void,
  ) {
    this.#w = new Writer(null, pretty, 0);
    this.#out = out;
    this.#bytesOut = bytesOut;
  }

  /** Appends ASCII text that needs no escaping (separators, indentation). */
  raw(text: string): void {
    this.#w.ascii(text);
    if (this.#w.p >= WRITER_CHUNK_BYTES) this.#emit();
  }

  /** Appends a value laid out as if nested `level` deep (see stringifyJsonChunks). */
  value(v: JsonValue, level: number): void {
    const w = this.#w;
    w.reset(v, level);
    while (!w.fill()) this.#emit();
    if (w.p >= WRITER_CHUNK_BYTES) this.#emit();
  }

  /**
   * Appends text that `write` puts straight into the byte writer; when it
   * returns false or throws, what it wrote is dropped and `fallback()`'s
   * value is appended instead. With `spill`, text is handed out as `write`
   * goes, so `write` must not fail: the caller checked its input first.
   */
  direct(
    write: (w: Writer) => boolean,
    fallback: () => JsonValue,
    level: number,
    spill = false,
  ): void {
    const w = this.#w;
    const at = w.p;
    let ok = false;
    if (spill) w.spill = this.#spill;
    try {
      ok = write(w);
    } catch (e) {
      if (spill) throw e;
    } finally {
      w.spill = undefined;
    }
    if (!ok) {
      if (spill) throw new Error("a checked message could not be written");
      w.p = at;
      this.value(fallback(), level);
    } else if (w.p >= WRITER_CHUNK_BYTES) {
      this.#emit();
    }
  }

  /**
   * Lends the byte writer to `write`, for many values written straight
   * into it; `write` calls `emit()` between values to hand out what is
   * buffered (only between: text handed out cannot be taken back).
   */
  lend<T>(write: (w: Writer, emit: () => void) => T): T {
    try {
      return write(this.#w, this.#spill);
    } finally {
      if (this.#w.p >= WRITER_CHUNK_BYTES) this.#emit();
    }
  }

  /**
   * Appends ASCII bytes that are valid during the call only: a chunk's worth
   * or more go to `bytesOut` as they are, after what is buffered, rather
   * than through the buffer; anything else is copied in.
   */
  bytes(bytes: Uint8Array): void {
    const w = this.#w;
    if (this.#bytesOut !== undefined && bytes.length >= WRITER_CHUNK_BYTES) {
      if (w.p > 0) this.#emit();
      this.#bytesOut(bytes);
      return;
    }
    for (let i = 0; i < bytes.length; i += WRITER_CHUNK_BYTES) {
      w.bytes(bytes.subarray(i, i + WRITER_CHUNK_BYTES));
      if (w.p >= WRITER_CHUNK_BYTES) this.#emit();
    }
  }

  /** Bytes buffered and not handed out yet. */
  get buffered(): number {
    return this.#w.p;
  }

  /** Hands out everything buffered. */
  flush(): void {
    if (this.#w.p > 0) this.#emit();
  }

  #spill = (): void => this.#emit();

  #emit(): void {
    if (this.#bytesOut) this.#bytesOut(this.#w.drainBytes());
    else this.#out(this.#w.drain());
  }
}
