/**
 * Images of small made-up dumps, for tests and benchmarks: a process tree
 * of one task, an MM image with given VMAs, a private anonymous VMA.
 */
import { encodeSync } from "../../mod.ts";
import type { JsonObject } from "../../mod.ts";

/** VMA_AREA_REGULAR | VMA_ANON_PRIVATE: private anonymous memory. */
export const ANON = 0x201;

/**
 * A VMA entry: read-write, `MAP_PRIVATE | MAP_ANONYMOUS` unless `extra` says
 * otherwise.
 *
 * @example
 * ```ts
 * import { ANON, vma } from "./synthetic_dump.ts";
 * console.log(vma(0x10000, 0x11000, ANON).prot); // 3
 * ```
 */
export function vma(
  start: number,
  end: number,
  status = ANON,
  extra: Partial<JsonObject> = {},
): JsonObject {
  return {
    start,
    end,
    pgoff: 0,
    shmid: 0,
    prot: 3,
    flags: 0x22,
    status,
    fd: -1,
    ...extra,
  };
}

/**
 * An MM image of one task with these VMAs (and `auxv`, when given); `args`
 * are the argument and
 * environment bounds (arg start, arg end, env start, env end).
 *
 * @example
 * ```ts
 * import { decodeSync } from "../../mod.ts";
 * import { mmImage, vma } from "./synthetic_dump.ts";
 * const image = mmImage([vma(0x10000, 0x11000)]);
 * console.log(decodeSync(image).magic); // "MM"
 * ```
 */
export function mmImage(
  vmas: JsonObject[],
  args: [number, number, number, number] = [0, 0, 0, 0],
  auxv?: number[],
): Uint8Array {
  const [argStart, argEnd, envStart, envEnd] = args;
  return encodeSync({
    magic: "MM",
    entries: [{
      mm_start_code: 0,
      mm_end_code: 0,
      mm_start_data: 0,
      mm_end_data: 0,
      mm_start_stack: 0,
      mm_start_brk: 0,
      mm_brk: 0,
      mm_arg_start: argStart,
      mm_arg_end: argEnd,
      mm_env_start: envStart,
      mm_env_end: envEnd,
      exe_file_id: 0,
      ...(auxv === undefined ? {} : { mm_saved_auxv: auxv }),
      vmas,
    }],
  });
}

/**
 * A process tree of one task, its own group and session leader.
 *
 * @example
 * ```ts
 * import { decodeSync } from "../../mod.ts";
 * import { pstreeImage } from "./synthetic_dump.ts";
 * console.log(decodeSync(pstreeImage(7)).entries[0].pid); // 7
 * ```
 */
export function pstreeImage(pid: number, ppid = 0): Uint8Array {
  return encodeSync({
    magic: "PSTREE",
    entries: [{ pid, ppid, pgid: pid, sid: pid, threads: [pid] }],
  });
}
