/**
 * Messages CRIU would not write, made from one it did: for the tests that
 * check a fast writer refuses what its reference refuses.
 *
 * @module
 */
import { concatBytes } from "../../src/wire/bytes.ts";
import { WireReader } from "../../src/wire/wire.ts";
import { type FieldPlan, Kind, type MessagePlan } from "../../src/wire/plan.ts";
import type { Rng } from "./prng.ts";
import { varintBytes } from "./wire_builders.ts";

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

/** A field of a message, found by {@linkcode fieldSlots}. */
export interface FieldSlot {
  /** `type.field/type.field...`, outermost first. */
  path: string;
  field: FieldPlan;
  /**
   * The message with this field's value replaced by `encoded` (its wire
   * bytes after the tag: a varint, or a length and the bytes), and every
   * enclosing length fixed.
   */
  with(encoded: Uint8Array): Uint8Array;
}

/**
 * The fields of `body`, a message of `plan`, at any depth, that `wanted`
 * picks (the first occurrence of each), in messages that are not packed.
 */
export function fieldSlots(
  plan: MessagePlan,
  body: Uint8Array,
  wanted: (f: FieldPlan) => boolean,
): FieldSlot[] {
  const out: FieldSlot[] = [];
  const seen = new Set<string>();
  const parts = messageFields(body);
  parts.forEach((part, i) => {
    const tagLength = part.findIndex((b) => b < 0x80) + 1;
    const r = new WireReader(part);
    const tag = r.varint();
    const f = plan.byNumber[tag >>> 3];
    if (f === undefined || (tag & 7) !== f.wireType || f.packed) return;
    const path = `${plan.name}.${f.name}`;
    if (seen.has(path)) return;
    seen.add(path);
    const rebuilt = (encoded: Uint8Array) =>
      concatBytes([
        ...parts.slice(0, i),
        part.subarray(0, tagLength),
        encoded,
        ...parts.slice(i + 1),
      ]);
    if (wanted(f)) out.push({ path, field: f, with: rebuilt });
    if (f.kind === Kind.Message) {
      const len = r.varint();
      const inner = part.subarray(r.pos, r.pos + len);
      for (const slot of fieldSlots(f.message(), inner, wanted)) {
        out.push({
          path: `${plan.name}.${f.name}/${slot.path}`,
          field: slot.field,
          with: (encoded) => rebuilt(lengthPrefixed(slot.with(encoded))),
        });
      }
    }
  });
  return out;
}

/** `bytes` after their length, as a length-delimited value is written. */
export function lengthPrefixed(bytes: Uint8Array): Uint8Array {
  return concatBytes([new Uint8Array(varintBytes(bytes.length)), bytes]);
}
