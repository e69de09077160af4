/**
 * Image bytes -> crit's JSON text, pushed in pieces: the converter behind
 * ImageToJsonStream and `crit decode`. Kept apart from the stream class so
 * the CLI does not load web streams at startup.
 */
import { EntryPump } from "./_pump.ts";
import { JsonTextSink } from "./_json_text_sink.ts";
import { pumpOptions } from "./decode.ts";
import type { ImageToJsonOptions } from "./image_to_json_stream.ts";

/** Push-style form of ImageToJsonStream, for writers that write synchronously. */
export interface ImageToJson {
  /** Adds input; `chunk` is not kept, so its buffer may be reused. */
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
      pump.push(chunk, true);
      sink.flush();
    },
    end() {
      pump.end();
      sink.finish();
    },
  };
}
