/**
 * Whole values -> JSON text exactly as Python 3.11's `json.dumps` writes it.
 *
 * crit writes its JSON with `json.dump`, so matching its bytes means copying
 * Python's choices rather than JavaScript's: `ensure_ascii` escaping with
 * lowercase hex, `", "` separators, and integers that never switch to
 * exponent notation.
 *
 * Known limitation: JavaScript objects enumerate integer-like keys ("0", "17")
 * in ascending numeric order before all other keys, whatever the order they
 * were added in. Such keys would therefore not keep Python's insertion order.
 * crit never writes integer-like keys, so its output is unaffected.
 *
 * @module
 */

import type { JsonValue } from "./types.ts";
import { Writer } from "./writer.ts";

/**
 * Serializes a value exactly as Python 3.11 does with `json.dumps(value)`
 * (`pretty` false) or `json.dumps(value, indent=4)` (`pretty` true), with
 * non-ASCII characters escaped (`ensure_ascii`).
 *
 * Throws `TypeError` for values outside {@link JsonValue} (such as
 * `undefined`) and for cyclic values.
 *
 * @example
 * ```ts
 * import { stringifyJson } from "./mod.ts";
 * stringifyJson({ a: [1, 2n ** 64n], s: "é" }, false);
 * // '{"a": [1, 18446744073709551616], "s": "\\u00e9"}'
 * ```
 */
export function stringifyJson(value: JsonValue, pretty: boolean): string {
  const w = new Writer(value, pretty, 0);
  const first = w.run();
  let next = w.run();
  if (next === "") return first;
  const parts = [first];
  do parts.push(next); while ((next = w.run()) !== "");
  return parts.join("");
}

/**
 * Yields the text of {@link stringifyJson} in pieces of about 64 KiB, for
 * writers that stream documents too large to hold as one string. With
 * `indentLevel` > 0 the text is laid out as if the value sat that many levels
 * deep in a pretty document: inner lines and the closing bracket get the
 * deeper indentation, while the first line gets none, as the caller writes
 * its own prefix.
 *
 * @example
 * ```ts
 * import { stringifyJsonChunks } from "./mod.ts";
 * let text = "";
 * for (const piece of stringifyJsonChunks([1, { b: null }], true)) {
 *   text += piece;
 * }
 * // text === '[\n    1,\n    {\n        "b": null\n    }\n]'
 * ```
 */
export function* stringifyJsonChunks(
  value: JsonValue,
  pretty: boolean,
  indentLevel = 0,
): Generator<string> {
  const w = new Writer(value, pretty, indentLevel);
  let text: string;
  while ((text = w.run()) !== "") yield text;
}
