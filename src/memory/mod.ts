/**
 * Process memory of a dump: the bytes at any address of a task, what the
 * dump holds of each mapping and why the rest is absent, and searches over
 * it, with pages read in chunks, never whole.
 *
 * @example Read a task's argv from a dump on disk
 * ```ts
 * import { DumpMemory } from "@ckpt/crit/memory";
 * import { denoDumpDir } from "@ckpt/crit/deno";
 *
 * const memory = new DumpMemory(denoDumpDir("tests/fixtures/01-sleep"));
 * const [pid] = await memory.pids();
 * const { argv } = await (await memory.process(pid)).args();
 * console.log(new TextDecoder().decode(argv[0])); // "sleep"
 * ```
 *
 * @module
 */
export {
  DumpMemory,
  type MappedFileReader,
  type MappingKind,
  type MemoryExtent,
  type MemoryMapping,
  type MemoryMatch,
  type MemoryOptions,
  type MemoryRead,
  type MissingRange,
  type MissingReason,
  type ProcessArgs,
  ProcessMemory,
  type SearchOptions,
} from "./memory.ts";
export { memorySizes, type TaskMemorySize } from "./memory_sizes.ts";
