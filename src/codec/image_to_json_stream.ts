/**
 * Bytes -> crit's JSON text, as a TransformStream with bounded memory.
 *
 * @module
 */
import { type ImageToJson, imageToJson } from "./image_to_json.ts";
import type { ImageToJsonOptions } from "./options.ts";

export type { ImageToJsonOptions } from "./options.ts";

/**
 * Turns an image stream into exactly the JSON text `crit decode` writes
 * (`stringify(await decode(...))`), entry by entry. Payloads of any size are
 * streamed into their base64 strings, so memory stays bounded however large
 * the image or its payloads are.
 *
 * @example Decode a file to JSON on stdout
 * ```ts
 * import { ImageToJsonStream } from "@ckpt/crit";
 * const file = await Deno.open("tests/fixtures/01-sleep/pstree.img");
 * await file.readable
 *   .pipeThrough(new ImageToJsonStream({ pretty: true }))
 *   .pipeThrough(new TextEncoderStream())
 *   .pipeTo(Deno.stdout.writable);
 * ```
 */
export class ImageToJsonStream extends TransformStream<Uint8Array, string> {
  /** Takes the same options as {@linkcode decode}, without a payload limit. */
  constructor(options?: ImageToJsonOptions) {
    let converter!: ImageToJson;
    super({
      start(controller) {
        converter = imageToJson(options, (t) => controller.enqueue(t));
      },
      transform(chunk) {
        converter.push(chunk);
      },
      flush() {
        converter.end();
      },
    });
  }
}
