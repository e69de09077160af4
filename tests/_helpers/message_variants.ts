/**
 * Messages CRIU would not write, made from one it did: for the tests that
 * check a fast writer refuses what its reference refuses.
 *
 * @module
 */
import { concatBytes } from "../../src/wire/bytes.ts";
import { WireReader } from "../../src/wire/wire.ts";
import type { Rng } from "./prng.ts";

/** The top-level fields of a message, each as its tag-and-value bytes. */
export function messageFields(body: Uint8Array): Uint8Array[] {
  const r = new WireReader(body);
  const out: Uint8Array[] = [];
  while (r.pos < body.length) {
    const at = r.pos;
    r.skip(r.varint() & 7);
    out.push(body.subarray(at, r.pos));
  }
  return out;
}

/** Field 999 as a varint (42): a field no message has. */
const UNKNOWN = new Uint8Array([0xb8, 0x3e, 0x2a]);

/**
 * Seven variants of a well-formed, non-empty `body`: an unknown field
 * after it, its fields reversed, twice over, without the first, the first
 * last, cut short at random, and one bit flipped at random.
 */
export function messageVariants(body: Uint8Array, rng: Rng): Uint8Array[] {
  const parts = messageFields(body);
  const flipped = body.slice();
  flipped[rng.int(body.length)] ^= 1 << rng.int(8);
  return [
    concatBytes([body, UNKNOWN]),
    concatBytes(parts.slice().reverse()),
    concatBytes([...parts, ...parts]),
    concatBytes(parts.slice(1)),
    concatBytes([...parts.slice(1), parts[0]]),
    body.subarray(0, rng.int(body.length)),
    flipped,
  ];
}
