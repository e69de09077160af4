/**
 * Open files: files.img as CRIU collects it, fdinfo -> files.img, epoll
 * targets, and the cwd and root of every task. What the files themselves
 * refer to is in _file_refs.ts.
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import { int, num } from "../dump/dump.ts";
import { type Context, hex } from "./_context.ts";
import { isLive, type Task } from "./_tree.ts";

/**
 * files.img by id, and the ids CRIU looks files up with. Ids are uint32 in
 * files.img, so numbers key them; a wider id from elsewhere matches none.
 */
export class Files {
  readonly byId = new Map<number, JsonObject>();
  /** Index of each entry in files.img, for paths. */
  readonly index = new Map<number, number>();
  /** Whether files.img is there and decodes. */
  readonly present: boolean;
  /** The entries of each type with their index, in the order of byId. */
  #byType = new Map<string, [JsonObject, number][]>();

  constructor(entries: JsonObject[] | undefined) {
    this.present = entries !== undefined;
    entries?.forEach((f, i) => {
      this.byId.set(num(f.id), f);
      this.index.set(num(f.id), i);
    });
    // Once, not once per kind of reference checked.
    for (const [id, f] of this.byId) {
      const type = String(f.type);
      let list = this.#byType.get(type);
      if (list === undefined) this.#byType.set(type, list = []);
      list.push([f, this.index.get(id)!]);
    }
  }

  /** The entry with this id if it has this type. */
  get(type: string, id: JsonValue | undefined): JsonObject | undefined {
    const f = this.byId.get(num(id));
    return f !== undefined && f.type === type ? f : undefined;
  }

  /** All entries of a type with their index. */
  ofType(type: string): readonly [JsonObject, number][] {
    return this.#byType.get(type) ?? [];
  }
}

/** Field of a file entry holding each type's details. */
const DETAIL: Record<string, string> = {
  REG: "reg",
  INETSK: "isk",
  NS: "nsf",
  PACKETSK: "psk",
  NETLINKSK: "nlsk",
  EVENTFD: "efd",
  EVENTPOLL: "epfd",
  SIGNALFD: "sgfd",
  TUNF: "tunf",
  TIMERFD: "tfd",
  INOTIFY: "ify",
  FANOTIFY: "ffy",
  EXT: "ext",
  UNIXSK: "usk",
  FIFO: "fifo",
  PIPE: "pipe",
  TTY: "tty",
  MEMFD: "memfd",
  BPFMAP: "bpf",
  PIDFD: "pidfd",
};

/** The details of a files.img entry (`reg`, `usk`, ...). */
export function detail(f: JsonObject): JsonObject | undefined {
  return f[DETAIL[String(f.type)]] as JsonObject | undefined;
}

/** Loads files.img and checks each entry's shape. */
export async function loadFiles(cx: Context, needed: boolean): Promise<Files> {
  const l = await cx.load("files.img");
  if (l.state === "missing" && needed) {
    cx.error(
      "files.img",
      "",
      "missing while tasks have open files; restore fails: No file for fd ...",
    );
  }
  const files = new Files(l.state === "ok" ? l.entries : undefined);
  cx.count("files", files.byId.size);
  for (const [id, f] of files.byId) {
    const field = DETAIL[String(f.type)];
    const d = detail(f);
    if (field !== undefined && d !== undefined && num(d.id) === id) continue;
    const at = `entries[${files.index.get(id)}]`;
    if (field === undefined) {
      cx.error(
        "files.img",
        `${at}.type`,
        `file ${
          hex(f.id)
        } has type ${f.type}; restore fails: Unknown file type ${f.type}`,
      );
    } else if (d === undefined) {
      cx.error(
        "files.img",
        at,
        `file ${
          hex(f.id)
        } of type ${f.type} has no ${field}; restore fails: the file cannot be collected`,
      );
    } else {
      cx.error(
        "files.img",
        `${at}.${field}.id`,
        `is ${hex(d.id)}, the entry's id is ${
          hex(f.id)
        }; restore fails: ID mismatch ${int(f.id)} != ${int(d.id)}`,
      );
    }
  }
  return files;
}

