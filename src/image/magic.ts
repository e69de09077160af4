/**
 * Image magics of CRIU v4.2, named as crit names them (the C macro without
 * `_MAGIC`), and the header words of images v1.1.
 *
 * @module
 */
import { IMAGE_KINDS, IMG_COMMON, IMG_SERVICE } from "./kinds.ts";

export { IMG_COMMON, IMG_SERVICE };

/**
 * Every magic crit knows, by name. Aliases (SHMEM_PAGEMAP = PAGEMAP,
 * PSIGNAL = SIGNAL, ...) share a value and appear once, under the first name,
 * like crit's table. Raw images (pages, ifaddr, route, iptables, tmpfs, ...)
 * have no magic at all.
 *
 * @example Look a magic up
 * ```ts
 * import { MAGICS } from "@ckpt/crit";
 * console.log(MAGICS.PAGEMAP.toString(16)); // 56084025
 * ```
 */
export const MAGICS: Readonly<Record<string, number>> = Object.fromEntries(
  [...IMAGE_KINDS.values()].map((kind) => [kind.name, kind.magic]),
);

const byValue = new Map<number, string>(
  Object.entries(MAGICS).map(([name, value]) => [value, name]),
);

/**
 * The name of a magic value, or `undefined` when CRIU has no such magic.
 *
 * @example
 * ```ts
 * import { magicName } from "@ckpt/crit";
 * console.log(magicName(0x50273030)); // "PSTREE"
 * ```
 */
export function magicName(value: number): string | undefined {
  return byValue.get(value >>> 0);
}

/**
 * The header word written before the magic: none for INVENTORY,
 * IMG_SERVICE for STATS and IRMAP_CACHE, IMG_COMMON for the rest.
 *
 * @example
 * ```ts
 * import { headerWord, IMG_SERVICE } from "@ckpt/crit";
 * console.log(headerWord("STATS") === IMG_SERVICE); // true
 * ```
 */
export function headerWord(magic: string): number | undefined {
  if (magic === "INVENTORY") return undefined;
  if (magic === "STATS" || magic === "IRMAP_CACHE") return IMG_SERVICE;
  return IMG_COMMON;
}

/**
 * The magic of an image from its first bytes (after the header word, when
 * there is one), or `undefined` when they start no CRIU image.
 *
 * @example
 * ```ts
 * import { encodeSync } from "@ckpt/crit";
 * import { imageMagic } from "./magic.ts";
 * const bytes = encodeSync({ magic: "PSTREE", entries: [] });
 * console.log(imageMagic(bytes)); // "PSTREE"
 * ```
 */
export function imageMagic(head: Uint8Array): string | undefined {
  if (head.length < 4) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.length);
  let word = view.getUint32(0, true);
  if (word === IMG_COMMON || word === IMG_SERVICE) {
    if (head.length < 8) return undefined;
    word = view.getUint32(4, true);
  }
  return magicName(word);
}
