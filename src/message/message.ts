/**
 * One protobuf message <-> crit's JSON object for it, driven by the plans.
 * Decoding applies crit's conventions (plain or pretty) while reading, so
 * there is no intermediate message object.
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import { JsonShapeError } from "../wire/errors.ts";
import {
  fieldByNumber,
  type FieldPlan,
  Kind,
  type MessagePlan,
} from "../wire/plan.ts";
import {
  i64,
  u64,
  WireError,
  WireReader,
  type WireWriter,
  zz64,
} from "../wire/wire.ts";
import { decodeBase64, encodeBase64Lines } from "../json/base64.ts";
import { concatBytes } from "../wire/bytes.ts";
import {
  stringifyJson,
  type Writer,
  WRITER_CHUNK_BYTES,
} from "../json/json.ts";
import {
  decodeQuotedPrintable,
  encodeQuotedPrintable,
} from "../json/quopri.ts";
import {
  decodeUtf8Lossless,
  encodeUtf8Lossless,
  formatDev,
  formatFlags,
  formatIp,
  parseDev,
  parseFlags,
  parseIp,
  parsePythonInt,
} from "../json/text.ts";

/**
 * JSON key holding wire fields our schema does not know (from a newer CRIU),
 * as base64 of their exact bytes. A protobuf field name can never start with
 * "@", so it cannot clash with a real field.
 */
export const UNKNOWN_FIELDS_KEY = "@unknown";

type Raw = number | bigint | boolean | Uint8Array;

function readScalar(r: WireReader, f: FieldPlan): Raw {
  switch (f.kind) {
    case Kind.Int32:
      r.varint();
      return r.lo | 0;
    case Kind.Uint32:
      return r.varint();
    case Kind.Sint32: {
      const v = r.varint();
      return (v >>> 1) ^ -(v & 1);
    }
    case Kind.Enum:
      r.varint();
      return r.lo | 0;
    case Kind.Int64:
      r.varint();
      return i64(r.lo, r.hi);
    case Kind.Uint64:
      r.varint();
      return u64(r.lo, r.hi);
    case Kind.Sint64:
      r.varint();
      return zz64(r.lo, r.hi);
    case Kind.Bool:
      r.varint();
      return r.lo !== 0 || r.hi !== 0;
    case Kind.Fixed32:
      return r.fixed32();
    case Kind.Sfixed32:
      return r.fixed32() | 0;
    case Kind.Float: {
      const at = r.pos;
      r.fixed32();
      return r.view().getFloat32(at, true);
    }
    case Kind.Fixed64:
      r.fixed64();
      return u64(r.lo, r.hi);
    case Kind.Sfixed64:
      r.fixed64();
      return i64(r.lo, r.hi);
    case Kind.Double: {
      const at = r.pos;
      r.fixed64();
      return r.view().getFloat64(at, true);
    }
    default: {
      const len = r.length();
      const start = r.pos;
      r.pos += len;
      return r.buf.subarray(start, start + len);
    }
  }
}

function hexText(v: number | bigint): string {
  if (typeof v === "bigint") {
    return v < 0n ? "-0x" + (-v).toString(16) : "0x" + v.toString(16);
  }
  return v < 0 ? "-0x" + (-v).toString(16) : "0x" + v.toString(16);
}

/**
 * Deepest nesting of messages decoded. The JSON of an entry adds three levels
 * (document, entries array, entry), so crit's JSON of any image we decode
 * stays within parseJson's 512.
 */
export const MAX_MESSAGE_DEPTH = 500;
let depth = 0;

