/**
 * Entries -> bytes, as a TransformStream.
 *
 * @module
 */
import type { JsonObject } from "../json/types.ts";
import { hasHandler } from "../image/handlers.ts";
import { EntryWriter } from "../image/entry_writer.ts";
import { headerWord, MAGICS } from "../image/magic.ts";
import { WireWriter } from "../wire/wire.ts";

/**
 * Encodes entries (crit's JSON objects, plain or pretty values) into an
 * image of the given magic: the header first, then each entry as it comes.
 *
 * @example Write a pstree image entry by entry
 * ```ts
 * import { ImageEncoderStream } from "@ckpt/crit";
 * const entries = ReadableStream.from([{ pid: 1, ppid: 0, pgid: 1, sid: 1 }]);
 * const chunks = await Array.fromAsync(entries.pipeThrough(new ImageEncoderStream("PSTREE")));
 * console.log(chunks[0].length); // 8: the header words
 * ```
 */
export class ImageEncoderStream
  extends TransformStream<JsonObject, Uint8Array> {
  /** `magic` is the image kind, e.g. `"PAGEMAP"`. */
  constructor(magic: string) {
    if (!Object.hasOwn(MAGICS, magic) || !hasHandler(magic)) {
      throw new TypeError(`no image kind with magic ${JSON.stringify(magic)}`);
    }
    const writer = new EntryWriter(magic);
    super({
      start(controller) {
        const w = new WireWriter(8);
        const head = headerWord(magic);
        if (head !== undefined) w.fixed32(head);
        w.fixed32(MAGICS[magic]);
        controller.enqueue(w.finish());
      },
      transform(entry, controller) {
        const w = new WireWriter(256);
        writer.write(entry, w);
        controller.enqueue(w.finish());
      },
    });
  }
}
