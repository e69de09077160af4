/**
 * crit's JSON text of one entry -> protobuf bytes, without building the
 * entry's object first: the encode-side twin of writeMessageJson. It takes
 * what crit writes (known keys in field-number order) and leaves anything
 * else to the general path (parseJson + encodeMessage), which also words
 * every error.
 *
 * @module
 */
import type { JsonValue } from "../json/types.ts";
import { type FieldPlan, Kind, type MessagePlan } from "../wire/plan.ts";
import type { WireWriter } from "../wire/wire.ts";
import { JsonCursor } from "../json/cursor.ts";
import { ITEM_INCOMPLETE, ITEM_NOT_TAKEN } from "../json/parse_items.ts";
import { readJsonNumber, readJsonString } from "../json/tokens.ts";
import { MAX_MESSAGE_DEPTH, requiredBetween } from "./_common.ts";
import { writeScalar } from "./encode_value.ts";

/**
 * Thrown to leave the item to the general path. Where reading stopped says
 * why: past the end of the text means "incomplete".
 */
const NOT_TAKEN = new Error("not taken");

/**
 * Encodes the JSON object at `text[start]` as a message of `plan` into `w`
 * and returns the index just past it; ITEM_NOT_TAKEN or ITEM_INCOMPLETE (see
 * DirectItemReader) with `w` as it was.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeMessageText } from "./mod.ts";
 * import { messagePlan } from "../wire/plan.ts";
 * import { WireWriter } from "../wire/wire.ts";
 * const w = new WireWriter();
 * const text = '{"pid": 7, "ppid": 1, "pgid": 7, "sid": 7}';
 * const end = encodeMessageText(messagePlan("pstree_entry"), text, 0, w);
 * assert.equal(end, text.length);
 * assert.deepEqual(w.finish(), new Uint8Array([8, 7, 16, 1, 24, 7, 32, 7]));
 * ```
 */
export function encodeMessageText(
  plan: MessagePlan,
  text: string,
  start: number,
  w: WireWriter,
): number {
  const pos = w.pos;
  // Errors need no wording: any of them leaves the item to the general path.
  const c = new JsonCursor(text, start, true);
  try {
    message(plan, c, w, 0);
    return c.pos;
  } catch {
    w.pos = pos;
    return c.pos >= text.length ? ITEM_INCOMPLETE : ITEM_NOT_TAKEN;
  }
}

/**
 * The character at `i`, -1 past the end. Reading past the end of a string
 * makes V8 throw away the optimized code of the function that did (each
 * read site once), and the text of a stream ends mid-entry at every piece:
 * the explicit check costs less than compiling those functions again.
 */
function charAt(text: string, i: number): number {
  return i < text.length ? text.charCodeAt(i) : -1;
}

/** Moves past JSON space and returns the character there. */
function space(c: JsonCursor): number {
  const text = c.text;
  let i = c.pos;
  let ch = charAt(text, i);
  while (ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09) {
    ch = charAt(text, ++i);
  }
  c.pos = i;
  // -1 past the end: callers treat it as a mismatch, `c.pos` says why.
  return ch;
}

/**
 * The index of the field whose key starts at `c.pos` (just past its quote),
 * moving past the key. crit writes keys in field order, so the key is one of
 * the fields after `last`, and no required field lies between.
 */
function nextKey(plan: MessagePlan, c: JsonCursor, last: number): number {
  const fields = plan.fields;
  const text = c.text;
  const at = c.pos;
  for (let k = last + 1; k < fields.length; k++) {
    const name = fields[k].name;
    if (
      charAt(text, at + name.length) === 0x22 && text.startsWith(name, at)
    ) {
      c.pos = at + name.length + 1;
      return k;
    }
    if (fields[k].required) break;
  }
  // Not a key crit would write here (or escaped): the general path's, unless
  // the text ends before the key does.
  stringAhead(c);
  throw NOT_TAKEN;
}

/** A string starts at `c.pos`: its end must be in the text, or the item is incomplete. */
function stringAhead(c: JsonCursor): void {
  if (c.text.indexOf('"', c.pos) < 0) incomplete(c);
}

