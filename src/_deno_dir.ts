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
    async readRange(
      name: string,
      offset: number,
      length: number,
      into?: Uint8Array,
    ) {
      let file: Deno.FsFile;
      try {
        file = await Deno.open(`${path}/${name}`);
      } catch (e) {
        if (e instanceof Deno.errors.NotFound) return undefined;
        throw e;
      }
      try {
        return await readAt(file, offset, length, into);
      } finally {
        file.close();
      }
    },
  };
}

/**
 * Up to `length` bytes from `offset`, short only at the end of the file;
 * read into `into` when given.
 */
export async function readAt(
  file: Deno.FsFile,
  offset: number,
  length: number,
  into?: Uint8Array,
): Promise<Uint8Array> {
  await file.seek(offset, Deno.SeekMode.Start);
  const out = into && into.length >= length
    ? into.subarray(0, length)
    : new Uint8Array(length);
  let at = 0;
  while (at < length) {
    const n = await file.read(out.subarray(at));
    if (n === null) break;
    at += n;
  }
  return at === length ? out : out.subarray(0, at);
}
