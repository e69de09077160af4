/**
 * Base64 as CRIU's Python `crit` writes and reads it.
 *
 * crit stores binary payloads (page contents, socket queues, ...) in its
 * JSON as `base64.encodebytes(...)` text: lines of 76 characters, each
 * ended by `\n`. The encoder here reproduces that text byte for byte so
 * JSON written by this toolkit diffs cleanly against crit's. The decoder is
 * stricter than Python's (which silently skips junk), so a corrupted JSON
 * file fails loudly instead of yielding wrong image bytes.
 *
 * Internal module: uses no `Deno.*` API, so it runs in any JS runtime.
 *
 * @module
 */

const ALPHABET =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Python's `encodebytes` wraps every 57 input bytes (= 76 characters). */
const LINE_BYTES = 57;
/** 76 base64 characters plus the `\n`. */
const LINE_CHARS = 77;
/**
 * Lines encoded into the scratch buffer before it is turned into a string.
 * Big enough that the per-flush overhead vanishes, small enough (~79 KB) to
 * stay in cache and to keep peak memory near the size of the result string.
 */
const LINES_PER_FLUSH = 1024;

const ENCODE = new Uint8Array(64);
for (let i = 0; i < 64; i++) ENCODE[i] = ALPHABET.charCodeAt(i);

// Decode table markers; real sextets are 0..63 so one `> 63` test spots all.
const WS = 64;
const PAD = 65;
const BAD = 255;

