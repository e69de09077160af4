/**
 * Protobuf bytes -> some fields of a message, for readers that must still
 * reject exactly what a whole decode rejects: one walk that decodes the
 * fields selected and checks the rest as decodeMessage would, building
 * nothing for them.
 *
 * @module
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import { Kind, type MessagePlan } from "../wire/plan.ts";
import { WireReader } from "../wire/wire.ts";
import { convertScalar, MAX_MESSAGE_DEPTH, readScalar } from "./_common.ts";
import type { Compiled } from "./decode_selected.ts";
import { decodeMessage } from "./decode_value.ts";

/**
 * A message plan as the walk needs it, by field number: the wire type a
 * field is read with (-1: not a field of the message), whether a repeated
 * scalar may come packed, and the bit of each required field.
 */
interface Table {
  /** Wire type of each known field; -1 for unknown numbers. */
  wire: Int8Array;
  /** Wire type of the elements of a packable repeated scalar; -1 otherwise. */
  packed: Int8Array;
  /** 1 for message fields. */
  message: Uint8Array;
  /** 1 + the index among the required fields of each required field; 0 otherwise. */
  bit: Uint8Array;
  /** Bits of all the required fields, in two 32-bit words. */
  lo: number;
  hi: number;
  /** Tables of message fields, by number, made on first use. */
  sub: (Table | undefined)[];
  plan: MessagePlan;
}

const tables = new WeakMap<MessagePlan, Table>();

function table(plan: MessagePlan): Table {
  let t = tables.get(plan);
  if (t !== undefined) return t;
  // Dense by number: the schema's largest field number is a few dozen.
  let size = 1;
  for (const f of plan.fields) size = Math.max(size, f.number + 1);
  const wire = new Int8Array(size).fill(-1);
  const packed = new Int8Array(size).fill(-1);
  const message = new Uint8Array(size);
  const bit = new Uint8Array(size);
  let lo = 0;
  let hi = 0;
  let required = 0;
  for (const f of plan.fields) {
    wire[f.number] = f.wireType;
    if (f.repeated && f.wireType !== 2) packed[f.number] = f.wireType;
    if (f.kind === Kind.Message) message[f.number] = 1;
    if (f.required) {
      // Two words of bits; the schema's most is 38.
      if (required === 64) {
        throw new RangeError(`${plan.name} has over 64 required fields`);
      }
      bit[f.number] = ++required;
      if (required <= 32) lo |= 1 << (required - 1);
      else hi |= 1 << (required - 33);
    }
  }
  t = { wire, packed, message, bit, lo, hi, sub: [], plan };
  tables.set(plan, t);
  return t;
}

function subTable(t: Table, number: number): Table {
  let s = t.sub[number];
  if (s === undefined) {
    const f = t.plan.fields[t.plan.indexByNumber[number]];
    s = t.sub[number] = table(f.message());
  }
  return s;
}

/** Where the varint read by `smallVarint` ends. */
let varintStop = 0;

/**
 * The varint at `pos` if it is at most 10 bytes and its value fits 32 bits
 * (what tags and lengths must be), else -1; it ends at `varintStop`.
 */
function smallVarint(buf: Uint8Array, pos: number, end: number): number {
  let value = 0;
  let scale = 1;
  const stop = end - pos < 10 ? end : pos + 10;
  while (pos < stop) {
    const b = buf[pos++];
    value += (b & 0x7f) * scale;
    if (b < 0x80) {
      varintStop = pos;
      return value > 0xffffffff ? -1 : value;
    }
    scale *= 128;
  }
  return -1;
}

/** Whether packed scalars of wire type `wt` fill `[pos, stop)` exactly. */
function packedWhole(
  wt: number,
  buf: Uint8Array,
  pos: number,
  stop: number,
): boolean {
  if (wt === 1) return (stop - pos) % 8 === 0;
  if (wt === 5) return (stop - pos) % 4 === 0;
  while (pos < stop) {
    const last = stop - pos < 10 ? stop : pos + 10;
    while (pos < last && buf[pos] >= 0x80) pos++;
    if (pos === last) return false;
    pos++;
  }
  return true;
}

