/**
 * Quoted-printable as CRIU's Python `crit` writes and reads it.
 *
 * crit can store binary payloads as `quopri.encodestring(...)` text, which
 * is `binascii.b2a_qp(data, quotetabs=False, istext=True, header=False)`.
 * That encoder has quirks beyond RFC 2045 (line-ending rewriting, a rule
 * for lone dots, lines that may reach 78 characters), and crit's JSON
 * exposes all of them, so they are reproduced here exactly:
 *
 * - `=`, bytes above 126 and control bytes other than tab, space, CR and LF
 *   become `=XX` (uppercase hex).
 * - A `.` is quoted when it starts a line (at the start of the data, after
 *   a hard or soft line break) and is followed by end of data, LF, CR or
 *   NUL.
 * - A tab or space that is the last byte of the data is quoted. One that
 *   ends up last before a hard line break is rewritten to `=09` / `=20`
 *   after the fact, without re-checking the line length.
 * - LF and CR LF are hard line breaks. They are all written as CR LF if the
 *   first LF in the data is preceded by CR, else all as LF. A CR not
 *   followed by LF is copied as is.
 * - Soft breaks (`=` plus the hard line-break sequence) go before an `=XX`
 *   when the line already holds 73 or more characters, and before a
 *   literal byte when the line holds 75 or more, unless that byte is the
 *   last of the data or is followed by LF.
 *
 * Decoding follows `binascii.a2b_qp(data, header=False)`: `=XX` with
 * either-case hex becomes a byte; `=` then LF is a soft break; `=` then CR
 * drops everything up to and including the next LF; `==` gives `=`; a `=`
 * at the very end is dropped; any other `=` is kept literally.
 *
 * Internal module: uses no `Deno.*` API, so it runs in any JS runtime.
 *
 * @module
 */

/** binascii's MAXLINESIZE: the line length soft breaks aim for. */
const MAX_LINE = 76;

const HEX_UPPER = new TextEncoder().encode("0123456789ABCDEF");

/** 1 for bytes that are always written as `=XX`. */
const ALWAYS_QUOTED = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const control = c < 33 && c !== 0x09 && c !== 0x20 && c !== 0x0a &&
    c !== 0x0d;
  ALWAYS_QUOTED[c] = c > 126 || c === 0x3d || control ? 1 : 0;
}

/** Hex digit values for the decoder; 255 for anything else. */
const HEX_VALUE = new Uint8Array(128).fill(255);
for (let i = 0; i < 10; i++) HEX_VALUE[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX_VALUE[0x41 + i] = 10 + i;
  HEX_VALUE[0x61 + i] = 10 + i;
}

const textDecoder = new TextDecoder();

/**
 * Encodes bytes exactly like Python's `quopri.encodestring(b).decode()`.
 * Note that hard line breaks are normalised (see the module notes), so
 * decoding gives back the input only when all its line endings match the
 * first one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeQuotedPrintable } from "./quopri.ts";
 *
 * const bytes = new Uint8Array([0x61, 0x3d, 0x20, 0x0a, 0xff]);
 * assert.equal(encodeQuotedPrintable(bytes), "a=3D=20\n=FF");
 * ```
 *
 * @param bytes The data to encode.
 * @returns The quoted-printable text (pure ASCII).
 */
