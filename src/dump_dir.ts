/**
 * Access to the images of one dump directory, independent of the runtime.
 *
 * @module
 */

/**
 * A dump directory: image files by name. Explorers only read through this,
 * so they run wherever the bytes come from (disk, an archive, memory).
 *
 * @example A dump held in memory
 * ```ts
 * import type { DumpDir } from "@ckpt/crit";
 * const files = new Map<string, Uint8Array>();
 * const dir: DumpDir = { read: (name) => Promise.resolve(files.get(name)) };
 * ```
 */
export interface DumpDir {
  /** The bytes of `name`, or `undefined` when the dump has no such file. */
  read(name: string): Promise<Uint8Array | undefined>;
}
