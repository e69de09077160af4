/**
 * What open files refer to beyond files.img: remaps and ghost files,
 * mounts, ttys, pipes and FIFOs with their data, unix peers, TCP streams,
 * socket queues, BPF map data, memfd inodes, pidfd targets, file locks.
 */
import type { JsonObject } from "../json/types.ts";
import { int, num } from "../dump/dump.ts";
import { type Context, hex } from "./_context.ts";
import { type Files, needReg } from "./_files.ts";
import type { Task } from "./_tree.ts";

/** Bit of an old `remap_id` (no `remap_type`) saying it is a ghost file's. */
const REMAP_GHOST = 0x80000000;

/** `unix_sk_entry.uflags`: the socket is outside the dump (`--ext-unix-sk`). */
const USK_EXTERN = 1;

/** Remaps, ghosts, mounts, ttys, pipes, FIFOs, sockets and their data. */
export async function checkFileRefs(
  cx: Context,
  files: Files,
  options: { tcpClose: boolean; mountIds?: Set<number>; pids: Set<number> },
): Promise<void> {
  checkPidfds(cx, files, options.pids);
  await checkRemaps(cx, files);
  checkMounts(cx, files, options.mountIds);
  await checkTtys(cx, files);
  await checkPipes(cx, files);
  checkUnix(cx, files);
  await checkTcp(cx, files, options.tcpClose);
  await checkQueues(cx, files);
  await checkBpf(cx, files);
  await checkMemfds(cx, files);
  for (const [f, i] of files.ofType("REG")) {
    const reg = f.reg as JsonObject;
    if (reg.ext !== true) continue;
    cx.note(
      "files.img",
      `entries[${i}].reg`,
      `file ${hex(f.id)} was dumped as external (${
        String(reg.name)
      }): restore needs --inherit-fd fd[N]:${String(reg.name)}`,
    );
  }
  for (const [f, i] of files.ofType("EXT")) {
    cx.note(
      "files.img",
      `entries[${i}]`,
      `file ${
        hex(f.id)
      } is external: restore needs --inherit-fd or a plugin for it`,
    );
  }
}

async function checkRemaps(cx: Context, files: Files) {
  const remaps = await cx.entries("remap-fpath.img");
  if (remaps === undefined) return;
  for (let i = 0; i < remaps.length; i++) {
    const r = remaps[i];
    const at = `entries[${i}]`;
    if (files.get("REG", r.orig_id) === undefined) {
      cx.error(
        "remap-fpath.img",
        `${at}.orig_id`,
        `no regular file ${
          hex(r.orig_id)
        } in files.img; restore fails: Remap for non existing file ${
          hex(r.orig_id)
        }`,
      );
    }
    // Old images have no remap_type: the top bit of remap_id marks a ghost.
    const ghostBit = r.remap_type === undefined &&
      (num(r.remap_id) & REMAP_GHOST);
    const type = r.remap_type ?? (ghostBit ? "GHOST" : "LINKED");
    const remapId = ghostBit ? num(r.remap_id) & ~REMAP_GHOST : num(r.remap_id);
    if (type === "GHOST") {
      const img = `ghost-file-${(remapId >>> 0).toString(16)}.img`;
      const l = await cx.load(img);
      if (l.state === "missing") {
        cx.error(
          "remap-fpath.img",
          `${at}.remap_id`,
          `ghost file ${img} is missing; restore fails: Unexpected EOF reading the ghost file`,
        );
      } else if (l.state === "ok" && l.entries.length === 0) {
        cx.error(img, "entries", "has no entry; restore fails: Unexpected EOF");
      }
    } else if (type === "LINKED") {
      if (files.get("REG", r.remap_id) === undefined) {
        cx.error(
          "remap-fpath.img",
          `${at}.remap_id`,
          `link remap target ${
            hex(r.remap_id)
          } is not a regular file in files.img; restore fails: Can't find target file ${
            hex(r.remap_id)
          }`,
        );
      }
    }
  }
}

