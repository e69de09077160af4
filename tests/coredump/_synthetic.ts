/**
 * Small dumps built with encodeSync for what the corpus does not have
 * (aarch64, tens of thousands of VMAs): one task, its core, mm, pagemap and
 * pages images, written to a temporary directory for the CLI.
 */
import { encodeSync, type JsonObject } from "../../mod.ts";
import { concatBytes } from "../../src/wire/bytes.ts";
import { scratchDirSync } from "../_helpers/scratch.ts";
import {
  ANON,
  mmImage,
  pstreeImage,
  vma as anonVma,
} from "../_helpers/synthetic_dump.ts";

/** Page size of the synthetic dumps. */
export const PS = 4096;

/** One anonymous VMA. */
export function vma(start: number, end: number, prot = 3): JsonObject {
  return anonVma(start, end, ANON, { prot });
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
    "pstree.img": pstreeImage(pid, 1),
    [`core-${pid}.img`]: encodeSync({ magic: "CORE", entries: [options.core] }),
    [`mm-${pid}.img`]: mmImage(
      options.vmas,
      [argStart, argEnd, argEnd, argEnd],
      options.auxv ?? [6, PS, 0, 0],
    ),
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
