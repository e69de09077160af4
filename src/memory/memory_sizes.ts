/**
 * How much memory of each task a dump holds: checkpointctl's `memparse`
 * table, counted from what the dump really has.
 *
 * @module
 */
import type { DumpDir } from "../dump/dump_dir.ts";
import { Dump } from "../dump/dump.ts";
import { DumpMemory, type MappingKind } from "./memory.ts";

/**
 * One task's memory in the dump, in bytes.
 *
 * @example
 * ```ts
 * import type { TaskMemorySize } from "@ckpt/crit";
 * const t: TaskMemorySize = { pid: 1, comm: "sh", memory: 77824, sharedMemory: 0 };
 * ```
 */
export interface TaskMemorySize {
  /** Process id. */
  pid: number;
  /** Command name. */
  comm: string;
  /** Bytes of private mappings whose pages the dump holds. */
  memory: number;
  /** Bytes of shared mappings (shmem, SysV, memfd, shared files) the dump holds. */
  sharedMemory: number;
}

const SHARED: readonly MappingKind[] = [
  "shmem",
  "sysv-shm",
  "memfd",
  "file-shared",
];

/**
 * The memory of every alive or stopped task (dead tasks and zombies have
 * none), in process-tree order. Unlike a sum of pagemap entries, only
 * pages the dump holds count: not lazy pages, not pages that would read as
 * zeros.
 *
 * @example
 * ```ts
 * import { memorySizes } from "@ckpt/crit";
 * const dir = { read: () => Promise.resolve(undefined) };
 * await memorySizes(dir).catch((e) => console.assert(e instanceof Error));
 * ```
 */
export async function memorySizes(dir: DumpDir): Promise<TaskMemorySize[]> {
  const dump = new Dump(dir);
  const memory = new DumpMemory(dump);
  const out: TaskMemorySize[] = [];
  const tasks = await dump.tasks();
  const children = new Map<number, number[]>();
  for (const t of tasks) {
    children.set(t.ppid, [...children.get(t.ppid) ?? [], t.pid]);
  }
  const pids = new Set(tasks.map((t) => t.pid));
  const roots = tasks.filter((t) => !pids.has(t.ppid)).map((t) => t.pid);
  const visit = async (pid: number) => {
    const status = await dump.status(pid);
    if (status.state !== "alive" && status.state !== "stopped") return;
    const core = (await dump.need(`core-${pid}.img`))[0];
    const comm = String(
      (core.tc as Record<string, unknown> | undefined)?.comm ?? "",
    );
    const row: TaskMemorySize = { pid, comm, memory: 0, sharedMemory: 0 };
    for (const m of (await memory.process(pid)).mappings) {
      const bytes = m.dumped * Number(m.end - m.start) / m.pages;
      if (SHARED.includes(m.kind)) row.sharedMemory += bytes;
      else row.memory += bytes;
    }
    out.push(row);
    for (const child of children.get(pid) ?? []) await visit(child);
  };
  for (const root of roots) await visit(root);
  return out;
}
