/** A DumpDir over a directory on disk (Deno). */
import type { DumpDir } from "./dump_dir.ts";

/**
 * A {@linkcode DumpDir} over the directory `path`: a missing file reads as
 * `undefined`, other errors throw.
 * The calls are synchronous under the async interface: a command reads
 * images one after another, and Deno's async file ops cost more start-up
 * (the first one of a process measured 5-10 ms) than these small reads.
 *
 * @example
 * ```ts
 * import { denoDumpDir } from "@ckpt/crit/deno";
 * const dir = denoDumpDir("tests/fixtures/01-sleep");
 * console.log((await dir.read("pstree.img"))!.length > 0); // true
 * console.log(await dir.read("no-such.img")); // undefined
 * ```
 */
export function denoDumpDir(path: string): DumpDir {
  return {
    read(name: string) {
      try {
        return Promise.resolve(Deno.readFileSync(`${path}/${name}`));
      } catch (e) {
        return missing(e);
      }
    },
    readRange(
      name: string,
      offset: number,
      length: number,
      into?: Uint8Array,
    ) {
      let file: Deno.FsFile;
      try {
        file = Deno.openSync(`${path}/${name}`);
      } catch (e) {
        return missing(e);
      }
      try {
        return Promise.resolve(readAt(file, offset, length, into));
      } catch (e) {
        return Promise.reject(e);
      } finally {
        file.close();
      }
    },
  };
}

function missing(e: unknown): Promise<undefined> {
  return e instanceof Deno.errors.NotFound
    ? Promise.resolve(undefined)
    : Promise.reject(e);
}

/**
 * Up to `length` bytes from `offset`, short only at the end of the file;
 * read into `into` when given.
 */
export function readAt(
  file: Deno.FsFile,
  offset: number,
  length: number,
  into?: Uint8Array,
): Uint8Array {
  file.seekSync(offset, Deno.SeekMode.Start);
  const out = into && into.length >= length
    ? into.subarray(0, length)
    : new Uint8Array(length);
  let at = 0;
  while (at < length) {
    const n = file.readSync(out.subarray(at));
    if (n === null) break;
    at += n;
  }
  return at === length ? out : out.subarray(0, at);
}
