/** A DumpDir over a directory on disk (Deno). */
import type { DumpDir } from "./dump_dir.ts";

/** Reads images of `path`; a missing file is `undefined`, other errors throw. */
export function denoDumpDir(path: string): DumpDir {
  return {
    async read(name: string) {
      try {
        return await Deno.readFile(`${path}/${name}`);
      } catch (e) {
        if (e instanceof Deno.errors.NotFound) return undefined;
        throw e;
      }
    },
  };
}
