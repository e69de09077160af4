/**
 * Builders of wire bytes and images for tests and tools/fuzz, written apart
 * from the codec so that a codec bug cannot hide in the input it is given.
 *
 * @module
 */
import { encodeSync } from "../../mod.ts";

/**
 * The protobuf varint of `v`, taken as a uint64 (negative values wrap, as
 * protobuf writes int64 -1).
 */
export function varintBytes(v: bigint | number): number[] {
  const out: number[] = [];
  let u = BigInt.asUintN(64, BigInt(v));
  while (u > 0x7fn) {
    out.push(Number(u & 0x7fn) | 0x80);
    u >>= 7n;
  }
  out.push(Number(u));
  return out;
}

/** `piece` repeated `times` times, as one array. */
export function repeatBytes(piece: readonly number[], times: number): number[] {
  const out = new Array(piece.length * times);
  for (let i = 0; i < out.length; i++) out[i] = piece[i % piece.length];
  return out;
}

/** An image: `head` (the magic words), then each body after its u32 size. */
export function joinEntries(
  head: ArrayLike<number>,
  bodies: readonly ArrayLike<number>[],
): Uint8Array {
  const size = bodies.reduce((n, b) => n + 4 + b.length, head.length);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(head);
  let at = head.length;
  for (const b of bodies) {
    view.setUint32(at, b.length, true);
    out.set(b, at + 4);
    at += 4 + b.length;
  }
  return out;
}

/**
 * An image of `magic` holding one entry with this message body, whose size
 * word says `size` (by default the body's true length).
 */
export function entryImage(
  magic: string,
  body: ArrayLike<number> = [],
  size: number = body.length,
): Uint8Array {
  const head = encodeSync({ magic, entries: [] });
  const out = joinEntries(head, [body]);
  new DataView(out.buffer).setUint32(head.length, size, true);
  return out;
}
