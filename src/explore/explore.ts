/**
 * `crit x DIR ps|fds|mems|rss|sk`: a dump explained, as data
 * ({@linkcode exploreData}) or as text ({@linkcode explore}) in crit 4.2's
 * exact layout where crit works. Where crit stops with an exception (a dead
 * task without ids/mm/pagemap images, a pagemap written before CRIU 4.2)
 * these say what they saw and go on. `sk` is not in crit 4.2.
 *
 * The data uses the field names of go-criu's crit explorers (`pId`, `files`,
 * `mems`, `rss`, `sockets`, ...).
 *
 * @module
 */
import type { DumpDir } from "../dump/dump_dir.ts";
import { Dump } from "../dump/dump.ts";
import type { ExplorerDef } from "./_common.ts";
import type { Explorer, ExploreResults } from "./types.ts";
import { ps } from "./ps.ts";
import { fds } from "./fds.ts";
import { mems } from "./mems.ts";
import { rss } from "./rss.ts";
import { sk } from "./sk.ts";
import { args } from "./args.ts";

/** The explorers by name, in the order `crit x` lists them. */
const REGISTRY: { [W in Explorer]: ExplorerDef<ExploreResults[W]> } = {
  ps,
  fds,
  mems,
  rss,
  sk,
  args,
};

/**
 * The explorers `crit x` offers.
 *
 * @example
 * ```ts
 * import { EXPLORERS } from "@ckpt/crit";
 * console.log(EXPLORERS.join(",")); // ps,fds,mems,rss,sk,args
 * ```
 */
export const EXPLORERS: readonly string[] = Object.keys(REGISTRY);

/** Options of {@linkcode explore}. */
export interface ExploreOptions {
  /**
   * More than crit's text where there is more: `ps` adds each task's state
   * and its threads. Default `false` (crit's text).
   */
  long?: boolean;
}

function explorer(what: string): ExplorerDef<unknown> {
  if (!Object.hasOwn(REGISTRY, what)) {
    throw new TypeError(
      `unknown explorer ${what}; one of ${EXPLORERS.join(", ")}`,
    );
  }
  return REGISTRY[what as Explorer] as ExplorerDef<unknown>;
}

function model(source: DumpDir | Dump): Dump {
  return source instanceof Dump ? source : new Dump(source);
}

/**
 * Runs one explorer over a dump and returns its data, ready for
 * `stringify` (`crit x DIR WHAT --json` prints it with `pretty: true`).
 * Every image is read and decoded at most once. Names that are not UTF-8
 * hold lone surrogates U+DC80..U+DCFF for their undecodable bytes.
 *
 * @example The sockets of each task of a dump held in memory
 * ```ts
 * import { type DumpDir, exploreData } from "@ckpt/crit";
 * const files = new Map<string, Uint8Array>(); // image name -> bytes
 * for (const name of ["pstree.img", "core-25537.img", "ids-25537.img", "fdinfo-2.img", "files.img"]) {
 *   files.set(name, await Deno.readFile(`tests/fixtures/01-sleep/${name}`));
 * }
 * const dir: DumpDir = { read: (name) => Promise.resolve(files.get(name)) };
 * for (const task of await exploreData(dir, "sk")) {
 *   console.log(task.pId, task.sockets.map((s) => s.state));
 * }
 * ```
 */
export async function exploreData<W extends Explorer>(
  source: DumpDir | Dump,
  what: W,
): Promise<ExploreResults[W]> {
  const def = explorer(what);
  return await def.data(model(source)) as ExploreResults[W];
}

/**
 * Runs one explorer over a dump and returns its text, lines ending in "\n":
 * crit 4.2's text where crit has the explorer and does not fail. Names that
 * are not UTF-8 hold lone surrogates U+DC80..U+DCFF for their undecodable
 * bytes (the CLI writes those bytes back out).
 *
 * @example Print the process tree of a dump on disk (Deno)
 * ```ts
 * import { explore } from "@ckpt/crit";
 * import { denoDumpDir } from "@ckpt/crit/deno";
 * console.log(await explore(denoDumpDir("tests/fixtures/07-threads"), "ps"));
 * ```
 */
export async function explore(
  source: DumpDir | Dump,
  what: string,
  options: ExploreOptions = {},
): Promise<string> {
  const def = explorer(what);
  const lines = def.text(await def.data(model(source)), options.long === true);
  return lines.length === 0 ? "" : lines.join("\n") + "\n";
}
