/**
 * The Deno pieces of reading checkpoint archives: a file as a
 * {@linkcode ByteSource} and a temporary file as a {@linkcode SpillStore}.
 *
 * @module
 */
import { kept, temporary } from "./cleanup.ts";
import type { ByteSource } from "../dump/byte_source.ts";
import type { SpillStore } from "../dump/spill_store.ts";
import { readAt } from "../dump/deno_dump_dir.ts";

/** Random access to an open file of known size. */
export function fileSource(file: Deno.FsFile, size: number): ByteSource {
  return {
    size,
    read: (offset, length, into) =>
      Promise.resolve(readAt(file, offset, length, into)),
  };
}

/**
 * A spill store in a temporary file, removed by `close()`: the pages of a
 * compressed archive are written there in its one pass and read back by
 * offset, so they never all sit in memory.
 */
export function tempFileSpill(): SpillStore {
  const path = Deno.makeTempFileSync({ prefix: "crit-archive-" });
  // Interrupted (SIGINT, SIGTERM, SIGHUP) while gigabytes are spilled: the
  // command's clean-up removes them before it exits.
  temporary(path);
  const file = Deno.openSync(path, { read: true, write: true });
  let size = 0;
  let closed = false;
  const store: SpillStore = {
    write(chunk) {
      const at = size;
      file.seekSync(at, Deno.SeekMode.Start);
      let done = 0;
      while (done < chunk.length) done += file.writeSync(chunk.subarray(done));
      size += chunk.length;
      return Promise.resolve(at);
    },
    read: (offset, length, into) =>
      Promise.resolve(readAt(file, offset, length, into)),
    close() {
      if (closed) return;
      closed = true;
      file.close();
      Deno.removeSync(path);
      kept(path);
    },
  };
  return store;
}