export function encodeQuotedPrintable(bytes: Uint8Array): string {
  const n = bytes.length;
  const firstLf = bytes.indexOf(0x0a);
  const crlf = firstLf > 0 && bytes[firstLf - 1] === 0x0d;
  // Typical payloads grow by well under 1/4; grow() covers the rest.
  let out = new Uint8Array(n + (n >> 2) + 16);
  let o = 0;
  let lineLen = 0;
  for (let i = 0; i < n; i++) {
    // One step writes at most 6 bytes (soft break + `=XX`).
    if (o + 6 > out.length) out = grow(out, o);
    const c = bytes[i];
    const next = i + 1 < n ? bytes[i + 1] : -1;
    if (c === 0x0a || (c === 0x0d && next === 0x0a)) {
      const prev = o > 0 ? out[o - 1] : -1;
      if (prev === 0x20 || prev === 0x09) {
        out[o - 1] = 0x3d;
        out[o++] = HEX_UPPER[prev >> 4];
        out[o++] = HEX_UPPER[prev & 15];
      }
      if (crlf) out[o++] = 0x0d;
      out[o++] = 0x0a;
      lineLen = 0;
      if (c === 0x0d) i++;
      continue;
    }
    const quote = ALWAYS_QUOTED[c] === 1 ||
      (c === 0x2e && lineLen === 0 &&
        (next === -1 || next === 0x0a || next === 0x0d || next === 0)) ||
      ((c === 0x20 || c === 0x09) && next === -1);
    if (quote) {
      if (lineLen + 3 >= MAX_LINE) {
        out[o++] = 0x3d;
        if (crlf) out[o++] = 0x0d;
        out[o++] = 0x0a;
        lineLen = 0;
      }
      out[o++] = 0x3d;
      out[o++] = HEX_UPPER[c >> 4];
      out[o++] = HEX_UPPER[c & 15];
      lineLen += 3;
    } else {
      if (next !== -1 && next !== 0x0a && lineLen + 1 >= MAX_LINE) {
        out[o++] = 0x3d;
        if (crlf) out[o++] = 0x0d;
        out[o++] = 0x0a;
        lineLen = 0;
      }
      out[o++] = c;
      lineLen++;
    }
  }
  return textDecoder.decode(out.subarray(0, o));
}

function grow(buf: Uint8Array, used: number): Uint8Array<ArrayBuffer> {
  const bigger = new Uint8Array(buf.length * 2 + 16);
  bigger.set(buf.subarray(0, used));
  return bigger;
}

/**
 * Decodes quoted-printable text exactly like Python's
 * `quopri.decodestring(text.encode("ascii"))`, including its leniency:
 * lowercase hex is accepted and malformed `=` sequences are kept as
 * literal text rather than rejected.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeQuotedPrintable } from "./quopri.ts";
 *
 * assert.deepEqual(
 *   decodeQuotedPrintable("a=3D=\nb=ff"),
 *   new Uint8Array([0x61, 0x3d, 0x62, 0xff]),
 * );
 * ```
 *
 * @param text Quoted-printable text.
 * @returns The decoded bytes.
 * @throws {SyntaxError} If `text` has a character above U+007F, which the
 *   ASCII encoding step in crit would reject; the message gives its offset.
 */
export function decodeQuotedPrintable(text: string): Uint8Array<ArrayBuffer> {
  // Checked up front because Python fails before decoding anything, even
  // when the character would sit in a part the decoder skips.
  const bad = text.search(/[\u0080-\uffff]/);
  if (bad !== -1) {
    const ch = String.fromCodePoint(text.codePointAt(bad)!);
    throw new SyntaxError(
      `non-ASCII character ${
        JSON.stringify(ch)
      } in quoted-printable text at offset ${bad}`,
    );
  }
  const n = text.length;
  const out = new Uint8Array(n);
  let o = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i++);
    if (c !== 0x3d) {
      out[o++] = c;
      continue;
    }
    if (i >= n) break;
    const d = text.charCodeAt(i);
    if (d === 0x0a || d === 0x0d) {
      // Soft line break. After `=` CR, Python skips to the next LF, so
      // anything in between (normally nothing) is dropped too.
      if (d === 0x0d) {
        while (i < n && text.charCodeAt(i) !== 0x0a) i++;
      }
      if (i < n) i++;
    } else if (d === 0x3d) {
      out[o++] = 0x3d;
      i++;
    } else {
      const hi = HEX_VALUE[d];
      const lo = i + 1 < n ? HEX_VALUE[text.charCodeAt(i + 1)] : 255;
      if (hi !== 255 && lo !== 255) {
        out[o++] = (hi << 4) | lo;
        i += 2;
      } else {
        out[o++] = 0x3d;
      }
    }
  }
  return o === n ? out : out.slice(0, o);
}
