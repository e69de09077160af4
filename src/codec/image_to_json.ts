/**
 * Image bytes -> crit's JSON text, pushed in pieces: the converter behind
 * ImageToJsonStream and `crit decode`. Kept apart from the stream class so
 * the CLI does not load web streams at startup.
 */
import { CallerError, EntryPump } from "../image/pump.ts";
import { JsonTextSink } from "./json_text_sink.ts";
import { type ImageToJsonOptions, pumpOptions } from "./options.ts";
import { releaseWasmIntake, wasmIntake } from "../message/wire_text_wasm.ts";

/** Push-style form of ImageToJsonStream, for writers that write synchronously. */
export interface ImageToJson {
  /** Adds input; `chunk` is not kept, so its buffer may be reused. */
  push(chunk: Uint8Array): void;
  end(): void;
  /**
   * Where the next input may be read instead of a buffer of the caller's:
   * the rest of a large entry's buffer while it is gathered (with
   * `inputSize`), else undefined. Input read there from its start and
   * pushed is taken without a copy; the buffer stays the converter's.
   */
  room(): Uint8Array | undefined;
}

/**
 * Image bytes in, crit's JSON text out through `out`, entry by entry; with
 * `bytesOut`, the text goes there instead as ASCII bytes that are only valid
 * during the call. `inputSize`, the bytes to come in all when known (a
 * file's), lets a large entry arrive into one buffer (PumpOptions). With
 * `intoWasm`, that buffer is the WebAssembly writer's memory, which saves
 * copying the entry there (wasmIntake): for a converter that runs alone,
 * as `crit decode` does; another one meanwhile gets the JavaScript writers.
 */
export function imageToJson(
  options: ImageToJsonOptions | undefined,
  out: (text: string) => void,
  bytesOut?: (bytes: Uint8Array) => void,
  inputSize?: number,
  intoWasm = false,
): ImageToJson {
  // The memory wasmIntake handed out, until the entry read into it is
  // written (the next message) or the converter ends.
  let intake: Uint8Array | undefined;
  const release = () => {
    if (intake !== undefined) releaseWasmIntake(intake);
    intake = undefined;
  };
  const opts = {
    ...pumpOptions({ ...options, maxPayloadSize: undefined }),
    inputSize,
    allocate: intoWasm ? (n: number) => intake = wasmIntake(n) : undefined,
  };
  const sink = new JsonTextSink(
    opts.pretty,
    guarded(out),
    bytesOut && guarded(bytesOut),
  );
  const pump = new EntryPump(opts, {
    magic: (name) => sink.begin(name),
    entry: (e) => sink.plain(e),
    message: intoWasm
      ? (plan, body) => {
        try {
          sink.message(plan, body);
        } finally {
          release();
        }
      }
      : (plan, body) => sink.message(plan, body),
    messages: (plan, buf, start, end, max) =>
      sink.messages(plan, buf, start, end, max),
    stream: sink,
  });
  return {
    push(chunk) {
      try {
        pump.push(chunk, true);
        sink.flush();
      } catch (e) {
        release();
        throw e instanceof CallerError ? e.error : e;
      }
    },
    room: () => pump.room,
    end() {
      try {
        pump.end();
        sink.finish();
      } catch (e) {
        throw e instanceof CallerError ? e.error : e;
      } finally {
        release();
      }
    },
  };
}

/**
 * `f`, with what it throws marked as the caller's: a write to a closed pipe
 * is not an error in entry 851 of the image.
 */
function guarded<T>(f: (x: T) => void): (x: T) => void {
  return (x) => {
    try {
      f(x);
    } catch (e) {
      throw new CallerError(e);
    }
  };
}
