/**
 * A dump directory made of `Blob`s (browser `File`s): the files a user
 * picked or dropped, read without copying them whole into memory.
 *
 * @module
 */
import type { DumpDir } from "../dump/dump_dir.ts";

/**
 * A {@linkcode DumpDir} over blobs by relative name (`pstree.img`,
 * `parent/pages-1.img`). Ranges are read with `Blob.slice`, so a large
 * pages file is never read whole by the memory reader.
 *
 * @example
 * ```ts
 * import { blobDumpDir } from "@ckpt/crit";
 * const dir = blobDumpDir(new Map([["a.img", new Blob([new Uint8Array([1, 2, 3])])]]));
 * console.log(await dir.readRange!("a.img", 1, 5)); // Uint8Array(2) [ 2, 3 ]
 * ```
 */
export function blobDumpDir(files: ReadonlyMap<string, Blob>): DumpDir {
  const bytes = async (blob: Blob | undefined) =>
    blob === undefined ? undefined : new Uint8Array(await blob.arrayBuffer());
  return {
    read: (name) => bytes(files.get(name)),
    readRange: (name, offset, length) => {
      const blob = files.get(name);
      return bytes(blob?.slice(offset, Math.min(blob.size, offset + length)));
    },
  };
}

/**
 * Names relative to the dump directory for files picked with their paths
 * (`dump/pstree.img`, `dump/parent/pages-1.img`): the folder all of them
 * share is taken off; files picked one by one keep their names.
 *
 * @example
 * ```ts
 * import { dumpFileNames } from "@ckpt/crit";
 * console.log(dumpFileNames(["d/pstree.img", "d/parent/pages-1.img"]));
 * // [ "pstree.img", "parent/pages-1.img" ]
 * ```
 */
export function dumpFileNames(paths: readonly string[]): string[] {
  const parts = paths.map((p) => p.split("/").filter((s) => s !== ""));
  const top = parts[0]?.length > 1 ? parts[0][0] : undefined;
  const shared = top !== undefined &&
    parts.every((p) => p.length > 1 && p[0] === top);
  return parts.map((p) => (shared ? p.slice(1) : p).join("/"));
}