function convert(
  f: FieldPlan,
  raw: Raw,
  pretty: boolean,
  hex: boolean,
): JsonValue {
  switch (f.kind) {
    case Kind.Message: {
      // Some messages contain themselves (aa_namespace, cgroup_dir_entry):
      // bound the depth before the stack or the JSON reader gives out.
      if (++depth > MAX_MESSAGE_DEPTH) {
        depth = 0;
        throw new WireError(
          `messages nested deeper than ${MAX_MESSAGE_DEPTH} levels exceed the limit`,
          0,
        );
      }
      try {
        return decodeMessage(
          f.message(),
          raw as Uint8Array,
          0,
          (raw as Uint8Array).length,
          pretty,
          hex || f.hex,
        );
      } finally {
        if (depth > 0) depth--;
      }
    }
    case Kind.Bytes:
      return f.conv === "unix_name"
        ? encodeQuotedPrintable(raw as Uint8Array)
        : encodeBase64Lines(raw as Uint8Array);
    case Kind.String:
      return decodeUtf8Lossless(raw as Uint8Array);
    case Kind.Enum:
      // An enum number newer than our schema stays a number (crit drops it).
      return f.enumPlan!.byNumber.get(raw as number) ?? (raw as number);
    case Kind.Bool:
    case Kind.Double:
    case Kind.Float:
      return raw as boolean | number;
  }
  const v = raw as number | bigint;
  if (!pretty) return v;
  if (hex || f.hex) return hexText(v);
  if (f.dev) return formatDev(Number(v), f.odev);
  if (f.flags !== undefined) {
    return f.flags === null ? hexText(v) : formatFlags(Number(v), f.flags);
  }
  if (f.dict) return f.dict.labels.get(Number(v)) ?? v;
  return v;
}

/**
 * Decodes `buf[start, end)` as a message of `plan` into crit's JSON object:
 * set fields only, in field-number order.
 */
export function decodeMessage(
  plan: MessagePlan,
  buf: Uint8Array,
  start: number,
  end: number,
  pretty: boolean,
  hex = false,
): JsonObject {
  const r = new WireReader(buf, start, end);
  const fields = plan.fields;
  const slots: (Raw | Raw[] | undefined)[] = new Array(fields.length);
  let unknown: Uint8Array[] | undefined;
  let merged: Map<number, Uint8Array[]> | undefined;
  while (r.pos < end) {
    const tagAt = r.pos;
    const tag = r.varint();
    if (r.hi !== 0 || tag < 8) {
      throw new WireError(`invalid field tag ${tag}`, tagAt);
    }
    const wt = tag & 7;
    const f = fieldByNumber(plan, tag >>> 3);
    if (f === undefined) {
      r.skip(wt);
      (unknown ??= []).push(buf.subarray(tagAt, r.pos));
      continue;
    }
    const idx = plan.indexByNumber[f.number];
    if (wt !== f.wireType) {
      if (wt === 2 && f.repeated && f.wireType !== 2) {
        // Packed encoding of a repeated scalar.
        const len = r.length();
        const stop = r.pos + len;
        const list = (slots[idx] ??= []) as Raw[];
        const inner = new WireReader(buf, r.pos, stop);
        while (inner.pos < stop) list.push(readScalar(inner, f));
        r.pos = stop;
        continue;
      }
      // A wire type that does not match is an unknown field to protobuf.
      r.skip(wt);
      (unknown ??= []).push(buf.subarray(tagAt, r.pos));
      continue;
    }
    const v = readScalar(r, f);
    if (f.repeated) {
      ((slots[idx] ??= []) as Raw[]).push(v);
    } else if (f.kind === Kind.Message && slots[idx] !== undefined) {
      // Protobuf merges repeated occurrences of a message field. The pieces
      // are joined once: joining on each occurrence is quadratic.
      const parts = (merged ??= new Map()).get(idx);
      if (parts) parts.push(v as Uint8Array);
      else merged.set(idx, [slots[idx] as Uint8Array, v as Uint8Array]);
    } else {
      slots[idx] = v;
    }
  }
  if (merged) {
    for (const [idx, parts] of merged) slots[idx] = concatBytes(parts);
  }
  const out: JsonObject = {};
  for (let i = 0; i < fields.length; i++) {
    const raw = slots[i];
    if (raw === undefined) {
      // protobuf-c (CRIU itself) rejects such a message, and encode could
      // not write the JSON back.
      if (fields[i].required) {
        throw new WireError(
          `missing required field ${fields[i].name} of ${plan.name}`,
          start,
        );
      }
      continue;
    }
    const f = fields[i];
    if (f.repeated) {
      const list = raw as Raw[];
      // Only 1 (IPv4) or 4 (IPv6) words are an address; crit crashes on 2
      // or 3 and drops words past 4. Other counts stay numbers, which encode
      // takes back as they are.
      if (pretty && f.ipadd && (list.length === 1 || list.length === 4)) {
        out[f.name] = [formatIp(list as number[])];
      } else {
        const vals: JsonValue[] = new Array(list.length);
        for (let k = 0; k < list.length; k++) {
          vals[k] = convert(f, list[k], pretty, hex);
        }
        out[f.name] = vals;
      }
    } else {
      out[f.name] = convert(f, raw as Raw, pretty, hex);
    }
  }
  if (unknown) {
    out[UNKNOWN_FIELDS_KEY] = encodeBase64Lines(concatBytes(unknown));
  }
  return out;
}

