/**
 * The options of the decoders, their defaults and their checks, shared by
 * every public decoder.
 *
 * @module
 */
import type { PumpOptions } from "../image/pump.ts";
import { entryKind } from "../image/kinds.ts";
import type { ImageMagic } from "../image/entries.generated.ts";

/** Options for `decode` and `decodeSync`. */
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
   * `ImageToJsonStream` streams payloads of any size instead.
   */
  maxPayloadSize?: number;
  /**
   * How 64-bit integer fields are given. `"auto"` (the default): a `number`
   * up to 2^53 - 1 (`Number.MAX_SAFE_INTEGER`), a `bigint` beyond, so small
   * values are plain numbers but the type of a field depends on its value.
   * `"always"`: every 64-bit integer is a `bigint`, whatever its value
   * (values shown as text under `pretty` stay text). Either way
   * `JSON.stringify` needs {@linkcode jsonReplacer} for an entry with a
   * bigint, while `stringify` writes crit's text as it is.
   */
  bigint?: "auto" | "always";
  /**
   * The magic the image must have, such as `"MM"`: another one is a
   * `CriuImageError`. With it (and without `pretty`), `decodeSync` and
   * `decode` return the typed `CriuImageOf<magic>`. Default: any magic.
   */
  magic?: ImageMagic;
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
  const { bigint = "auto", magic } = options;
  if (bigint !== "auto" && bigint !== "always") {
    throw new TypeError(`bigint must be "auto" or "always", got ${bigint}`);
  }
  if (magic !== undefined && entryKind(magic) === undefined) {
    throw new TypeError(
      `magic must be the name of an image kind, got ${magic}`,
    );
  }
  return {
    pretty: options.pretty === true,
    nopl: options.nopl === true,
    maxEntrySize: limit("maxEntrySize", options.maxEntrySize),
    maxPayloadSize: limit("maxPayloadSize", options.maxPayloadSize),
    bigint: bigint === "always",
    magic,
  };
}

/** Options for `ImageToJsonStream`. */
export type ImageToJsonOptions = Omit<
  DecodeOptions,
  "maxPayloadSize" | "bigint"
>;