function checkMounts(
  cx: Context,
  files: Files,
  mountIds: Set<number> | undefined,
) {
  if (mountIds === undefined) return;
  for (const [f, i] of files.ofType("REG")) {
    const reg = f.reg as JsonObject;
    // An external file (--external file[...]) is on a mount of the outside.
    if (reg.ext === true) continue;
    if (reg.mnt_id === undefined || num(reg.mnt_id) === -1) continue;
    const id = num(reg.mnt_id);
    if (mountIds.has(id)) continue;
    cx.error(
      "files.img",
      `entries[${i}].reg.mnt_id`,
      `mount ${id} of ${
        String(reg.name)
      } is in no mountpoints image; restore fails: Can't lookup mount=${id}`,
    );
  }
  for (const [f, i] of files.ofType("FANOTIFY")) {
    const marks = ((f.ffy as JsonObject).mark ?? []) as JsonObject[];
    marks.forEach((m, k) => {
      const me = m.me as JsonObject | undefined;
      if (m.type !== "MOUNT" || me === undefined) return;
      const id = num(me.mnt_id);
      if (mountIds.has(id)) return;
      cx.error(
        "files.img",
        `entries[${i}].ffy.mark[${k}].me.mnt_id`,
        `fanotify ${
          hex(f.id)
        } marks mount ${id}, which is in no mountpoints image; restore fails: Can't find mnt_id ${
          hex(id)
        }`,
      );
    });
  }
}

async function checkTtys(cx: Context, files: Files) {
  const ttys = [...files.ofType("TTY")];
  if (ttys.length === 0) return;
  const infos = await cx.entries("tty-info.img") ?? [];
  infos.forEach((info, i) => {
    // CRIU's collect_one_tty_info_entry(): pty data exactly for PTYs.
    const isPty = info.type === "PTY";
    if (isPty === (info.pty !== undefined)) return;
    cx.error(
      "tty-info.img",
      `entries[${i}].pty`,
      `tty ${hex(info.id)} of type ${info.type} ${
        isPty
          ? "has no pty data; restore fails: No PTY data found"
          : "has pty data; restore fails: PTY data found"
      } (id ${hex(info.id)}), corrupted image?`,
    );
  });
  const ids = new Set(infos.map((e) => num(e.id)));
  const used = new Set<number>();
  for (const [f, i] of ttys) {
    const tty = f.tty as JsonObject;
    used.add(num(tty.tty_info_id));
    if (!ids.has(num(tty.tty_info_id))) {
      cx.error(
        "files.img",
        `entries[${i}].tty.tty_info_id`,
        `tty ${hex(f.id)}: no tty-info.img entry ${
          num(tty.tty_info_id)
        }; restore fails: Not all TTYs got its infos`,
      );
    }
    if (tty.regf_id !== undefined) {
      needReg(
        cx,
        files,
        "files.img",
        `entries[${i}].tty.regf_id`,
        tty.regf_id,
        `tty ${hex(f.id)}`,
      );
    }
  }
  (await cx.entries("tty-data.img"))?.forEach((d, i) => {
    if (used.has(num(d.tty_id))) return;
    cx.error(
      "tty-data.img",
      `entries[${i}].tty_id`,
      `data for tty ${
        hex(d.tty_id)
      }, which no TTY file uses; restore fails: No tty found to queued data on id ${
        hex(d.tty_id)
      }`,
    );
  });
}

async function checkPipes(cx: Context, files: Files) {
  for (
    const [type, field, image] of [
      ["PIPE", "pipe", "pipes-data.img"],
      ["FIFO", "fifo", "fifo-data.img"],
    ] as const
  ) {
    const ids = new Set<number>();
    // Access modes (O_RDONLY 0, O_WRONLY 1) of each pipe's ends in the dump.
    const ends = new Map<number, [Set<number>, number]>();
    for (const [f, i] of files.ofType(type)) {
      const d = f[field] as JsonObject;
      ids.add(num(d.pipe_id));
      if (type === "PIPE") {
        const end = ends.get(num(d.pipe_id)) ?? [new Set(), i];
        end[0].add(num(d.flags) & 3);
        ends.set(num(d.pipe_id), end);
      }
      if (type === "FIFO") {
        needReg(
          cx,
          files,
          "files.img",
          `entries[${i}].fifo.regf_id`,
          d.regf_id ?? f.id,
          `fifo ${hex(f.id)}`,
        );
      }
    }
    for (const [id, [modes, i]] of ends) {
      if (modes.size !== 1) continue;
      cx.note(
        "files.img",
        `entries[${i}].pipe`,
        `only the ${
          modes.has(1) ? "write" : "read"
        } end of pipe ${id} is in the dump: restore makes a new pipe; --inherit-fd fd[N]:pipe:[${id}] connects it to the outside again`,
      );
    }
    const data = await cx.entries(image);
    data?.forEach((d, i) => {
      cx.count("queues");
      if (ids.has(num(d.pipe_id))) return;
      cx.warning(
        image,
        `entries[${i}].pipe_id`,
        `data for ${field} ${
          num(d.pipe_id)
        }, which no ${type} file in files.img is; restore drops it`,
      );
    });
  }
}