/**
 * Writes crit's JSON text for `buf[start, end)` as a message of `plan`
 * straight into `w`, laid out `level` deep, without building the object
 * decodeMessage returns. It handles messages as CRIU writes them: known
 * fields in number order, repeated ones back to back, required ones present.
 * For anything else it returns false (or throws), leaving the caller to drop
 * what was written and use decodeMessage, which covers every case and
 * reports errors. It never returns false for a message that
 * {@link isCanonicalMessage} accepts, so after that check the writer may
 * hand out text as it goes (`w.spill`).
 */
export function writeMessageJson(
  w: Writer,
  plan: MessagePlan,
  buf: Uint8Array,
  start: number,
  end: number,
  pretty: boolean,
  level: number,
): boolean {
  const r = new WireReader(buf, start, end);
  return writeFields(w, r, plan, pretty, false, level, 0);
}

/** Whether writeMessageJson can write this message (see there). */
export function isCanonicalMessage(
  plan: MessagePlan,
  buf: Uint8Array,
  start: number,
  end: number,
): boolean {
  try {
    return canonical(new WireReader(buf, start, end), plan, 0);
  } catch {
    return false;
  }
}

function canonical(r: WireReader, plan: MessagePlan, nesting: number): boolean {
  if (nesting > MAX_MESSAGE_DEPTH) return false;
  const end = r.end;
  let last = -1;
  while (r.pos < end) {
    const tag = r.varint();
    const f = nextField(r, plan, tag, last);
    if (f === undefined) return false;
    last = plan.indexByNumber[f.number];
    do {
      if (f.kind !== Kind.Message) {
        r.skip(f.wireType);
        continue;
      }
      const stop = r.length() + r.pos;
      r.end = stop;
      const ok = canonical(r, f.message(), nesting + 1);
      r.end = end;
      if (!ok || r.pos !== stop) return false;
    } while (f.repeated && sameTagNext(r, tag));
  }
  return !requiredAfter(plan, last);
}

/**
 * The field of `tag`, just read, if the message is canonical so far: known,
 * with its own wire type, after field `last` with no required field between.
 */
function nextField(
  r: WireReader,
  plan: MessagePlan,
  tag: number,
  last: number,
): FieldPlan | undefined {
  if (r.hi !== 0) return undefined;
  const f = fieldByNumber(plan, tag >>> 3);
  if (f === undefined || (tag & 7) !== f.wireType) return undefined;
  const idx = plan.indexByNumber[f.number];
  if (idx <= last || requiredBetween(plan, last, idx)) return undefined;
  return f;
}

/** Whether a field between indices `after` and `before` is required. */
export function requiredBetween(
  plan: MessagePlan,
  after: number,
  before: number,
): boolean {
  const fields = plan.fields;
  for (let k = after + 1; k < before; k++) if (fields[k].required) return true;
  return false;
}

function requiredAfter(plan: MessagePlan, last: number): boolean {
  return requiredBetween(plan, last, plan.fields.length);
}

function writeFields(
  w: Writer,
  r: WireReader,
  plan: MessagePlan,
  pretty: boolean,
  hex: boolean,
  level: number,
  nesting: number,
): boolean {
  if (nesting > MAX_MESSAGE_DEPTH) return false;
  const end = r.end;
  let last = -1;
  w.ensure(1);
  w.buf[w.p++] = 0x7b;
  while (r.pos < end) {
    const tag = r.varint();
    const f = nextField(r, plan, tag, last);
    if (f === undefined) return false;
    const idx = plan.indexByNumber[f.number];
    separate(w, last >= 0, pretty, level + 1);
    last = idx;
    w.bytes(plan.jsonKeys[idx]);
    if (!f.repeated) {
      if (!writeField(w, r, f, pretty, hex, level + 1, nesting)) return false;
      continue;
    }
    if (pretty && f.ipadd) {
      const list: number[] = [];
      do list.push(readScalar(r, f) as number); while (sameTagNext(r, tag));
      writeIpList(w, f, list, hex, level + 1);
      continue;
    }
    w.ensure(1);
    w.buf[w.p++] = 0x5b;
    let first = true;
    do {
      separate(w, !first, pretty, level + 2);
      first = false;
      if (!writeField(w, r, f, pretty, hex, level + 2, nesting)) return false;
      // Long lists (the VMAs of an MM entry) go out as they are written.
      if (w.spill !== undefined && w.p >= WRITER_CHUNK_BYTES) w.spill();
    } while (sameTagNext(r, tag));
    close(w, 0x5d, pretty, level + 1);
  }
  if (requiredAfter(plan, last)) return false;
  if (last < 0) {
    w.ensure(1);
    w.buf[w.p++] = 0x7d;
  } else {
    close(w, 0x7d, pretty, level);
  }
  return true;
}

