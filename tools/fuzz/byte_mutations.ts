/**
 * Byte-level mutations of fixture images: bit flips, truncation, size words
 * and length prefixes at their edges, whole protobuf fields repeated, deleted
 * or made up (with every enclosing length fixed), and splices.
 *
 * @module
 */
import { DEFAULT_MAX_ENTRY_SIZE as MAX_ENTRY } from "../../mod.ts";
import type { Rng } from "../../tests/_helpers/prng.ts";
import { varintBytes } from "../../tests/_helpers/wire_builders.ts";
import { readU32, readVarint, setU32, splice } from "./bytes.ts";
import type { Corpus, ImageSample } from "./corpus.ts";

/** `b` with the varint at `at` replaced by `v`. */
export function replaceVarint(
  b: Uint8Array,
  at: number,
  v: bigint,
): Uint8Array {
  // Offsets come from the fixture; an earlier mutation may have cut it short.
  if (at >= b.length) return b;
  const old = readVarint(b, at, b.length);
  const len = old ? old[1] - at : 1;
  return splice(b, at, len, varintBytes(v));
}

/**
 * Replaces `remove` bytes at `at` by `insert` and fixes every length around
 * the change: the prefixes of `chain` from the innermost out, then the
 * entry's size word.
 */
function resize(
  b: Uint8Array,
  chain: number[],
  at: number,
  remove: number,
  insert: ArrayLike<number>,
): Uint8Array {
  let out = splice(b, at, remove, insert);
  let delta = insert.length - remove;
  for (let j = chain.length - 1; j > 0; j--) {
    const [len, end] = readVarint(out, chain[j], out.length)!;
    const bytes = varintBytes(len + BigInt(delta));
    out = splice(out, chain[j], end - chain[j], bytes);
    delta += bytes.length - (end - chain[j]);
  }
  return setU32(out, chain[0], readU32(out, chain[0]) + delta);
}

/** Values for u32 entry sizes: edges, the limit, and 4 GiB - 1. */
function sizeValues(size: number): number[] {
  return [
    0,
    1,
    Math.max(0, size - 1),
    size + 1,
    size * 2,
    0x7fffffff,
    0x80000000,
    0xffffffff,
    MAX_ENTRY,
    MAX_ENTRY + 1,
  ];
}

/** Values for varints: edges of every integer width, 4 GiB and beyond. */
const VARINT_VALUES = [
  0n,
  1n,
  0x7fn,
  0x80n,
  0x7fffffffn,
  0x80000000n,
  0xffffffffn,
  0x100000000n,
  2n ** 35n,
  2n ** 53n + 1n,
  2n ** 63n - 1n,
  2n ** 64n - 1n,
];

/** One mutation, applied to `b`; `label` says what it did. */
export type Mutation = (
  r: Rng,
  s: ImageSample,
  b: Uint8Array,
  corpus: Corpus,
) => [Uint8Array, string];

const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xff];

