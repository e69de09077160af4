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
  /**
   * The bytes of `name`, or `undefined` when the dump has no such file.
   * Names are relative paths: the previous dump of an incremental chain is
   * reached as `parent/<name>`, like CRIU's `parent` link.
   */
  read(name: string): Promise<Uint8Array | undefined>;
  /**
   * Up to `length` bytes of `name` from byte `offset` (fewer only at the end
   * of the file), or `undefined` when there is no such file. Optional: the
   * memory reader uses it to read pages files piece by piece and falls back
   * to `read` (the whole file, kept in memory) without it. When `into` (at
   * least `length` bytes) is given, the bytes may be read into it and a
   * view of it returned, so a caller streaming a large file reuses one
   * buffer.
   */
  readRange?(
    name: string,
    offset: number,
    length: number,
    into?: Uint8Array,
  ): Promise<Uint8Array | undefined>;
}
