/**
 * How a checkpoint archive is compressed, told by its first bytes, and the
 * stream that undoes it.
 *
 * @module
 */
import { Decompress } from "fzstd";
import { ArchiveError } from "./archive_error.ts";
import type { Compression } from "./detect_compression.ts";
import { peek } from "./_peek.ts";

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
 * zstd through fzstd (pure JavaScript, streaming), xz through xz-decompress
 * (xz-embedded in WebAssembly, loaded when first needed). Decompression
 * errors become one-line {@linkcode ArchiveError}s.
 *
 * @throws {ArchiveError} bzip2: no small, well-kept streaming decoder was
 * found for it; decompress such an archive first.
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
    case "xz":
      out = xzStream(stream);
      break;
    default:
      throw new ArchiveError(
        `${compression}-compressed archives are not supported: decompress it first (bunzip2 -k), then give the .tar`,
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
 * xz keeps a dictionary of the size the stream declares (`xz -9`: 64 MiB);
 * more than this is refused before the decoder would allocate it.
 */
const MAX_XZ_DICTIONARY = 256 << 20;

/** A multi-byte integer of xz's headers, and the bytes it took. */
function xzVarint(b: Uint8Array, at: number): [number, number] {
  let v = 0;
  for (let i = 0; i < 9 && at + i < b.length; i++) {
    v += (b[at + i] & 0x7f) * 2 ** (7 * i);
    if (!(b[at + i] & 0x80)) return [v, i + 1];
  }
  return [-1, 0];
}

/**
 * The LZMA2 dictionary size the first block of an xz stream declares, or
 * undefined when `head` does not show it (.xz format 3.1.1, 5.3.1).
 */
function xzDictionary(head: Uint8Array): number | undefined {
  const block = 12;
  if (head.length < block + 2 || head[block] === 0) return undefined;
  const flags = head[block + 1];
  let at = block + 2;
  for (const present of [flags & 0x40, flags & 0x80]) {
    if (!present) continue;
    const [, n] = xzVarint(head, at);
    if (n === 0) return undefined;
    at += n;
  }
  for (let filter = 0; filter <= (flags & 3); filter++) {
    const [id, n] = xzVarint(head, at);
    const [size, m] = xzVarint(head, at + n);
    if (n === 0 || m === 0 || at + n + m + size > head.length) return undefined;
    if (id === 0x21 && size === 1) {
      const bits = head[at + n + m] & 0x3f;
      return bits >= 40
        ? 2 ** 32 - 1
        : (2 | (bits & 1)) * 2 ** (bits / 2 + 11 | 0);
    }
    at += n + m + size;
  }
  return undefined;
}

/**
 * xz-decompress (xz-embedded in WebAssembly, web streams), loaded when an
 * xz archive is met: the npm package is a CommonJS module.
 */
function xzStream(
  stream: ReadableStream<Uint8Array>,
): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  return new ReadableStream<Uint8Array>({
    async start() {
      const [head, whole] = await peek(stream, 64);
      const dictionary = xzDictionary(head);
      if (dictionary !== undefined && dictionary > MAX_XZ_DICTIONARY) {
        await whole.cancel();
        throw new RangeError(
          `the xz archive asks for a ${dictionary}-byte dictionary, more than the ${MAX_XZ_DICTIONARY} allowed`,
        );
      }
      type Xz = new (
        s: ReadableStream<Uint8Array>,
      ) => ReadableStream<Uint8Array>;
      const m = await import("xz-decompress") as unknown as {
        XzReadableStream?: Xz;
        default?: { XzReadableStream: Xz };
      };
      const XzReadableStream = m.XzReadableStream ??
        m.default!.XzReadableStream;
      reader = new XzReadableStream(whole).getReader();
    },
    async pull(controller) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (e) {
        throw corrupt("xz", e);
      }
      if (result.done) controller.close();
      else controller.enqueue(result.value);
    },
    cancel: (reason) => reader?.cancel(reason),
  }, { highWaterMark: 0 });
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

/** xz-embedded's `enum xz_ret` values that xz-decompress reports as numbers. */
const XZ_ERRORS: Record<string, string> = {
  "2": "unsupported integrity check",
  "3": "out of memory",
  "4": "dictionary over the memory limit",
  "5": "not in the xz format",
  "6": "unsupported options",
  "7": "the compressed data or its check is wrong",
  "8": "unexpected EOF",
};

function corrupt(compression: string, e: unknown): ArchiveError {
  let why = (e instanceof Error ? e.message : String(e)).split("\n")[0];
  const code = /error code (\d+)/.exec(why)?.[1];
  if (compression === "xz" && code && XZ_ERRORS[code]) why = XZ_ERRORS[code];
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
