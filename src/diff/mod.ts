/**
 * `crit diff`: what changed between two dumps (processes, threads, files,
 * sockets, mappings, memory down to the page) or two images of one kind.
 *
 * @module
 */
export {
  diffDumps,
  type DiffOptions,
  type DumpDiff,
  type Fact,
  type FieldChanges,
  type FileRef,
  hasDifferences,
  type MappingRef,
  type MemoryChange,
  type ProcessRef,
  type Section,
  type SocketRef,
  type ThreadRef,
} from "./dump_diff.ts";
export {
  compareMemory,
  type CompareMemoryOptions,
  type MemoryDelta,
} from "./memory_diff.ts";
export { diffImages, type ImageChange } from "./image_diff.ts";
export {
  type DiffTextOptions,
  dumpDiffText,
  imageDiffText,
} from "./diff_text.ts";
