/**
 * `crit info`: the magic and the number of entries of an image.
 *
 * @module
 */
import { type ImageInfo, infoCounter } from "./image_info.ts";

export type { ImageInfo } from "./image_info.ts";

/**
 * Counts the entries of an image. Unlike crit 4.2, payloads are skipped by
 * their real sizes, so images with payloads are counted right.
 *
 * @example
 * ```ts
 * import { encodeSync, info } from "@ckpt/crit";
 * const bytes = encodeSync({ magic: "PSTREE", entries: [{ pid: 1, ppid: 0, pgid: 1, sid: 1 }] });
 * console.log(info(bytes)); // { magic: "PSTREE", count: 1 }
 * ```
 */
export function info(bytes: Uint8Array): ImageInfo {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError("info expects a Uint8Array");
  }
  const counter = infoCounter();
  counter.push(bytes);
  return counter.end();
}
