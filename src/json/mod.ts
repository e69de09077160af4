/**
 * The JSON layer: JSON text exactly as Python 3.11's `json` module (and so
 * crit) writes and reads it, 64-bit integers kept exact, and the text forms
 * crit gives image fields (base64, quoted-printable, flags, devices, IPs).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseJson, stringifyJson } from "./mod.ts";
 * const value = { vaddr: 2n ** 64n - 1n, s: "é" };
 * const text = stringifyJson(value, false);
 * assert.equal(text, '{"vaddr": 18446744073709551615, "s": "\\u00e9"}');
 * assert.deepEqual(parseJson(text), value);
 * ```
 *
 * @module
 */

export type { CriuImage, JsonObject, JsonValue } from "./types.ts";
export { stringifyJson, stringifyJsonChunks } from "./stringify.ts";
export { JsonTextWriter } from "./json_text_writer.ts";
export { Writer, WRITER_CHUNK_BYTES } from "./writer.ts";
export { parseJson } from "./parse.ts";
export {
  type DirectItemReader,
  ITEM_INCOMPLETE,
  ITEM_NOT_TAKEN,
  type ItemsResult,
  parseJsonItems,
} from "./parse_items.ts";
export { JsonCursor, JsonSyntaxError } from "./cursor.ts";
export { readJsonNumber, readJsonString } from "./tokens.ts";
export { advanceOrigin, type JsonOrigin, jsonPosition } from "./position.ts";
export {
  Base64LineEncoder,
  decodeBase64,
  encodeBase64Lines,
} from "./base64.ts";
export { JsonBase64Decoder } from "./json_base64.ts";
export { decodeQuotedPrintable, encodeQuotedPrintable } from "./quopri.ts";
export {
  decodeUtf8Lossless,
  encodeUtf8Lossless,
  formatDev,
  formatFlags,
  formatIp,
  parseDev,
  parseFlags,
  parseIp,
  parsePythonInt,
} from "./text.ts";