/** The separator before a member: `, ` or (pretty) `,` and a new line. */
function separate(w: Writer, comma: boolean, pretty: boolean, level: number) {
  if (comma) {
    w.ensure(2);
    w.buf[w.p++] = 0x2c;
    if (!pretty) w.buf[w.p++] = 0x20;
  }
  if (pretty) w.newline(level);
}

function close(w: Writer, bracket: number, pretty: boolean, level: number) {
  if (pretty) w.newline(level);
  w.ensure(1);
  w.buf[w.p++] = bracket;
}

/** Moves past the next tag if it is `tag` again. */
function sameTagNext(r: WireReader, tag: number): boolean {
  const at = r.pos;
  if (at >= r.end) return false;
  if (r.varint() === tag && r.hi === 0) return true;
  r.pos = at;
  return false;
}

function writeIpList(
  w: Writer,
  f: FieldPlan,
  list: number[],
  hex: boolean,
  level: number,
): void {
  const ip = list.length === 1 || list.length === 4;
  w.ensure(1);
  w.buf[w.p++] = 0x5b;
  const values: JsonValue[] = ip
    ? [formatIp(list)]
    : list.map((v) => convert(f, v, true, hex));
  for (let k = 0; k < values.length; k++) {
    separate(w, k > 0, true, level + 1);
    w.scalar(values[k] as string | number | bigint);
  }
  close(w, 0x5d, true, level);
}

function writeField(
  w: Writer,
  r: WireReader,
  f: FieldPlan,
  pretty: boolean,
  hex: boolean,
  level: number,
  nesting: number,
): boolean {
  switch (f.kind) {
    case Kind.Message: {
      const len = r.length();
      const end = r.end;
      const stop = r.pos + len;
      r.end = stop;
      const ok = writeFields(
        w,
        r,
        f.message(),
        pretty,
        hex || f.hex,
        level,
        nesting + 1,
      );
      r.end = end;
      return ok && r.pos === stop;
    }
    case Kind.Enum: {
      r.varint();
      w.bytes(valueText(f, r.lo | 0));
      return true;
    }
    case Kind.Uint32:
    case Kind.Uint64:
    case Kind.Fixed32:
    case Kind.Fixed64: {
      const v = readScalar(r, f) as number | bigint;
      // A 64-bit value beyond 2^53 is a bigint: rare, left to convert().
      if (typeof v !== "number") {
        w.scalar(convert(f, v, pretty, hex) as string | bigint);
        return true;
      }
      // The same choices as convert(), without building strings.
      if (!pretty) w.number(v);
      else if (hex || f.hex) w.hexString(v);
      else if (!f.dev && f.flags) w.bytes(valueText(f, v));
      else w.scalar(convert(f, v, pretty, hex) as string | number);
      return true;
    }
    default:
      w.scalar(
        convert(f, readScalar(r, f), pretty, hex) as string | number | boolean,
      );
      return true;
  }
}

/** Distinct values whose text a field keeps; past this, text is built each time. */
const VALUE_TEXTS_LIMIT = 4096;
const textEncoder = new TextEncoder();

/**
 * The JSON text of a value of `f` that repeats (enum names, flag strings),
 * kept on the field. Only for values convert() turns into the same text
 * whatever `hex` is: enums, and flags outside a hex message.
 */
function valueText(f: FieldPlan, v: number): Uint8Array {
  const cache = f.valueTexts ??= new Map();
  let bytes = cache.get(v);
  if (bytes === undefined) {
    bytes = textEncoder.encode(
      stringifyJson(convert(f, v, true, false), false),
    );
    if (cache.size < VALUE_TEXTS_LIMIT) cache.set(v, bytes);
  }
  return bytes;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  if (typeof v === "string") {
    return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "..." : v);
  }
  return String(v);
}

