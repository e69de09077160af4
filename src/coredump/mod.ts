/**
 * ELF core files of the processes of a dump, laid out like the Linux
 * kernel's own core dumps, for gdb, lldb, eu-stack and readelf: x86_64,
 * with 32-bit compat tasks, aarch64 and 32-bit arm, streamed in one pass
 * with bounded memory.
 *
 * @example The core of a process of a dump on disk, into memory
 * ```ts
 * import { writeCore } from "@ckpt/crit/coredump";
 * import { denoDumpDir } from "@ckpt/crit/deno";
 *
 * const chunks: Uint8Array[] = [];
 * const report = await writeCore(
 *   denoDumpDir("tests/fixtures/15a-coredump-static"),
 *   7844,
 *   { writable: new WritableStream({ write: (c) => void chunks.push(c.slice()) }) },
 * );
 * console.log(report.threads); // [7844, 7845, 7846]
 * ```
 *
 * @module
 */
export {
  type CoreBytes,
  type CoreChunk,
  type CoreLeftOut,
  type CoreOptions,
  type CoreReport,
  type CoreTask,
  coreTasks,
  type LeftOutReason,
  notATask,
  prepareCore,
  type PreparedCore,
} from "./prepare_core.ts";
export { writeCore, type WriteCoreOptions } from "./write_core.ts";
