/**
 * The explorers of `crit x`: a dump explained per task (process tree, open
 * files, memory areas, resident pages, sockets, argv and environment), as
 * data in go-criu's field names or as crit 4.2's text.
 *
 * @example The process tree of a dump on disk
 * ```ts
 * import { explore } from "@ckpt/crit/explore";
 * import { denoDumpDir } from "@ckpt/crit/deno";
 *
 * const text = await explore(denoDumpDir("tests/fixtures/07-threads"), "ps");
 * console.log(text.split("\n")[0]); // "    PID   PGID    SID   COMM"
 * ```
 *
 * @module
 */
export {
  explore,
  exploreData,
  type ExploreOptions,
  EXPLORERS,
} from "./explore.ts";
export type {
  Explorer,
  ExploreResults,
  PsTask,
  SocketInfo,
  TaskArgs,
  TaskFiles,
  TaskMems,
  TaskNote,
  TaskRss,
  TaskSockets,
  TaskStatus,
} from "./types.ts";
export {
  inspectData,
  type InspectOptions,
  type InspectProcess,
  type InspectResult,
  type InspectSocket,
} from "./inspect.ts";
export { inspectTree } from "./inspect_tree.ts";
export { byteSize, duration } from "./byte_size.ts";
