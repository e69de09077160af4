/**
 * The inventory, the process tree and the per-task images every task
 * needs: core for each thread, ids, mm, pagemap and fs for live tasks.
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import { num, taskId } from "../dump/dump.ts";
import { TASK_STATE } from "../dump/constants.ts";
import type { Context } from "./_context.ts";

/** A task of pstree.img and what its images say about it. */
export interface Task {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  threads: number[];
  /** Index of its pstree.img entry. */
  index: number;
  /** `tc.task_state` of its core: 1 alive, 2 dead, 3 stopped, 6 zombie; 0 unknown. */
  state: number;
  /** Its core-<pid>.img entry, if it decodes. */
  core?: JsonObject;
  /** Its ids-<pid>.img entry, if any. */
  ids?: JsonObject;
}

/** Thread info field of a core for each `mtype`. */
const THREAD_INFO: Record<string, string> = {
  X86_64: "thread_info",
  ARM: "ti_arm",
  AARCH64: "ti_aarch64",
  PPC64: "ti_ppc64",
  S390: "ti_s390",
  MIPS: "ti_mips",
  LOONGARCH64: "ti_loongarch64",
  RISCV64: "ti_riscv64",
};

/** Whether a task has memory, files and a cwd to restore (alive or stopped). */
export const isLive = (t: Task): boolean =>
  t.state === TASK_STATE.ALIVE || t.state === TASK_STATE.STOPPED;

/** Checks inventory.img; returns its entry. */
export async function checkInventory(
  cx: Context,
): Promise<JsonObject | undefined> {
  const img = "inventory.img";
  const l = await cx.load(img);
  if (l.state === "missing") {
    cx.error(
      img,
      "",
      "missing; restore stops at once (CRIU reads its one entry: Unexpected EOF)",
    );
    return undefined;
  }
  if (l.state === "broken") return undefined;
  const inv = l.entries[0];
  if (inv === undefined) {
    cx.error(img, "entries", "has no entry; restore fails: Unexpected EOF");
    return undefined;
  }
  if (inv.fdinfo_per_id !== true) {
    cx.error(
      img,
      "entries[0].fdinfo_per_id",
      "is not set; restore fails: Too old image, no longer supported",
    );
  }
  const version = num(inv.img_version);
  if (version !== 1 && version !== 2) {
    cx.error(
      img,
      "entries[0].img_version",
      `is ${version}; restore fails: Not supported images version ${version}`,
    );
  }
  if (inv.root_cg_set !== undefined && num(inv.root_cg_set) === 0) {
    cx.error(
      img,
      "entries[0].root_cg_set",
      "is 0; restore fails: Corrupted root cgset",
    );
  }
  if (inv.root_ids === undefined) {
    cx.warning(
      img,
      "entries[0].root_ids",
      "is missing: which namespaces were dumped cannot be told, so they are not checked",
    );
  }
  if (inv.tcp_close === true) {
    cx.note(
      img,
      "entries[0].tcp_close",
      "dumped with --tcp-close: restore needs --tcp-close too",
    );
  }
  if (inv.allow_uprobes === true) {
    cx.note(
      img,
      "entries[0].allow_uprobes",
      "dumped with --allow-uprobes: restore needs --allow-uprobes too",
    );
  }
  return inv;
}

