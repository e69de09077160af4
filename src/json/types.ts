/**
 * A JSON value as crit reads and writes it. Integers that do not fit in a
 * double exactly (beyond ±(2^53 - 1)) are `bigint`, so 64-bit image fields
 * survive decode -> JSON -> encode unchanged.
 *
 * @example Build a value by hand
 * ```ts
 * import type { JsonValue } from "@ckpt/crit";
 * const v: JsonValue = { vaddr: 18446744073709551615n, flags: "PE_PRESENT" };
 * ```
 */
export type JsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | JsonValue[]
  | JsonObject;

/**
 * A JSON object whose key order is the order keys were added, as in crit's
 * output.
 *
 * @example
 * ```ts
 * import type { JsonObject } from "@ckpt/crit";
 * const entry: JsonObject = { pid: 1, ppid: 0 };
 * ```
 */
export interface JsonObject {
  /** A field name (or `extra`, or `@unknown`) and its value. */
  [key: string]: JsonValue;
}

/**
 * A decoded image exactly as crit represents it: the magic name and the list
 * of entries (crit's JSON objects, with `extra` holding any payload).
 *
 * @example
 * ```ts
 * import type { CriuImage } from "@ckpt/crit";
 * const image: CriuImage = {
 *   magic: "PSTREE",
 *   entries: [{ pid: 1, ppid: 0, pgid: 1, sid: 1, threads: [1] }],
 * };
 * ```
 */
export interface CriuImage {
  /** Magic name as crit spells it, e.g. `"PAGEMAP"`. */
  magic: string;
  /** One JSON object per entry. */
  entries: JsonObject[];
}
