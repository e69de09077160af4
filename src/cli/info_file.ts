/**
 * The file side of `crit info` for one file (Deno), on convert.ts's reads:
 * apart from it so that `decode` loads no entry counter.
 *
 * @module
 */
import { infoCounter } from "../codec/image_info.ts";
import type { ImageInfo } from "../codec/info.ts";
import { explainRaw, HEAD_SIZE, openInput } from "./convert.ts";

/** `crit info` of a file (or stdin), read in pieces: any size, bounded memory. */
export function infoFile(
  path: string | undefined,
  maxEntrySize?: number,
): ImageInfo {
  const counter = infoCounter({ maxEntrySize });
  // The first bytes, to say what a file without a magic is.
  let head: Uint8Array | undefined;
  try {
    for (const chunk of openInput(path).readable) {
      head ??= chunk.slice(0, HEAD_SIZE);
      counter.push(chunk, true);
    }
    return counter.end();
  } catch (e) {
    throw explainRaw(e, path, head);
  }
}