/**
 * Past the body of field `number` (wire type `wt`, its tag read) at `pos`,
 * checked as decodeMessage checks it: nested messages (within the depth
 * limit) and packed lists whole. -1 when it would not decode.
 */
function skipField(
  t: Table,
  buf: Uint8Array,
  pos: number,
  end: number,
  wt: number,
  number: number,
  nesting: number,
): number {
  if (wt === 0) {
    // At most 10 bytes, the last without the high bit.
    const stop = end - pos < 10 ? end : pos + 10;
    while (pos < stop && buf[pos] >= 0x80) pos++;
    return pos === stop ? -1 : pos + 1;
  }
  if (wt === 2) {
    if (pos >= end) return -1;
    let len = buf[pos++];
    if (len >= 0x80) {
      len = smallVarint(buf, pos - 1, end);
      if (len < 0) return -1;
      pos = varintStop;
    }
    if (len > end - pos) return -1;
    const stop = pos + len;
    const want = number < t.wire.length ? t.wire[number] : -1;
    if (want === 2) {
      if (t.message[number] === 1) {
        if (nesting >= MAX_MESSAGE_DEPTH) return -1;
        if (!walk(subTable(t, number), buf, pos, stop, nesting + 1)) return -1;
      }
    } else if (want >= 0 && t.packed[number] >= 0) {
      if (!packedWhole(t.packed[number], buf, pos, stop)) return -1;
    }
    return stop;
  }
  if (wt === 1) return end - pos < 8 ? -1 : pos + 8;
  if (wt === 5) return end - pos < 4 ? -1 : pos + 4;
  // Groups (3, 4) and 6, 7: the decoder cannot skip them.
  return -1;
}

/**
 * Past the rest of a list of varints with the one-byte tag `tag` (registers
 * and the like), in a tight loop; -1 when a varint is cut or too long.
 */
function skipRun(buf: Uint8Array, pos: number, end: number, tag: number) {
  while (pos < end && buf[pos] === tag) {
    const stop = end - pos < 11 ? end : pos + 11;
    pos++;
    while (pos < stop && buf[pos] >= 0x80) pos++;
    if (pos === stop) return -1;
    pos++;
  }
  return pos;
}

/** Whether decodeMessage decodes `[pos, end)` as a message of `t`. */
function walk(
  t: Table,
  buf: Uint8Array,
  pos: number,
  end: number,
  nesting: number,
): boolean {
  const { wire, bit } = t;
  const size = wire.length;
  let lo = 0;
  let hi = 0;
  while (pos < end) {
    // The tag: a varint of at most 32 bits, field number 1 or more. Tags
    // of fields 1 to 15 are one byte.
    let tag = buf[pos++];
    if (tag >= 0x80) {
      tag = smallVarint(buf, pos - 1, end);
      if (tag < 0) return false;
      pos = varintStop;
    }
    if (tag < 8) return false;
    const wt = tag & 7;
    const number = (tag - wt) / 8;
    pos = skipField(t, buf, pos, end, wt, number, nesting);
    if (pos < 0) return false;
    if (wt === 0 && tag < 0x80) {
      pos = skipRun(buf, pos, end, tag);
      if (pos < 0) return false;
    }
    if (number < size && wire[number] === wt) {
      const k = bit[number];
      if (k === 0) continue;
      if (k <= 32) lo |= 1 << (k - 1);
      else hi |= 1 << (k - 33);
    }
  }
  return lo === t.lo && hi === t.hi;
}

/** The one reader of scalar values; the walk itself keeps its position. */
const scalars = new WireReader(new Uint8Array(0));

