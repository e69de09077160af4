/**
 * Binary image -> crit's JSON object.
 *
 * @module
 */
import type { CriuImage, JsonObject } from "../json/types.ts";
import { EntryPump } from "../image/pump.ts";
import { type DecodeOptions, pumpOptions } from "./options.ts";
import type { CriuImageOf, ImageMagic } from "../image/entries.generated.ts";

export { type DecodeOptions, DEFAULT_MAX_ENTRY_SIZE } from "./options.ts";

/**
 * Options of a typed decode: the magic the image must have, and values
 * without `pretty` (the generated types describe those).
 */
export type TypedDecodeOptions<M extends ImageMagic> = DecodeOptions & {
  magic: M;
  pretty?: false;
};

/**
 * Decodes a whole image held in memory, checking that it is of kind
 * `options.magic`: its entries are typed ({@linkcode CriuImageOf}), every
 * 64-bit integer a `bigint`.
 *
 * @example Sizes of the memory areas of a task
 * ```ts
 * import { decodeSync } from "@ckpt/crit";
 * const bytes = Deno.readFileSync("tests/fixtures/01-sleep/mm-25537.img");
 * const mm = decodeSync(bytes, { magic: "MM", bigint: "always" });
 * const sizes = (mm.entries[0].vmas ?? []).map((v) => v.end - v.start);
 * console.log(sizes.every((size) => size % 4096n === 0n)); // true
 * ```
 */
export function decodeSync<M extends ImageMagic>(
  bytes: Uint8Array,
  options: TypedDecodeOptions<M> & { bigint: "always" },
): CriuImageOf<M, bigint>;
/**
 * Decodes a whole image held in memory, checking that it is of kind
 * `options.magic`: its entries are typed ({@linkcode CriuImageOf}).
 *
 * @example Decode an MM image, typed
 * ```ts
 * import { decodeSync } from "@ckpt/crit";
 * const bytes = Deno.readFileSync("tests/fixtures/01-sleep/mm-25537.img");
 * const mm = decodeSync(bytes, { magic: "MM" });
 * const vmas = mm.entries[0].vmas ?? [];
 * console.log(vmas.length > 0, typeof vmas[0].start); // true number
 * ```
 */
export function decodeSync<M extends ImageMagic>(
  bytes: Uint8Array,
  options: TypedDecodeOptions<M>,
): CriuImageOf<M>;
/**
 * Decodes a whole image held in memory.
 *
 * @example Decode a pstree image
 * ```ts
 * import { decodeSync, encodeSync } from "@ckpt/crit";
 * const bytes = encodeSync({ magic: "PSTREE", entries: [{ pid: 1, ppid: 0, pgid: 1, sid: 1 }] });
 * console.log(decodeSync(bytes).entries[0].pid); // 1
 * ```
 */
export function decodeSync(
  bytes: Uint8Array,
  options?: DecodeOptions,
): CriuImage;
export function decodeSync(
  bytes: Uint8Array,
  options?: DecodeOptions,
): CriuImage {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError("decodeSync expects a Uint8Array");
  }
  const entries: JsonObject[] = [];
  const pump = new EntryPump(pumpOptions(options), {
    entry: (e) => entries.push(e),
  });
  pump.push(bytes);
  pump.end();
  return { magic: pump.magic!, entries };
}

/**
 * Decodes an image from bytes or a byte stream, checking that it is of kind
 * `options.magic`: its entries are typed ({@linkcode CriuImageOf}), every
 * 64-bit integer a `bigint`.
 *
 * @example The lowest address of a task's memory
 * ```ts
 * import { decode } from "@ckpt/crit";
 * const file = await Deno.open("tests/fixtures/01-sleep/mm-25537.img");
 * const mm = await decode(file.readable, { magic: "MM", bigint: "always" });
 * const starts = (mm.entries[0].vmas ?? []).map((v) => v.start);
 * console.log(starts.reduce((a, b) => a < b ? a : b) > 0n); // true
 * ```
 */
export function decode<M extends ImageMagic>(
  input: Uint8Array | ReadableStream<Uint8Array>,
  options: TypedDecodeOptions<M> & { bigint: "always" },
): Promise<CriuImageOf<M, bigint>>;
/**
 * Decodes an image from bytes or a byte stream, checking that it is of kind
 * `options.magic`: its entries are typed ({@linkcode CriuImageOf}).
 *
 * @example Decode an MM image from a file, typed
 * ```ts
 * import { decode } from "@ckpt/crit";
 * const file = await Deno.open("tests/fixtures/01-sleep/mm-25537.img");
 * const mm = await decode(file.readable, { magic: "MM" });
 * console.log(mm.entries[0].exe_file_id > 0); // true
 * ```
 */
export function decode<M extends ImageMagic>(
  input: Uint8Array | ReadableStream<Uint8Array>,
  options: TypedDecodeOptions<M>,
): Promise<CriuImageOf<M>>;
/**
 * Decodes an image from bytes or a byte stream into crit's JSON object.
 * The stream is consumed as it arrives; use {@linkcode ImageDecoderStream}
 * to get entries one by one instead of the whole image.
 *
 * @example Decode a file
 * ```ts
 * import { decode } from "@ckpt/crit";
 * const file = await Deno.open("tests/fixtures/01-sleep/pstree.img");
 * const image = await decode(file.readable, { pretty: true });
 * console.log(image.magic, image.entries.length);
 * ```
 */
export function decode(
  input: Uint8Array | ReadableStream<Uint8Array>,
  options?: DecodeOptions,
): Promise<CriuImage>;
export async function decode(
  input: Uint8Array | ReadableStream<Uint8Array>,
  options?: DecodeOptions,
): Promise<CriuImage> {
  if (input instanceof Uint8Array) return decodeSync(input, options);
  if (!(input instanceof ReadableStream)) {
    throw new TypeError("decode expects a Uint8Array or a ReadableStream");
  }
  const entries: JsonObject[] = [];
  const pump = new EntryPump(pumpOptions(options), {
    entry: (e) => entries.push(e),
  });
  for await (const chunk of input) pump.push(chunk);
  pump.end();
  return { magic: pump.magic!, entries };
}
