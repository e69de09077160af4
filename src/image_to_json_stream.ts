/**
 * Bytes -> crit's JSON text, as a TransformStream with bounded memory.
 *
 * @module
 */
import { EntryPump } from "./_pump.ts";
import { JsonTextSink } from "./_json_text_sink.ts";
import { type DecodeOptions, pumpOptions } from "./decode.ts";

/** Options for {@linkcode ImageToJsonStream}. */
export type ImageToJsonOptions = Omit<DecodeOptions, "maxPayloadSize">;

/**
 * Turns an image stream into exactly the JSON text `crit decode` writes
 * (`stringify(await decode(...))`), entry by entry. Payloads of any size are
 * streamed into their base64 strings, so memory stays bounded however large
 * the image or its payloads are.
 *
 * @example Decode a file to JSON on stdout
 * ```ts ignore
 * import { ImageToJsonStream } from "@ckpt/crit";
 * const file = await Deno.open("dump/pipes-data.img");
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

/** Push-style form of ImageToJsonStream, for writers that write synchronously. */
export interface ImageToJson {
  push(chunk: Uint8Array): void;
  end(): void;
}

/**
 * Image bytes in, crit's JSON text out through `out`, entry by entry; with
 * `bytesOut`, the text goes there instead as ASCII bytes that are only valid
 * during the call.
 */
export function imageToJson(
  options: ImageToJsonOptions | undefined,
  out: (text: string) => void,
  bytesOut?: (bytes: Uint8Array) => void,
): ImageToJson {
  const opts = pumpOptions({ ...options, maxPayloadSize: undefined });
  const sink = new JsonTextSink(opts.pretty, out, bytesOut);
  const pump = new EntryPump(opts, {
    magic: (name) => sink.begin(name),
    entry: (e) => sink.plain(e),
    message: (plan, body) => sink.message(plan, body),
    stream: sink,
  });
  return {
    push(chunk) {
      pump.push(chunk);
      sink.flush();
    },
    end() {
      pump.end();
      sink.finish();
    },
  };
}
