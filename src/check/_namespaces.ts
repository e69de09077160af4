/**
 * Namespaces: every namespace a task is in that differs from CRIU's own at
 * dump time (inventory `root_ids`) was dumped, and its images must be there.
 */
import type { JsonObject } from "../json/types.ts";
import { num } from "../dump/dump.ts";
import type { Context } from "./_context.ts";
import type { Task } from "./_tree.ts";

/** Per namespace kind: the images restore reads one entry of (required). */
const REQUIRED: [string, string, string][] = [
  [
    "mnt_ns_id",
    "mountpoints",
    "the mount tree cannot be built (no root mount)",
  ],
  ["net_ns_id", "netns", "Unexpected EOF"],
  ["ipc_ns_id", "ipcns-var", "Unexpected EOF"],
  ["uts_ns_id", "utsns", "Unexpected EOF"],
  ["user_ns_id", "userns", "Unexpected EOF"],
  ["time_ns_id", "timens", "Unexpected EOF"],
];

/** What the namespace pass found, for the other passes. */
export interface Namespaces {
  /** mnt_id of every mount of the dumped mount namespaces, if any was dumped. */
  mountIds?: Set<number>;
  /** SysV segments of a dumped ipc namespace by segment id; undefined if not dumped. */
  sysv(nsId: number): Promise<Map<number, JsonObject> | undefined>;
  /** Ids of the dumped ipc namespaces. */
  ipcIds: number[];
}

/** Checks the namespace images of every task's ids. */
export async function checkNamespaces(
  cx: Context,
  tasks: Task[],
  inventory: JsonObject | undefined,
): Promise<Namespaces> {
  const rootIds = inventory?.root_ids as JsonObject | undefined;
  const dumped = new Map<string, Set<number>>();
  for (const t of tasks) {
    if (t.ids === undefined || rootIds === undefined) continue;
    for (const [key] of REQUIRED) {
      if (t.ids[key] === undefined) continue;
      const id = num(t.ids[key]);
      if (id === num(rootIds[key])) continue;
      let set = dumped.get(key);
      if (set === undefined) dumped.set(key, set = new Set());
      if (set.has(id)) continue;
      set.add(id);
      await checkOne(cx, t, key, id);
    }
  }
  const mnt = dumped.get("mnt_ns_id");
  let mountIds: Set<number> | undefined;
  let complete = true;
  if (mnt !== undefined) {
    mountIds = new Set();
    for (const id of mnt) {
      const img = `mountpoints-${id}.img`;
      const external: string[] = [];
      let first = -1;
      const mounts = await cx.entries(img);
      // Missing or empty is an error already; without the mounts, files'
      // mount ids cannot be told right or wrong.
      if (mounts === undefined || mounts.length === 0) {
        complete = false;
        continue;
      }
      mounts.forEach((m, i) => {
        cx.count("mounts");
        mountIds!.add(num(m.mnt_id));
        if (m.ext_mount === true || m.ext_key !== undefined) {
          if (first < 0) first = i;
          external.push(String(m.ext_key ?? m.mountpoint));
        }
      });
      checkMountTree(cx, img, mounts);
      await checkTmpfs(cx, img, mounts);
      if (external.length > 0) {
        const keys = [...new Set(external)];
        cx.note(
          img,
          `entries[${first}]`,
          `${external.length} mounts are external: restore needs --external mnt[KEY]:PATH for ${
            keys.length === 1 ? "the key" : `each of the ${keys.length} keys`
          } ${keys.join(", ")}`,
        );
      }
    }
  }
  if (!complete) mountIds = undefined;
  const ipc = dumped.get("ipc_ns_id");
  // Read at restore when there (a missing one is an empty namespace part).
  for (const id of ipc ?? []) {
    for (const kind of ["shm", "msg", "sem"]) {
      await cx.load(`ipcns-${kind}-${id}.img`);
    }
  }
  const sysv = async (nsId: number) => {
    if (ipc === undefined || !ipc.has(nsId)) return undefined;
    const segments = new Map<number, JsonObject>();
    for (const e of await cx.entries(`ipcns-shm-${nsId}.img`) ?? []) {
      segments.set(num((e.desc as JsonObject).id), e);
    }
    return segments;
  };
  return { mountIds, sysv, ipcIds: [...ipc ?? []] };
}

async function checkOne(cx: Context, t: Task, key: string, id: number) {
  const [, prefix, failure] = REQUIRED.find(([k]) => k === key)!;
  const img = `${prefix}-${id}.img`;
  const l = await cx.load(img);
  const kind = key.slice(0, key.indexOf("_"));
  if (l.state === "missing" && key === "net_ns_id") {
    // runc dumps and restores containers with --empty-ns net: no netns
    // images at all; nothing in the other images tells the two apart.
    cx.warning(
      `ids-${t.pid}.img`,
      `entries[0].${key}`,
      `the net namespace ${id} of task ${t.pid} is not in the dump (no ${img}): restore fails (Unexpected EOF) unless run with --empty-ns net, as runc does for containers, or --external net[...]`,
    );
    return;
  }
  if (l.state === "missing") {
    cx.error(
      `ids-${t.pid}.img`,
      `entries[0].${key}`,
      `the ${kind} namespace ${id} of task ${t.pid} was dumped, but ${img} is missing; restore fails: ${failure}`,
    );
    return;
  }
  if (l.state !== "ok") return;
  if (l.entries.length === 0) {
    cx.error(img, "entries", `has no entry; restore fails: ${failure}`);
    return;
  }
  if (key === "net_ns_id") {
    const ext = l.entries[0].ext_key;
    if (ext !== undefined) {
      cx.note(
        img,
        "entries[0].ext_key",
        `the network namespace is external: restore needs --external net[${
          String(ext)
        }]:PATH`,
      );
    } else if (await cx.entries(`netdev-${id}.img`) === undefined) {
      cx.warning(
        `ids-${t.pid}.img`,
        `entries[0].${key}`,
        `network namespace ${id} has no netdev-${id}.img: restore creates it without its devices (not even lo)`,
      );
    }
  }
}

