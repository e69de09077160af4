/**
 * Reading and editing the fixture bytes the fuzzer mutates: reads go through
 * the codec's own `WireReader`, edits always return a copy.
 *
 * @module
 */
import { WireReader } from "../../src/wire/wire.ts";

/** The little-endian uint32 at `at`; `at + 4` must be within `b`. */
export function readU32(b: Uint8Array, at: number): number {
  return new WireReader(b, at).fixed32();
}

/**
 * Reads a varint at `at`; returns [value, end], or undefined when it runs
 * past `end` or over ten bytes.
 */
export function readVarint(
  b: Uint8Array,
  at: number,
  end: number,
): [bigint, number] | undefined {
  const r = new WireReader(b, at, end);
  try {
    r.varint();
  } catch {
    return undefined;
  }
  return [BigInt(r.hi) << 32n | BigInt(r.lo), r.pos];
}

/** `b` with `remove` bytes at `at` replaced by `insert`. */
export function splice(
  b: Uint8Array,
  at: number,
  remove: number,
  insert: ArrayLike<number>,
): Uint8Array {
  const out = new Uint8Array(b.length - remove + insert.length);
  out.set(b.subarray(0, at));
  out.set(insert, at);
  out.set(b.subarray(at + remove), at + insert.length);
  return out;
}

/** A copy of `b` with the uint32 at `at` set to `v`, where it fits. */
export function setU32(b: Uint8Array, at: number, v: number): Uint8Array {
  const out = b.slice();
  if (at + 4 <= out.length) {
    new DataView(out.buffer).setUint32(at, v >>> 0, true);
  }
  return out;
}