/**
 * The text ends inside the item: it is read again when more has come. Said
 * here rather than by the general path, whose readers would read past the
 * end of the text to find out.
 */
function incomplete(c: JsonCursor): never {
  c.pos = c.text.length;
  throw NOT_TAKEN;
}

function expect(c: JsonCursor, ch: number): void {
  if (space(c) !== ch) throw NOT_TAKEN;
  c.pos++;
}

function message(
  plan: MessagePlan,
  c: JsonCursor,
  w: WireWriter,
  nesting: number,
): void {
  if (nesting > MAX_MESSAGE_DEPTH) throw NOT_TAKEN;
  expect(c, 0x7b);
  let last = -1;
  if (space(c) === 0x7d) {
    c.pos++;
  } else {
    for (;;) {
      expect(c, 0x22);
      last = nextKey(plan, c, last);
      const f = plan.fields[last];
      expect(c, 0x3a);
      if (f.repeated) list(f, c, w, nesting);
      else field(f, c, w, nesting);
      const ch = space(c);
      c.pos++;
      if (ch === 0x7d) break;
      if (ch !== 0x2c) throw NOT_TAKEN;
    }
  }
  if (requiredBetween(plan, last, plan.fields.length)) throw NOT_TAKEN;
}

function list(
  f: FieldPlan,
  c: JsonCursor,
  w: WireWriter,
  nesting: number,
): void {
  if (f.packed) throw NOT_TAKEN;
  expect(c, 0x5b);
  if (space(c) === 0x5d) {
    c.pos++;
    return;
  }
  for (;;) {
    field(f, c, w, nesting);
    const ch = space(c);
    c.pos++;
    if (ch === 0x5d) return;
    if (ch !== 0x2c) throw NOT_TAKEN;
  }
}

/** One value of `f`, with its tag. */
function field(
  f: FieldPlan,
  c: JsonCursor,
  w: WireWriter,
  nesting: number,
): void {
  w.varint32(f.number * 8 + f.wireType);
  if (f.kind === Kind.Message) {
    const start = w.startLength();
    message(f.message(), c, w, nesting + 1);
    w.finishLength(start);
    return;
  }
  const taken = f.kind === Kind.String
    ? plainString(c, w)
    : f.kind === Kind.Enum
    ? plainEnum(f, c, w)
    : f.kind <= Kind.Fixed32 && plainInteger(f, c, w);
  if (!taken) writeScalar(w, f, scalar(c), "", -1);
}

/**
 * Writes a string value straight from the text when it is printable ASCII
 * without escapes (the usual path or name); returns false, having read and
 * written nothing, for anything else.
 */
function plainString(c: JsonCursor, w: WireWriter): boolean {
  const text = c.text;
  let i = c.pos;
  while (charAt(text, i) === 0x20) i++;
  const ch = charAt(text, i);
  if (ch !== 0x22) return ch < 0 ? incomplete(c) : false;
  const from = i + 1;
  const close = text.indexOf('"', from);
  if (close < 0) incomplete(c);
  const n = close - from;
  const pos = w.pos;
  w.varint32(n);
  w.ensure(n);
  const buf = w.buf;
  let p = w.pos;
  for (let k = from; k < close; k++) {
    const code = text.charCodeAt(k);
    if (code === 0x5c || code < 0x20 || code >= 0x80) {
      w.pos = pos;
      return false;
    }
    buf[p++] = code;
  }
  w.pos = p;
  c.pos = close + 1;
  return true;
}

/**
 * Writes an enum value given by its name straight from the text, matched
 * in place; returns false, having read and written nothing, for anything
 * else (a number, an escape, an unknown name: the general path's).
 */
