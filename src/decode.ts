/**
 * Binary image -> crit's JSON object.
 *
 * @module
 */
import type { CriuImage, JsonObject } from "./types.ts";
import { IMG_COMMON, IMG_SERVICE, magicName } from "./magic.ts";
import {
  type DecodeState,
  type HandlerOptions,
  hasHandler,
  readEntries,
} from "./_handlers.ts";
import { CriuImageError, UnknownMagicError } from "./errors.ts";
import { WireError } from "./_wire.ts";

/** Options for {@linkcode decode} and {@linkcode decodeSync}. */
export interface DecodeOptions {
  /**
   * crit's `--pretty` values: hex addresses, flag names, "major:minor"
   * devices, labels, IP address text. Default `false`.
   */
  pretty?: boolean;
  /** Replace each payload by `"... <SIZE>"` (crit's `--nopl`). Default `false`. */
  nopl?: boolean;
  /** Largest entry accepted, in bytes. Default 64 MiB. */
  maxEntrySize?: number;
}

/** Default limit for one entry's message. */
export const DEFAULT_MAX_ENTRY_SIZE = 64 * 1024 * 1024;

function u32(b: Uint8Array, at: number): number {
  return (b[at] | b[at + 1] << 8 | b[at + 2] << 16 | b[at + 3] << 24) >>> 0;
}

/** Reads the v1.1 header: returns the magic name and where entries start. */
export function readHeader(
  bytes: Uint8Array,
): { magic: string; offset: number } {
  if (bytes.length < 4) {
    throw new CriuImageError(
      bytes.length === 0
        ? "the input is empty"
        : "the input is shorter than a magic",
      { offset: 0, entryIndex: -1 },
    );
  }
  let value = u32(bytes, 0);
  let offset = 4;
  if (value === IMG_COMMON || value === IMG_SERVICE) {
    if (bytes.length < 8) {
      throw new CriuImageError("the input ends after the first header word", {
        offset: 4,
        entryIndex: -1,
      });
    }
    value = u32(bytes, 4);
    offset = 8;
  }
  const magic = magicName(value);
  if (magic === undefined) throw new UnknownMagicError(value, offset - 4);
  if (!hasHandler(magic)) {
    throw new CriuImageError(`no handler for images with magic ${magic}`, {
      offset: offset - 4,
      entryIndex: -1,
      magic,
    });
  }
  return { magic, offset };
}

/** Fills in defaults. */
export function handlerOptions(options: DecodeOptions = {}): HandlerOptions {
  const max = options.maxEntrySize ?? DEFAULT_MAX_ENTRY_SIZE;
  if (!Number.isInteger(max) || max < 0) {
    throw new TypeError(
      `maxEntrySize must be a non-negative integer, got ${max}`,
    );
  }
  return {
    pretty: options.pretty === true,
    nopl: options.nopl === true,
    maxEntrySize: max,
  };
}

/** Turns any error from a handler into one that says where it happened. */
export function locate(e: unknown, magic: string, state: DecodeState): Error {
  if (e instanceof CriuImageError) return e;
  const where = `Cannot decode entry ${state.entryIndex} of ${magic}`;
  if (e instanceof RangeError) {
    return new RangeError(`${where}: ${e.message}`, { cause: e });
  }
  const detail = e instanceof Error ? e.message : String(e);
  return new CriuImageError(detail, {
    offset: e instanceof WireError ? state.entryOffset : state.entryOffset,
    entryIndex: state.entryIndex,
    magic,
    cause: e,
  });
}

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
  const opts = handlerOptions(options);
  const { magic, offset } = readHeader(bytes);
  const entries: JsonObject[] = [];
  const state: DecodeState = { entryIndex: 0, entryOffset: offset, offset };
  const reader = readEntries(magic, opts, (e) => entries.push(e), state);
  let input: Uint8Array | null | undefined;
  try {
    for (;;) {
      const step = reader.next(input!);
      if (step.done) break;
      const { n, eofOk, rest } = step.value;
      const at = state.offset;
      const left = bytes.length - at;
      if (rest) {
        input = bytes.subarray(at);
        state.offset = bytes.length;
      } else if (left === 0 && eofOk) {
        input = null;
      } else if (left < n) {
        throw new CriuImageError(
          `truncated: ${n} bytes needed at byte ${at}, ${left} left`,
          { offset: state.entryOffset, entryIndex: state.entryIndex, magic },
        );
      } else {
        input = bytes.subarray(at, at + n);
        state.offset = at + n;
      }
    }
  } catch (e) {
    throw locate(e, magic, state);
  }
  return { magic, entries };
}

/** Reads a whole stream into one buffer. */
export async function readAll(
  stream: ReadableStream<Uint8Array>,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    chunks.push(chunk);
    total += chunk.length;
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Decodes an image from bytes or a byte stream into crit's JSON object.
 *
 * @example Decode a file
 * ```ts ignore
 * import { decode } from "@ckpt/crit";
 * const file = await Deno.open("pstree.img");
 * const image = await decode(file.readable, { pretty: true });
 * console.log(image.magic, image.entries.length);
 * ```
 */
export async function decode(
  input: Uint8Array | ReadableStream<Uint8Array>,
  options?: DecodeOptions,
): Promise<CriuImage> {
  if (input instanceof Uint8Array) return decodeSync(input, options);
  if (input instanceof ReadableStream) {
    return decodeSync(await readAll(input), options);
  }
  throw new TypeError("decode expects a Uint8Array or a ReadableStream");
}