/** Checks pstree.img as CRIU reads it; returns its tasks in image order. */
export async function checkPstree(cx: Context): Promise<Task[]> {
  const img = "pstree.img";
  const l = await cx.load(img);
  if (l.state === "missing") {
    cx.error(img, "", "missing; restore fails: there is no task to restore");
    return [];
  }
  if (l.state === "broken") return [];
  if (l.entries.length === 0) {
    cx.error(img, "entries", "has no entry; restore fails: no root task");
  }
  const tasks: Task[] = [];
  // Every pid and thread id seen so far, as CRIU's pid tree has them.
  const seen = new Map<number, { task: Task; thread: boolean }>();
  let root: Task | undefined;
  l.entries.forEach((e, index) => {
    const at = `entries[${index}]`;
    const threads = ((e.threads ?? []) as JsonValue[]).map(num);
    const t: Task = {
      pid: taskId(e, "pid"),
      ppid: taskId(e, "ppid"),
      pgid: taskId(e, "pgid"),
      sid: taskId(e, "sid"),
      threads,
      index,
      state: 0,
    };
    const dup = seen.get(t.pid);
    if (dup !== undefined) {
      cx.error(
        img,
        `${at}.pid`,
        `pid ${t.pid} is also the pid of entries[${dup.task.index}]; restore fails: a pid cannot be given twice`,
      );
      return;
    }
    if (t.ppid === 0) {
      if (root !== undefined) {
        cx.error(
          img,
          `${at}.ppid`,
          `task ${t.pid} has ppid 0 but entries[${root.index}] is the root; restore fails: Parent missed on non-root task with pid ${t.pid}, image corruption!`,
        );
      } else root = t;
    } else {
      const parent = seen.get(t.ppid);
      if (parent === undefined || parent.thread) {
        cx.error(
          img,
          `${at}.ppid`,
          `parent ${t.ppid} of task ${t.pid} is not a task listed before it; restore fails: Can't find a parent for ${t.pid}`,
        );
      }
    }
    seen.set(t.pid, { task: t, thread: false });
    tasks.push(t);
  });
  if (l.entries.length > 0 && root === undefined) {
    cx.error(img, "entries", "no task has ppid 0; restore fails: no root task");
  }
  cx.count("tasks", tasks.length);
  // Thread ids are checked once every pid is known.
  for (const t of tasks) {
    t.threads.forEach((tid, i) => {
      if (i === 0) return;
      const other = seen.get(tid);
      if (other !== undefined) {
        cx.error(
          img,
          `entries[${t.index}].threads[${i}]`,
          `thread ${tid} is also ${
            other.thread ? "a thread of task" : "the pid of task"
          } ${other.task.pid}; restore fails: Unexpected task ${tid} in a tree ${i}`,
        );
      } else seen.set(tid, { task: t, thread: true });
    });
  }
  checkLeaders(cx, tasks, root);
  return tasks;
}

/** Sessions and groups whose leader is not in the tree. */
function checkLeaders(cx: Context, tasks: Task[], root: Task | undefined) {
  const pids = new Set(tasks.map((t) => t.pid));
  if (root !== undefined && !pids.has(root.sid)) {
    cx.note(
      "pstree.img",
      `entries[${root.index}].sid`,
      `the root task's session ${root.sid} is led by a process outside the dump: restore needs --shell-job`,
    );
  }
  for (const t of tasks) {
    if (t === root) continue;
    for (const key of ["sid", "pgid"] as const) {
      const leader = t[key];
      if (pids.has(leader)) continue;
      if (key === "sid" && root !== undefined && leader === root.sid) continue;
      if (key === "pgid" && root !== undefined && leader === root.pgid) {
        continue;
      }
      cx.note(
        "pstree.img",
        `entries[${t.index}].${key}`,
        `${
          key === "sid" ? "session" : "process group"
        } ${leader} of task ${t.pid} has no leader in the dump: CRIU adds a helper task for it`,
      );
    }
  }
}

/** core-<tid>.img of every thread; the task state comes from the leader's. */
export async function checkCores(cx: Context, tasks: Task[]): Promise<void> {
  // The first core's machine type: CRIU restores one type, its own.
  let arch: { mtype: JsonValue | undefined; pid: number } | undefined;
  for (const t of tasks) {
    const img = `core-${t.pid}.img`;
    const l = await cx.load(img);
    if (l.state !== "ok") {
      if (l.state === "missing") {
        cx.error(
          img,
          "",
          `missing for task ${t.pid}; restore fails: Unexpected EOF on its core image`,
        );
      }
      // Without a core the state is unknown: a task with memory was alive.
      if ((await cx.load(`mm-${t.pid}.img`)).state === "ok") {
        t.state = TASK_STATE.ALIVE;
      }
      continue;
    }
    const core = l.entries[0];
    if (core === undefined) {
      cx.error(img, "entries", "has no entry; restore fails: Unexpected EOF");
      continue;
    }
    t.core = core;
    if (arch === undefined) arch = { mtype: core.mtype, pid: t.pid };
    else if (core.mtype !== arch.mtype) {
      cx.error(
        img,
        "entries[0].mtype",
        `task ${t.pid} is ${core.mtype}, task ${arch.pid} is ${arch.mtype}: one restore runs on one machine type; restore fails: Core march mismatch`,
      );
    }
    const tc = core.tc as JsonObject | undefined;
    if (tc === undefined) {
      cx.error(
        img,
        "entries[0].tc",
        `task ${t.pid} has no task core (tc); restore fails: Core task state data missed`,
      );
      continue;
    }
    t.state = num(tc.task_state);
    if (!(Object.values(TASK_STATE) as number[]).includes(t.state)) {
      cx.error(
        img,
        "entries[0].tc.task_state",
        `unknown task state ${t.state}; restore fails: Unknown state`,
      );
      continue;
    }
    cx.count("threads", isLive(t) ? t.threads.length : 1);
    if (!isLive(t)) continue;
    checkThreadInfo(cx, img, core);
    if (t.threads.length === 0) {
      cx.error(
        "pstree.img",
        `entries[${t.index}].threads`,
        `live task ${t.pid} has no threads; restore fails: the task has nothing to run`,
      );
    } else if (t.threads[0] !== t.pid) {
      cx.error(
        "pstree.img",
        `entries[${t.index}].threads[0]`,
        `is ${
          t.threads[0]
        }, not the task's pid ${t.pid}; restore fails: the thread leader is not the task`,
      );
    }
    for (let i = 1; i < t.threads.length; i++) {
      await checkThreadCore(cx, t, i);
    }
  }
}

