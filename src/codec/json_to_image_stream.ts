/**
 * crit's JSON text -> image bytes, as a TransformStream with bounded memory.
 *
 * @module
 */
import { JsonImageReader } from "./json_image_reader.ts";

/** Options for {@linkcode JsonToImageStream}. */
export interface JsonToImageOptions {
  /**
   * Entries whose JSON text grows beyond this many characters have their
   * `extra` payload streamed instead of parsed whole. Default 1 MiB.
   */
  streamAbove?: number;
  /**
   * The image's magic, when known beforehand. JSON with sorted keys (`jq
   * -S`, Python's `sort_keys`) has `"entries"` before `"magic"`: without
   * this option its whole text is kept until the end; with it, entries are
   * encoded as they arrive and the `"magic"` key must match. Default: none.
   */
  magic?: string;
}

/**
 * Turns crit's JSON text (plain or `--pretty`) back into image bytes, entry
 * by entry. An entry whose text is large has its `extra` payload decoded from
 * base64 as the text arrives, so payloads of any size pass with bounded
 * memory. Input is text: pipe bytes through `TextDecoderStream` first.
 *
 * @example Encode a JSON file
 * ```ts
 * import { JsonToImageStream } from "@ckpt/crit";
 * const json = await Deno.open("tests/fixtures/01-sleep/ref/pstree.img.json");
 * const path = await Deno.makeTempFile({ suffix: ".img" });
 * const out = await Deno.create(path);
 * await json.readable
 *   .pipeThrough(new TextDecoderStream())
 *   .pipeThrough(new JsonToImageStream())
 *   .pipeTo(out.writable);
 * await Deno.remove(path);
 * ```
 */
export class JsonToImageStream extends TransformStream<string, Uint8Array> {
  /** See {@linkcode JsonToImageOptions}. */
  constructor(options?: JsonToImageOptions) {
    const streamAbove = options?.streamAbove ?? 1024 * 1024;
    if (!Number.isSafeInteger(streamAbove) || streamAbove < 0) {
      throw new TypeError(
        `streamAbove must be a non-negative integer, got ${streamAbove}`,
      );
    }
    let reader!: JsonImageReader;
    super({
      start(controller) {
        // Bytes handed out are only valid during the call: copy before queueing.
        reader = new JsonImageReader(
          (b) => controller.enqueue(b.slice()),
          streamAbove,
          options?.magic,
        );
      },
      transform(text) {
        reader.push(text);
      },
      flush() {
        reader.end();
      },
    });
  }
}
