/**
 * `crit x DIR ps`: the process tree, with each task's state.
 */
import type { JsonObject } from "../json/types.ts";
import { type Dump, TASK_CORE } from "../dump/dump.ts";
import { type ExplorerDef, pad } from "./_common.ts";
import type { PsTask } from "./types.ts";

async function psData(dump: Dump): Promise<PsTask> {
  const tasks = new Map<number, { ppid: number; task: PsTask }>();
  for (const { pid, ppid, pgid, sid, threads } of await dump.tasks()) {
    const tc = (await dump.first(`core-${pid}.img`, TASK_CORE)).tc as
      | JsonObject
      | undefined;
    const task: PsTask = {
      pId: pid,
      pgId: pgid,
      sId: sid,
      comm: String(tc?.comm ?? ""),
      ...await dump.status(pid),
      threads,
      children: [],
    };
    tasks.set(pid, { ppid, task });
  }
  let root: PsTask | undefined;
  for (const { ppid, task } of tasks.values()) {
    if (ppid === 0) {
      // Like crit, the last task without a parent is the root.
      root = task;
      continue;
    }
    const parent = tasks.get(ppid);
    if (!parent) {
      throw new Error(
        `task ${task.pId} has parent ${ppid}, which is not in pstree.img`,
      );
    }
    parent.task.children.push(task);
  }
  if (!root) throw new Error("pstree.img has no task without a parent");
  return root;
}

/** crit's columns; `long` adds each task's state and its threads. */
function psText(root: PsTask, long = false): string[] {
  const extra = long ? `  ${"STATE".padEnd(8)}${pad("THREADS", 8)}` : "";
  const lines = [
    `${pad("PID", 7)}${pad("PGID", 7)}${pad("SID", 7)}${extra}   COMM`,
  ];
  const walk = (t: PsTask, depth: number) => {
    const more = long
      ? `  ${String(t.state).padEnd(8)}${pad(String(t.threads.length), 8)}`
      : "";
    lines.push(
      `${pad(String(t.pId), 7)}${pad(String(t.pgId), 7)}${
        pad(String(t.sId), 7)
      }${more}   ${" ".repeat(4 * depth)}${t.comm}`,
    );
    if (long && t.threads.length > 1) {
      lines.push(
        `${" ".repeat(42 + 4 * depth)}threads ${t.threads.join(" ")}`,
      );
    }
    for (const kid of t.children) walk(kid, depth + 1);
  };
  walk(root, 0);
  return lines;
}

/** The `ps` explorer. */
export const ps: ExplorerDef<PsTask> = { data: psData, text: psText };
