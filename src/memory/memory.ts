/**
 * Process memory from a dump: the bytes at any address of a task, its
 * mappings with what the dump holds of each, byte and RegExp search, and
 * its argv and environment.
 *
 * Pages come from `pagemap-<pid>.img` + `pages-<id>.img` (the offset in the
 * pages file advances only over PE_PRESENT entries), from the `parent` dump
 * of an incremental chain (PE_PARENT), and for shared memory (shared
 * anonymous, memfd, SysV shm) from `pagemap-shmem-<shmid>.img`. Pages files
 * are read piece by piece, never whole, when the {@linkcode DumpDir} has
 * `readRange`.
 *
 * @module
 */
export type {
  MappedFileReader,
  MappingKind,
  MemoryExtent,
  MemoryMapping,
  MemoryMatch,
  MemoryOptions,
  MemoryRead,
  MissingRange,
  MissingReason,
  ProcessArgs,
  SearchOptions,
} from "./types.ts";
export { ProcessMemory } from "./process_memory.ts";
export { DumpMemory } from "./dump_memory.ts";
