/**
 * `checkDump`: is this dump restorable? Every image decoded once, and every
 * cross-reference CRIU follows at restore checked, without restoring.
 *
 * @module
 */
import type { DumpDir } from "../dump/dump_dir.ts";
import { Context } from "./_context.ts";
import {
  checkCgroups,
  checkCores,
  checkInventory,
  checkPstree,
  checkTaskImages,
  isLive,
} from "./_tree.ts";
import { checkFdinfo, checkFs, loadFiles } from "./_files.ts";
import { checkFileLocks, checkFileRefs, checkNsFiles } from "./_file_refs.ts";
import {
  checkAllShmem,
  checkMemory,
  checkStats,
  type MemoryPass,
} from "./_memory.ts";
import { checkNamespaces, checkTaskIds } from "./_namespaces.ts";
import { checkSeccomp } from "./_seccomp.ts";
import type { CheckReport } from "./problem.ts";

/**
 * Options of {@linkcode checkDump}.
 *
 * @example Every image of a directory, and warnings for unused ones
 * ```ts
 * import type { CheckOptions } from "@ckpt/crit";
 * const path = "tests/fixtures/01-sleep";
 * const options: CheckOptions = {
 *   names: [...Deno.readDirSync(path)].map((e) => e.name),
 *   strict: true,
 * };
 * ```
 */
export interface CheckOptions {
  /**
   * The names of the files the dump holds (a directory listing). With it,
   * every image is decoded, including those nothing refers to; without it,
   * only the images the checks reach are. Default: none.
   */
  names?: readonly string[];
  /** Report images nothing refers to, as warnings. Default false. */
  strict?: boolean;
  /** Page size of the dumped machine. Default 4096. */
  pageSize?: number;
}

/** Names of CRIU's raw images (no magic): pages, tmpfs tarballs, ip/nft dumps. */
const RAW =
  /^(pages-(shmem-)?\d+|tmpfs-(dev-)?\d+\.tar\.gz|ifaddr-\d+|route6?-\d+|rule-\d+|ip6?tables-\d+|nftables-\d+|netns-(ct|exp)-\d+)\.img$/;

/** CRIU's image files: `*.img` and the few without the suffix. */
function isImageName(name: string): boolean {
  return /\.img$/.test(name) ||
    /^(stats-dump|stats-restore|irmap-cache)$/.test(name);
}

/**
 * Checks a dump for everything a restore depends on: image framing and
 * magics, the process tree, per-task images, files and their references,
 * memory and pages files, namespaces. Each problem names the image, the
 * JSON path in it, what is wrong and what CRIU would do at restore.
 *
 * @example Check a dump held in memory (here: an empty one)
 * ```ts
 * import { checkDump } from "@ckpt/crit";
 * const report = await checkDump({ read: () => Promise.resolve(undefined) });
 * console.log(report.ok); // false: there is no inventory.img
 * ```
 */
export async function checkDump(
  dir: DumpDir,
  options: CheckOptions = {},
): Promise<CheckReport> {
  if (
    dir === null || typeof dir !== "object" || typeof dir.read !== "function"
  ) {
    throw new TypeError("dir must be a DumpDir");
  }
  const pageSize = options.pageSize ?? 4096;
  if (
    !Number.isSafeInteger(pageSize) || pageSize < 256 ||
    pageSize & (pageSize - 1)
  ) {
    throw new TypeError(`pageSize must be a power of two, got ${pageSize}`);
  }
  const cx = new Context(dir);
  const names = options.names?.filter(isImageName);
  if (names !== undefined && isCpuinfoOnly(names)) {
    await cx.load("cpuinfo.img");
    cx.note("", "", "a `criu cpuinfo dump` directory: no process to restore");
  } else {
    await checkProcesses(cx, pageSize);
  }
  if (names !== undefined) await checkEveryImage(cx, names, options.strict);
  const problems = cx.sorted();
  return {
    ok: !problems.some((p) => p.severity === "error"),
    problems,
    checked: cx.counts,
  };
}

function isCpuinfoOnly(names: readonly string[]): boolean {
  return names.includes("cpuinfo.img") && !names.includes("inventory.img") &&
    !names.includes("pstree.img") && !names.some((n) => n.startsWith("core-"));
}

async function checkProcesses(cx: Context, pageSize: number) {
  const inventory = await checkInventory(cx);
  const tasks = await checkPstree(cx);
  await checkCores(cx, tasks);
  await checkTaskImages(cx, tasks);
  await checkCgroups(cx, tasks, inventory);
  await checkSeccomp(cx, tasks);
  checkTaskIds(cx, tasks, inventory);
  const ns = await checkNamespaces(cx, tasks, inventory);
  const files = await loadFiles(cx, tasks.some((t) => isLive(t)));
  await checkFdinfo(cx, tasks, files);
  await checkFs(cx, tasks, files);
  await checkFileRefs(cx, files, {
    tcpClose: inventory?.tcp_close === true,
    mountIds: ns.mountIds,
    pids: new Set(tasks.map((t) => t.pid)),
  });
  await checkFileLocks(cx, tasks);
  await checkNsFiles(cx, files, tasks);
  const pass: MemoryPass = {
    files,
    pageSize,
    sysv: ns.sysv,
    written: { task: 0, shmem: 0 },
    shmemDone: new Set(),
  };
  await checkMemory(cx, tasks, pass);
  await checkAllShmem(cx, ns.ipcIds, pass);
  await checkStats(cx, pass);
  // Read at restore whenever it is there.
  await cx.load("timens-0.img");
}

/** Decodes every image not decoded yet; with `strict`, lists the unused. */
async function checkEveryImage(
  cx: Context,
  names: readonly string[],
  strict: boolean | undefined,
) {
  const used = new Set(cx.referenced);
  for (const name of names) {
    if (RAW.test(name)) {
      cx.count("raw_images");
      if (strict && !used.has(name) && /^pages-/.test(name)) {
        cx.warning(name, "", "no pagemap refers to this pages file");
      }
      continue;
    }
    await cx.load(name);
    if (strict && !used.has(name)) {
      cx.warning(name, "", "nothing in the dump refers to this image");
    }
  }
}
