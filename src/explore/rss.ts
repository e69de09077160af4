/**
 * `crit x DIR rss`: each task's resident pages by pagemap run and the areas they fall in.
 */
import type { JsonObject } from "../json/types.ts";
import { type Dump, int, MM_MAP, num } from "../dump/dump.ts";
import {
  type ExplorerDef,
  missing,
  note,
  ONCE,
  padEnd,
  VMA_FILE,
} from "./_common.ts";
import type { TaskRss } from "./types.ts";
import type { FieldSelection } from "../codec/decode_selected.ts";

const PAGEMAP_RUNS: FieldSelection = {
  vaddr: true,
  nr_pages: true,
  compat_nr_pages: true,
};

async function rssData(dump: Dump): Promise<TaskRss[]> {
  const out: TaskRss[] = [];
  for (const pid of await dump.pids()) {
    // Each image is read once here: not kept.
    const mm = (await dump.entries(`mm-${pid}.img`, MM_MAP, ONCE))?.[0];
    const pagemap = await dump.entries(
      `pagemap-${pid}.img`,
      PAGEMAP_RUNS,
      ONCE,
    );
    if (!mm || !pagemap) {
      const image = mm ? `pagemap-${pid}.img` : `mm-${pid}.img`;
      out.push({ ...await missing(dump, pid, image), rss: [] });
      continue;
    }
    const vmas = (mm.vmas ?? []) as JsonObject[];
    const runs: TaskRss["rss"] = [];
    // crit's walk: vmi is the first area the run touches, pvmi the last one listed.
    let vmi = 0;
    let pvmi = -1;
    for (const pm of pagemap.slice(1)) {
      const vaddr = int(pm.vaddr);
      // Before CRIU 4.2 the page count was field 2, which 4.2 calls compat_nr_pages.
      const pages = int(pm.nr_pages ?? pm.compat_nr_pages);
      while (vmi < vmas.length && int(vmas[vmi].end) <= vaddr) vmi++;
      const runEnd = vaddr + (pages << 12n);
      const run: TaskRss["rss"][number] = {
        phyAddr: vaddr.toString(16),
        phyPages: Number(pages),
        vmas: [],
      };
      while (vmi < vmas.length && int(vmas[vmi].start) < runEnd) {
        const vma = vmas[vmi];
        const start = int(vma.start);
        const area: TaskRss["rss"][number]["vmas"][number] = {
          addr: start.toString(16),
          pages: Number((int(vma.end) - start) >> 12n),
        };
        if (num(vma.status) & VMA_FILE) {
          area.resource = await dump.fileText("REG", vma.shmid);
        }
        if (vmi === pvmi) area.continued = true;
        pvmi = vmi;
        run.vmas.push(area);
        vmi++;
      }
      // The last area may go on into the next run, so crit steps back one.
      vmi = Math.max(vmi - 1, 0);
      runs.push(run);
    }
    out.push({ pId: pid, rss: runs });
  }
  return out;
}

function rssText(tasks: TaskRss[]): string[] {
  return tasks.flatMap((t) => {
    const n = note(t, "memory");
    if (n !== undefined) return [`${t.pId}`, n];
    return [
      `${t.pId}`,
      ...t.rss.map((run) => {
        const head = `\t${run.phyAddr} / ${padEnd(String(run.phyPages), 8)}`;
        let text = "";
        for (const v of run.vmas) {
          if (v.continued) text += " ~";
          else {
            text += ` ${v.addr.padStart(8, "0")} / ${
              padEnd(String(v.pages), 8)
            }`;
            if (v.resource !== undefined) text += ` ${v.resource}`;
          }
          text += "\n\t" + " ".repeat(23);
        }
        return `${padEnd(head, 24)}${text}`;
      }),
    ];
  });
}

/** The `rss` explorer. */
export const rss: ExplorerDef<TaskRss[]> = { data: rssData, text: rssText };
