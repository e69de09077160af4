/**
 * Dumps on disk, for Deno: the one module of the library that uses
 * `Deno.*` (everything else runs in browsers and Node as well).
 *
 * @example Explore a dump directory
 * ```ts
 * import { denoDumpDir } from "@ckpt/crit/deno";
 * import { exploreData } from "@ckpt/crit";
 *
 * const tasks = await exploreData(denoDumpDir("tests/fixtures/01-sleep"), "fds");
 * console.log(tasks[0].files.length > 0); // true
 * ```
 *
 * @module
 */
export { denoDumpDir } from "./deno_dump_dir.ts";