const RANGES: Partial<Record<Kind, [bigint, bigint]>> = {
  [Kind.Int32]: [-(2n ** 31n), 2n ** 31n - 1n],
  [Kind.Sint32]: [-(2n ** 31n), 2n ** 31n - 1n],
  [Kind.Sfixed32]: [-(2n ** 31n), 2n ** 31n - 1n],
  [Kind.Uint32]: [0n, 2n ** 32n - 1n],
  [Kind.Fixed32]: [0n, 2n ** 32n - 1n],
  [Kind.Int64]: [-(2n ** 63n), 2n ** 63n - 1n],
  [Kind.Sint64]: [-(2n ** 63n), 2n ** 63n - 1n],
  [Kind.Sfixed64]: [-(2n ** 63n), 2n ** 63n - 1n],
  [Kind.Uint64]: [0n, 2n ** 64n - 1n],
  [Kind.Fixed64]: [0n, 2n ** 64n - 1n],
  [Kind.Enum]: [-(2n ** 31n), 2n ** 31n - 1n],
};

/**
 * Smallest and largest safe-integer value of each kind, by kind: the fast
 * path's check (typed arrays: no destructuring or property lookups in code
 * that mostly runs cold, once per command).
 */
const SAFE_MIN = new Float64Array(Kind.Float + 1);
const SAFE_MAX = new Float64Array(Kind.Float + 1);
for (const [kind, [lo, hi]] of Object.entries(RANGES)) {
  const max = Number.MAX_SAFE_INTEGER;
  SAFE_MIN[Number(kind)] = lo < -BigInt(max) ? -max : Number(lo);
  SAFE_MAX[Number(kind)] = hi > BigInt(max) ? max : Number(hi);
}

/**
 * The JSON path of field `f` of the object at `parent` (item `index` of it
 * when >= 0), built only for an error message: paths for every value cost
 * more than the encoding itself.
 */
function pathOf(parent: string, f: FieldPlan, index: number): string {
  const at = parent ? `${parent}.${f.name}` : f.name;
  return index < 0 ? at : `${at}[${index}]`;
}

/** The integer a JSON value stands for in an integer field, as crit reads it. */
function toInteger(
  f: FieldPlan,
  v: JsonValue,
  parent: string,
  index: number,
): number | bigint {
  if (typeof v === "number" && Number.isSafeInteger(v)) {
    // Nearly every value: a plain number, checked without bigint work.
    if (v >= SAFE_MIN[f.kind] && v <= SAFE_MAX[f.kind]) return v;
  }
  let n: number | bigint;
  if (typeof v === "number") {
    if (!Number.isInteger(v)) {
      throw new JsonShapeError(
        pathOf(parent, f, index),
        `expected an integer, got ${v}`,
      );
    }
    n = v;
  } else if (typeof v === "bigint") {
    n = v;
  } else if (typeof v === "string") {
    try {
      if (f.dev) n = parseDev(v, f.odev);
      else if (f.flags) n = parseFlags(v, f.flags);
      else if (f.dict && f.dict.values.has(v)) n = f.dict.values.get(v)!;
      else n = parsePythonInt(v);
    } catch (e) {
      throw new JsonShapeError(pathOf(parent, f, index), (e as Error).message, {
        cause: e,
      });
    }
  } else {
    throw new JsonShapeError(
      pathOf(parent, f, index),
      `expected an integer, got ${describe(v)}`,
    );
  }
  const range = RANGES[f.kind]!;
  if (typeof n === "number" ? !Number.isSafeInteger(n) : true) {
    const b = BigInt(n);
    if (b < range[0] || b > range[1]) {
      throw new JsonShapeError(
        pathOf(parent, f, index),
        `${b} is out of range for ${f.typeName}`,
      );
    }
    return Number.isSafeInteger(Number(b)) && BigInt(Number(b)) === b
      ? Number(b)
      : b;
  }
  if (n < Number(range[0]) || n > Number(range[1])) {
    throw new JsonShapeError(
      pathOf(parent, f, index),
      `${n} is out of range for ${f.typeName}`,
    );
  }
  return n;
}

