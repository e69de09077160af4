/**
 * Readers of single JSON tokens (numbers, strings, object keys) at a
 * {@link JsonCursor}, as Python 3.11's `json` reads them. Shared by the parser
 * and by readers that walk JSON text themselves.
 *
 * @module
 */

import type { JsonValue } from "./types.ts";
import { fail, type JsonCursor } from "./cursor.ts";

/**
 * Reads the JSON number at `c.pos` as parseJson does: integers that are safe
 * doubles as `number`, larger ones as `bigint`, others as `number`. Leaves
 * `c.pos` just past the number.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { JsonCursor, readJsonNumber } from "./mod.ts";
 * const big = new JsonCursor("18446744073709551615");
 * assert.equal(readJsonNumber(big), 18446744073709551615n);
 * assert.equal(readJsonNumber(new JsonCursor("-2.5e3")), -2500);
 * ```
 */
export function readJsonNumber(c: JsonCursor): JsonValue {
  const text = c.text;
  const start = c.pos;
  let i = start;
  let ch = text.charCodeAt(i);
  const neg = ch === 0x2d;
  if (neg) ch = text.charCodeAt(++i);
  let v = 0;
  if (ch === 0x30) {
    ch = text.charCodeAt(++i);
  } else if (ch >= 0x31 && ch <= 0x39) {
    v = ch - 0x30;
    ch = text.charCodeAt(++i);
    while (ch >= 0x30 && ch <= 0x39) {
      v = v * 10 + (ch - 0x30);
      ch = text.charCodeAt(++i);
    }
  } else {
    fail(c, "Expecting value", start);
  }
  let isInt = true;
  // Like Python, a dangling `.` or `e` is left for the caller to reject,
  // so `1.` fails as "Extra data" at the dot.
  if (ch === 0x2e) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0x30 && d <= 0x39) {
      isInt = false;
      i += 2;
      ch = text.charCodeAt(i);
      while (ch >= 0x30 && ch <= 0x39) ch = text.charCodeAt(++i);
    }
  }
  if (ch === 0x65 || ch === 0x45) {
    let k = i + 1;
    let d = text.charCodeAt(k);
    if (d === 0x2b || d === 0x2d) d = text.charCodeAt(++k);
    if (d >= 0x30 && d <= 0x39) {
      isInt = false;
      i = k + 1;
      ch = text.charCodeAt(i);
      while (ch >= 0x30 && ch <= 0x39) ch = text.charCodeAt(++i);
    }
  }
  c.pos = i;
  if (!isInt) return Number(text.slice(start, i));
  // At most 15 digits: the running double is exact. Python's -0 is 0.
  if (i - start <= 15) return neg && v !== 0 ? -v : v;
  const s = text.slice(start, i);
  const num = Number(s);
  // Any integer beyond 2^53 - 1 rounds to at least 2^53, so an unsafe
  // result is the sign that the exact value needs a bigint.
  return Number.isSafeInteger(num) ? num : BigInt(s);
}

/**
 * Reads the JSON string whose opening quote is just before `c.pos`, leaving
 * `c.pos` just past its closing quote. Errors as parseJson's (or, in a
 * partial text, {@link PartialJsonError}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { JsonCursor, readJsonString } from "./mod.ts";
 * const c = new JsonCursor('"a\\u00e9" : 1', 1);
 * assert.equal(readJsonString(c), "aé");
 * assert.equal(c.pos, 9);
 * ```
 */
export function readJsonString(c: JsonCursor): string {
  const text = c.text;
  const start = c.pos;
  const n = text.length;
  let j = start;
  while (j < n) {
    const ch = text.charCodeAt(j);
    if (ch === 0x22) {
      c.pos = j + 1;
      return text.slice(start, j);
    }
    if (ch === 0x5c || ch < 0x20) break;
    j++;
  }
  return readStringSlow(c, start, j);
}