/** Namespace kinds of the ids CRIU compares between a task and its parent. */
const CLONE_KINDS = [
  "pid_ns_id",
  "net_ns_id",
  "ipc_ns_id",
  "uts_ns_id",
  "time_ns_id",
  "mnt_ns_id",
  "user_ns_id",
];
/** Kinds a sub-task may have its own of (CRIU's CLONE_SUBNS). */
const SUB_KINDS = new Set(["mnt_ns_id", "net_ns_id"]);

/**
 * CRIU's prepare_pstree_kobj_ids(): the root's ids against CRIU's own at
 * dump time, every other task's against its parent's. Only the root may be
 * in namespaces of its own, and sub-tasks only in mount and network ones
 * the root has too.
 */
export function checkTaskIds(
  cx: Context,
  tasks: Task[],
  inventory: JsonObject | undefined,
): void {
  const rootIds = inventory?.root_ids as JsonObject | undefined;
  const byPid = new Map(tasks.map((t) => [t.pid, t]));
  const root = tasks.find((t) => t.ppid === 0);
  const rootMask = new Set<string>();
  if (root?.ids !== undefined && rootIds !== undefined) {
    for (const k of CLONE_KINDS) {
      if (num(root.ids[k]) !== num(rootIds[k])) rootMask.add(k);
    }
    if (num(root.ids.files_id) === num(rootIds.files_id)) {
      cx.error(
        `ids-${root.pid}.img`,
        "entries[0].files_id",
        `the root task shares CRIU's own files_id; restore fails: Image corruption on kIDs data`,
      );
    }
  }
  for (const t of tasks) {
    if (t === root || t.ids === undefined) continue;
    const parent = byPid.get(t.ppid)?.ids;
    if (parent === undefined) {
      cx.error(
        `ids-${t.pid}.img`,
        "",
        `task ${t.pid} has ids but its parent ${t.ppid} has none; restore fails: No kIDs provided, image corruption`,
      );
      continue;
    }
    const own = CLONE_KINDS.filter((k) =>
      num(t.ids![k]) !== num(parent[k]) &&
      !(SUB_KINDS.has(k) && rootMask.has(k))
    );
    if (own.length > 0) {
      cx.error(
        `ids-${t.pid}.img`,
        `entries[0].${own[0]}`,
        `task ${t.pid} is in other ${
          own.map((k) => k.slice(0, k.indexOf("_"))).join(", ")
        } namespaces than its parent ${t.ppid}; restore fails: Can't restore sub-task in NS`,
      );
    }
  }
}

/** `mnt_entry.fstype` of tmpfs. */
const FSTYPE_TMPFS = 5;

/**
 * The contents of every tmpfs mount of a dumped mount namespace are in a
 * tarball, by device (or by mount id in older dumps): CRIU's
 * tmpfs_restore() fails without one. External mounts come from outside,
 * and the namespace's root mount is the root given to restore.
 */
async function checkTmpfs(cx: Context, img: string, mounts: JsonObject[]) {
  const ids = new Set(mounts.map((m) => num(m.mnt_id)));
  const done = new Set<number>();
  for (let i = 0; i < mounts.length; i++) {
    const m = mounts[i];
    if (num(m.fstype) !== FSTYPE_TMPFS) continue;
    if (m.ext_mount === true || m.ext_key !== undefined) continue;
    if (!ids.has(num(m.parent_mnt_id))) continue;
    const dev = num(m.root_dev);
    if (done.has(dev)) continue;
    done.add(dev);
    if (await cx.has(`tmpfs-dev-${dev}.tar.gz.img`)) continue;
    if (await cx.has(`tmpfs-${num(m.mnt_id)}.tar.gz.img`)) continue;
    cx.error(
      img,
      `entries[${i}]`,
      `tmpfs mount ${num(m.mnt_id)} (${
        String(m.mountpoint)
      }) has no tmpfs-dev-${dev}.tar.gz.img; restore fails: its contents are not in the dump`,
    );
  }
}

/**
 * CRIU's mnt_build_ids_tree(): every mount has its parent in the image but
 * one, the namespace's root ("/").
 */
function checkMountTree(cx: Context, img: string, mounts: JsonObject[]) {
  if (mounts.length === 0) {
    cx.error(
      img,
      "entries",
      "has no mount; restore fails: No root found for tree",
    );
    return;
  }
  const ids = new Set(mounts.map((m) => num(m.mnt_id)));
  let root = false;
  mounts.forEach((m, i) => {
    const parent = num(m.parent_mnt_id);
    if (parent !== num(m.mnt_id) && ids.has(parent)) return;
    if (!root && m.mountpoint === "/") {
      root = true;
      return;
    }
    cx.error(
      img,
      `entries[${i}].parent_mnt_id`,
      `mount ${num(m.mnt_id)} (${
        String(m.mountpoint)
      }) has no parent ${parent} in the image; restore fails: No parent found for mountpoint ${
        num(m.mnt_id)
      }`,
    );
  });
  if (!root) {
    cx.error(
      img,
      "entries",
      "no mount is the namespace's root (/); restore fails: No root found for tree",
    );
  }
}
