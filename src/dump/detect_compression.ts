/**
 * How a checkpoint archive is compressed, told by its first bytes. Apart
 * from the decompressors so that telling costs no library load.
 *
 * @module
 */

/** The compressions container engines write (`none` is a plain tar). */
export type Compression = "none" | "gzip" | "zstd" | "bzip2" | "xz";

const MAGICS: [Compression, number[]][] = [
  ["gzip", [0x1f, 0x8b]],
  ["zstd", [0x28, 0xb5, 0x2f, 0xfd]],
  ["bzip2", [0x42, 0x5a, 0x68]],
  ["xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
];

/**
 * The compression of an archive from its first (up to 6) bytes; anything
 * else is taken for a plain tar.
 *
 * @example
 * ```ts
 * import { detectCompression } from "@ckpt/crit";
 * console.assert(detectCompression(new Uint8Array([0x1f, 0x8b, 8])) === "gzip");
 * console.assert(detectCompression(new Uint8Array([0x63, 0x68])) === "none");
 * ```
 */
export function detectCompression(head: Uint8Array): Compression {
  for (const [name, magic] of MAGICS) {
    if (head.length >= magic.length && magic.every((b, i) => head[i] === b)) {
      return name;
    }
  }
  return "none";
}
