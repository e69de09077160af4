/**
 * Fuzzer for the decoder and encoder: mutated fixture images go through
 * `decodeSync` (plain, pretty, nopl), `decode` on a chunked stream, the text
 * path (JSON written straight from the wire) and `info`; mutated crit JSON
 * goes through `parse` and `encodeSync`, and through the streamed encoder
 * (JSON read straight to the wire), which must give the same bytes.
 *
 *     deno task fuzz [--cases N] [--seed S] [--stride K] [--workers W]
 *     deno task fuzz --seed S --case I [--save FILE]   # replay one case
 *
 * A case passes when every failure is one of our documented errors
 * (CriuImageError and subclasses, RangeError from a limit, JsonShapeError from
 * encode, SyntaxError from parse), it finishes within the time limit, memory
 * stays within bounds, and whatever decodes survives
 * `encodeSync(parse(stringify(image)))` and decodes back to the same JSON.
 *
 * Cases are numbered. The first ones are systematic and the same for every
 * seed: size fields set to 4 GiB and beyond, then truncation of every small
 * image at every byte. The rest are random, each drawn from its own PRNG
 * seeded with (seed, case number), so any case can be replayed alone. Cases
 * run in child processes; this one kills those that hang or grow too big.
 *
 * @module
 */
import {
  CriuImageError,
  decode,
  decodeSync,
  encodeSync,
  IMG_COMMON,
  IMG_SERVICE,
  info,
  JsonShapeError,
  MAGICS,
  parse,
  stringify,
  UnknownMagicError,
} from "../mod.ts";
import type { CriuImage, JsonObject, JsonValue } from "../mod.ts";
import { imageToJson } from "../src/codec/image_to_json.ts";
import { JsonImageReader } from "../src/codec/json_image_reader.ts";
import { concatBytes } from "../src/wire/bytes.ts";