async function checkThreadCore(cx: Context, t: Task, i: number) {
  const img = `core-${t.threads[i]}.img`;
  const l = await cx.load(img);
  if (l.state === "missing") {
    cx.error(
      img,
      "",
      `missing for thread ${
        t.threads[i]
      } of task ${t.pid}; restore fails: Unexpected EOF on its core image`,
    );
  } else if (l.state === "ok") {
    const core = l.entries[0];
    if (core === undefined) {
      cx.error(img, "entries", "has no entry; restore fails: Unexpected EOF");
    } else checkThreadInfo(cx, img, core);
  }
}

function checkThreadInfo(cx: Context, img: string, core: JsonObject) {
  const field = THREAD_INFO[String(core.mtype)];
  if (field === undefined) {
    cx.error(
      img,
      "entries[0].mtype",
      `unknown machine type ${core.mtype}; restore fails: Unknown arch`,
    );
  } else if (core[field] === undefined) {
    cx.error(
      img,
      `entries[0].${field}`,
      `no registers (${field}) for mtype ${core.mtype}; restore fails: Core info data missed for non-zombie`,
    );
  }
}

/** ids, mm, pagemap and fs of every live task; ids for the root always. */
export async function checkTaskImages(
  cx: Context,
  tasks: Task[],
): Promise<void> {
  for (const t of tasks) {
    const live = isLive(t);
    const ids = await cx.load(`ids-${t.pid}.img`);
    if (ids.state === "ok") t.ids = ids.entries[0];
    if (ids.state === "missing" && (live || t.ppid === 0)) {
      cx.error(
        `ids-${t.pid}.img`,
        "",
        t.ppid === 0
          ? `missing for the root task ${t.pid}; restore fails: No IDS for root task.`
          : `missing for live task ${t.pid}; restore fails: Core IDS data missed for non-zombie`,
      );
    }
    if (!live) continue;
    for (const kind of ["mm", "pagemap", "fs"]) {
      const img = `${kind}-${t.pid}.img`;
      const l = await cx.load(img);
      if (l.state === "missing") {
        cx.error(
          img,
          "",
          `missing for live task ${t.pid}; restore fails: ${
            kind === "fs"
              ? "the task has no cwd and root"
              : kind === "mm"
              ? "the task has no memory layout"
              : "the task's memory cannot be read"
          }`,
        );
      } else if (l.state === "ok" && l.entries.length === 0) {
        cx.error(img, "entries", "has no entry; restore fails: Unexpected EOF");
      }
    }
  }
}

/** Tasks' cgroup sets -> cgroup.img. */
export async function checkCgroups(
  cx: Context,
  tasks: Task[],
  inventory: JsonObject | undefined,
): Promise<void> {
  const rootSet = num(inventory?.root_cg_set);
  const wanted = tasks.filter((t) => {
    const set = num((t.core?.tc as JsonObject | undefined)?.cg_set);
    return set !== 0 && set !== rootSet;
  });
  const cg = wanted.length > 0 || rootSet !== 0
    ? await cx.entries("cgroup.img")
    : undefined;
  const sets = new Set(
    ((cg?.[0]?.sets ?? []) as JsonObject[]).map((s) => num(s.id)),
  );
  for (const t of wanted) {
    const set = num((t.core?.tc as JsonObject).cg_set);
    if (!sets.has(set)) {
      cx.error(
        `core-${t.pid}.img`,
        "entries[0].tc.cg_set",
        `cgroup set ${set} of task ${t.pid} is not in cgroup.img; restore fails: No set ${set} found`,
      );
    }
  }
}