function checkUnix(cx: Context, files: Files) {
  const byIno = new Map<number, JsonObject>();
  for (const [f] of files.ofType("UNIXSK")) {
    byIno.set(num((f.usk as JsonObject).ino), f.usk as JsonObject);
  }
  const sockets = files.ofType("UNIXSK");
  if (sockets.length > 0) cx.count("sockets", sockets.length);
  for (const [f, i] of sockets) {
    const usk = f.usk as JsonObject;
    const peer = num(usk.peer);
    if (peer === 0) continue;
    const other = byIno.get(peer);
    if (other === undefined) {
      cx.error(
        "files.img",
        `entries[${i}].usk.peer`,
        `unix socket ${
          num(usk.ino)
        }: peer ${peer} is in no UNIXSK entry; restore fails: FATAL: Peer ${peer} unresolved for ${
          num(usk.ino)
        }`,
      );
    } else if (num(other.uflags) & USK_EXTERN) {
      cx.note(
        "files.img",
        `entries[${i}].usk.peer`,
        `unix socket ${
          num(usk.ino)
        }: peer ${peer} is outside the dump: restore needs --ext-unix-sk`,
      );
    }
  }
}

async function checkTcp(cx: Context, files: Files, tcpClose: boolean) {
  let connections = 0;
  const sockets = files.ofType("INETSK");
  if (sockets.length > 0) cx.count("sockets", sockets.length);
  for (const [f, i] of sockets) {
    const isk = f.isk as JsonObject;
    // CRIU's tcp_connection(): TCP with a destination port.
    if (num(isk.proto) !== 6 || num(isk.dst_port) === 0) continue;
    if (tcpClose) continue;
    if (connections++ === 0) {
      cx.note(
        "files.img",
        `entries[${i}].isk`,
        "the dump holds established TCP connections: restore needs --tcp-established (their peers outside the dump must still be there)",
      );
    }
    const img = `tcp-stream-${num(isk.ino).toString(16)}.img`;
    const l = await cx.load(img);
    if (l.state === "missing") {
      cx.error(
        "files.img",
        `entries[${i}].isk`,
        `TCP connection ${
          num(isk.ino)
        } has no ${img}; restore fails: Unexpected EOF on its stream (only --tcp-close restores it, closed)`,
      );
    } else if (l.state === "ok" && l.entries.length === 0) {
      cx.error(img, "entries", "has no entry; restore fails: Unexpected EOF");
    }
  }
}

async function checkQueues(cx: Context, files: Files) {
  const queues = await cx.entries("sk-queues.img");
  queues?.forEach((q, i) => {
    cx.count("queues");
    const f = files.byId.get(num(q.id_for));
    if (f !== undefined && /SK$/.test(String(f.type))) return;
    cx.warning(
      "sk-queues.img",
      `entries[${i}].id_for`,
      `queued data for ${
        hex(q.id_for)
      }, which is no socket in files.img; restore drops it`,
    );
  });
}

async function checkBpf(cx: Context, files: Files) {
  const maps = new Set<number>();
  for (const [f] of files.ofType("BPFMAP")) {
    maps.add(num((f.bpf as JsonObject).map_id));
  }
  if (maps.size === 0) return;
  (await cx.entries("bpfmap-data.img"))?.forEach((d, i) => {
    if (maps.has(num(d.map_id))) return;
    cx.warning(
      "bpfmap-data.img",
      `entries[${i}].map_id`,
      `data for BPF map ${
        num(d.map_id)
      }, which no BPFMAP file in files.img is; restore drops it`,
    );
  });
}

async function checkMemfds(cx: Context, files: Files) {
  const memfds = [...files.ofType("MEMFD")];
  if (memfds.length === 0) return;
  const l = await cx.load("memfd.img");
  if (l.state === "missing") {
    cx.error(
      "memfd.img",
      "",
      `missing while files.img has ${memfds.length} memfd files; restore fails: their inodes are not there`,
    );
  }
  if (l.state !== "ok") return;
  const inodes = new Set(l.entries.map((e) => int(e.inode_id)));
  for (const [f, i] of memfds) {
    const inode = int((f.memfd as JsonObject).inode_id);
    if (inodes.has(inode)) continue;
    cx.error(
      "files.img",
      `entries[${i}].memfd.inode_id`,
      `memfd ${
        hex(f.id)
      }: inode ${inode} is not in memfd.img; restore fails: the memfd has no inode`,
    );
  }
}