// ---------------------------------------------------------------------------
// PRNG: splitmix32 seeds xoshiro128**, so every (seed, case) has its own
// stream and replaying a case does not depend on the cases before it.
// ---------------------------------------------------------------------------

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number, stream: number) {
    const st = { s: seed | 0 };
    st.s = splitmix32(st) ^ Math.imul(stream | 0, 0x27d4eb2f);
    st.s ^= Math.floor(stream / 2 ** 32);
    this.#a = splitmix32(st);
    this.#b = splitmix32(st);
    this.#c = splitmix32(st);
    this.#d = splitmix32(st) | 1;
  }

  /** Uniform uint32. */
  u32(): number {
    const result = Math.imul(rotl(Math.imul(this.#b, 5), 7), 9) >>> 0;
    const t = this.#b << 9;
    this.#c ^= this.#a;
    this.#d ^= this.#b;
    this.#b ^= this.#c;
    this.#a ^= this.#d;
    this.#c ^= t;
    this.#d = rotl(this.#d, 11);
    return result;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return n <= 0 ? 0 : Math.floor((this.u32() / 2 ** 32) * n);
  }

  chance(p: number): boolean {
    return this.u32() < p * 2 ** 32;
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)];
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

// ---------------------------------------------------------------------------
// Corpus: every fixture image that decodes, with the places worth corrupting,
// and every crit JSON text that is an image (not `info` output).
// ---------------------------------------------------------------------------

/** Fixture files as read from disk. */
interface CorpusFiles {
  images: { name: string; bytes: Uint8Array }[];
  jsons: { name: string; text: string }[];
}

interface ImageSample {
  name: string;
  bytes: Uint8Array;
  /** Offset of the first entry's size word. */
  header: number;
  /** Offsets of the u32 entry size words. */
  sizes: number[];
  /** Offsets of varint length prefixes of nested protobuf fields. */
  lengths: number[];
  /** Offsets of varint field values (sizes of payloads among them). */
  varints: number[];
  /** Whole fields, with the size word and length prefixes around them. */
  fields: { start: number; end: number; chain: number[] }[];
}

interface Corpus {
  images: ImageSample[];
  /** Images under 4 KiB, truncated at every byte. */
  small: ImageSample[];
  jsons: { name: string; text: string; parsed?: CriuImage }[];
}

async function readCorpusFiles(root: string): Promise<CorpusFiles> {
  const files: CorpusFiles = { images: [], jsons: [] };
  const dirs = [];
  for await (const d of Deno.readDir(root)) {
    if (d.isDirectory) dirs.push(d.name);
  }
  dirs.sort();
  for (const dir of dirs) {
    const names = [];
    for await (const f of Deno.readDir(`${root}/${dir}`)) {
      if (f.isFile) names.push(f.name);
    }
    for (const name of names.sort()) {
      const bytes = await Deno.readFile(`${root}/${dir}/${name}`);
      try {
        decodeSync(bytes);
      } catch {
        // Raw images and notes: nothing for the decoder to get wrong.
        continue;
      }
      files.images.push({ name: `${dir}/${name}`, bytes });
    }
    let refs: string[] = [];
    try {
      for await (const f of Deno.readDir(`${root}/${dir}/ref`)) {
        if (f.name.endsWith(".json") && !f.name.endsWith(".info.json")) {
          refs.push(f.name);
        }
      }
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    refs = refs.sort();
    for (const name of refs) {
      files.jsons.push({
        name: `${dir}/ref/${name}`,
        text: await Deno.readTextFile(`${root}/${dir}/ref/${name}`),
      });
    }
  }
  return files;
}

function u32le(b: Uint8Array, at: number): number {
  return (b[at] | b[at + 1] << 8 | b[at + 2] << 16 | b[at + 3] << 24) >>> 0;
}

function headerLength(b: Uint8Array): number {
  const first = u32le(b, 0);
  return first === IMG_COMMON || first === IMG_SERVICE ? 8 : 4;
}

/** Reads a varint at `at`; returns [value, end] or undefined past `end`. */
function readVarint(
  b: Uint8Array,
  at: number,
  end: number,
): [bigint, number] | undefined {
  let v = 0n;
  for (let shift = 0n; at < end && shift < 70n; shift += 7n) {
    const c = b[at++];
    v |= BigInt(c & 0x7f) << shift;
    if (c < 0x80) return [v, at];
  }
  return undefined;
}

/**
 * Records where length prefixes, varint values and whole fields sit in a
 * protobuf message, without the schema: a length-delimited body that parses
 * cleanly as fields is taken as a nested message. `chain` holds the offsets
 * of the entry's size word and of every enclosing length prefix.
 */
function walkFields(
  b: Uint8Array,
  start: number,
  end: number,
  chain: number[],
  s: Pick<ImageSample, "lengths" | "varints" | "fields">,
): boolean {
  let at = start;
  const mark = [s.lengths.length, s.varints.length, s.fields.length];
  while (at < end) {
    const fieldAt = at;
    const tag = readVarint(b, at, end);
    if (!tag || tag[0] < 8n) break;
    at = tag[1];
    const wt = Number(tag[0] & 7n);
    if (wt === 0) {
      const v = readVarint(b, at, end);
      if (!v) break;
      s.varints.push(at);
      at = v[1];
    } else if (wt === 1 || wt === 5) {
      at += wt === 1 ? 8 : 4;
    } else if (wt === 2) {
      const len = readVarint(b, at, end);
      if (!len || len[1] + Number(len[0]) > end) break;
      s.lengths.push(at);
      const body = len[1];
      if (chain.length < 8) {
        walkFields(b, body, body + Number(len[0]), [...chain, at], s);
      }
      at = body + Number(len[0]);
    } else {
      break;
    }
    if (at <= end) s.fields.push({ start: fieldAt, end: at, chain });
  }
  if (at === end) return true;
  s.lengths.length = mark[0];
  s.varints.length = mark[1];
  s.fields.length = mark[2];
  return false;
}

/** Entry offsets: the length of the image holding only the entries before. */
function entryOffsets(bytes: Uint8Array): number[] {
  const image = decodeSync(bytes);
  const offsets: number[] = [];
  for (let k = 0; k < image.entries.length && k < 64; k++) {
    offsets.push(
      encodeSync({ magic: image.magic, entries: image.entries.slice(0, k) })
        .length,
    );
  }
  return offsets;
}

function analyse(files: CorpusFiles): Corpus {
  const images = files.images.map(({ name, bytes }) => {
    const sample: ImageSample = {
      name,
      bytes,
      header: headerLength(bytes),
      sizes: entryOffsets(bytes),
      lengths: [],
      varints: [],
      fields: [],
    };
    for (const at of sample.sizes) {
      const end = Math.min(at + 4 + u32le(bytes, at), bytes.length);
      walkFields(bytes, at + 4, end, [at], sample);
    }
    return sample;
  });
  return {
    images,
    small: images.filter((s) => s.bytes.length < 4096),
    jsons: files.jsons,
  };
}

// ---------------------------------------------------------------------------
// Byte-level mutations.
// ---------------------------------------------------------------------------

const MAX_ENTRY = 64 * 1024 * 1024;

function varintBytes(v: bigint): number[] {
  const out: number[] = [];
  v = BigInt.asUintN(64, v);
  while (v > 0x7fn) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

function splice(
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

function setU32(b: Uint8Array, at: number, v: number): Uint8Array {
  const out = b.slice();
  if (at + 4 <= out.length) {
    out[at] = v;
    out[at + 1] = v >>> 8;
    out[at + 2] = v >>> 16;
    out[at + 3] = v >>> 24;
  }
  return out;
}

function replaceVarint(b: Uint8Array, at: number, v: bigint): Uint8Array {
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
  return setU32(out, chain[0], u32le(out, chain[0]) + delta);
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
type Mutation = (
  r: Rng,
  s: ImageSample,
  b: Uint8Array,
  corpus: Corpus,
) => [Uint8Array, string];

const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xff];

const MUTATIONS: Record<string, Mutation> = {
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
    const v = r.chance(0.8) ? r.pick(sizeValues(u32le(b, at))) : r.u32();
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

const MUTATION_NAMES = Object.keys(MUTATIONS);

// ---------------------------------------------------------------------------
// JSON mutations: on the parsed value, with raw literals spliced into the
// text afterwards (a sentinel string marks where), or on the text itself.
// ---------------------------------------------------------------------------

const SENTINEL = "\u0001fuzz\u0001";
const SENTINEL_TEXT = '"\\u0001fuzz\\u0001"';

const WRONG_TYPES = [
  '"x"',
  '""',
  "0",
  "-1",
  "true",
  "false",
  "null",
  "[]",
  "{}",
  "[1, 2]",
  '{"a": 1}',
  "1.5",
  '"0x10"',
  '["x"]',
];
const HUGE_NUMBERS = [
  "1e400",
  "-1e400",
  "1e308",
  "1180591620717411303424",
  "-1180591620717411303424",
  "-1",
  "-2147483649",
  "2147483648",
  "4294967295",
  "4294967296",
  "9007199254740993",
  "9223372036854775808",
  "-9223372036854775809",
  "18446744073709551615",
  "18446744073709551616",
  "1e2",
  "-0",
  "0.0",
  "1E+2",
];
const BAD_BASE64 = [
  '"!!!!"',
  '"QQ"',
  '"QQ="',
  '"Q==="',
  '"===="',
  '"QUJDRA==QQ=="',
  '"QUJD RA=="',
  '"QUJD\\nRA==\\n"',
  '"\\u00e9AAA"',
  '"\\udc80AAA"',
  '"AAAA\\u0000"',
  '""',
];
const BAD_INTS = [
  '"0x"',
  '"0xg"',
  '"0x-1"',
  '"-0x1"',
  '"0x1ffffffffffffffff"',
  '"0x_1"',
  '"0x1__2"',
  '" 0x1 "',
  '"1_0"',
  '"0o777"',
  '"0b2"',
  '"0X1F"',
  '"00"',
  '"+0x1"',
  '"\\u0663"',
  '"1e3"',
  '"0x100000000"',
];
const BAD_FLAGS = [
  '"PROT_READ | NOPE"',
  '"NOPE"',
  '"|"',
  '"PROT_READ || PROT_WRITE"',
  '"0x1 | 0x1"',
  '"PROT_READ |"',
  '" "',
  '"prot_read"',
  '"MAP_SHARED | 0xffffffff"',
  '"VMA_AREA_REGULAR | 0x100000000"',
  '"O_RDWR | -1"',
];
const BAD_DEVS = [
  '"1:2:3"',
  '"a:b"',
  '"-1:5"',
  '"4096:0"',
  '"1:1048576"',
  '":"',
  '"1:"',
  '"0x1:2"',
  '"4095:1048575"',
  '"1 : 2"',
];
const BAD_IPS = [
  '"1.2.3"',
  '"::1::"',
  '"256.1.1.1"',
  '"1.2.3.4.5"',
  '"fe80::1%eth0"',
  '"::ffff:1.2.3.4"',
  '"01.2.3.4"',
  '"::"',
  '"1:2:3:4:5:6:7:8:9"',
  '"::g"',
];
const BAD_NAMES = ['"NOPE"', '""', '"Alive "', '"stream"', '"0x1"', '"1"'];
const TEXT_EDIT_CHARS = [
  ...'{}[]:,"\\ 0123456789-+.eExtfnul',
  "\u00e9",
  "\ud800",
  "\udc80",
  "\u0000",
  "\n",
];

interface Slot {
  parent: JsonObject | JsonValue[];
  key: string | number;
}

function slots(v: JsonValue, out: Slot[]): Slot[] {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      out.push({ parent: v, key: i });
      slots(v[i], out);
    }
  } else if (v !== null && typeof v === "object") {
    for (const k of Object.keys(v)) {
      out.push({ parent: v, key: k });
      slots(v[k], out);
    }
  }
  return out;
}

function get(s: Slot): JsonValue {
  return (s.parent as Record<string | number, JsonValue>)[s.key];
}

function set(s: Slot, v: JsonValue): void {
  (s.parent as Record<string | number, JsonValue>)[s.key] = v;
}

function literalsFor(value: JsonValue): readonly string[] {
  if (typeof value !== "string") return [...HUGE_NUMBERS, ...BAD_INTS];
  if (/^-?0x/i.test(value)) return BAD_INTS;
  if (/^\d+:\d+$/.test(value)) return BAD_DEVS;
  if (/^[\d.]+$|:.*:/.test(value)) return BAD_IPS;
  if (value.includes("|") || /^[A-Z][A-Z0-9_]+$/.test(value)) {
    return [...BAD_FLAGS, ...BAD_NAMES];
  }
  if (/^[A-Za-z0-9+/=\n]+$/.test(value)) return BAD_BASE64;
  return [...BAD_NAMES, ...BAD_BASE64];
}

function mutateJson(
  r: Rng,
  sample: Corpus["jsons"][number],
  corpus: Corpus,
): [string, string] {
  const pretty = sample.text.includes("\n");
  const kind = r.pick([
    "wrongType",
    "delete",
    "huge",
    "badText",
    "badText",
    "nesting",
    "textEdit",
    "textEdit",
    "magic",
    "addKey",
    "entries",
  ]);
  if (kind === "textEdit") {
    let text = sample.text;
    const edits: string[] = [];
    for (let k = 1 + r.int(4); k > 0; k--) {
      const at = r.int(text.length + 1);
      const ch = r.pick(TEXT_EDIT_CHARS);
      switch (r.int(3)) {
        case 0:
          text = text.slice(0, at) + text.slice(at + 1);
          edits.push(`delete ${at}`);
          break;
        case 1:
          text = text.slice(0, at) + ch + text.slice(at);
          edits.push(`insert ${JSON.stringify(ch)} at ${at}`);
          break;
        default:
          text = text.slice(0, at) + ch + text.slice(at + 1);
          edits.push(`replace ${at} by ${JSON.stringify(ch)}`);
      }
    }
    return [text, `text edits ${edits.join(", ")}`];
  }
  const image = structuredClone(sample.parsed ??= parse(sample.text));
  const all = slots(image.entries as JsonValue, [{
    parent: image as unknown as JsonObject,
    key: "entries",
  }]);
  const slot = r.pick(all);
  const path = `${String(slot.key)}`;
  let literal: string | undefined;
  let label: string;
  switch (kind) {
    case "wrongType":
      literal = r.pick(WRONG_TYPES);
      label = `${path} = ${literal}`;
      break;
    case "delete":
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
      else delete slot.parent[slot.key as string];
      label = `delete ${path}`;
      break;
    case "huge":
      literal = r.pick(HUGE_NUMBERS);
      label = `${path} = ${literal}`;
      break;
    case "badText": {
      const strings = all.filter((s) => typeof get(s) === "string");
      const target = strings.length && r.chance(0.8) ? r.pick(strings) : slot;
      literal = r.pick(literalsFor(get(target)));
      set(target, SENTINEL);
      return [
        stringify(image, { pretty }).replace(SENTINEL_TEXT, literal),
        `${String(target.key)} ${JSON.stringify(get(target))} -> ${literal}`,
      ];
    }
    case "nesting": {
      const depth = r.pick([511, 600, 10000]);
      literal = r.chance(0.5)
        ? "[".repeat(depth) + "]".repeat(depth)
        : '{"a": '.repeat(depth) + "1" + "}".repeat(depth);
      label = `${path} = ${depth} nested levels`;
      break;
    }
    case "magic": {
      const names = Object.keys(MAGICS);
      image.magic = r.chance(0.8) ? r.pick(names) : r.pick(["", "NOPE", "0x1"]);
      label = `magic = ${image.magic}`;
      break;
    }
    case "addKey": {
      const objects = all.map(get).filter((v): v is JsonObject =>
        v !== null && typeof v === "object" && !Array.isArray(v)
      );
      const key = r.pick(["bogus", "extra", "@unknown", "__proto__", "0"]);
      literal = r.pick([...WRONG_TYPES, ...BAD_BASE64]);
      if (objects.length) r.pick(objects)[key] = SENTINEL;
      label = `add key ${key} = ${literal}`;
      return [
        stringify(image, { pretty }).replace(SENTINEL_TEXT, literal),
        label,
      ];
    }
    default: {
      const entries = image.entries;
      const op = r.int(3);
      const i = r.int(entries.length);
      if (op === 0 && entries.length) entries.push(structuredClone(entries[i]));
      else if (op === 1 && entries.length) entries.splice(i, 1);
      else if (entries.length) entries.unshift(entries.splice(i, 1)[0]);
      label = `entries: ${["repeat", "drop", "move to front"][op]} ${i}`;
      // Another image's entries under this magic.
      if (r.chance(0.3)) {
        const other = r.pick(corpus.jsons);
        image.entries = structuredClone(
          (other.parsed ??= parse(other.text)).entries,
        );
        label = `entries of ${other.name}`;
      }
    }
  }
  if (literal !== undefined) set(slot, SENTINEL);
  const text = stringify(image, { pretty });
  return [
    literal === undefined ? text : text.replace(SENTINEL_TEXT, literal),
    label,
  ];
}

// ---------------------------------------------------------------------------
// Cases.
// ---------------------------------------------------------------------------

interface Case {
  index: number;
  /** What was done to which fixture, for the report. */
  label: string;
  image?: Uint8Array;
  json?: string;
  /** Chunk sizes for the streamed decode come from this. */
  chunkSeed: number;
}

interface Layout {
  /** Systematic cases built on demand, by case number. */
  directed: { label: string; build(): Uint8Array }[];
  /** Cumulative truncation counts over `small`. */
  truncEnds: number[];
}

/** An image of `magic` holding one entry with this message body. */
function oneEntry(magic: string, body: ArrayLike<number>): Uint8Array {
  const head = encodeSync({ magic, entries: [] });
  const out = new Uint8Array(head.length + 4 + body.length);
  out.set(head);
  out.set(setU32(new Uint8Array(4), 0, body.length), head.length);
  out.set(body, head.length + 4);
  return out;
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

function repeatBytes(piece: number[], times: number): number[] {
  const out = new Array(piece.length * times);
  for (let i = 0; i < out.length; i++) out[i] = piece[i % piece.length];
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
        return oneEntry("APPARMOR", [
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
        return oneEntry("CGROUP", [
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
      oneEntry("CORE", [
        0x08,
        1,
        ...repeatBytes([0x1a, 2, 0x08, 1], 30_000),
        ...[0x1a, 12, 0x08, 1, 0x10, 0, 0x18, 0, 0x20, 0, 0x28, 0, 0x32, 0],
      ]),
  }, {
    label: "PSTREE: 30000 unknown fields",
    build: () =>
      oneEntry("PSTREE", [
        ...[0x08, 1, 0x10, 0, 0x18, 1, 0x20, 1],
        ...repeatBytes([0xf8, 0x3e, 0], 30_000),
      ]),
  });
  return cases;
}

const CRAFTED = craftedCases().length;

function layout(corpus: Corpus): Layout {
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

function sweepSize(l: Layout): number {
  return l.directed.length + (l.truncEnds.at(-1) ?? 0);
}

function makeCase(
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
  const r = new Rng(seed, index);
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

// ---------------------------------------------------------------------------
// Checks.
// ---------------------------------------------------------------------------

/**
 * One problem found by a case.
 *
 * @example Print a finding with its replay command
 * ```ts ignore
 * import { type Finding } from "./tools/fuzz.ts";
 * const show = (f: Finding, seed: number) =>
 *   `[${f.kind}] ${f.input}: ${f.detail} (deno task fuzz --seed ${seed} --case ${f.case})`;
 * ```
 */
export interface Finding {
  /** Case number; replay with `--seed <seed> --case <case>`. */
  case: number;
  /**
   * `error` (an error we do not document), `lossless` (the JSON round trip
   * fails or changes data), `modes` (plain and pretty disagree), `info`,
   * `stream` (disagree with decodeSync), `encode` (encode wrote an image
   * that does not read back), `slow`, `hang`, `memory` or `crash`.
   */
  kind: string;
  /** What the case did to which fixture. */
  input: string;
  /** What went wrong. */
  detail: string;
}

type Stage = "decode" | "info" | "parse" | "encode";

/** Messages of errors the JavaScript engine throws on its own: crashes. */
const ENGINE =
  /Cannot (read|set|convert|mix|access)|is not (a function|iterable|a constructor|defined|an object)|Maximum call stack|Invalid (array|typed array|string) length|allocation failed|out of memory|Do not know how|Unexpected token|Array buffer/;

function isLimit(e: unknown): boolean {
  return e instanceof RangeError && /limit|exceeds|deeper than/.test(e.message);
}

/** An engine error anywhere in the cause chain. */
function crashIn(e: unknown): Error | undefined {
  for (let c = e, k = 0; c instanceof Error && k < 8; c = c.cause, k++) {
    const ours = c instanceof CriuImageError || c instanceof JsonShapeError ||
      c.name === "WireError";
    if (!ours && (ENGINE.test(c.message) || c instanceof ReferenceError)) {
      return c;
    }
  }
  return undefined;
}

/** The counter name of an allowed error, or undefined for a finding. */
function allowed(stage: Stage, e: unknown): string | undefined {
  if (crashIn(e)) return undefined;
  if (isLimit(e)) return "RangeError(limit)";
  switch (stage) {
    case "decode":
    case "info":
      if (e instanceof UnknownMagicError) return "UnknownMagicError";
      if (e instanceof CriuImageError) return "CriuImageError";
      return undefined;
    case "parse":
      // parse throws TypeError when the text is JSON but not an object.
      if (e instanceof SyntaxError || e instanceof TypeError) {
        return (e as Error).name;
      }
      return undefined;
    case "encode":
      return e instanceof JsonShapeError ? "JsonShapeError" : undefined;
  }
}

function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const crash = crashIn(e);
  const top = `${e.name}: ${e.message}`;
  if (crash && crash !== e) {
    return `${top} (caused by ${crash.name}: ${crash.message})`;
  }
  return top;
}

function firstDiff(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const show = (s: string) =>
    JSON.stringify(s.slice(Math.max(0, i - 30), i + 30));
  return `at char ${i}: ${show(a)} vs ${show(b)}`;
}

/** Counts per stage and outcome, e.g. `decode pretty: CriuImageError`. */
type Tally = Record<string, number>;

interface Reporter {
  tally: Tally;
  finding(kind: string, detail: string): void;
}

function count(t: Tally, key: string): void {
  t[key] = (t[key] ?? 0) + 1;
}

const MODES = [
  ["plain", {}],
  ["pretty", { pretty: true }],
  ["nopl", { nopl: true }],
] as const;

/** Splits `bytes` into a stream of chunks 1..97 bytes long. */
function chunked(bytes: Uint8Array, seed: number): ReadableStream<Uint8Array> {
  const r = new Rng(seed, 0x5eed);
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) return c.close();
      const n = 1 + r.int(r.chance(0.5) ? 8 : 97);
      c.enqueue(bytes.slice(at, at += n));
    },
  });
}

async function checkImage(
  bytes: Uint8Array,
  chunkSeed: number,
  rep: Reporter,
): Promise<void> {
  const texts: Record<string, string | undefined> = {};
  const fails: Record<string, string | undefined> = {};
  let entries: number | undefined;
  for (const [mode, opts] of MODES) {
    let image: CriuImage;
    try {
      image = decodeSync(bytes, opts);
    } catch (e) {
      const cls = allowed("decode", e);
      count(rep.tally, `decode ${mode}: ${cls ?? "UNEXPECTED"}`);
      fails[mode] = cls ?? "unexpected";
      if (!cls) rep.finding("error", `decodeSync ${mode}: ${describeError(e)}`);
      continue;
    }
    count(rep.tally, `decode ${mode}: ok`);
    texts[mode] = stringify(image, { pretty: mode === "pretty" });
    if (mode === "nopl") {
      entries = image.magic === "PAGEMAP"
        ? Math.max(0, image.entries.length - 1)
        : image.entries.length;
    }
    if (mode !== "nopl") roundTrip(mode, texts[mode]!, texts.plain, rep);
  }
  const ok = MODES.map(([mode]) => texts[mode] !== undefined);
  if (ok.some((x) => x !== ok[0])) {
    rep.finding(
      "modes",
      MODES.map(([mode]) =>
        `${mode} ${texts[mode] ? "decodes" : `fails (${fails[mode]})`}`
      ).join(", "),
    );
  }
  let counted: number | undefined;
  try {
    counted = info(bytes).count;
    count(rep.tally, "info: ok");
  } catch (e) {
    const cls = allowed("info", e);
    count(rep.tally, `info: ${cls ?? "UNEXPECTED"}`);
    if (!cls) rep.finding("error", `info: ${describeError(e)}`);
  }
  if (entries !== counted) {
    rep.finding(
      "info",
      `info counts ${counted ?? "(fails)"}, decode --nopl gives ${
        entries ?? "(fails)"
      } entries`,
    );
  }
  // The stream path must agree with the buffer path, whatever the chunking.
  let streamed: string | undefined;
  try {
    streamed = stringify(await decode(chunked(bytes, chunkSeed)));
    count(rep.tally, "decode stream: ok");
  } catch (e) {
    const cls = allowed("decode", e);
    count(rep.tally, `decode stream: ${cls ?? "UNEXPECTED"}`);
    if (!cls) rep.finding("error", `decode (stream): ${describeError(e)}`);
  }
  if (streamed !== texts.plain && fails.plain !== "unexpected") {
    rep.finding(
      "stream",
      streamed === undefined || texts.plain === undefined
        ? `decodeSync ${texts.plain ? "decodes" : "fails"}, ` +
          `decode on a chunked stream ${streamed ? "decodes" : "fails"}`
        : `decode on a chunked stream differs ${
          firstDiff(texts.plain, streamed)
        }`,
    );
  }
  // The text path writes entries straight from the wire: same text.
  for (const [mode, opts] of MODES) {
    let text: string | undefined;
    try {
      text = textPath(bytes, opts, chunkSeed);
      count(rep.tally, `text ${mode}: ok`);
    } catch (e) {
      const cls = allowed("decode", e);
      count(rep.tally, `text ${mode}: ${cls ?? "UNEXPECTED"}`);
      if (!cls) rep.finding("error", `text path ${mode}: ${describeError(e)}`);
    }
    if (texts[mode] !== undefined && text !== texts[mode]) {
      rep.finding(
        "text",
        text === undefined
          ? `${mode}: decodeSync decodes, the text path fails`
          : `${mode}: the text path differs ${firstDiff(texts[mode]!, text)}`,
      );
    }
  }
}

/** imageToJson's text, fed in pieces of 1-97 bytes. */
function textPath(
  bytes: Uint8Array,
  opts: { pretty?: boolean; nopl?: boolean },
  seed: number,
): string {
  const r = new Rng(seed, 0x7e47);
  let text = "";
  const converter = imageToJson(opts, (t) => text += t);
  for (let at = 0; at < bytes.length;) {
    const n = 1 + r.int(r.chance(0.5) ? 8 : 97);
    converter.push(bytes.subarray(at, at += n));
  }
  converter.end();
  return text;
}

/** What parse or encodeSync rejects, the streamed encoder rejects too. */
function streamedRejects(text: string, what: string, rep: Reporter): void {
  try {
    streamedEncode(text, text.length);
  } catch (e) {
    const cls = allowed("parse", e) ?? allowed("encode", e);
    if (!cls) rep.finding("error", `streamed encode: ${describeError(e)}`);
    return;
  }
  rep.finding(
    "text",
    `${what} rejects the JSON, the streamed encoder takes it`,
  );
}

/** JsonImageReader's bytes, fed in pieces of 1-997 characters. */
function streamedEncode(text: string, seed: number): Uint8Array {
  const r = new Rng(seed, 0xe4c0);
  const parts: Uint8Array[] = [];
  const reader = new JsonImageReader((b) => parts.push(b.slice()), 4096);
  for (let at = 0; at < text.length;) {
    const n = 1 + r.int(r.chance(0.5) ? 16 : 997);
    reader.push(text.slice(at, at += n));
  }
  reader.end();
  return concatBytes(parts);
}

/** decoded JSON -> parse -> encodeSync -> decodeSync must give the same JSON. */
function roundTrip(
  mode: "plain" | "pretty",
  text: string,
  plainText: string | undefined,
  rep: Reporter,
): void {
  const pretty = mode === "pretty";
  let back: Uint8Array;
  try {
    back = encodeSync(parse(text));
  } catch (e) {
    rep.finding(
      "lossless",
      `${mode}: encodeSync(parse(stringify(decoded))) throws ${
        describeError(e)
      }`,
    );
    return;
  }
  let again: string;
  try {
    again = stringify(decodeSync(back, { pretty }), { pretty });
  } catch (e) {
    rep.finding(
      "lossless",
      `${mode}: the re-encoded image does not decode: ${describeError(e)}`,
    );
    return;
  }
  if (again !== text) {
    rep.finding(
      "lossless",
      `${mode}: JSON differs after the round trip ${firstDiff(text, again)}`,
    );
  } else if (pretty && plainText !== undefined) {
    // Pretty values (hex, flags, devices, addresses) must not drop bits.
    const plainAgain = stringify(decodeSync(back));
    if (plainAgain !== plainText) {
      rep.finding(
        "lossless",
        `pretty JSON loses data: plain decode differs after the pretty ` +
          `round trip ${firstDiff(plainText, plainAgain)}`,
      );
    }
  }
}

function checkJson(text: string, rep: Reporter): void {
  let image: CriuImage;
  try {
    image = parse(text);
    count(rep.tally, "parse: ok");
  } catch (e) {
    const cls = allowed("parse", e);
    count(rep.tally, `parse: ${cls ?? "UNEXPECTED"}`);
    if (!cls) rep.finding("error", `parse: ${describeError(e)}`);
    streamedRejects(text, "parse", rep);
    return;
  }
  let bytes: Uint8Array;
  try {
    bytes = encodeSync(image);
    count(rep.tally, "encode: ok");
  } catch (e) {
    const cls = allowed("encode", e);
    count(rep.tally, `encode: ${cls ?? "UNEXPECTED"}`);
    if (!cls) rep.finding("error", `encodeSync: ${describeError(e)}`);
    streamedRejects(text, "encodeSync", rep);
    return;
  }
  // The streamed encoder reads entries straight from the text: same bytes.
  let streamedBytes: Uint8Array | undefined;
  try {
    streamedBytes = streamedEncode(text, text.length);
  } catch (e) {
    // A documented limit (README): a streamed payload must end its entry.
    if (
      e instanceof JsonShapeError && e.message.includes('comes after "extra"')
    ) {
      count(rep.tally, "streamed encode: key after a streamed extra");
    } else {
      rep.finding("text", `streamed encode fails: ${describeError(e)}`);
    }
  }
  if (
    streamedBytes !== undefined &&
    (streamedBytes.length !== bytes.length ||
      streamedBytes.some((b, i) => b !== bytes[i]))
  ) {
    rep.finding(
      "text",
      `streamed encode writes ${streamedBytes.length} bytes, encodeSync ${bytes.length}`,
    );
  }
  // What encode accepts it must write readably and canonically.
  let decoded: string;
  try {
    decoded = stringify(decodeSync(bytes));
  } catch (e) {
    rep.finding(
      "encode",
      `encodeSync accepted the JSON but wrote an image that does not decode: ${
        describeError(e)
      }`,
    );
    return;
  }
  const again = encodeSync(parse(decoded));
  if (again.length !== bytes.length || again.some((b, i) => b !== bytes[i])) {
    rep.finding(
      "encode",
      `encodeSync output is not stable: decoding and encoding it again gives ${again.length} bytes instead of ${bytes.length}`,
    );
  }
}

/** Limits a case is held to. */
interface Limits {
  caseMs: number;
  /** Growth of the child's external (ArrayBuffer) memory after a case. */
  externalBytes: number;
}

async function runCase(
  c: Case,
  limits: Limits,
  tally: Tally,
  found: (f: Finding) => void,
): Promise<void> {
  const before = Deno.memoryUsage().external;
  const rep: Reporter = {
    tally,
    finding: (kind, detail) =>
      found({ case: c.index, kind, input: c.label, detail }),
  };
  const t0 = performance.now();
  try {
    if (c.image) await checkImage(c.image, c.chunkSeed, rep);
    else checkJson(c.json!, rep);
  } catch (e) {
    // A check that throws is a finding too (stringify, say, crashing).
    rep.finding("error", `the check itself threw: ${describeError(e)}`);
  }
  const ms = performance.now() - t0;
  if (ms > limits.caseMs) {
    rep.finding("slow", `took ${Math.round(ms)} ms (limit ${limits.caseMs})`);
  }
  const grown = Deno.memoryUsage().external - before;
  if (grown > limits.externalBytes) {
    rep.finding(
      "memory",
      `external memory grew by ${Math.round(grown / 2 ** 20)} MiB`,
    );
  }
}

// ---------------------------------------------------------------------------
// Child processes and the watchdog. Cases run in `deno` subprocesses, not
// workers: a worker cannot be stopped inside a long native call (a 4 GiB
// fill, say), and its running out of heap ends the whole process, while a
// child can always be killed and its memory is its own.
// ---------------------------------------------------------------------------

/**
 * Options of {@linkcode runFuzz}.
 *
 * @example Every 10th systematic case and 5000 random ones
 * ```ts ignore
 * import { type FuzzOptions } from "./tools/fuzz.ts";
 * const options: FuzzOptions = { fixtures: "tests/fixtures", seed: 7, cases: 5000, stride: 10 };
 * ```
 */
export interface FuzzOptions {
  /** Fixture root, laid out like tests/fixtures. */
  fixtures: string;
  /** PRNG seed of the random cases (uint32). */
  seed: number;
  /** Number of random cases after the systematic ones. */
  cases: number;
  /** Run every `stride`-th systematic case only (1 = all). Default 1. */
  stride?: number;
  /** Run exactly these case numbers instead. */
  only?: number[];
  /** Child processes running cases. Default 2. */
  workers?: number;
  /** A case slower than this is a finding. Default 2000 ms. */
  caseMs?: number;
  /** A case still running after this is killed as a hang. Default 20000 ms. */
  hangMs?: number;
  /** A child whose RSS passes this is killed. Default 1 GiB. */
  rssBytes?: number;
  /** Called with a short progress line now and then. */
  progress?: (line: string) => void;
}

/**
 * What {@linkcode runFuzz} found.
 *
 * @example
 * ```ts ignore
 * import { runFuzz } from "./tools/fuzz.ts";
 * const report = await runFuzz({ fixtures: "tests/fixtures", seed: 7, cases: 100 });
 * console.log(report.tally["decode plain: CriuImageError"], report.findings.length);
 * ```
 */
export interface FuzzReport {
  /** Cases run. */
  cases: number;
  /** Systematic cases among them. */
  systematic: number;
  /** Wall time in milliseconds. */
  ms: number;
  /** Outcome counts, e.g. `"decode pretty: CriuImageError": 1234`. */
  tally: Record<string, number>;
  /** Every problem, by case. */
  findings: Finding[];
  /** Highest RSS of one child process, in bytes (0 where /proc is missing). */
  peakRss: number;
}

/**
 * Resident memory of processes in bytes, by pid, from `ps` (reading /proc
 * takes --allow-all in Deno); empty when `ps` is missing.
 */
async function rssOf(pids: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  try {
    const ps = await new Deno.Command("ps", {
      args: ["-o", "pid=,rss=", "-p", pids.join(",")],
      stderr: "null",
    }).output();
    for (const line of new TextDecoder().decode(ps.stdout).split("\n")) {
      const [pid, kib] = line.trim().split(/\s+/).map(Number);
      if (kib >= 0) out.set(pid, kib * 1024);
    }
  } catch {
    // No ps: the children's own check of external memory remains.
  }
  return out;
}

interface Child {
  proc: Deno.ChildProcess;
  stdin: WritableStreamDefaultWriter<Uint8Array>;
  /** Case being run, -1 between chunks. */
  current: number;
  since: number;
  /** Settles the chunk in flight: undefined when it ran through. */
  settle?: (trouble?: { kind: string; detail: string }) => void;
  /** End of the child's stderr, for crash reports. */
  stderr: string;
}

const encoder = new TextEncoder();

/**
 * Runs the fuzzer and reports what it found; see the module docs for what a
 * case checks.
 *
 * @example A short run over the fixtures
 * ```ts ignore
 * import { runFuzz } from "./tools/fuzz.ts";
 * const report = await runFuzz({ fixtures: "tests/fixtures", seed: 1, cases: 1000, stride: 50 });
 * console.log(report.cases, report.findings.length);
 * ```
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const t0 = performance.now();
  const caseMs = options.caseMs ?? 2000;
  const hangMs = options.hangMs ?? 20000;
  const rssBytes = options.rssBytes ?? 2 ** 30;
  let peakRss = 0;
  const tally: Tally = {};
  const findings = new Map<string, Finding>();
  const add = (f: Finding) =>
    findings.set(`${f.case} ${f.kind} ${f.detail}`, f);
  const corpus = analyse(await readCorpusFiles(options.fixtures));
  const plan = layout(corpus);

  const spawn = (): Child => {
    const proc = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-read",
        new URL(import.meta.url).pathname,
        "--child",
        options.fixtures,
        String(options.seed),
        String(caseMs),
      ],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const child: Child = {
      proc,
      stdin: proc.stdin.getWriter(),
      current: -1,
      since: performance.now(),
      stderr: "",
    };
    (async () => {
      for await (
        const text of proc.stderr.pipeThrough(new TextDecoderStream())
      ) {
        child.stderr = (child.stderr + text).slice(-2000);
      }
    })();
    (async () => {
      let rest = "";
      for await (
        const text of proc.stdout.pipeThrough(new TextDecoderStream())
      ) {
        const lines = (rest + text).split("\n");
        rest = lines.pop()!;
        for (const line of lines) {
          const m = JSON.parse(line) as ChildLine;
          if ("start" in m) {
            child.current = m.start;
            child.since = performance.now();
          } else if ("finding" in m) {
            add(m.finding);
          } else {
            for (const [k, v] of Object.entries(m.tally)) {
              tally[k] = (tally[k] ?? 0) + v;
            }
            child.current = -1;
            child.settle?.();
          }
        }
      }
    })();
    proc.status.then((st) =>
      child.settle?.({
        kind: "crash",
        detail: `the process ended (${st.signal ?? `exit ${st.code}`}): ${
          child.stderr.trim().split("\n").slice(-3).join(" | ")
        }`,
      })
    );
    return child;
  };

  const children: (Child | undefined)[] = [];
  let done = 0;
  let total = 0;
  let lastProgress = performance.now();
  let polling = false;
  const timer = setInterval(() => {
    const now = performance.now();
    const busy = children.filter((c): c is Child =>
      c !== undefined && c.settle !== undefined && c.current >= 0
    );
    for (const c of busy) {
      if (now - c.since > hangMs) {
        c.settle!({
          kind: "hang",
          detail: `still running after ${hangMs} ms; killed`,
        });
      }
    }
    // Memory every few ticks: ps is a process of its own.
    if (!polling && busy.length && Math.floor(now / 50) % 5 === 0) {
      polling = true;
      rssOf(busy.map((c) => c.proc.pid)).then((sizes) => {
        polling = false;
        for (const c of busy) {
          const rss = sizes.get(c.proc.pid) ?? 0;
          peakRss = Math.max(peakRss, rss);
          if (rss > rssBytes) {
            c.settle?.({
              kind: "memory",
              detail: `RSS of the process passed ${
                Math.round(rssBytes / 2 ** 20)
              } MiB; killed`,
            });
          }
        }
      });
    }
    if (options.progress && now - lastProgress > 5000) {
      lastProgress = now;
      options.progress(`${done}/${total} cases, ${findings.size} findings`);
    }
  }, 50);

  const drain = async (queue: number[], slot: number): Promise<void> => {
    while (queue.length) {
      const child = children[slot] ??= spawn();
      const chunk = queue.splice(0, 25);
      const trouble = await new Promise<
        { kind: string; detail: string } | undefined
      >((resolve) => {
        child.settle = resolve;
        child.stdin.write(encoder.encode(JSON.stringify(chunk) + "\n"))
          .catch(() => {});
      });
      child.settle = undefined;
      if (!trouble) {
        done += chunk.length;
        continue;
      }
      const at = child.current < 0 ? chunk[0] : child.current;
      try {
        child.proc.kill("SIGKILL");
      } catch {
        // It is gone already.
      }
      children[slot] = undefined;
      add({
        case: at,
        kind: trouble.kind,
        input: makeCase(corpus, plan, options.seed, at).label,
        detail: trouble.detail,
      });
      done++;
      // The rest of the chunk runs again in a fresh process.
      queue.unshift(...chunk.slice(chunk.indexOf(at) + 1));
    }
  };

  try {
    const queue: number[] = options.only ? [...options.only] : [];
    if (!options.only) {
      const stride = Math.max(1, options.stride ?? 1);
      const sweep = sweepSize(plan);
      // The crafted cases are few and each tests something else: all run.
      for (let i = 0; i < sweep; i++) {
        if (i < CRAFTED || i % stride === 0) queue.push(i);
      }
      for (let i = 0; i < options.cases; i++) queue.push(sweep + i);
    }
    total = queue.length;
    const n = Math.max(1, options.workers ?? 2);
    await Promise.all(Array.from({ length: n }, (_, i) => drain(queue, i)));
  } finally {
    clearInterval(timer);
    for (const c of children) {
      if (!c) continue;
      await c.stdin.close().catch(() => {});
      await c.proc.status;
    }
  }
  return {
    cases: total,
    systematic: options.only ? 0 : total - options.cases,
    ms: performance.now() - t0,
    tally,
    findings: [...findings.values()].sort((a, b) => a.case - b.case),
    peakRss,
  };
}

/** What a child writes on stdout, one JSON value a line. */
type ChildLine =
  | { start: number }
  | { finding: Finding }
  | { tally: Tally };

/** A child: reads chunks of case numbers on stdin, reports on stdout. */
async function childMain(args: string[]): Promise<void> {
  const [fixtures, seed, caseMs] = args;
  const corpus = analyse(await readCorpusFiles(fixtures));
  const plan = layout(corpus);
  const limits: Limits = {
    caseMs: Number(caseMs),
    externalBytes: 512 * 2 ** 20,
  };
  const say = (m: ChildLine) => {
    const bytes = encoder.encode(JSON.stringify(m) + "\n");
    for (let at = 0; at < bytes.length;) {
      at += Deno.stdout.writeSync(bytes.subarray(at));
    }
  };
  let rest = "";
  for await (
    const text of Deno.stdin.readable.pipeThrough(new TextDecoderStream())
  ) {
    const lines = (rest + text).split("\n");
    rest = lines.pop()!;
    for (const line of lines) {
      const tally: Tally = {};
      for (const index of JSON.parse(line) as number[]) {
        say({ start: index });
        const c = makeCase(corpus, plan, Number(seed), index);
        await runCase(c, limits, tally, (finding) => say({ finding }));
      }
      say({ tally });
    }
  }
}

// ---------------------------------------------------------------------------
// Command line.
// ---------------------------------------------------------------------------

/** Prints the report like the CLI does; returns the exit status. */
function printReport(report: FuzzReport, seed: number): number {
  const lines = [
    `${report.cases} cases (${report.systematic} systematic) in ${
      (report.ms / 1000).toFixed(1)
    } s, seed ${seed}, peak RSS of a process ${
      Math.round(report.peakRss / 2 ** 20)
    } MiB`,
    "",
    "outcomes:",
  ];
  for (const k of Object.keys(report.tally).sort()) {
    lines.push(`  ${k.padEnd(40)} ${report.tally[k]}`);
  }
  lines.push("", `${report.findings.length} findings`);
  for (const f of report.findings) {
    lines.push(
      `  [${f.kind}] case ${f.case}: ${f.input}`,
      `      ${f.detail}`,
      `      replay: deno task fuzz --seed ${seed} --case ${f.case}`,
    );
  }
  console.log(lines.join("\n"));
  return report.findings.length ? 1 : 0;
}

async function cli(args: string[]): Promise<number> {
  const opts: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const m = /^--(cases|seed|stride|workers|case|save|fixtures)$/.exec(
      args[i],
    );
    if (!m || i + 1 >= args.length) {
      console.error(
        "usage: deno task fuzz [--cases N] [--seed S] [--stride K] [--workers W] [--fixtures DIR]\n" +
          "       deno task fuzz --seed S --case I [--save FILE]",
      );
      return 2;
    }
    opts[m[1]] = args[++i];
  }
  const seed = opts.seed === undefined
    ? Math.floor(Math.random() * 2 ** 32)
    : Number(opts.seed) >>> 0;
  const fixtures = opts.fixtures ??
    new URL("../tests/fixtures", import.meta.url).pathname;
  if (opts.case !== undefined) {
    const index = Number(opts.case);
    const corpus = analyse(await readCorpusFiles(fixtures));
    const c = makeCase(corpus, layout(corpus), seed, index);
    console.log(`case ${index}: ${c.label}`);
    if (opts.save) {
      await Deno.writeFile(
        opts.save,
        c.image ?? new TextEncoder().encode(c.json),
      );
      console.log(`input written to ${opts.save}`);
    }
  }
  const report = await runFuzz({
    fixtures,
    seed,
    cases: Number(opts.cases ?? 20000),
    stride: Number(opts.stride ?? 1),
    workers: Number(opts.workers ?? 2),
    only: opts.case === undefined ? undefined : [Number(opts.case)],
    progress: (line) => console.error(line),
  });
  return printReport(report, seed);
}

if (import.meta.main) {
  if (Deno.args[0] === "--child") await childMain(Deno.args.slice(1));
  else Deno.exit(await cli(Deno.args));
}
