/**
 * Read and write CRIU checkpoint images the way CRIU's `crit` does, byte for
 * byte, from Deno, Node, Bun or a browser.
 *
 * An image is decoded into crit's JSON object (`{magic, entries}`), which
 * {@linkcode stringify} turns into exactly the text `crit decode` writes, and
 * {@linkcode parse} + {@linkcode encode} turn back into the original bytes.
 * 64-bit integers stay exact: a `number` up to 2^53 - 1 and a `bigint`
 * beyond, or always a `bigint` with the `bigint: "always"` option. Plain
 * `JSON.stringify` throws on a bigint: give it {@linkcode jsonReplacer}, or
 * use {@linkcode stringify} for crit's text. With the `magic` option the
 * entries are typed: `decodeSync(bytes, { magic: "MM" })` gives
 * {@linkcode MmEntry} objects, one type per message of CRIU's schema.
 *
 * @example Decode an image and print crit's pretty JSON
 * ```ts
 * import { decode, stringify } from "@ckpt/crit";
 * const file = await Deno.open("tests/fixtures/01-sleep/pstree.img");
 * const image = await decode(file.readable, { pretty: true });
 * console.log(stringify(image, { pretty: true }));
 * ```
 *
 * @example Edit JSON and write the image back
 * ```ts
 * import { encode, parse } from "@ckpt/crit";
 * const image = parse(
 *   await Deno.readTextFile("tests/fixtures/01-sleep/ref/core-25537.img.json"),
 * );
 * const path = await Deno.makeTempFile({ suffix: ".img" });
 * await Deno.writeFile(path, await encode(image));
 * await Deno.remove(path);
 * ```
 *
 * @module
 */
export type { CriuImage, JsonObject, JsonValue } from "./src/json/types.ts";
export { jsonReplacer } from "./src/json/json_replacer.ts";
export * from "./src/wire/mod.ts";
export * from "./src/image/mod.ts";
export * from "./src/codec/mod.ts";
export * from "./src/dump/mod.ts";
export * from "./src/memory/mod.ts";
export * from "./src/explore/mod.ts";
export * from "./src/check/mod.ts";
export * from "./src/diff/mod.ts";
export * from "./src/coredump/mod.ts";
export * from "./src/report/mod.ts";
