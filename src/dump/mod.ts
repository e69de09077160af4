/**
 * A dump as a whole: {@linkcode DumpDir} (its files, from wherever they
 * are), the {@linkcode Dump} model every reader shares (each image decoded
 * once, the tasks, the file index, task states) and CRIU's constants.
 *
 * @example The tasks of a dump on disk
 * ```ts
 * import { Dump } from "@ckpt/crit/dump";
 * import { denoDumpDir } from "@ckpt/crit/deno";
 *
 * const dump = new Dump(denoDumpDir("tests/fixtures/07-threads"));
 * const [root] = await dump.tasks();
 * console.log(root.threads.length > 1); // true
 * ```
 *
 * @module
 */
export type { DumpDir } from "./dump_dir.ts";
export {
  Dump,
  type DumpTask,
  type EntriesOptions,
  type TaskStatus,
  unixSocketName,
} from "./dump.ts";
export { MAP, PE, PROT, TASK_STATE, VMA } from "./constants.ts";
export { ArchiveError } from "./archive_error.ts";
export { blobSource, type ByteSource, bytesSource } from "./byte_source.ts";
export {
  type ArchiveMember,
  type ArchiveOptions,
  CheckpointArchive,
  cleanMemberName,
  METADATA_FILES,
  openCheckpointArchive,
} from "./checkpoint_archive.ts";
export {
  type CheckpointInfo,
  checkpointInfo,
  type CheckpointNetwork,
  type DumpStatistics,
  type MetadataFiles,
  type NetworkInterface,
  rfc3339,
} from "./checkpoint_info.ts";
export {
  type DecompressOptions,
  decompressStream,
  DEFAULT_MAX_DECOMPRESSED,
} from "./compression.ts";
export { type Compression, detectCompression } from "./detect_compression.ts";
export { memorySpill, type SpillStore } from "./spill_store.ts";
export {
  indexTar,
  isTarHeader,
  MAX_MEMBERS,
  type MemberType,
  type TarMember,
} from "./tar_index.ts";