/** Splits a 64-bit integer into two's complement uint32 halves. */
function halves(v: number | bigint): [number, number] {
  if (typeof v === "number") {
    // Exact for every safe integer: >>> 0 reduces modulo 2^32, which is
    // two's complement for negative values too.
    return [v >>> 0, Math.floor(v / 4294967296) >>> 0];
  }
  const b = BigInt.asUintN(64, v);
  return [Number(b & 0xffffffffn), Number(b >> 32n)];
}

/** Writes the value of field `f` (not its tag) as crit reads `v`. */
export function writeScalar(
  w: WireWriter,
  f: FieldPlan,
  v: JsonValue,
  parent: string,
  index: number,
): void {
  switch (f.kind) {
    case Kind.Bool:
      if (typeof v !== "boolean") {
        throw new JsonShapeError(
          pathOf(parent, f, index),
          `expected true or false, got ${describe(v)}`,
        );
      }
      w.varint32(v ? 1 : 0);
      return;
    case Kind.String:
      if (typeof v !== "string") {
        throw new JsonShapeError(
          pathOf(parent, f, index),
          `expected a string, got ${describe(v)}`,
        );
      }
      if (w.asciiString(v)) return;
      try {
        const bytes = encodeUtf8Lossless(v);
        w.varint32(bytes.length);
        w.bytes(bytes);
      } catch (e) {
        throw new JsonShapeError(
          pathOf(parent, f, index),
          (e as Error).message,
          { cause: e },
        );
      }
      return;
    case Kind.Bytes: {
      if (typeof v !== "string") {
        throw new JsonShapeError(
          pathOf(parent, f, index),
          `expected a string, got ${describe(v)}`,
        );
      }
      let bytes: Uint8Array;
      try {
        bytes = f.conv === "unix_name"
          ? decodeQuotedPrintable(v)
          : decodeBase64(v);
      } catch (e) {
        throw new JsonShapeError(
          pathOf(parent, f, index),
          (e as Error).message,
          { cause: e },
        );
      }
      w.varint32(bytes.length);
      w.bytes(bytes);
      return;
    }
    case Kind.Message: {
      if (v === null || typeof v !== "object" || Array.isArray(v)) {
        throw new JsonShapeError(
          pathOf(parent, f, index),
          `expected an object, got ${describe(v)}`,
        );
      }
      // Reserve one byte for the usual short length, fixed up afterwards.
      const start = w.pos;
      encodeMessage(
        f.message(),
        v as JsonObject,
        w,
        pathOf(parent, f, index),
      );
      w.finishLength(start);
      return;
    }
    case Kind.Enum: {
      let n: number;
      if (typeof v === "string") {
        const hit = f.enumPlan!.byName.get(v);
        if (hit === undefined) {
          throw new JsonShapeError(
            pathOf(parent, f, index),
            `${describe(v)} is not a value of enum ${f.typeName} (${
              [...f.enumPlan!.byName.keys()].join(", ")
            })`,
          );
        }
        n = hit;
      } else {
        n = Number(toInteger(f, v, parent, index));
      }
      w.varint64(n >>> 0, n < 0 ? 0xffffffff : 0);
      return;
    }
    case Kind.Double:
    case Kind.Float: {
      if (typeof v !== "number") {
        throw new JsonShapeError(
          pathOf(parent, f, index),
          `expected a number, got ${describe(v)}`,
        );
      }
      const b = new Uint8Array(f.kind === Kind.Double ? 8 : 4);
      const dv = new DataView(b.buffer);
      if (f.kind === Kind.Double) dv.setFloat64(0, v, true);
      else dv.setFloat32(0, v, true);
      w.bytes(b);
      return;
    }
  }
  const n = toInteger(f, v, parent, index);
  switch (f.kind) {
    case Kind.Int32: {
      const x = Number(n);
      w.varint64(x >>> 0, x < 0 ? 0xffffffff : 0);
      return;
    }
    case Kind.Uint32:
      w.varint32(Number(n));
      return;
    case Kind.Sint32: {
      const x = Number(n);
      w.varint32(((x << 1) ^ (x >> 31)) >>> 0);
      return;
    }
    case Kind.Fixed32:
    case Kind.Sfixed32:
      w.fixed32(Number(n) >>> 0);
      return;
    case Kind.Int64:
    case Kind.Uint64: {
      if (typeof n === "number" && n >= 0) {
        // The common case, without the pair halves() allocates.
        w.varint64(n >>> 0, Math.floor(n / 4294967296));
        return;
      }
      const [lo, hi] = halves(n);
      w.varint64(lo, hi);
      return;
    }
    case Kind.Sint64: {
      if (typeof n === "number" && n < 2 ** 52 && n > -(2 ** 52)) {
        // The zigzag value stays below 2^53, exact as a double.
        const zz = n >= 0 ? 2 * n : -2 * n - 1;
        w.varint64(zz >>> 0, Math.floor(zz / 4294967296));
        return;
      }
      const b = BigInt(n);
      const [lo, hi] = halves(BigInt.asUintN(64, (b << 1n) ^ (b >> 63n)));
      w.varint64(lo, hi);
      return;
    }
    case Kind.Fixed64:
    case Kind.Sfixed64: {
      const [lo, hi] = halves(n);
      w.fixed32(lo);
      w.fixed32(hi);
      return;
    }
  }
}