/**
 * Recently seen object keys, by a hash of their text. crit repeats the same
 * few keys in every entry; handing back the identical string skips a slice
 * and lets V8 find the property without internalizing a fresh string.
 */
const KEY_CACHE_SIZE = 1024;
const keyCache: string[] = new Array<string>(KEY_CACHE_SIZE).fill("");

/** {@link readJsonString} for an object key, which is likely seen before. */
export function readJsonKey(c: JsonCursor): string {
  const text = c.text;
  const start = c.pos;
  const n = text.length;
  let j = start;
  let h = 0;
  while (j < n) {
    const ch = text.charCodeAt(j);
    if (ch === 0x22) {
      c.pos = j + 1;
      const len = j - start;
      const slot = (h + len) & (KEY_CACHE_SIZE - 1);
      const cached = keyCache[slot];
      if (cached.length === len && text.startsWith(cached, start)) {
        return cached;
      }
      return (keyCache[slot] = text.slice(start, j));
    }
    if (ch === 0x5c || ch < 0x20) break;
    h = (h * 31 + ch) | 0;
    j++;
  }
  return readStringSlow(c, start, j);
}

function hexValue(ch: number): number {
  if (ch >= 0x30 && ch <= 0x39) return ch - 0x30;
  ch |= 0x20; // fold A-F onto a-f
  if (ch >= 0x61 && ch <= 0x66) return ch - 0x61 + 10;
  return -1;
}

/** What a one-character escape (the character after `\`) stands for. */
function simpleEscape(e: number): string | undefined {
  switch (e) {
    case 0x22:
      return '"';
    case 0x5c:
      return "\\";
    case 0x2f:
      return "/";
    case 0x62:
      return "\b";
    case 0x66:
      return "\f";
    case 0x6e:
      return "\n";
    case 0x72:
      return "\r";
    case 0x74:
      return "\t";
  }
  return undefined;
}

/**
 * The code unit of the `\uXXXX` escape whose backslash is at `j`. Python
 * wants at least one character after the four digits (the string cannot end
 * there anyway) and blames the `u` either way.
 */
function unicodeEscape(c: JsonCursor, j: number): string {
  const text = c.text;
  if (j + 6 >= text.length) fail(c, "Invalid \\uXXXX escape", j + 1);
  const h0 = hexValue(text.charCodeAt(j + 2));
  const h1 = hexValue(text.charCodeAt(j + 3));
  const h2 = hexValue(text.charCodeAt(j + 4));
  const h3 = hexValue(text.charCodeAt(j + 5));
  if ((h0 | h1 | h2 | h3) < 0) fail(c, "Invalid \\uXXXX escape", j + 1);
  // Code units one at a time: a pair recombines by itself and a lone
  // surrogate stays lone, as Python keeps it.
  return String.fromCharCode((h0 << 12) | (h1 << 8) | (h2 << 4) | h3);
}

/** Continues a string at `j`, the first character needing attention. */
function readStringSlow(c: JsonCursor, start: number, j: number): string {
  const text = c.text;
  const n = text.length;
  let out = text.slice(start, j);
  let run = j;
  while (j < n) {
    const ch = text.charCodeAt(j);
    if (ch === 0x22) {
      c.pos = j + 1;
      return out + text.slice(run, j);
    }
    if (ch < 0x20) fail(c, "Invalid control character at", j);
    if (ch !== 0x5c) {
      j++;
      continue;
    }
    out += text.slice(run, j);
    if (j + 1 >= n) break; // a backslash ends the input: unterminated
    const e = text.charCodeAt(j + 1);
    if (e === 0x75) {
      out += unicodeEscape(c, j);
      j += 6;
    } else {
      const s = simpleEscape(e);
      if (s === undefined) fail(c, "Invalid \\escape", j);
      out += s;
      j += 2;
    }
    run = j;
  }
  return fail(c, "Unterminated string starting at", start - 1);
}
