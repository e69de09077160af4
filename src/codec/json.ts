/**
 * crit's JSON text: Python `json.dump` layout, lossless integers.
 *
 * @module
 */
import type { CriuImage, JsonValue } from "../json/types.ts";
import { parseJson, stringifyJson } from "../json/mod.ts";

/** Options for {@linkcode stringify}. */
export interface StringifyOptions {
  /** Indent by 4 like `crit decode --pretty`. Default `false` (one line). */
  pretty?: boolean;
}

/**
 * The JSON text crit writes with `-o FILE` (no trailing newline; crit adds
 * one only when writing to stdout).
 *
 * @example
 * ```ts
 * import { stringify } from "@ckpt/crit";
 * console.log(stringify({ magic: "PSTREE", entries: [{ pid: 1 }] }));
 * // {"magic": "PSTREE", "entries": [{"pid": 1}]}
 * ```
 */
export function stringify(
  image: CriuImage,
  options?: StringifyOptions,
): string {
  return stringifyJson(image as unknown as JsonValue, options?.pretty === true);
}

/**
 * Parses crit's JSON text without losing integers above 2^53 (they become
 * bigints). The result is checked for shape when it is encoded.
 *
 * @example
 * ```ts
 * import { parse } from "@ckpt/crit";
 * const image = parse('{"magic": "PAGEMAP", "entries": [{"pages_id": 18446744073709551615}]}');
 * console.log(typeof image.entries[0].pages_id); // "bigint"
 * ```
 */
export function parse(text: string): CriuImage {
  if (typeof text !== "string") throw new TypeError("parse expects a string");
  const value = parseJson(text);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError("expected a JSON object with magic and entries");
  }
  return value as unknown as CriuImage;
}
