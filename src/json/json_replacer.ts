/**
 * A replacer that lets `JSON.stringify` write decoded images.
 *
 * @module
 */

/**
 * A `JSON.stringify` replacer for decoded images: it writes each `bigint`
 * (a 64-bit field beyond 2^53 - 1, or any 64-bit field with the
 * `bigint: "always"` decode option) as its decimal text, where
 * `JSON.stringify` alone throws a `TypeError`. `parse` and `encode` read such
 * text back as the same integer, so the round trip stays exact. For crit's
 * own text, with 64-bit values as plain JSON numbers, use `stringify`.
 *
 * @example Write an MM image with JSON.stringify
 * ```ts
 * import { decodeSync, encodeSync, jsonReplacer, parse } from "@ckpt/crit";
 * const bytes = Deno.readFileSync("tests/fixtures/01-sleep/mm-25537.img");
 * const mm = decodeSync(bytes, { magic: "MM" });
 * const text = JSON.stringify(mm, jsonReplacer);
 * console.log(text.includes('"start":"18446744073699065856"')); // true
 * const again = encodeSync(parse(text));
 * console.log(again.every((b, i) => b === bytes[i]) && again.length === bytes.length); // true
 * ```
 */
export function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
