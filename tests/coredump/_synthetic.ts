/**
 * Small dumps built with encodeSync for what the corpus does not have
 * (aarch64, tens of thousands of VMAs): one task, its core, mm, pagemap and
 * pages images, written to a temporary directory for the CLI.
 */
import { encodeSync, type JsonObject } from "../../mod.ts";
import { concatBytes } from "../../src/wire/bytes.ts";
import { scratchDirSync } from "../_helpers/scratch.ts";

/** Page size of the synthetic dumps. */
export const PS = 4096;
/** VMA status of private anonymous memory (VMA_AREA_REGULAR | VMA_ANON_PRIVATE). */
export const ANON = 0x201;

/** One anonymous VMA. */
export function vma(start: number, end: number, prot = 3): JsonObject {
  return {
    start,
    end,
    pgoff: 0,
    shmid: 0,
    prot,
    flags: 0x22,
    status: ANON,
    fd: -1,
  };
}

/** The images of a one-task dump, by file name. */
export function dumpFiles(options: {
  pid: number;
  core: JsonObject;
  vmas: JsonObject[];
  /** Pages in the dump: address and bytes (one page each), in address order. */
  pages: [number, Uint8Array][];
  /** Pagemap entries without pages (PE_LAZY only, PE_PARENT): address, flags. */
  absent?: [number, number][];
  args?: [number, number];
  /** mm_saved_auxv, default AT_PAGESZ only. */
  auxv?: number[];
}): Record<string, Uint8Array> {
  const { pid } = options;
  const entries: JsonObject[] = [{ pages_id: 1 }];
  for (const [vaddr] of options.pages) {
    entries.push({ vaddr, compat_nr_pages: 0, flags: 4, nr_pages: 1 });
  }
  for (const [vaddr, flags] of options.absent ?? []) {
    entries.push({ vaddr, compat_nr_pages: 0, flags, nr_pages: 1 });
  }
  const [argStart, argEnd] = options.args ?? [0, 0];
  return {
    "pstree.img": encodeSync({
      magic: "PSTREE",
      entries: [{ pid, ppid: 1, pgid: pid, sid: pid, threads: [pid] }],
    }),
    [`core-${pid}.img`]: encodeSync({ magic: "CORE", entries: [options.core] }),
    [`mm-${pid}.img`]: encodeSync({
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
        mm_env_start: argEnd,
        mm_env_end: argEnd,
        exe_file_id: 0,
        mm_saved_auxv: options.auxv ?? [6, PS, 0, 0],
        vmas: options.vmas,
      }],
    }),
    [`pagemap-${pid}.img`]: encodeSync({ magic: "PAGEMAP", entries }),
    "pages-1.img": concatBytes(options.pages.map(([, p]) => p)),
  };
}

/** Writes the files into a new temporary directory. */
export function writeDump(files: Record<string, Uint8Array>): string {
  const dir = scratchDirSync({ prefix: "crit-core-dump-" });
  for (const [name, bytes] of Object.entries(files)) {
    Deno.writeFileSync(`${dir}/${name}`, bytes);
  }
  return dir;
}

/** A page starting with `text`, the rest zeros. */
export function textPage(text: string): Uint8Array {
  const p = new Uint8Array(PS);
  p.set(new TextEncoder().encode(text));
  return p;
}
