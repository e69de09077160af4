/**
 * `crit x DIR mems`: each task's memory areas and what backs them.
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import { type Dump, int, MM_MAP, num } from "../dump/dump.ts";
import { MAP, VMA } from "../dump/constants.ts";
import {
  type ExplorerDef,
  hex,
  missing,
  note,
  ONCE,
  padEnd,
  VMA_FILE,
} from "./_common.ts";
import type { TaskMems } from "./types.ts";

async function memsData(dump: Dump): Promise<TaskMems[]> {
  const out: TaskMems[] = [];
  // Shared areas are numbered in order of first sight, across tasks, like crit.
  const shortIds = new Map<bigint, number>();
  const shortId = (v: JsonValue | undefined) => {
    const key = int(v);
    let id = shortIds.get(key);
    if (id === undefined) {
      id = shortIds.size + 1;
      shortIds.set(key, id);
    }
    return id.toString(16);
  };
  for (const pid of await dump.pids()) {
    // Each mm image is read once here: not kept (10% of the CPU time).
    const mm = (await dump.entries(`mm-${pid}.img`, MM_MAP, ONCE))?.[0];
    if (!mm) {
      out.push({ ...await missing(dump, pid, `mm-${pid}.img`), mems: [] });
      continue;
    }
    const exe = await dump.fileText("REG", mm.exe_file_id);
    const mems: TaskMems["mems"] = [];
    for (const vma of (mm.vmas ?? []) as JsonObject[]) {
      const st = num(vma.status);
      let fn: string;
      if (st & VMA.SYSVIPC) fn = `ips[${shortId(vma.shmid)}]`;
      else if (st & VMA.ANON_SHARED) fn = `shmem[${shortId(vma.shmid)}]`;
      else if (st & VMA.SOCKET) fn = `packet[${shortId(vma.shmid)}]`;
      else if (st & VMA_FILE) {
        fn = await dump.fileText("REG", vma.shmid);
        if (vma.pgoff) fn += ` + 0x${hex(vma.pgoff)}`;
        if (st & VMA.FILE_SHARED) fn += " (s)";
      } else if (st & VMA.STACK) fn = "[stack]";
      else if (st & VMA.VSYSCALL) fn = "[vsyscall]";
      else if (st & VMA.VDSO) fn = "[vdso]";
      else if (num(vma.flags) & MAP.GROWSDOWN) fn = "[stack?]";
      else fn = "";
      if (!(st & 1)) fn = fn ? `${fn} *` : "*";
      const prot = num(vma.prot);
      const protection = (prot & 1 ? "r" : "-") + (prot & 2 ? "w" : "-") +
        (prot & 4 ? "x" : "-");
      const area: TaskMems["mems"][number] = {
        start: hex(vma.start),
        end: hex(vma.end),
        protection,
      };
      if (fn) area.resource = fn;
      mems.push(area);
    }
    out.push({ pId: pid, exe, mems });
  }
  return out;
}

function memsText(tasks: TaskMems[]): string[] {
  return tasks.flatMap((t) => {
    const n = note(t, "memory");
    if (n !== undefined) return [`${t.pId}`, n];
    return [
      `${t.pId}`,
      `\t${padEnd("exe", 36)}    ${t.exe}`,
      ...t.mems.map((m) => {
        const range = `${m.start.padStart(8, "0")}-${m.end.padStart(8, "0")}`;
        const fn = m.resource === undefined ? "" : ` ${m.resource}`;
        return `\t${padEnd(range, 36)}${m.protection}${fn}`;
      }),
    ];
  });
}

/** The `mems` explorer. */
export const mems: ExplorerDef<TaskMems[]> = { data: memsData, text: memsText };
