/**
 * crit's JSON text of one entry -> protobuf bytes, without building the
 * entry's object first: the encode-side twin of writeMessageJson. It takes
 * what crit writes (known keys in field-number order) and leaves anything else to the general path
 * (parseJson + encodeMessage), which also words every error.
 */
import type { JsonValue } from "../json/types.ts";
import { type FieldPlan, Kind, type MessagePlan } from "../wire/plan.ts";
import type { WireWriter } from "../wire/wire.ts";
import {
  ITEM_INCOMPLETE,
  ITEM_NOT_TAKEN,
  lastNumberEnd,
  lastStringEnd,
  readJsonNumber,
  readJsonString,
} from "../json/json.ts";
import { MAX_MESSAGE_DEPTH, requiredBetween, writeScalar } from "./message.ts";

/** Thrown to leave the item to the general path. */
const NOT_TAKEN = new Error("not taken");

/** Where reading stopped; past the end of the text means "incomplete". */
let at = 0;

/**
 * Encodes the JSON object at `text[start]` as a message of `plan` into `w`
 * and returns the index just past it; ITEM_NOT_TAKEN or ITEM_INCOMPLETE (see
 * DirectItemReader) with `w` as it was.
 */
export function encodeMessageText(
  plan: MessagePlan,
  text: string,
  start: number,
  w: WireWriter,
): number {
  const pos = w.pos;
  at = start;
  try {
    message(plan, text, w, 0);
    return at;
  } catch {
    w.pos = pos;
    return at >= text.length ? ITEM_INCOMPLETE : ITEM_NOT_TAKEN;
  }
}

function space(text: string): number {
  let c = text.charCodeAt(at);
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
    c = text.charCodeAt(++at);
  }
  // NaN past the end: callers treat it as a mismatch, `at` says why.
  return c;
}

/**
 * The index of the field whose key starts at `at` (just past its quote),
 * moving `at` past the key. crit writes keys in field order, so the key is
 * one of the fields after `last`, and no required field lies between.
 */
function nextKey(plan: MessagePlan, text: string, last: number): number {
  const fields = plan.fields;
  for (let k = last + 1; k < fields.length; k++) {
    const name = fields[k].name;
    if (
      text.charCodeAt(at + name.length) === 0x22 && text.startsWith(name, at)
    ) {
      at += name.length + 1;
      return k;
    }
    if (fields[k].required) break;
  }
  // Not a key crit would write here (or escaped): the general path's, unless
  // the text ends before the key does.
  stringAhead(text);
  throw NOT_TAKEN;
}

/** A string starts at `at`: its end must be in the text, or the item is incomplete. */
function stringAhead(text: string): void {
  if (text.indexOf('"', at) < 0) {
    at = text.length;
    throw NOT_TAKEN;
  }
}

function expect(text: string, c: number): void {
  if (space(text) !== c) throw NOT_TAKEN;
  at++;
}

function message(
  plan: MessagePlan,
  text: string,
  w: WireWriter,
  nesting: number,
): void {
  if (nesting > MAX_MESSAGE_DEPTH) throw NOT_TAKEN;
  expect(text, 0x7b);
  let last = -1;
  if (space(text) === 0x7d) {
    at++;
  } else {
    for (;;) {
      expect(text, 0x22);
      last = nextKey(plan, text, last);
      const f = plan.fields[last];
      expect(text, 0x3a);
      if (f.repeated) list(f, text, w, nesting);
      else field(f, text, w, nesting);
      const c = space(text);
      at++;
      if (c === 0x7d) break;
      if (c !== 0x2c) throw NOT_TAKEN;
    }
  }
  if (requiredBetween(plan, last, plan.fields.length)) throw NOT_TAKEN;
}

function list(
  f: FieldPlan,
  text: string,
  w: WireWriter,
  nesting: number,
): void {
  if (f.packed) throw NOT_TAKEN;
  expect(text, 0x5b);
  if (space(text) === 0x5d) {
    at++;
    return;
  }
  for (;;) {
    field(f, text, w, nesting);
    const c = space(text);
    at++;
    if (c === 0x5d) return;
    if (c !== 0x2c) throw NOT_TAKEN;
  }
}

/** One value of `f`, with its tag. */
function field(
  f: FieldPlan,
  text: string,
  w: WireWriter,
  nesting: number,
): void {
  w.varint32(f.number * 8 + f.wireType);
  if (f.kind === Kind.Message) {
    const start = w.pos;
    message(f.message(), text, w, nesting + 1);
    w.finishLength(start);
    return;
  }
  const v = scalar(text);
  writeScalar(w, f, v, "", -1);
}

/** A string, an integer or a boolean, as parseJson reads it. */
function scalar(text: string): JsonValue {
  const c = space(text);
  if (c === 0x22) {
    at++;
    stringAhead(text);
    const s = readJsonString(text, at);
    at = lastStringEnd();
    return s;
  }
  if (c === 0x74 && text.startsWith("true", at)) {
    at += 4;
    return true;
  }
  if (c === 0x66 && text.startsWith("false", at)) {
    at += 5;
    return false;
  }
  const v = readJsonNumber(text, at);
  at = lastNumberEnd();
  // A number that reaches the end of the text may go on: incomplete.
  if (at >= text.length) throw NOT_TAKEN;
  return v;
}