function splitUnknown(text: JsonValue, path: string): [number, Uint8Array][] {
  if (typeof text !== "string") {
    throw new JsonShapeError(
      path,
      `expected a base64 string, got ${describe(text)}`,
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(text);
  } catch (e) {
    throw new JsonShapeError(path, (e as Error).message, { cause: e });
  }
  const out: [number, Uint8Array][] = [];
  const r = new WireReader(bytes);
  try {
    while (r.pos < bytes.length) {
      const at = r.pos;
      const tag = r.varint();
      if (r.hi !== 0 || tag < 8) {
        throw new WireError(`invalid field tag ${tag}`, at);
      }
      r.skip(tag & 7);
      out.push([tag >>> 3, bytes.subarray(at, r.pos)]);
    }
  } catch (e) {
    throw new JsonShapeError(
      path,
      `not protobuf fields: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  return out;
}

/**
 * Encodes crit's JSON object for a message of `plan` into `w`, fields in
 * number order (as protobuf-c and Python write them), each value read the
 * way crit reads it.
 */
export function encodeMessage(
  plan: MessagePlan,
  obj: JsonObject,
  w: WireWriter,
  path: string,
  ignore?: string,
): void {
  for (const key in obj) {
    if (
      !plan.byName.has(key) && key !== UNKNOWN_FIELDS_KEY && key !== ignore
    ) {
      throw new JsonShapeError(
        path ? `${path}.${key}` : key,
        `unknown key for ${plan.name}`,
      );
    }
  }
  const unknown = obj[UNKNOWN_FIELDS_KEY] === undefined
    ? []
    : splitUnknown(obj[UNKNOWN_FIELDS_KEY], `${path}.${UNKNOWN_FIELDS_KEY}`);
  let u = 0;
  for (const f of plan.fields) {
    while (u < unknown.length && unknown[u][0] < f.number) {
      w.bytes(unknown[u++][1]);
    }
    const v = obj[f.name];
    if (v === undefined) {
      if (f.required) {
        throw new JsonShapeError(
          pathOf(path, f, -1),
          `missing required field of ${plan.name}`,
        );
      }
      continue;
    }
    const tagWire = (f.number * 8) + f.wireType;
    if (f.repeated) {
      if (!Array.isArray(v)) {
        throw new JsonShapeError(
          pathOf(path, f, -1),
          `expected an array, got ${describe(v)}`,
        );
      }
      if (f.ipadd && typeof v[0] === "string") {
        let words: number[];
        try {
          words = parseIp(v[0]);
        } catch (e) {
          throw new JsonShapeError(pathOf(path, f, 0), (e as Error).message, {
            cause: e,
          });
        }
        for (const word of words) {
          w.varint32(tagWire);
          w.varint32(word);
        }
        continue;
      }
      if (f.packed && v.length > 0) {
        w.varint32(f.number * 8 + 2);
        const start = w.pos;
        for (let i = 0; i < v.length; i++) {
          writeScalar(w, f, v[i], path, i);
        }
        w.finishLength(start);
        continue;
      }
      for (let i = 0; i < v.length; i++) {
        w.varint32(tagWire);
        writeScalar(w, f, v[i], path, i);
      }
    } else {
      w.varint32(tagWire);
      writeScalar(w, f, v, path, -1);
    }
  }
  while (u < unknown.length) w.bytes(unknown[u++][1]);
}