/**
 * `decodeCompiled(c, buf, start, end)` when `decodeMessage(c.plan, buf,
 * start, end, false)` would decode the bytes too, in one walk: the fields
 * of the selection are decoded, the others checked as decodeMessage checks
 * them (tags, varints, lengths and fixed-size values within bounds, no
 * group wire types, packed lists whole, nested messages sound within the
 * depth limit, every required field there), nothing built for them.
 * Undefined when the bytes may not decode, and also, to stay one simple
 * walk, when the fields selected are not in field order, a message field
 * selected comes in pieces, or a list selected comes packed: the two-step
 * way (decodeMessage, or decodeCompiled after a check) decides those.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeCompiledChecked } from "./decode_checked.ts";
 * import { compileSelection } from "./decode_selected.ts";
 * import { messagePlan } from "../wire/plan.ts";
 * const plan = messagePlan("pstree_entry");
 * const c = compileSelection(plan, { ppid: true });
 * // pid 7, ppid 1, pgid 7, sid 7 (fields 1 to 4, all required).
 * const bytes = new Uint8Array([8, 7, 16, 1, 24, 7, 32, 7]);
 * assert.deepEqual(decodeCompiledChecked(c, bytes, 0, 8), { ppid: 1 });
 * // Without sid, which is required though not selected.
 * assert.equal(decodeCompiledChecked(c, bytes, 0, 6), undefined);
 * ```
 */
export function decodeCompiledChecked(
  c: Compiled,
  buf: Uint8Array,
  start: number,
  end: number,
): JsonObject | undefined {
  try {
    return checked(c, table(c.plan), buf, start, end, 0);
  } catch {
    // A scalar cut short (readScalar throws): the two-step way words it.
    return undefined;
  }
}

function checked(
  c: Compiled,
  t: Table,
  buf: Uint8Array,
  pos: number,
  end: number,
  nesting: number,
): JsonObject | undefined {
  const plan = c.plan;
  const { wire, bit } = t;
  const size = wire.length;
  const out: JsonObject = {};
  let lo = 0;
  let hi = 0;
  let last = -1;
  while (pos < end) {
    let tag = buf[pos++];
    if (tag >= 0x80) {
      tag = smallVarint(buf, pos - 1, end);
      if (tag < 0) return undefined;
      pos = varintStop;
    }
    if (tag < 8) return undefined;
    const wt = tag & 7;
    const number = (tag - wt) / 8;
    const want = number < size ? wire[number] : -1;
    const idx = want >= 0 ? plan.indexByNumber[number] : -1;
    const take = idx >= 0 ? c.take[idx] : undefined;
    if (take === undefined || want !== wt) {
      // A packed list selected: left to the two-step way.
      if (take !== undefined && wt === 2 && t.packed[number] >= 0) {
        return undefined;
      }
      pos = skipField(t, buf, pos, end, wt, number, nesting);
      if (pos < 0) return undefined;
      if (wt === 0 && tag < 0x80) {
        pos = skipRun(buf, pos, end, tag);
        if (pos < 0) return undefined;
      }
    } else {
      const f = plan.fields[idx];
      // Out of order, or a field given twice that is no list.
      if (idx < last || (idx === last && !f.repeated)) return undefined;
      last = idx;
      let v: JsonValue;
      if (f.kind === Kind.Message) {
        if (pos >= end) return undefined;
        let len = buf[pos++];
        if (len >= 0x80) {
          len = smallVarint(buf, pos - 1, end);
          if (len < 0) return undefined;
          pos = varintStop;
        }
        if (len > end - pos || nesting >= MAX_MESSAGE_DEPTH) return undefined;
        const stop = pos + len;
        if (take === true) {
          if (!walk(subTable(t, number), buf, pos, stop, nesting + 1)) {
            return undefined;
          }
          v = decodeMessage(
            f.message(),
            buf.subarray(pos, stop),
            0,
            len,
            false,
          );
        } else {
          const sub = subTable(t, number);
          const m = checked(take, sub, buf, pos, stop, nesting + 1);
          if (m === undefined) return undefined;
          v = m;
        }
        pos = stop;
      } else {
        scalars.buf = buf;
        scalars.pos = pos;
        scalars.end = end;
        v = convertScalar(f, readScalar(scalars, f), false, false);
        pos = scalars.pos;
      }
      if (f.repeated) ((out[f.name] ??= []) as JsonValue[]).push(v);
      else out[f.name] = v;
    }
    if (want === wt) {
      const k = bit[number];
      if (k === 0) continue;
      if (k <= 32) lo |= 1 << (k - 1);
      else hi |= 1 << (k - 33);
    }
  }
  return lo === t.lo && hi === t.hi ? out : undefined;
}
