/**
 * crit's JSON object -> binary image.
 *
 * @module
 */
import type { CriuImage } from "../json/types.ts";
import { headerWord, MAGICS } from "../image/magic.ts";
import { hasHandler } from "../image/handlers.ts";
import { writeEntries } from "../image/entry_writer.ts";
import { JsonShapeError } from "../wire/errors.ts";
import { WireWriter } from "../wire/wire.ts";

/**
 * Encodes an image given as crit's JSON object (plain or `--pretty` values)
 * into the exact bytes CRIU writes.
 *
 * @example Round trip
 * ```ts
 * import { decodeSync, encodeSync } from "@ckpt/crit";
 * const image = { magic: "PSTREE", entries: [{ pid: 7, ppid: 0, pgid: 7, sid: 7 }] };
 * const bytes = encodeSync(image);
 * console.log(decodeSync(bytes).entries[0].pid); // 7
 * ```
 */
export function encodeSync(image: CriuImage): Uint8Array {
  if (image === null || typeof image !== "object" || Array.isArray(image)) {
    throw new JsonShapeError("$", "expected an object with magic and entries");
  }
  const { magic, entries } = image;
  if (typeof magic !== "string") {
    throw new JsonShapeError("magic", "expected a magic name string");
  }
  if (!Object.hasOwn(MAGICS, magic)) {
    throw new JsonShapeError("magic", `unknown magic ${JSON.stringify(magic)}`);
  }
  if (!hasHandler(magic)) {
    throw new JsonShapeError(
      "magic",
      `no handler for images with magic ${magic}`,
    );
  }
  if (!Array.isArray(entries)) {
    throw new JsonShapeError("entries", "expected an array");
  }
  for (const key of Object.keys(image)) {
    if (key !== "magic" && key !== "entries") {
      throw new JsonShapeError(key, "unknown key at the top level");
    }
  }
  const w = new WireWriter(4096);
  const head = headerWord(magic);
  if (head !== undefined) w.fixed32(head);
  w.fixed32(MAGICS[magic]);
  writeEntries(magic, entries, w);
  return w.finish();
}

/**
 * Promise form of {@linkcode encodeSync}, for symmetry with `decode`.
 *
 * @example
 * ```ts
 * import { encode } from "@ckpt/crit";
 * const bytes = await encode({ magic: "PSTREE", entries: [] });
 * console.log(bytes.length); // 8: IMG_COMMON and the PSTREE magic
 * ```
 */
export function encode(image: CriuImage): Promise<Uint8Array> {
  try {
    return Promise.resolve(encodeSync(image));
  } catch (e) {
    return Promise.reject(e);
  }
}
