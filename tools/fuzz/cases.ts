/**
 * The fuzzer's cases, by number: first the systematic ones, the same for
 * every seed (crafted images, size words and varints set to 4 GiB and
 * beyond, every small image truncated at every byte), then random mutations,
 * each drawn from its own PRNG stream so any case can be replayed alone.
 *
 * @module
 */
import { DEFAULT_MAX_ENTRY_SIZE as MAX_ENTRY } from "../../mod.ts";
import { Rng } from "../../tests/_helpers/prng.ts";
import {
  entryImage,
  repeatBytes,
  varintBytes,
} from "../../tests/_helpers/wire_builders.ts";
import { MUTATION_NAMES, MUTATIONS, replaceVarint } from "./byte_mutations.ts";
import { setU32 } from "./bytes.ts";
import type { Corpus } from "./corpus.ts";
import { mutateJson } from "./json_mutations.ts";

/** One input and what was done to get it. */
export interface Case {
  /** Case number. */
  index: number;
  /** What was done to which fixture, for the report. */
  label: string;
  /** The image to check, for an image case. */
  image?: Uint8Array;
  /** The JSON text to check, for a JSON case. */
  json?: string;
  /** Chunk sizes for the streamed decode come from this. */
  chunkSeed: number;
}

/** Where the systematic cases are, before the random ones. */
export interface Layout {
  /** Systematic cases built on demand, by case number. */
  directed: { label: string; build(): Uint8Array }[];
  /** Cumulative truncation counts over `small`. */
  truncEnds: number[];
}

/**
 * A message nested `depth` levels through a recursive field: each level is
 * `prefix` (its required fields), then field `tag` holding the next level.
 */
function nested(depth: number, prefix: number[], tag: number): number[] {
  // Body lengths from the innermost level out, then the bytes front to back.
  const lengths = [prefix.length];
  for (let k = 0; k < depth; k++) {
    const inner = lengths[k];
    lengths.push(prefix.length + 1 + varintBytes(BigInt(inner)).length + inner);
  }
  const out: number[] = [];
  for (let k = depth; k > 0; k--) {
    out.push(...prefix, tag, ...varintBytes(BigInt(lengths[k - 1])));
  }
  out.push(...prefix);
  return out;
}

/** Images no mutation of the fixtures is likely to produce. */
function craftedCases(): Layout["directed"] {
  const cases: Layout["directed"] = [];
  // aa_namespace and cgroup_dir_entry contain themselves: nesting depth is
  // bounded by the entry size only.
  for (const depth of [100, 600, 20_000]) {
    cases.push({
      label: `APPARMOR: aa_namespace nested ${depth} deep`,
      build: () => {
        const ns = nested(depth, [0x0a, 0], 0x1a);
        return entryImage("APPARMOR", [
          0x0a,
          ...varintBytes(BigInt(ns.length)),
          ...ns,
        ]);
      },
    }, {
      label: `CGROUP: cgroup_dir_entry nested ${depth} deep`,
      build: () => {
        const dir = nested(depth, [0x0a, 0], 0x12);
        const ctl = [0x12, ...varintBytes(BigInt(dir.length)), ...dir];
        return entryImage("CGROUP", [
          0x12,
          ...varintBytes(BigInt(ctl.length)),
          ...ctl,
        ]);
      },
    });
  }
  // Protobuf merges every occurrence of a message field; 30k of them must
  // not cost 30k copies of the growing message.
  cases.push({
    label: "CORE: task_core_entry given 30000 times",
    build: () =>
      entryImage("CORE", [
        0x08,
        1,
        ...repeatBytes([0x1a, 2, 0x08, 1], 30_000),
        ...[0x1a, 12, 0x08, 1, 0x10, 0, 0x18, 0, 0x20, 0, 0x28, 0, 0x32, 0],
      ]),
  }, {
    label: "PSTREE: 30000 unknown fields",
    build: () =>
      entryImage("PSTREE", [
        ...[0x08, 1, 0x10, 0, 0x18, 1, 0x20, 1],
        ...repeatBytes([0xf8, 0x3e, 0], 30_000),
      ]),
  });
  return cases;
}

/** Number of crafted cases: they come first and always run. */
export const CRAFTED: number = craftedCases().length;

/** The systematic cases over `corpus`. */
export function layout(corpus: Corpus): Layout {
  const directed = craftedCases();
  corpus.images.forEach((s) => {
    const size = (at: number, v: number) => ({
      label: `${s.name}: entry size at ${at} = ${v}`,
      build: () => setU32(s.bytes, at, v),
    });
    const varint = (at: number, v: bigint) => ({
      label: `${s.name}: varint at ${at} = ${v}`,
      build: () => replaceVarint(s.bytes, at, v),
    });
    for (const at of s.sizes.slice(0, 16)) {
      directed.push(size(at, 0xffffffff), size(at, MAX_ENTRY + 1));
    }
    for (const at of [...s.lengths, ...s.varints].slice(0, 48)) {
      directed.push(varint(at, 0xffffffffn), varint(at, 2n ** 64n - 1n));
    }
  });
  const truncEnds: number[] = [];
  let total = 0;
  for (const s of corpus.small) truncEnds.push(total += s.bytes.length);
  return { directed, truncEnds };
}

/** Number of systematic cases; the random ones are numbered after them. */
export function sweepSize(l: Layout): number {
  return l.directed.length + (l.truncEnds.at(-1) ?? 0);
}

/** Case number `index` of the run with this seed. */
export function makeCase(
  corpus: Corpus,
  l: Layout,
  seed: number,
  index: number,
): Case {
  if (index < l.directed.length) {
    const d = l.directed[index];
    return { index, label: d.label, image: d.build(), chunkSeed: index };
  }
  const t = index - l.directed.length;
  if (t < (l.truncEnds.at(-1) ?? 0)) {
    let k = 0;
    while (l.truncEnds[k] <= t) k++;
    const s = corpus.small[k];
    const n = t - (k ? l.truncEnds[k - 1] : 0);
    return {
      index,
      label: `${s.name}: truncate to ${n}`,
      image: s.bytes.subarray(0, n),
      chunkSeed: index,
    };
  }
  const r = Rng.stream(seed, index);
  if (r.chance(0.3)) {
    const sample = r.pick(corpus.jsons);
    const [json, label] = mutateJson(r, sample, corpus);
    return {
      index,
      label: `${sample.name}: ${label}`,
      json,
      chunkSeed: r.u32(),
    };
  }
  const s = r.pick(corpus.images);
  let bytes = s.bytes;
  const labels: string[] = [];
  for (let k = r.chance(0.7) ? 1 : 2 + r.int(2); k > 0; k--) {
    const [out, label] = MUTATIONS[r.pick(MUTATION_NAMES)](r, s, bytes, corpus);
    bytes = out;
    labels.push(label);
  }
  return {
    index,
    label: `${s.name}: ${labels.join("; ")}`,
    image: bytes,
    chunkSeed: r.u32(),
  };
}