function plainEnum(f: FieldPlan, c: JsonCursor, w: WireWriter): boolean {
  const text = c.text;
  let i = c.pos;
  while (charAt(text, i) === 0x20) i++;
  const ch = charAt(text, i);
  if (ch !== 0x22) return ch < 0 ? incomplete(c) : false;
  const initial = charAt(text, i + 1);
  if (initial >= 0 && initial < 128) {
    const candidates = f.enumPlan!.byInitial[initial];
    for (let k = 0; k < candidates.length; k++) {
      // Indexed, not destructured: destructuring runs the iterator protocol.
      const name = candidates[k][0];
      const n = candidates[k][1];
      const close = i + 1 + name.length;
      if (charAt(text, close) === 0x22 && text.startsWith(name, i + 1)) {
        w.varint64(n >>> 0, n < 0 ? 0xffffffff : 0);
        c.pos = close + 1;
        return true;
      }
    }
  }
  if (text.indexOf('"', i + 1) < 0) incomplete(c);
  return false;
}

/**
 * The range of each integer kind up to Fixed32 that plainInteger writes: the
 * running double is exact up to 15 digits (beyond, it is out of range
 * however it rounds), and twice that stays below 2^53 for the zigzag kinds.
 */
const PLAIN_MAX = [
  0x7fffffff, // Int32
  0xffffffff, // Uint32
  0x7fffffff, // Sint32
  999_999_999_999_999, // Int64
  999_999_999_999_999, // Uint64
  999_999_999_999_999, // Sint64
  0xffffffff, // Fixed32
];
const PLAIN_MIN = [
  -0x80000000, // Int32
  0, // Uint32
  -0x80000000, // Sint32
  -999_999_999_999_999, // Int64
  0, // Uint64
  -999_999_999_999_999, // Sint64
  0, // Fixed32
];

/**
 * Writes the value of integer field `f` straight from its digits when it is
 * a plain integer of at most 15 digits in range (nearly every value crit
 * writes), without making a JSON value of it; returns false, having read
 * and written nothing, for anything else (the general path reads it, and
 * words any error).
 */
function plainInteger(f: FieldPlan, c: JsonCursor, w: WireWriter): boolean {
  const text = c.text;
  const start = c.pos;
  let i = start;
  let ch = charAt(text, i);
  while (ch === 0x20) ch = charAt(text, ++i);
  const neg = ch === 0x2d;
  if (neg) ch = charAt(text, ++i);
  if (ch < 0x30 || ch > 0x39) return ch < 0 ? incomplete(c) : false;
  const first = i;
  let v = ch - 0x30;
  ch = charAt(text, ++i);
  while (ch >= 0x30 && ch <= 0x39) {
    v = v * 10 + (ch - 0x30);
    ch = charAt(text, ++i);
  }
  // The number may go on past the end of the text.
  if (ch < 0) incomplete(c);
  if (neg) v = -v;
  // A leading zero, a fraction or an exponent are the general path's.
  if (
    (i - first > 1 && text.charCodeAt(first) === 0x30) ||
    ch === 0x2e || ch === 0x65 || ch === 0x45 ||
    v > PLAIN_MAX[f.kind] || v < PLAIN_MIN[f.kind]
  ) {
    return false;
  }
  c.pos = i;
  switch (f.kind) {
    case Kind.Sint32:
    case Kind.Sint64:
      v = v < 0 ? -2 * v - 1 : 2 * v;
      break;
    case Kind.Fixed32:
      w.fixed32(v);
      return true;
  }
  let lo = v >>> 0;
  let hi = v > 0xffffffff ? Math.floor(v / 4294967296) : 0;
  if (v < 0) {
    // Two's complement over 64 bits: -v - 1 with every bit flipped.
    const m = -v - 1;
    lo = ~m >>> 0;
    hi = ~Math.floor(m / 4294967296) >>> 0;
  }
  w.varint64(lo, hi);
  return true;
}

/** A string, an integer or a boolean, as parseJson reads it. */
function scalar(c: JsonCursor): JsonValue {
  const ch = space(c);
  const text = c.text;
  if (ch === 0x22) {
    c.pos++;
    stringAhead(c);
    return readJsonString(c);
  }
  if (ch === 0x74 && text.startsWith("true", c.pos)) {
    c.pos += 4;
    return true;
  }
  if (ch === 0x66 && text.startsWith("false", c.pos)) {
    c.pos += 5;
    return false;
  }
  const v = readJsonNumber(c);
  // A number that reaches the end of the text may go on: incomplete.
  if (c.pos >= text.length) throw NOT_TAKEN;
  return v;
}