/**
 * filelocks.img: each lock is set again by its task on its fd. A lock of a
 * task not in the dump is skipped; one on an fd the task lacks fails.
 */
export async function checkFileLocks(
  cx: Context,
  tasks: Task[],
): Promise<void> {
  const locks = await cx.entries("filelocks.img");
  if (locks === undefined || locks.length === 0) return;
  const byPid = new Map(tasks.map((t) => [t.pid, t]));
  const fdsOf = new Map<number, Set<number> | undefined>();
  for (let i = 0; i < locks.length; i++) {
    const lock = locks[i];
    const pid = num(lock.pid);
    const t = byPid.get(pid);
    if (t === undefined) {
      cx.warning(
        "filelocks.img",
        `entries[${i}].pid`,
        `lock of pid ${pid}, which is no task of the dump; restore skips it`,
      );
      continue;
    }
    if (!fdsOf.has(pid)) {
      const filesId = t.ids === undefined ? undefined : num(t.ids.files_id);
      const fdinfo = filesId === undefined
        ? undefined
        : await cx.entries(`fdinfo-${filesId}.img`);
      fdsOf.set(pid, fdinfo && new Set(fdinfo.map((e) => num(e.fd))));
    }
    const fds = fdsOf.get(pid);
    if (fds !== undefined && !fds.has(num(lock.fd))) {
      cx.error(
        "filelocks.img",
        `entries[${i}].fd`,
        `lock on fd ${
          num(lock.fd)
        } of task ${pid}, which has no such fd; restore fails: Can not set the lock`,
      );
    }
  }
}

/** A pidfd refers to a task of the dump (or to none, nspid -1). */
function checkPidfds(cx: Context, files: Files, pids: Set<number>) {
  for (const [f, i] of files.ofType("PIDFD")) {
    const nspid = num((f.pidfd as JsonObject).nspid);
    if (nspid === -1 || pids.has(nspid)) continue;
    cx.error(
      "files.img",
      `entries[${i}].pidfd.nspid`,
      `pidfd ${
        hex(f.id)
      } refers to pid ${nspid}, which is no task of the dump; restore fails: Could not open pidfd for ${nspid}`,
    );
  }
}

/**
 * The ids fields CRIU's open_ns_fd() tries, in its order, with the clone
 * flag of each kind.
 */
const NS_KINDS: [string, number][] = [
  ["pid_ns_id", 0x20000000],
  ["net_ns_id", 0x40000000],
  ["user_ns_id", 0x10000000],
  ["ipc_ns_id", 0x08000000],
  ["uts_ns_id", 0x04000000],
  ["mnt_ns_id", 0x00020000],
  ["cgroup_ns_id", 0x02000000],
  ["time_ns_id", 0x00000080],
];

/**
 * A namespace file is opened through /proc/PID/ns of a task in that
 * namespace, or is a dumped network namespace no task is in.
 */
export async function checkNsFiles(
  cx: Context,
  files: Files,
  tasks: Task[],
): Promise<void> {
  for (const [f, i] of files.ofType("NS")) {
    const nsf = f.nsf as JsonObject;
    const id = num(nsf.ns_id);
    let cflag: number | undefined;
    for (const t of tasks) {
      const kind = NS_KINDS.find(([k]) =>
        t.ids?.[k] !== undefined && num(t.ids[k]) === id
      );
      if (kind !== undefined) {
        cflag = kind[1];
        break;
      }
    }
    if (cflag === undefined && await cx.entries(`netns-${id}.img`)) {
      cflag = 0x40000000;
    }
    const at = `entries[${i}].nsf`;
    if (cflag === undefined) {
      cx.error(
        "files.img",
        `${at}.ns_id`,
        `namespace file ${
          hex(f.id)
        }: no task is in namespace ${id} and it was not dumped; restore fails: Can't find suitable NS ID for ${
          hex(id)
        }`,
      );
    } else if (num(nsf.ns_cflag) !== cflag) {
      cx.error(
        "files.img",
        `${at}.ns_cflag`,
        `namespace file ${hex(f.id)}: ${
          hex(nsf.ns_cflag)
        } is not the clone flag of namespace ${id} (${
          hex(cflag)
        }); restore fails: Clone flag mismatch for ${hex(id)}`,
      );
    }
  }
}
