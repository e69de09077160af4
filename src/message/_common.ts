/**
 * What the four directions of the message codec share: limits, the raw
 * values read off the wire, and crit's conventions for scalar values.
 *
 * @module
 */
import type { JsonValue } from "../json/types.ts";
import { type FieldPlan, Kind, type MessagePlan } from "../wire/plan.ts";
import { i64, u64, WireError, type WireReader, zz64 } from "../wire/wire.ts";
import { concatBytes } from "../wire/bytes.ts";
import { encodeBase64Lines } from "../json/base64.ts";
import { encodeQuotedPrintable } from "../json/quopri.ts";
import { decodeUtf8Lossless, formatDev, formatFlags } from "../json/text.ts";

/**
 * JSON key holding wire fields our schema does not know (from a newer CRIU),
 * as base64 of their exact bytes. A protobuf field name can never start with
 * "@", so it cannot clash with a real field.
 */
export const UNKNOWN_FIELDS_KEY = "@unknown";

/**
 * Deepest nesting of messages decoded. The JSON of an entry adds three levels
 * (document, entries array, entry), so crit's JSON of any image we decode
 * stays within parseJson's 512.
 */
export const MAX_MESSAGE_DEPTH = 500;

/** A field's value as read off the wire, before crit's conventions. */
export type Raw = number | bigint | boolean | Uint8Array;

/** Reads a length-delimited value as a view of the buffer. */
/**
 * The next field tag of `r`: a WireError where its varint is more than 32
 * bits or names field 0, which no message has.
 */
export function readTag(r: WireReader): number {
  const at = r.pos;
  const tag = r.varint();
  if (r.hi !== 0 || tag < 8) {
    throw new WireError(`invalid field tag ${tag}`, at);
  }
  return tag;
}

/** Pieces of message fields that came more than once, by field index. */
export type MergedPieces = Map<number, Uint8Array[]> | undefined;

/**
 * Puts the value `v` of field `f` (at `idx`) into `slots` as a decoder
 * collects them: appended for a repeated field; for a message field seen
 * again, kept in `merged` (returned, made on first need) for
 * {@linkcode joinMerged}, as protobuf merges its occurrences; else set.
 */
export function putRaw(
  slots: unknown[],
  idx: number,
  f: FieldPlan,
  v: Raw,
  merged: MergedPieces,
): MergedPieces {
  if (f.repeated) {
    ((slots[idx] ??= []) as Raw[]).push(v);
  } else if (f.kind === Kind.Message && slots[idx] !== undefined) {
    // The pieces are joined once at the end: joining on each occurrence is
    // quadratic.
    const parts = (merged ??= new Map()).get(idx);
    if (parts) parts.push(v as Uint8Array);
    else merged.set(idx, [slots[idx] as Uint8Array, v as Uint8Array]);
  } else {
    slots[idx] = v;
  }
  return merged;
}

/** Joins the pieces {@linkcode putRaw} kept into their slots. */
export function joinMerged(slots: unknown[], merged: MergedPieces): void {
  if (merged === undefined) return;
  for (const [idx, parts] of merged) slots[idx] = concatBytes(parts);
}

export function readBytes(r: WireReader): Uint8Array {
  const len = r.length();
  const start = r.pos;
  r.pos += len;
  return r.buf.subarray(start, start + len);
}

/** Reads a float (wire type 5). */
export function readFloat(r: WireReader): number {
  const at = r.pos;
  r.fixed32();
  return r.view().getFloat32(at, true);
}

/** Reads a double (wire type 1). */
export function readDouble(r: WireReader): number {
  const at = r.pos;
  r.fixed64();
  return r.view().getFloat64(at, true);
}

/** Zigzag-decodes a 32-bit value. */
export function zz32(v: number): number {
  return (v >>> 1) ^ -(v & 1);
}

/** Reads the value of field `f` (its tag already read) at `r.pos`. */
export function readScalar(r: WireReader, f: FieldPlan): Raw {
  switch (f.kind) {
    case Kind.Int32:
      r.varint();
      return r.lo | 0;
    case Kind.Uint32:
      return r.varint();
    case Kind.Sint32:
      return zz32(r.varint());
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
    case Kind.Float:
      return readFloat(r);
    case Kind.Fixed64:
      r.fixed64();
      return u64(r.lo, r.hi);
    case Kind.Sfixed64:
      r.fixed64();
      return i64(r.lo, r.hi);
    case Kind.Double:
      return readDouble(r);
    default:
      return readBytes(r);
  }
}

/** crit's hex text of an integer: `0x1f`, `-0x1f`. */
export function hexText(v: number | bigint): string {
  if (typeof v === "bigint") {
    return v < 0n ? "-0x" + (-v).toString(16) : "0x" + v.toString(16);
  }
  return v < 0 ? "-0x" + (-v).toString(16) : "0x" + v.toString(16);
}

/**
 * crit's JSON value for `raw`, a value of `f` that is not a message, plain
 * or `pretty`; `hex` when an enclosing message is written in hex.
 */
export function convertScalar(
  f: FieldPlan,
  raw: Raw,
  pretty: boolean,
  hex: boolean,
): JsonValue {
  switch (f.kind) {
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
