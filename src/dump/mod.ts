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
  type TaskStatus,
  unixSocketName,
} from "./dump.ts";
export { MAP, PE, PROT, TASK_STATE, VMA } from "./constants.ts";
