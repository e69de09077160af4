/**
 * Opens the dump a command names on its command line (Deno). Every command
 * that reads a dump goes through here, so each takes the same kinds of path.
 *
 * @module
 */
import type { DumpDir } from "../dump/dump_dir.ts";
import { denoDumpDir } from "../dump/deno_dump_dir.ts";

/** A dump opened from a path, ready for the module's readers. */
export interface OpenedDump {
  /** The images, by name. */
  dir: DumpDir;
  /** The path as given, for messages. */
  path: string;
  /** Releases what opening took (open files, temporary files). */
  close(): void;
}

/**
 * Opens a dump directory. A path that does not exist or is not a directory
 * is an error that says so, not a missing image later on.
 */
export function openDump(path: string): Promise<OpenedDump> {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      return Promise.reject(new Error(`${path}: no such file or directory`));
    }
    return Promise.reject(e);
  }
  if (!info.isDirectory) {
    return Promise.reject(new Error(`${path}: not a dump directory`));
  }
  return Promise.resolve({ dir: denoDumpDir(path), path, close() {} });
}
