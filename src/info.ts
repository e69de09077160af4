/**
 * `crit info`: the magic and the number of entries of an image.
 *
 * @module
 */
import { decodeSync } from "./decode.ts";

/** What `crit info` prints. */
export interface ImageInfo {
  /** Magic name. */
  magic: string;
  /** Number of entries; for PAGEMAP the head is not counted, as in crit. */
  count: number;
}

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
  const image = decodeSync(bytes, { nopl: true });
  const count = image.magic === "PAGEMAP"
    ? Math.max(0, image.entries.length - 1)
    : image.entries.length;
  return { magic: image.magic, count };
}
