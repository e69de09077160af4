/**
 * Binary image -> crit's JSON object.
 *
 * @module
 */
import type { CriuImage, JsonObject } from "../json/types.ts";
import { EntryPump } from "../image/pump.ts";
import { type DecodeOptions, pumpOptions } from "./options.ts";

export { type DecodeOptions, DEFAULT_MAX_ENTRY_SIZE } from "./options.ts";

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