/** The mutations by name; each is as likely as the others. */
export const MUTATIONS: Record<string, Mutation> = {
  bitflip(r, s, b) {
    const out = b.slice();
    const flips: string[] = [];
    for (let k = 1 + r.int(4); k > 0 && out.length; k--) {
      const at = r.chance(0.9) && out.length > s.header
        ? s.header + r.int(out.length - s.header)
        : r.int(out.length);
      const bit = r.int(8);
      out[at] ^= 1 << bit;
      flips.push(`${at}.${bit}`);
    }
    return [out, `flip bits ${flips.join(",")}`];
  },
  bytes(r, _s, b) {
    const out = b.slice();
    const sets: string[] = [];
    for (let k = 1 + r.int(4); k > 0 && out.length; k--) {
      const at = r.int(out.length);
      out[at] = r.pick(INTERESTING_BYTES);
      sets.push(`${at}=${out[at]}`);
    }
    return [out, `set bytes ${sets.join(",")}`];
  },
  truncate(r, _s, b) {
    const n = r.int(b.length);
    return [b.subarray(0, n), `truncate to ${n}`];
  },
  entrySize(r, s, b) {
    const at = s.sizes.length ? r.pick(s.sizes) : s.header;
    if (at + 4 > b.length) return [b, "entry size (out of range)"];
    const v = r.chance(0.8) ? r.pick(sizeValues(readU32(b, at))) : r.u32();
    return [setU32(b, at, v), `entry size at ${at} = ${v}`];
  },
  length(r, s, b, corpus) {
    if (!s.lengths.length) return MUTATIONS.entrySize(r, s, b, corpus);
    const at = r.pick(s.lengths);
    const old = readVarint(b, at, b.length);
    const near = old ? [old[0] - 1n, old[0] + 1n] : [];
    const v = r.pick([...VARINT_VALUES, ...near].filter((x) => x >= 0n));
    return [replaceVarint(b, at, v), `length prefix at ${at} = ${v}`];
  },
  varint(r, s, b, corpus) {
    if (!s.varints.length) return MUTATIONS.bitflip(r, s, b, corpus);
    const at = r.pick(s.varints);
    const v = r.chance(0.8) ? r.pick(VARINT_VALUES) : BigInt(r.u32());
    return [replaceVarint(b, at, v), `varint at ${at} = ${v}`];
  },
  field(r, s, b, corpus) {
    // Field offsets hold for the fixture's own bytes only.
    if (b !== s.bytes || !s.fields.length) {
      return MUTATIONS.bitflip(r, s, b, corpus);
    }
    const f = r.pick(s.fields);
    switch (r.int(3)) {
      case 0:
        return [
          resize(b, f.chain, f.end, 0, b.subarray(f.start, f.end)),
          `repeat the field at ${f.start}`,
        ];
      case 1:
        return [
          resize(b, f.chain, f.start, f.end - f.start, []),
          `delete the field at ${f.start}`,
        ];
      default: {
        const number = r.chance(0.5) ? 1 + r.int(40) : 1 + r.int(2 ** 29 - 1);
        const wt = r.pick([0, 1, 2, 5]);
        const body = wt === 0
          ? varintBytes(BigInt(r.u32()))
          : wt === 2
          ? [3, 1, 2, 3]
          : Array(wt === 1 ? 8 : 4).fill(0xff);
        const field = [...varintBytes(BigInt(number * 8 + wt)), ...body];
        return [
          resize(b, f.chain, f.start, 0, field),
          `insert field ${number} (wire type ${wt}) at ${f.start}`,
        ];
      }
    }
  },
  splice(r, s, b, corpus) {
    const other = r.pick(corpus.images);
    const out = new Uint8Array(s.header + other.bytes.length - other.header);
    out.set(b.subarray(0, s.header));
    out.set(other.bytes.subarray(other.header), s.header);
    return [out, `header + entries of ${other.name}`];
  },
  randomTail(r, s, b) {
    const tail = new Uint8Array(r.int(r.chance(0.5) ? 64 : 2048));
    for (let i = 0; i < tail.length; i++) tail[i] = r.u32() & 0xff;
    const out = new Uint8Array(s.header + tail.length);
    out.set(b.subarray(0, s.header));
    out.set(tail, s.header);
    return [out, `header + ${tail.length} random bytes`];
  },
  chunk(r, _s, b) {
    const at = r.int(b.length + 1);
    const n = r.int(Math.min(64, b.length - at) + 1);
    switch (r.int(3)) {
      case 0:
        return [splice(b, at, n, []), `delete ${n} bytes at ${at}`];
      case 1:
        return [
          splice(b, at, 0, b.subarray(at, at + n)),
          `repeat ${n} bytes at ${at}`,
        ];
      default: {
        const ins = Array.from({ length: n }, () => r.u32() & 0xff);
        return [splice(b, at, 0, ins), `insert ${n} random bytes at ${at}`];
      }
    }
  },
};

/** Names of {@linkcode MUTATIONS}, to pick from. */
export const MUTATION_NAMES: string[] = Object.keys(MUTATIONS);
