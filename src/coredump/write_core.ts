/**
 * Writes the ELF core file of one process of a dump to a WritableStream, in
 * one pass with bounded memory.
 *
 * @module
 */
import type { DumpDir } from "../dump/dump_dir.ts";
import {
  type CoreOptions,
  type CoreReport,
  prepareCore,
} from "./prepare_core.ts";

/**
 * Options of {@linkcode writeCore}.
 *
 * @example
 * ```ts
 * import type { WriteCoreOptions } from "@ckpt/crit/coredump";
 * const sink: Uint8Array[] = [];
 * const options: WriteCoreOptions = {
 *   writable: new WritableStream({ write: (c) => void sink.push(c.slice()) }),
 * };
 * ```
 */
export interface WriteCoreOptions extends CoreOptions {
  /** Where the core goes; it is closed at the end (aborted on an error). */
  writable: WritableStream<Uint8Array>;
}

const ZEROS = new Uint8Array(1 << 20);

/**
 * Writes the core of task `pid` of the dump in `dir` to `options.writable`
 * and reports what it holds. Runs of zero pages are written as zero bytes
 * (a stream cannot seek); {@linkcode prepareCore} gives them as holes.
 * Chunks handed to the stream are not changed afterwards, but zero chunks
 * share one buffer.
 *
 * @example Write a core into memory and check its ELF header
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeCore } from "@ckpt/crit/coredump";
 * import { denoDumpDir } from "@ckpt/crit/deno";
 *
 * const chunks: Uint8Array[] = [];
 * const writable = new WritableStream<Uint8Array>({
 *   write: (c) => void chunks.push(c.slice()),
 * });
 * const dir = denoDumpDir("tests/fixtures/15a-coredump-static");
 * const report = await writeCore(dir, 7844, { writable });
 * assert.deepEqual([...chunks[0].subarray(0, 4)], [0x7f, 0x45, 0x4c, 0x46]);
 * assert.equal(chunks.reduce((n, c) => n + c.length, 0), report.size);
 * ```
 */
export async function writeCore(
  dir: DumpDir,
  pid: number,
  options: WriteCoreOptions,
): Promise<CoreReport> {
  if (!(options?.writable instanceof WritableStream)) {
    throw new TypeError("options.writable must be a WritableStream");
  }
  const writer = options.writable.getWriter();
  try {
    const core = await prepareCore(dir, pid, options);
    for await (const c of core.chunks()) {
      if ("bytes" in c) {
        await writer.write(c.bytes);
        continue;
      }
      for (let left = c.hole; left > 0; left -= ZEROS.length) {
        await writer.write(ZEROS.subarray(0, Math.min(left, ZEROS.length)));
      }
    }
    await writer.close();
    return core.report;
  } catch (e) {
    await writer.abort(e).catch(() => {});
    throw e;
  } finally {
    writer.releaseLock();
  }
}
