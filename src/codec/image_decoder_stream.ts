/**
 * Bytes -> entries, as a TransformStream.
 *
 * @module
 */
import type { JsonObject } from "../json/types.ts";
import { EntryPump } from "../image/pump.ts";
import { type DecodeOptions, pumpOptions } from "./options.ts";

/**
 * Decodes an image stream into its entries (crit's JSON objects), one chunk
 * of input at a time. The image's magic is known before the first entry:
 * await {@linkcode ImageDecoderStream.magic}.
 *
 * @example List the pagemap of a task without holding its image in memory
 * ```ts
 * import { ImageDecoderStream } from "@ckpt/crit";
 * const file = await Deno.open("tests/fixtures/01-sleep/pagemap-25537.img");
 * const decoder = new ImageDecoderStream({ pretty: true });
 * const entries = file.readable.pipeThrough(decoder);
 * console.log(await decoder.magic); // "PAGEMAP"
 * for await (const entry of entries) console.log(entry.vaddr);
 * ```
 */
export class ImageDecoderStream
  extends TransformStream<Uint8Array, JsonObject> {
  /** The image's magic name, resolved when the header has been read. */
  readonly magic: Promise<string>;

  /** Takes the same options as {@linkcode decode}. */
  constructor(options?: DecodeOptions) {
    const opts = pumpOptions(options);
    let resolve!: (magic: string) => void;
    let reject!: (e: unknown) => void;
    const magic = new Promise<string>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Callers that only read entries must not see an unhandled rejection.
    magic.catch(() => {});
    let pump!: EntryPump;
    super(
      {
        start(controller) {
          pump = new EntryPump(opts, {
            magic: resolve,
            entry: (e) => controller.enqueue(e),
          });
        },
        transform(chunk) {
          try {
            pump.push(chunk);
          } catch (e) {
            reject(e);
            throw e;
          }
        },
        flush() {
          try {
            pump.end();
          } catch (e) {
            reject(e);
            throw e;
          }
        },
      },
      undefined,
      {
        // Room for one entry: input is taken (and the header read) before
        // anyone reads, so `await magic` first does not wait forever; past
        // one entry, a slow reader still holds the input back.
        highWaterMark: 1,
      },
    );
    this.magic = magic;
  }
}
