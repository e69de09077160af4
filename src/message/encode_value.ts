/**
 * crit's JSON object for one message -> protobuf bytes, each value read the
 * way crit reads it (names of enums and flags, hex strings, devices, IPs).
 *
 * @module
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import { JsonShapeError } from "../wire/errors.ts";
import { type FieldPlan, Kind, type MessagePlan } from "../wire/plan.ts";
import { WireReader, type WireWriter } from "../wire/wire.ts";
import { decodeBase64 } from "../json/base64.ts";
import { decodeQuotedPrintable } from "../json/quopri.ts";
import {
  encodeUtf8Lossless,
  parseDev,
  parseFlags,
  parseIp,
  parsePythonInt,
} from "../json/text.ts";
import { readTag, UNKNOWN_FIELDS_KEY } from "./_common.ts";

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
      throw notA("an integer", v, parent, f, index);
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
      throw atPath(e, parent, f, index);
    }
  } else {
    throw notA("an integer", v, parent, f, index);
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

/** The error for a value of `f` that is not `what`. */
function notA(
  what: string,
  v: JsonValue,
  parent: string,
  f: FieldPlan,
  index: number,
): JsonShapeError {
  return new JsonShapeError(
    pathOf(parent, f, index),
    `expected ${what}, got ${describe(v)}`,
  );
}

/** `e`, thrown while reading a value of `f`, placed at its JSON path. */
function atPath(
  e: unknown,
  parent: string,
  f: FieldPlan,
  index: number,
): JsonShapeError {
  return new JsonShapeError(pathOf(parent, f, index), (e as Error).message, {
    cause: e,
  });
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
        throw notA("true or false", v, parent, f, index);
      }
      w.varint32(v ? 1 : 0);
      return;
    case Kind.String:
      if (typeof v !== "string") throw notA("a string", v, parent, f, index);
      if (w.asciiString(v)) return;
      try {
        const bytes = encodeUtf8Lossless(v);
        w.varint32(bytes.length);
        w.bytes(bytes);
      } catch (e) {
        throw atPath(e, parent, f, index);
      }
      return;
    case Kind.Bytes:
      return writeBytes(w, f, v, parent, index);
    case Kind.Message: {
      if (v === null || typeof v !== "object" || Array.isArray(v)) {
        throw notA("an object", v, parent, f, index);
      }
      const start = w.startLength();
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
      const n = enumNumber(f, v, parent, index);
      w.varint64(n >>> 0, n < 0 ? 0xffffffff : 0);
      return;
    }
    case Kind.Double:
    case Kind.Float: {
      if (typeof v !== "number") throw notA("a number", v, parent, f, index);
      const b = new Uint8Array(f.kind === Kind.Double ? 8 : 4);
      const dv = new DataView(b.buffer);
      if (f.kind === Kind.Double) dv.setFloat64(0, v, true);
      else dv.setFloat32(0, v, true);
      w.bytes(b);
      return;
    }
  }
  writeInteger(w, f, toInteger(f, v, parent, index));
}

/** Writes a bytes field's value: base64 text, or quoted-printable for names. */
function writeBytes(
  w: WireWriter,
  f: FieldPlan,
  v: JsonValue,
  parent: string,
  index: number,
): void {
  if (typeof v !== "string") throw notA("a string", v, parent, f, index);
  let bytes: Uint8Array;
  try {
    bytes = f.conv === "unix_name" ? decodeQuotedPrintable(v) : decodeBase64(v);
  } catch (e) {
    throw atPath(e, parent, f, index);
  }
  w.varint32(bytes.length);
  w.bytes(bytes);
}

/** The number of an enum value, given by name or as an integer. */
function enumNumber(
  f: FieldPlan,
  v: JsonValue,
  parent: string,
  index: number,
): number {
  if (typeof v !== "string") return Number(toInteger(f, v, parent, index));
  const hit = f.enumPlan!.byName.get(v);
  if (hit === undefined) {
    throw new JsonShapeError(
      pathOf(parent, f, index),
      `${describe(v)} is not a value of enum ${f.typeName} (${
        [...f.enumPlan!.byName.keys()].join(", ")
      })`,
    );
  }
  return hit;
}

/** Writes `n`, in range for the integer kind of `f`, in its wire form. */
function writeInteger(w: WireWriter, f: FieldPlan, n: number | bigint): void {
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
      const tag = readTag(r);
      r.skip(tag & 7);
      out.push([tag >>> 3, bytes.subarray(at, r.pos)]);
    }
  } catch (e) {
    throw new JsonShapeError(
      path,
      `not protobuf fields: ${(e as Error).message}`,
      { cause: e },
    );
  }
  return out;
}

/**
 * Encodes crit's JSON object for a message of `plan` into `w`, fields in
 * number order (as protobuf-c and Python write them), each value read the
 * way crit reads it. `path` names the object in errors (JsonShapeError);
 * a key equal to `ignore` is skipped rather than rejected as unknown.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeMessage } from "./mod.ts";
 * import { messagePlan } from "../wire/plan.ts";
 * import { WireWriter } from "../wire/wire.ts";
 * const w = new WireWriter();
 * const entry = { pid: 7, ppid: 1, pgid: 7, sid: 7 };
 * encodeMessage(messagePlan("pstree_entry"), entry, w, "entries[0]");
 * assert.deepEqual(w.finish(), new Uint8Array([8, 7, 16, 1, 24, 7, 32, 7]));
 * ```
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
    if (f.repeated) {
      writeRepeated(w, f, v, path);
    } else {
      w.varint32(f.number * 8 + f.wireType);
      writeScalar(w, f, v, path, -1);
    }
  }
  while (u < unknown.length) w.bytes(unknown[u++][1]);
}

/** Writes the values of repeated field `f`, tags included. */
function writeRepeated(
  w: WireWriter,
  f: FieldPlan,
  v: JsonValue,
  path: string,
): void {
  if (!Array.isArray(v)) throw notA("an array", v, path, f, -1);
  const tagWire = f.number * 8 + f.wireType;
  if (f.ipadd && typeof v[0] === "string") {
    let words: number[];
    try {
      words = parseIp(v[0]);
    } catch (e) {
      throw atPath(e, path, f, 0);
    }
    for (const word of words) {
      w.varint32(tagWire);
      w.varint32(word);
    }
    return;
  }
  if (f.packed && v.length > 0) {
    w.varint32(f.number * 8 + 2);
    const start = w.startLength();
    for (let i = 0; i < v.length; i++) writeScalar(w, f, v[i], path, i);
    w.finishLength(start);
    return;
  }
  for (let i = 0; i < v.length; i++) {
    w.varint32(tagWire);
    writeScalar(w, f, v[i], path, i);
  }
}
