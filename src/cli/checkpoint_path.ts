/**
 * Whether a path `crit decode` is given is a checkpoint archive, apart from
 * the archive decoder itself so that decoding one image loads none of it.
 *
 * @module
 */
import { readAt } from "../dump/deno_dump_dir.ts";
import { detectCompression } from "../dump/detect_compression.ts";
import { isTarHeader } from "../dump/tar_index.ts";

/**
 * Whether `path` is a checkpoint archive file (a compression's magic or a
 * tar header) or a directory holding an extracted one.
 */
export function isCheckpointPath(path: string): boolean {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(path);
  } catch {
    return false;
  }
  if (info.isDirectory) {
    try {
      return Deno.statSync(`${path}/config.dump`).isFile &&
        Deno.statSync(`${path}/checkpoint`).isDirectory;
    } catch {
      return false;
    }
  }
  if (!info.isFile) return false;
  const file = Deno.openSync(path);
  try {
    const head = readAt(file, 0, 512);
    return detectCompression(head) !== "none" || isTarHeader(head);
  } finally {
    file.close();
  }
}