/** A REG file CRIU opens by id for cwd, root, exe or a mapping. */
export function needReg(
  cx: Context,
  files: Files,
  image: string,
  path: string,
  id: JsonValue | undefined,
  what: string,
): void {
  // Without files.img (an error of its own) every lookup would fail.
  if (!files.present || files.get("REG", id) !== undefined) return;
  cx.error(
    image,
    path,
    `${what}: no regular file ${
      hex(id)
    } in files.img; restore fails: No entry for reg-file-ID ${hex(id)}`,
  );
}

/** fdinfo-<files_id>.img of every live task and each fd in it. */
export async function checkFdinfo(
  cx: Context,
  tasks: Task[],
  files: Files,
): Promise<void> {
  const done = new Set<number>();
  for (const t of tasks) {
    if (!isLive(t) || t.ids === undefined) continue;
    const filesId = num(t.ids.files_id);
    if (done.has(filesId)) continue;
    done.add(filesId);
    const img = `fdinfo-${filesId}.img`;
    const l = await cx.load(img);
    if (l.state === "missing") {
      cx.error(
        img,
        "",
        `missing for files_id ${filesId} of task ${t.pid} (ids-${t.pid}.img); restore gives the task no open files at all`,
      );
      continue;
    }
    if (l.state === "broken") continue;
    const fds = new Set<number>();
    if (l.entries.length > 0) cx.count("fds", l.entries.length);
    l.entries.forEach((e, i) => {
      const fd = num(e.fd);
      if (fds.has(fd)) {
        cx.error(
          img,
          `entries[${i}].fd`,
          `fd ${fd} is listed twice; restore fails to set it up twice`,
        );
      }
      fds.add(fd);
      if (!files.present || files.get(String(e.type), e.id) !== undefined) {
        return;
      }
      const other = files.byId.get(num(e.id));
      cx.error(
        img,
        `entries[${i}]`,
        `fd ${fd}: no ${e.type} file with id ${hex(e.id)} in files.img${
          other ? ` (${hex(e.id)} is a ${other.type})` : ""
        }; restore fails: No file for fd ${fd} id ${hex(e.id)}`,
      );
    });
    checkEpollTargets(cx, img, l.entries, fds, files);
  }
}

/**
 * An epoll's targets are fds of the task that restores it: CRIU adds each
 * with epoll_ctl() on the fd number once the epoll is open.
 */
function checkEpollTargets(
  cx: Context,
  img: string,
  fdinfo: JsonObject[],
  fds: Set<number>,
  files: Files,
) {
  fdinfo.forEach((e, i) => {
    if (e.type !== "EVENTPOLL") return;
    const ep = files.get("EVENTPOLL", e.id)?.epfd as JsonObject | undefined;
    for (const tfd of (ep?.tfd ?? []) as JsonObject[]) {
      const target = num(tfd.tfd);
      if (fds.has(target)) continue;
      cx.error(
        img,
        `entries[${i}]`,
        `epoll fd ${
          num(e.fd)
        } watches fd ${target}, which the task does not have; restore fails: Can't add event on ${
          hex(e.id)
        }`,
      );
    }
  });
}

/** cwd and root of every live task. */
export async function checkFs(
  cx: Context,
  tasks: Task[],
  files: Files,
): Promise<void> {
  for (const t of tasks) {
    if (!isLive(t)) continue;
    const img = `fs-${t.pid}.img`;
    const fs = (await cx.entries(img))?.[0];
    if (fs === undefined || !files.present) continue;
    for (const [key, what] of [["cwd_id", "cwd"], ["root_id", "root"]]) {
      if (files.get("REG", fs[key]) === undefined) {
        cx.error(
          img,
          `entries[0].${key}`,
          `${what} of task ${t.pid}: no directory ${
            hex(fs[key])
          } in files.img; restore fails: Can't find task ${what} file`,
        );
      }
    }
  }
}
