/**
 * The options of the decoders, their defaults and their checks, shared by
 * every public decoder.
 *
 * @module
 */
import type { PumpOptions } from "../image/pump.ts";

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

/** Options for `ImageToJsonStream`. */
export type ImageToJsonOptions = Omit<DecodeOptions, "maxPayloadSize">;
