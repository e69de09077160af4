/**
 * How a checkpoint archive is compressed, told by its first bytes, and the
 * stream that undoes it.
 *
 * @module
 */
import { Decompress } from "fzstd";
import { ArchiveError } from "./archive_error.ts";
import type { Compression } from "./detect_compression.ts";

/** Options of {@linkcode decompressStream}. */
export interface DecompressOptions {
  /**
   * The most bytes the decompressed stream may give, so that a small
   * archive cannot expand without end. Default 64 GiB.
   */
  maxBytes?: number;
}

/** 64 GiB: the default bound on the decompressed size of an archive. */
export const DEFAULT_MAX_DECOMPRESSED: number = 64 * 2 ** 30;

/**
 * `stream` decompressed: gzip through the platform's `DecompressionStream`,
 * zstd through fzstd (pure JavaScript, streaming). Decompression errors
 * become one-line {@linkcode ArchiveError}s.
 *
 * @throws {ArchiveError} bzip2 and xz: no small, well-kept streaming
 * decoder was found for them; decompress such an archive first.
 *
 * @example
 * ```ts
 * import { decompressStream } from "@ckpt/crit";
 * const gz = new Blob(["hi"]).stream().pipeThrough(new CompressionStream("gzip"));
 * const text = await new Response(decompressStream(gz, "gzip")).text();
 * console.assert(text === "hi");
 * ```
 */
export function decompressStream(
  stream: ReadableStream<Uint8Array>,
  compression: Compression,
  options: DecompressOptions = {},
): ReadableStream<Uint8Array> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DECOMPRESSED;
  let out: ReadableStream<Uint8Array>;
  switch (compression) {
    case "none":
      return stream;
    case "gzip":
      // DecompressionStream inflates a whole input chunk at once, and
      // deflate reaches 1032:1 (zero pages do): 16 KiB in, at most ~16 MiB out.
      out = rechunk(stream, 16 << 10).pipeThrough(
        new DecompressionStream("gzip") as unknown as TransformStream<
          Uint8Array,
          Uint8Array
        >,
      );
      break;
    case "zstd":
      out = stream.pipeThrough(zstdStream());
      break;
    default:
      throw new ArchiveError(
        `${compression}-compressed archives are not supported: decompress it first (${
          compression === "xz" ? "unxz" : "bunzip2"
        } -k), then give the .tar`,
      );
  }
  return out.pipeThrough(bounded(maxBytes));
}

/**
 * zstd decoders keep a window of up to 128 MiB unless told otherwise
 * (`zstd --long` raises it): a larger one declared by an archive is
 * refused before fzstd would allocate it.
 */
const MAX_ZSTD_WINDOW = 128 << 20;

/**
 * The window a zstd frame header declares (RFC 8878 3.1.1.1), or undefined
 * when `head` is too short to tell.
 */
function zstdWindow(head: Uint8Array): number | undefined {
  if (head.length < 18) return undefined;
  const flags = head[4];
  const singleSegment = (flags >> 5) & 1;
  if (!singleSegment) {
    const exponent = head[5] >> 3;
    const base = 2 ** (10 + exponent);
    return base + (base / 8) * (head[5] & 7);
  }
  // A single segment's window is its content size, in 1, 2, 4 or 8 bytes.
  const sizeBytes = [1, 2, 4, 8][flags >> 6];
  const at = 5 + [0, 1, 2, 4][flags & 3];
  let size = 0;
  for (let i = sizeBytes - 1; i >= 0; i--) size = size * 256 + head[at + i];
  return sizeBytes === 2 ? size + 256 : size;
}

/**
 * `stream` in views of at most `size` bytes, handed out one per pull: the
 * next piece is cut only when the decompressor asks, so what it inflates
 * stays bounded whatever the chunks it was given.
 */
function rechunk(
  stream: ReadableStream<Uint8Array>,
  size: number,
): ReadableStream<Uint8Array> {
  const reader = stream.getReader();
  let chunk: Uint8Array = new Uint8Array(0);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (chunk.length === 0) {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        chunk = value;
      }
      // A copy, not a view: given a view, Deno's DecompressionStream held
      // on to memory in proportion to the whole underlying buffer (measured:
      // 420 MiB peak for a 1 MiB buffer cut in views, 132 MiB with copies).
      controller.enqueue(chunk.slice(0, size));
      chunk = chunk.subarray(size);
    },
    cancel: (reason) => reader.cancel(reason),
  }, { highWaterMark: 0 });
}

/** fzstd's streaming decoder as a TransformStream. */
function zstdStream(): TransformStream<Uint8Array, Uint8Array> {
  let decoder: Decompress;
  let checked = false;
  return new TransformStream({
    start(controller) {
      decoder = new Decompress((chunk) => controller.enqueue(chunk));
    },
    transform(chunk) {
      if (!checked) {
        checked = true;
        const window = zstdWindow(chunk);
        if (window !== undefined && window > MAX_ZSTD_WINDOW) {
          throw new RangeError(
            `the zstd archive asks for a ${window}-byte window, more than the ${MAX_ZSTD_WINDOW} allowed`,
          );
        }
      }
      try {
        decoder.push(chunk);
      } catch (e) {
        throw corrupt("zstd", e);
      }
    },
    flush() {
      try {
        decoder.push(new Uint8Array(0), true);
      } catch (e) {
        throw corrupt("zstd", e);
      }
    },
  });
}

function corrupt(compression: string, e: unknown): ArchiveError {
  const why = (e instanceof Error ? e.message : String(e)).split("\n")[0];
  return new ArchiveError(
    /EOF/.test(why)
      ? `truncated ${compression} archive: ${why}`
      : `corrupt ${compression} data: ${why}`,
  );
}

/** Passes bytes through, counting them against the limit. */
function bounded(maxBytes: number): TransformStream<Uint8Array, Uint8Array> {
  let total = 0;
  return new TransformStream({
    transform(chunk, controller) {
      total += chunk.length;
      if (total > maxBytes) {
        throw new RangeError(
          `the archive decompresses to more than ${maxBytes} bytes (the limit)`,
        );
      }
      controller.enqueue(chunk);
    },
  });
}
