/**
 * The fuzzer's corpus: every fixture image that decodes, with the places
 * worth corrupting, and every crit JSON text that is an image (not `info`
 * output).
 *
 * @module
 */
import type { CriuImage } from "../../mod.ts";
import { decodeSync, encodeSync, IMG_COMMON, IMG_SERVICE } from "../../mod.ts";
import { readU32, readVarint } from "./bytes.ts";

/** Fixture files as read from disk. */
export interface CorpusFiles {
  /** Images that decode, named `scenario/file`. */
  images: { name: string; bytes: Uint8Array }[];
  /** crit's JSON of images, named `scenario/ref/file`. */
  jsons: { name: string; text: string }[];
}

/** One fixture image and the places in it worth corrupting. */
export interface ImageSample {
  /** `scenario/file`. */
  name: string;
  /** The image as the fixture has it. */
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

/** What the fuzzer mutates. */
export interface Corpus {
  /** Every image that decodes. */
  images: ImageSample[];
  /** Images under 4 KiB, truncated at every byte. */
  small: ImageSample[];
  /** crit's JSON texts, parsed when first mutated. */
  jsons: { name: string; text: string; parsed?: CriuImage }[];
}

/** Reads the images that decode and the crit JSON texts under `root`. */
export async function readCorpusFiles(root: string): Promise<CorpusFiles> {
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

function headerLength(b: Uint8Array): number {
  const first = readU32(b, 0);
  return first === IMG_COMMON || first === IMG_SERVICE ? 8 : 4;
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

/** Finds the places worth corrupting in every image of `files`. */
export function analyse(files: CorpusFiles): Corpus {
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
      const end = Math.min(at + 4 + readU32(bytes, at), bytes.length);
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
