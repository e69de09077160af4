/**
 * Binary image -> crit's JSON object.
 *
 * @module
 */
import type { CriuImage, JsonObject } from "../json/types.ts";
import { EntryPump, type PumpOptions } from "../image/pump.ts";

/** Options for {@linkcode decode} and {@linkcode decodeSync}. */
export interface DecodeOptions {
  /**
   * crit's `--pretty` values: hex addresses, flag names, "major:minor"
   * devices, labels, IP address text. Default `false`.
   */
  pretty?: boolean;
  /** Replace each payload by `"... <SIZE>"` (crit's `--nopl`). Default `false`. */
  nopl?: boolean;
  /** Largest entry message accepted, in bytes. Default 64 MiB. */
  maxEntrySize?: number;
  /**
   * Largest payload turned into a base64 string, in bytes. Default 64 MiB.
   * {@linkcode ImageToJsonStream} streams payloads of any size instead.
   */
  maxPayloadSize?: number;
}

/** Default limit for one entry's message and for one in-memory payload. */
export const DEFAULT_MAX_ENTRY_SIZE = 64 * 1024 * 1024;

function limit(name: string, v: number | undefined): number {
  if (v === undefined) return DEFAULT_MAX_ENTRY_SIZE;
  if (!Number.isSafeInteger(v) || v < 0) {
    throw new TypeError(`${name} must be a non-negative integer, got ${v}`);
  }
  return v;
}

/** Fills in defaults and checks the options. */
export function pumpOptions(options: DecodeOptions = {}): PumpOptions {
  if (options === null || typeof options !== "object") {
    throw new TypeError("options must be an object");
  }
  return {
    pretty: options.pretty === true,
    nopl: options.nopl === true,
    maxEntrySize: limit("maxEntrySize", options.maxEntrySize),
    maxPayloadSize: limit("maxPayloadSize", options.maxPayloadSize),
  };
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
  const entries: JsonObject[] = [];
  const pump = new EntryPump(pumpOptions(options), {
    entry: (e) => entries.push(e),
  });
  pump.push(bytes);
  pump.end();
  return { magic: pump.magic!, entries };
}

/**
 * Decodes an image from bytes or a byte stream into crit's JSON object.
 * The stream is consumed as it arrives; use {@linkcode ImageDecoderStream}
 * to get entries one by one instead of the whole image.
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
  if (!(input instanceof ReadableStream)) {
    throw new TypeError("decode expects a Uint8Array or a ReadableStream");
  }
  const entries: JsonObject[] = [];
  const pump = new EntryPump(pumpOptions(options), {
    entry: (e) => entries.push(e),
  });
  for await (const chunk of input) pump.push(chunk);
  pump.end();
  return { magic: pump.magic!, entries };
}
