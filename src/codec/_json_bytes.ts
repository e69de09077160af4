/**
 * A whole JSON document as crit writes it, from its bytes to the image's
 * bytes by WebAssembly (json_wire_wasm.ts), or nothing: the fast path of
 * `crit encode` for a file, which falls back on JsonImageReader for
 * anything else (that reader also words every error).
 *
 * @module
 */
import { headerWord, MAGICS } from "../image/magic.ts";
import { entryKind, entryMessage } from "../image/kinds.ts";
import { hasPayload } from "../image/_payload_sizes.ts";
import { messagePlan } from "../wire/plan.ts";
import { jsonWireEntries } from "../message/json_wire_wasm.ts";

/** The image's bytes: its header words, then its entries (valid until the next call). */
export interface JsonBytesImage {
  head: Uint8Array;
  entries: Uint8Array;
}

/** Moves past JSON space from `i`. */
function space(text: Uint8Array, i: number): number {
  while (i < text.length) {
    const c = text[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

/** Past space, `word` (ASCII) at `i`: the index past it, or -1. */
function word(text: Uint8Array, i: number, expected: string): number {
  i = space(text, i);
  for (let k = 0; k < expected.length; k++) {
    if (text[i + k] !== expected.charCodeAt(k)) return -1;
  }
  return i + expected.length;
}

/**
 * `{"magic": "NAME", "entries": [` at the start of `text`: the magic and
 * the index past the `[`; undefined for anything else.
 */
function readTop(text: Uint8Array): [string, number] | undefined {
  let i = word(text, 0, "{");
  if (i >= 0) i = word(text, i, '"magic"');
  if (i >= 0) i = word(text, i, ":");
  if (i >= 0) i = word(text, i, '"');
  if (i < 0) return undefined;
  let magic = "";
  for (; i < text.length && text[i] !== 0x22; i++) {
    const c = text[i];
    // Magic names are capitals, digits and underscores.
    if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f)) {
      return undefined;
    }
    magic += String.fromCharCode(c);
  }
  i = word(text, i, '"');
  if (i >= 0) i = word(text, i, ",");
  if (i >= 0) i = word(text, i, '"entries"');
  if (i >= 0) i = word(text, i, ":");
  if (i >= 0) i = word(text, i, "[");
  return i < 0 ? undefined : [magic, i];
}

/**
 * The magic a JSON document's first bytes give it when they start as crit
 * writes a document (`{"magic": "NAME", "entries": [`), else undefined.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { leadingMagic } from "./_json_bytes.ts";
 * const start = new TextEncoder().encode('{"magic": "MM", "entries": [{"mm_start_code"');
 * assert.equal(leadingMagic(start), "MM");
 * assert.equal(leadingMagic(new TextEncoder().encode('{"entries": [')), undefined);
 * ```
 */
export function leadingMagic(text: Uint8Array): string | undefined {
  return readTop(text)?.[0];
}

/**
 * Whether {@linkcode encodeJsonBytes} may take a document of images with
 * this magic: a known one whose entries carry no payload.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bytesEncodable } from "./_json_bytes.ts";
 * assert.equal(bytesEncodable("PAGEMAP"), true);
 * assert.equal(bytesEncodable("PIPES_DATA"), false);
 * assert.equal(bytesEncodable("NOT_A_MAGIC"), false);
 * ```
 */
export function bytesEncodable(magic: string): boolean {
  if (!Object.hasOwn(MAGICS, magic)) return false;
  const kind = entryKind(magic);
  return kind !== undefined && !hasPayload(kind.layout);
}

/**
 * The image for crit's JSON `text` of one whole document, `{"magic": ...,
 * "entries": [...]}` in that order, each entry written as crit writes it
 * and without a payload; undefined for anything else. What it gives is
 * what encodeSync(parse(text)) gives.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeJsonBytes } from "./_json_bytes.ts";
 * import { encodeSync, parse } from "../../mod.ts";
 * const json = '{"magic": "PSTREE", "entries": [{"pid": 7, "ppid": 0, "pgid": 7, "sid": 7}]}';
 * const image = encodeJsonBytes(new TextEncoder().encode(json))!;
 * const want = encodeSync(parse(json));
 * assert.deepEqual([...image.head, ...image.entries], [...want]);
 * assert.equal(encodeJsonBytes(new TextEncoder().encode('{"entries": [], "magic": "PSTREE"}')), undefined);
 * ```
 */
export function encodeJsonBytes(text: Uint8Array): JsonBytesImage | undefined {
  const top = readTop(text);
  if (top === undefined) return undefined;
  const [magic, i] = top;
  // The module refuses any escape: a backslash anywhere (found by a native
  // scan, far quicker than the module's read) saves reading the text twice.
  if (!bytesEncodable(magic) || text.indexOf(0x5c, i) >= 0) return undefined;
  const kind = entryKind(magic)!;
  const done = jsonWireEntries(
    messagePlan(entryMessage(kind, 0)),
    messagePlan(entryMessage(kind, 1)),
    text,
    i,
  );
  if (done === undefined) return undefined;
  const end = word(done.tail, 0, "}");
  if (end < 0 || space(done.tail, end) !== done.tail.length) return undefined;
  const header = headerWord(magic);
  const words = header === undefined
    ? [MAGICS[magic]]
    : [header, MAGICS[magic]];
  const head = new Uint8Array(4 * words.length);
  const view = new DataView(head.buffer);
  words.forEach((w, k) => view.setUint32(4 * k, w, true));
  return { head, entries: done.bytes };
}
