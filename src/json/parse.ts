/**
 * JSON text -> values exactly as Python 3.11's `json` module reads it, but
 * without losing 64-bit integers, which `JSON.parse` cannot do: a scanner of
 * our own yields `bigint` for integers beyond ±(2^53 - 1).
 *
 * @module
 */

import type { JsonObject, JsonValue } from "./types.ts";
import { fail, JsonCursor } from "./cursor.ts";
import { readJsonKey, readJsonNumber, readJsonString } from "./tokens.ts";

/** Deepest nesting accepted; deeper input is almost surely hostile. */
const MAX_DEPTH = 512;

/**
 * Parses JSON text without losing integer precision: integers that are safe
 * doubles become `number`, larger ones `bigint`; numbers with a fraction or
 * exponent become `number`. Strings keep lone surrogates, a duplicate key
 * keeps its first position and last value (as a Python `dict` would), and a
 * `__proto__` key becomes an ordinary own property.
 *
 * Errors are `SyntaxError`s worded as Python's `JSONDecodeError`, e.g.
 * `Expecting value: line 1 column 1 (char 0)`. Unlike Python, `NaN` and
 * `Infinity` are rejected. Nesting deeper than 512 levels throws
 * `RangeError`.
 *
 * @example
 * ```ts
 * import { parseJson } from "./mod.ts";
 * parseJson('{"vaddr": 18446744073709551615, "n": 12}');
 * // { vaddr: 18446744073709551615n, n: 12 }
 * ```
 */
export function parseJson(text: string): JsonValue {
  const c = new JsonCursor(text);
  if (text.length > 0 && text.charCodeAt(0) === 0xfeff) {
    fail(c, "Unexpected UTF-8 BOM (decode using utf-8-sig)", 0);
  }
  return parseWhole(c);
}

/** Reads the value at `c.pos`, which must be all that is left of the text. */
export function parseWhole(c: JsonCursor): JsonValue {
  const value = parseValue(c);
  const i = skipSpace(c.text, c.pos);
  if (i !== c.text.length) fail(c, "Extra data", i);
  return value;
}

/** The index of the first character at or after `i` that is not JSON space. */
function skipSpace(text: string, i: number): number {
  let ch = text.charCodeAt(i);
  while (ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09) {
    ch = text.charCodeAt(++i);
  }
  return i;
}

function tooDeep(): never {
  throw new RangeError(`JSON nesting deeper than ${MAX_DEPTH} levels`);
}

function defineProtoKey(obj: JsonObject, value: JsonValue): void {
  // Plain assignment would replace the prototype instead of adding a key.
  Object.defineProperty(obj, "__proto__", {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/**
 * Reads the JSON value at `c.pos` (after any space), leaving `c.pos` just
 * past it; what follows is the caller's to check.
 */
export function parseValue(c: JsonCursor): JsonValue {
  const text = c.text;
  // One loop with an explicit stack: no recursion limit to hit, and every
  // index stays in a local variable. Kept whole: moving its parts into
  // helpers measured slower.
  const containers: (JsonValue[] | JsonObject | null)[] = [];
  const keys: string[] = [];
  let cur: JsonValue[] | JsonObject | null = null;
  let curIsArray = false;
  let key = "";
  let depth = 0;
  let i = c.pos;
  let ch: number;
  let value: JsonValue;

  for (;;) {
    ch = text.charCodeAt(i);
    while (ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09) {
      ch = text.charCodeAt(++i);
    }
    if (ch === 0x22) {
      c.pos = i + 1;
      value = readJsonString(c);
      i = c.pos;
    } else if ((ch >= 0x30 && ch <= 0x39) || ch === 0x2d) {
      c.pos = i;
      value = readJsonNumber(c);
      i = c.pos;
    } else if (ch === 0x7b) {
      if (depth >= MAX_DEPTH) tooDeep();
      ch = text.charCodeAt(++i);
      while (ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09) {
        ch = text.charCodeAt(++i);
      }
      if (ch === 0x7d) {
        i++;
        value = {};
      } else if (ch === 0x22) {
        containers.push(cur);
        keys.push(key);
        depth++;
        cur = {};
        curIsArray = false;
        c.pos = i + 1;
        key = readJsonKey(c);
        i = c.pos;
        ch = text.charCodeAt(i);
        while (ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09) {
          ch = text.charCodeAt(++i);
        }
        if (ch !== 0x3a) fail(c, "Expecting ':' delimiter", i);
        i++;
        continue;
      } else {
        fail(c, "Expecting property name enclosed in double quotes", i);
      }
    } else if (ch === 0x5b) {
      if (depth >= MAX_DEPTH) tooDeep();
      ch = text.charCodeAt(++i);
      while (ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09) {
        ch = text.charCodeAt(++i);
      }
      if (ch === 0x5d) {
        i++;
        value = [];
      } else {
        containers.push(cur);
        keys.push(key);
        depth++;
        cur = [];
        curIsArray = true;
        continue;
      }
    } else if (
      ch === 0x74 && text.charCodeAt(i + 1) === 0x72 &&
      text.charCodeAt(i + 2) === 0x75 && text.charCodeAt(i + 3) === 0x65
    ) {
      value = true;
      i += 4;
    } else if (
      ch === 0x66 && text.charCodeAt(i + 1) === 0x61 &&
      text.charCodeAt(i + 2) === 0x6c && text.charCodeAt(i + 3) === 0x73 &&
      text.charCodeAt(i + 4) === 0x65
    ) {
      value = false;
      i += 5;
    } else if (
      ch === 0x6e && text.charCodeAt(i + 1) === 0x75 &&
      text.charCodeAt(i + 2) === 0x6c && text.charCodeAt(i + 3) === 0x6c
    ) {
      value = null;
      i += 4;
    } else {
      fail(c, "Expecting value", i);
    }

    // Hand the finished value to its container, closing as many containers
    // as end here, until one wants another value.
    for (;;) {
      if (cur === null) {
        c.pos = i;
        return value;
      }
      if (curIsArray) {
        (cur as JsonValue[]).push(value);
      } else if (key === "__proto__") {
        defineProtoKey(cur as JsonObject, value);
      } else {
        (cur as JsonObject)[key] = value;
      }
      ch = text.charCodeAt(i);
      while (ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09) {
        ch = text.charCodeAt(++i);
      }
      if (ch === 0x2c) {
        i++;
        if (!curIsArray) {
          ch = text.charCodeAt(i);
          while (ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09) {
            ch = text.charCodeAt(++i);
          }
          if (ch !== 0x22) {
            fail(c, "Expecting property name enclosed in double quotes", i);
          }
          c.pos = i + 1;
          key = readJsonKey(c);
          i = c.pos;
          ch = text.charCodeAt(i);
          while (ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09) {
            ch = text.charCodeAt(++i);
          }
          if (ch !== 0x3a) fail(c, "Expecting ':' delimiter", i);
          i++;
        }
        break;
      }
      if (ch === (curIsArray ? 0x5d : 0x7d)) {
        i++;
        value = cur;
        cur = containers.pop()!;
        key = keys.pop()!;
        curIsArray = Array.isArray(cur);
        depth--;
        continue;
      }
      fail(c, "Expecting ',' delimiter", i);
    }
  }
}
