/**
 * `crit x DIR fds`: each task's open files, described as crit does.
 */
import type { Dump } from "../dump/dump.ts";
import { type ExplorerDef, fdTable, note, pad } from "./_common.ts";
import type { TaskFiles } from "./types.ts";

async function fdsData(dump: Dump): Promise<TaskFiles[]> {
  const out: TaskFiles[] = [];
  for (const pid of await dump.pids()) {
    const table = await fdTable(dump, pid);
    if (!Array.isArray(table)) {
      out.push({ ...table, files: [] });
      continue;
    }
    const files: TaskFiles["files"] = [];
    for (const fd of table) {
      const type = String(fd.type);
      files.push({
        fd: String(fd.fd),
        type,
        path: await dump.fileText(type, fd.id),
      });
    }
    const fs = await dump.first(`fs-${pid}.img`);
    files.push({ fd: "cwd", path: await dump.fileText("REG", fs.cwd_id) });
    files.push({ fd: "root", path: await dump.fileText("REG", fs.root_id) });
    out.push({ pId: pid, files });
  }
  return out;
}

function fdsText(tasks: TaskFiles[]): string[] {
  return tasks.flatMap((t) => {
    const n = note(t, "open files");
    if (n !== undefined) return [`${t.pId}`, n];
    return [`${t.pId}`, ...t.files.map((f) => `\t${pad(f.fd, 7)}: ${f.path}`)];
  });
}

/** The `fds` explorer. */
export const fds: ExplorerDef<TaskFiles[]> = { data: fdsData, text: fdsText };