const DECODE = new Uint8Array(256).fill(BAD);
for (let i = 0; i < 64; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
for (const c of [0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c]) DECODE[c] = WS;
DECODE[0x3d] = PAD;

// Output is pure ASCII, for which UTF-8 decoding is the fastest path that
// every runtime offers for turning bytes into a one-byte string.
const textDecoder = new TextDecoder();

let scratch: Uint8Array | undefined;

/**
 * Encodes `src[start..end)` as `encodebytes` would into a shared scratch
 * buffer, handing it to `flush` with the length used whenever it fills and at
 * the end. Lines end in `\n`, or with `jsonNewline` in the two characters of
 * its JSON escape. Not reentrant (shares `scratch`), which is fine because it
 * is synchronous.
 */
function encodeLines(
  src: Uint8Array,
  start: number,
  end: number,
  jsonNewline: boolean,
  flush: (buf: Uint8Array, n: number) => void,
): void {
  if (start >= end) return;
  const buf = scratch ??= new Uint8Array(LINES_PER_FLUSH * (LINE_CHARS + 1));
  // Room for one more line, whichever newline it ends in.
  const cap = buf.length - (LINE_CHARS + 1);
  const enc = ENCODE;
  let o = 0;
  let i = start;
  const fullEnd = end - (end - start) % LINE_BYTES;
  while (i < fullEnd) {
    if (o > cap) {
      flush(buf, o);
      o = 0;
    }
    const lineEnd = i + LINE_BYTES;
    while (i < lineEnd) {
      const v = (src[i] << 16) | (src[i + 1] << 8) | src[i + 2];
      buf[o] = enc[v >>> 18];
      buf[o + 1] = enc[(v >>> 12) & 63];
      buf[o + 2] = enc[(v >>> 6) & 63];
      buf[o + 3] = enc[v & 63];
      o += 4;
      i += 3;
    }
    if (jsonNewline) buf[o++] = 0x5c;
    buf[o++] = jsonNewline ? 0x6e : 0x0a;
  }
  if (i < end) {
    // Last, short line.
    if (o > cap) {
      flush(buf, o);
      o = 0;
    }
    const groupsEnd = end - (end - i) % 3;
    while (i < groupsEnd) {
      const v = (src[i] << 16) | (src[i + 1] << 8) | src[i + 2];
      buf[o] = enc[v >>> 18];
      buf[o + 1] = enc[(v >>> 12) & 63];
      buf[o + 2] = enc[(v >>> 6) & 63];
      buf[o + 3] = enc[v & 63];
      o += 4;
      i += 3;
    }
    const left = end - i;
    if (left === 1) {
      const v = src[i];
      buf[o] = enc[v >>> 2];
      buf[o + 1] = enc[(v & 3) << 4];
      buf[o + 2] = 0x3d;
      buf[o + 3] = 0x3d;
      o += 4;
    } else if (left === 2) {
      const v = (src[i] << 8) | src[i + 1];
      buf[o] = enc[v >>> 10];
      buf[o + 1] = enc[(v >>> 4) & 63];
      buf[o + 2] = enc[(v & 15) << 2];
      buf[o + 3] = 0x3d;
      o += 4;
    }
    if (jsonNewline) buf[o++] = 0x5c;
    buf[o++] = jsonNewline ? 0x6e : 0x0a;
  }
  flush(buf, o);
}

/** {@link encodeLines} as a string. */
function encodeRange(src: Uint8Array, start: number, end: number): string {
  const parts: string[] = [];
  encodeLines(src, start, end, false, (buf, n) => {
    parts.push(textDecoder.decode(buf.subarray(0, n)));
  });
  return parts.length === 1 ? parts[0] : parts.join("");
}

/**
 * Encodes bytes exactly like Python's `base64.encodebytes(b).decode()`:
 * standard alphabet, `=` padding, a `\n` after every 76 characters and at
 * the very end. Empty input gives `""`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeBase64Lines } from "./base64.ts";
 *
 * assert.equal(encodeBase64Lines(new TextEncoder().encode("crit")), "Y3JpdA==\n");
 * assert.equal(encodeBase64Lines(new Uint8Array(57)), "A".repeat(76) + "\n");
 * ```
 *
 * @param bytes The data to encode.
 * @returns The base64 text, one 76-character line per 57 input bytes.
 */
export function encodeBase64Lines(bytes: Uint8Array): string {
  return encodeRange(bytes, 0, bytes.length);
}

/**
 * Incremental {@link encodeBase64Lines} for payloads too big to hold twice
 * in memory: feed chunks of any size and get back text for every complete
 * 57-byte line so far. The concatenation of all returned strings equals
 * `encodeBase64Lines` of the concatenated input, whatever the chunking.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Base64LineEncoder, encodeBase64Lines } from "./base64.ts";
 *
 * const payload = new Uint8Array(1000).map((_, i) => i);
 * const enc = new Base64LineEncoder();
 * let text = "";
 * for (let i = 0; i < payload.length; i += 100) {
 *   text += enc.push(payload.subarray(i, i + 100));
 * }
 * text += enc.finish();
 * assert.equal(text, encodeBase64Lines(payload));
 * ```
 */
export class Base64LineEncoder {
  /** Input bytes not yet forming a full line; `#carryLen` of them are live. */
  #carry = new Uint8Array(LINE_BYTES);
  #carryLen = 0;

  /**
   * Adds a chunk and returns the text of every line it completes. The
   * chunk is not retained, so the caller may reuse its buffer.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Base64LineEncoder } from "./base64.ts";
   *
   * const enc = new Base64LineEncoder();
   * assert.equal(enc.push(new Uint8Array(10)), ""); // no line complete yet
   * assert.equal(enc.push(new Uint8Array(50)).length, 77); // one line
   * ```
   *
   * @param chunk The next slice of the payload.
   * @returns Zero or more complete lines, each ending in `\n`.
   */
  push(chunk: Uint8Array): string {
    let text = "";
    this.#feed(
      chunk,
      (src, start, end) => text += encodeRange(src, start, end),
    );
    return text;
  }

  /**
   * {@link push} for JSON text written as bytes: the same lines, each ending
   * in the JSON escape `\\n` rather than a newline, handed to `out` in
   * pieces that are only valid during the call.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Base64LineEncoder } from "./base64.ts";
   *
   * const enc = new Base64LineEncoder();
   * let text = "";
   * const out = (b: Uint8Array) => text += new TextDecoder().decode(b);
   * enc.pushJsonBytes(new Uint8Array(58), out);
   * enc.finishJsonBytes(out);
   * assert.equal(text, "A".repeat(76) + "\\nAA==\\n");
   * ```
   */
  pushJsonBytes(chunk: Uint8Array, out: (bytes: Uint8Array) => void): void {
    this.#feed(chunk, (src, start, end) => jsonLines(src, start, end, out));
  }

  /** {@link finish} for {@link pushJsonBytes}. */
  finishJsonBytes(out: (bytes: Uint8Array) => void): void {
    jsonLines(this.#carry, 0, this.#carryLen, out);
    this.#carryLen = 0;
  }

  /** Hands every complete line's bytes to `lines`, keeping the rest. */
  #feed(
    chunk: Uint8Array,
    lines: (src: Uint8Array, start: number, end: number) => void,
  ): void {
    let start = 0;
    if (this.#carryLen > 0) {
      const take = Math.min(LINE_BYTES - this.#carryLen, chunk.length);
      this.#carry.set(chunk.subarray(0, take), this.#carryLen);
      this.#carryLen += take;
      start = take;
      if (this.#carryLen < LINE_BYTES) return;
      lines(this.#carry, 0, LINE_BYTES);
      this.#carryLen = 0;
    }
    const fullEnd = chunk.length - (chunk.length - start) % LINE_BYTES;
    lines(chunk, start, fullEnd);
    this.#carry.set(chunk.subarray(fullEnd), 0);
    this.#carryLen = chunk.length - fullEnd;
  }

  /**
   * Returns the text for the bytes still held back (the final short line,
   * padded) and resets the encoder so it can be reused.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Base64LineEncoder } from "./base64.ts";
   *
   * const enc = new Base64LineEncoder();
   * enc.push(new Uint8Array([1, 2]));
   * assert.equal(enc.finish(), "AQI=\n");
   * ```
   *
   * @returns The remaining text; `""` if nothing is pending.
   */
  finish(): string {
    const rest = encodeRange(this.#carry, 0, this.#carryLen);
    this.#carryLen = 0;
    return rest;
  }
}

function jsonLines(
  src: Uint8Array,
  start: number,
  end: number,
  out: (bytes: Uint8Array) => void,
): void {
  encodeLines(src, start, end, true, (buf, n) => out(buf.subarray(0, n)));
}

function describeAt(text: string, i: number): string {
  const cp = text.codePointAt(i)!;
  return JSON.stringify(String.fromCodePoint(cp));
}

function invalidChar(text: string, i: number): SyntaxError {
  return new SyntaxError(
    `invalid base64 character ${describeAt(text, i)} at offset ${i}`,
  );
}

/**
 * An upper bound on the decoded size of valid `text` that is exact for the
 * usual shape (LF-separated lines, padding at the end), so the decoder can
 * usually return its buffer as is instead of paying for a trimming copy
 * (a third of the decode time on multi-megabyte payloads). Counting LFs with
 * `indexOf` costs far less than that copy.
 */
function decodedSizeHint(text: string): number {
  let ws = 0;
  for (let p = text.indexOf("\n"); p !== -1; p = text.indexOf("\n", p + 1)) {
    ws++;
  }
  let pads = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const code = text.charCodeAt(i);
    const v = code > 255 ? BAD : DECODE[code];
    if (v === PAD) pads++;
    else if (v === WS) ws += code === 0x0a ? 0 : 1;
    else break;
  }
  // Valid input has at most two `=`; clamping keeps junk from going negative.
  return Math.max(
    0,
    Math.floor((text.length - ws) / 4) * 3 - Math.min(pads, 2),
  );
}

/**
 * Decodes standard base64 text, giving the same bytes as Python's
 * `base64.decodebytes` for every input it accepts.
 *
 * ASCII whitespace (space, `\t`, `\n`, `\r`, `\v`, `\f`) is ignored
 * anywhere, so any line length works. Unlike Python, which skips unknown
 * characters and everything after the first complete padding, this throws,
 * because in crit JSON those only arise from corruption.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeBase64 } from "./base64.ts";
 *
 * assert.deepEqual(decodeBase64("Y3Jp\ndA==\n"), new TextEncoder().encode("crit"));
 * assert.throws(() => decodeBase64("Y3Jp!"), SyntaxError);
 * ```
 *
 * @param text Base64 text; padding to a multiple of 4 characters is
 *   required, as in Python.
 * @returns The decoded bytes, in a buffer of exactly that size.
 * @throws {SyntaxError} On a character outside the alphabet, missing or
 *   misplaced `=` padding, or data after the padding; the message names
 *   the character offset.
 */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const len = text.length;
  const dec = DECODE;
  const out = new Uint8Array(decodedSizeHint(text));
  let o = 0;
  let i = 0;
  let quad = 0; // sextets collected in the current group of four
  let acc = 0;
  while (i < len) {
    if (quad === 0) {
      // Fast path over whole aligned groups; anything unusual (whitespace,
      // padding, junk) drops to the one-character path below.
      while (i + 4 <= len) {
        const c0 = text.charCodeAt(i);
        const c1 = text.charCodeAt(i + 1);
        const c2 = text.charCodeAt(i + 2);
        const c3 = text.charCodeAt(i + 3);
        if ((c0 | c1 | c2 | c3) > 255) break;
        const a = dec[c0];
        const b = dec[c1];
        const c = dec[c2];
        const d = dec[c3];
        if ((a | b | c | d) > 63) break;
        const v = (a << 18) | (b << 12) | (c << 6) | d;
        out[o] = v >>> 16;
        out[o + 1] = (v >>> 8) & 255;
        out[o + 2] = v & 255;
        o += 3;
        i += 4;
      }
      if (i >= len) break;
    }
    const code = text.charCodeAt(i);
    const v = code > 255 ? BAD : dec[code];
    if (v < 64) {
      acc = (acc << 6) | v;
      if (++quad === 4) {
        out[o] = acc >>> 16;
        out[o + 1] = (acc >>> 8) & 255;
        out[o + 2] = acc & 255;
        o += 3;
        quad = 0;
        acc = 0;
      }
    } else if (v === PAD) {
      return finishPadded(text, i, quad, acc, out, o);
    } else if (v !== WS) {
      throw invalidChar(text, i);
    }
    i++;
  }
  if (quad !== 0) {
    throw new SyntaxError(`incorrect padding at offset ${len}`);
  }
  return o === out.length ? out : out.slice(0, o);
}

/**
 * Handles the tail starting at the first `=` at offset `i`: checks that
 * exactly the right number of `=` follow (whitespace allowed in between)
 * and nothing else does, then emits the last one or two bytes. Python drops
 * leftover low bits (e.g. `QR==` gives `A`), so this does too.
 */
function finishPadded(
  text: string,
  i: number,
  quad: number,
  acc: number,
  out: Uint8Array<ArrayBuffer>,
  o: number,
): Uint8Array<ArrayBuffer> {
  if (quad < 2) throw new SyntaxError(`incorrect padding at offset ${i}`);
  const len = text.length;
  let pads = 4 - quad;
  while (i < len) {
    const code = text.charCodeAt(i);
    const v = code > 255 ? BAD : DECODE[code];
    if (v === WS) {
      i++;
      continue;
    }
    if (pads > 0) {
      if (v === PAD) {
        pads--;
        i++;
        continue;
      }
      if (v === BAD) throw invalidChar(text, i);
      throw new SyntaxError(`incorrect padding at offset ${i}`);
    }
    if (v === BAD) throw invalidChar(text, i);
    throw new SyntaxError(`unexpected data after padding at offset ${i}`);
  }
  if (pads > 0) throw new SyntaxError(`incorrect padding at offset ${len}`);
  if (quad === 2) {
    out[o++] = (acc >>> 4) & 255;
  } else {
    out[o++] = (acc >>> 10) & 255;
    out[o++] = (acc >>> 2) & 255;
  }
  return o === out.length ? out : out.slice(0, o);
}
