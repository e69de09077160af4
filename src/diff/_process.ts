/**
 * The facts of one task that `diffDumps` compares, each under a field name
 * and as a value that means the same in any dump: paths instead of file
 * ids, namespaces named by the first task that has them instead of CRIU's
 * per-dump numbers.
 *
 * @module
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import type { FieldSelection } from "../codec/decode_selected.ts";
import { type Dump, int, MM_MAP, num, statusText } from "../dump/dump.ts";
import type { Fact } from "./dump_diff.ts";

/** One task of a dump as the diff sees it. */
export interface TaskFacts {
  pid: number;
  comm: string;
  threads: number[];
  /** Field name -> value, compared one by one. */
  fields: Map<string, Fact>;
}

const RLIMITS = [
  "CPU",
  "FSIZE",
  "DATA",
  "STACK",
  "CORE",
  "RSS",
  "NPROC",
  "NOFILE",
  "MEMLOCK",
  "AS",
  "LOCKS",
  "SIGPENDING",
  "MSGQUEUE",
  "NICE",
  "RTPRIO",
  "RTTIME",
];

/**
 * Linux signal names (x86, arm, most others); sigactions[i] is signal
 * i + 1, and the real-time ones go by number (SIG34).
 */
const SIGNALS = [
  "SIGHUP",
  "SIGINT",
  "SIGQUIT",
  "SIGILL",
  "SIGTRAP",
  "SIGABRT",
  "SIGBUS",
  "SIGFPE",
  "SIGKILL",
  "SIGUSR1",
  "SIGSEGV",
  "SIGUSR2",
  "SIGPIPE",
  "SIGALRM",
  "SIGTERM",
  "SIGSTKFLT",
  "SIGCHLD",
  "SIGCONT",
  "SIGSTOP",
  "SIGTSTP",
  "SIGTTIN",
  "SIGTTOU",
  "SIGURG",
  "SIGXCPU",
  "SIGXFSZ",
  "SIGVTALRM",
  "SIGPROF",
  "SIGWINCH",
  "SIGIO",
  "SIGPWR",
  "SIGSYS",
];

const NAMESPACES = [
  "pid",
  "net",
  "ipc",
  "uts",
  "mnt",
  "user",
  "cgroup",
  "time",
];

const CRED_IDS = [
  "uid",
  "gid",
  "euid",
  "egid",
  "suid",
  "sgid",
  "fsuid",
  "fsgid",
];
const CRED_CAPS = ["cap_inh", "cap_prm", "cap_eff", "cap_bnd", "cap_amb"];

const UNLIMITED = (1n << 64n) - 1n;
const hex = (v: JsonValue | undefined) => "0x" + int(v).toString(16);

function limitText(v: JsonValue | undefined): string {
  const n = int(v);
  return n === UNLIMITED ? "unlimited" : n.toString();
}

/** A 64-bit capability set from its two 32-bit words, low word first. */
function capsText(words: JsonValue | undefined): string {
  const w = (words ?? []) as JsonValue[];
  return hex((int(w[1]) << 32n) | int(w[0]));
}

function handlerText(v: JsonValue | undefined): string {
  const h = int(v);
  return h === 0n ? "SIG_DFL" : h === 1n ? "SIG_IGN" : hex(v);
}

/** Which task first has each namespace id, per kind, in pstree order. */
type NamespaceOwners = Map<string, Map<number, number>>;

/** The first task (pstree order) in each namespace of each kind. */
async function namespaceOwners(
  dump: Dump,
  pids: readonly number[],
): Promise<NamespaceOwners> {
  const owners: NamespaceOwners = new Map();
  for (const kind of NAMESPACES) owners.set(kind, new Map());
  for (const pid of pids) {
    const ids = (await dump.entries(`ids-${pid}.img`))?.[0];
    if (!ids) continue;
    for (const kind of NAMESPACES) {
      const id = ids[`${kind}_ns_id`];
      if (id === undefined) continue;
      const seen = owners.get(kind)!;
      if (!seen.has(num(id))) seen.set(num(id), pid);
    }
  }
  return owners;
}

async function cgroupText(
  dump: Dump,
  set: JsonValue | undefined,
): Promise<string | null> {
  if (set === undefined) return null;
  const cg = (await dump.entries("cgroup.img"))?.[0];
  const sets = (cg?.sets ?? []) as JsonObject[];
  const found = sets.find((s) => num(s.id) === num(set));
  // Without cgroup.img the set number is all there is; it is per dump.
  if (!found) return null;
  return ((found.ctls ?? []) as JsonObject[])
    .map((c) => `${c.name || "unified"}:${c.path}`)
    .sort()
    .join(" ");
}

async function pathOf(dump: Dump, id: JsonValue | undefined): Promise<Fact> {
  if (id === undefined) return null;
  const reg = await dump.file("reg", id);
  return reg?.name === undefined ? null : String(reg.name);
}

/** What the facts take of a core image: not the registers. */
const TASK_FACTS: FieldSelection = { tc: true, thread_core: true };

/** The facts of every task of pstree.img, by pid. */
export async function readTasks(dump: Dump): Promise<Map<number, TaskFacts>> {
  const tasks = await dump.tasks();
  const owners = await namespaceOwners(dump, tasks.map((t) => t.pid));
  const out = new Map<number, TaskFacts>();
  for (const p of tasks) {
    const pid = p.pid;
    const core = await dump.first(`core-${pid}.img`, TASK_FACTS);
    const tc = core.tc as JsonObject | undefined;
    const thread = core.thread_core as JsonObject | undefined;
    const fields = new Map<string, Fact>();
    const comm = String(tc?.comm ?? "");
    fields.set("comm", comm);
    fields.set("state", statusText(await dump.status(pid)));
    fields.set("ppid", p.ppid);
    fields.set("pgid", p.pgid);
    fields.set("sid", p.sid);
    const creds = thread?.creds as JsonObject | undefined;
    if (creds) {
      for (const k of CRED_IDS) fields.set(`creds.${k}`, num(creds[k]));
      for (const k of CRED_CAPS) fields.set(`creds.${k}`, capsText(creds[k]));
      fields.set("creds.secbits", num(creds.secbits));
      fields.set(
        "creds.groups",
        ((creds.groups ?? []) as JsonValue[]).map(num).join(","),
      );
    }
    const fs = (await dump.entries(`fs-${pid}.img`))?.[0];
    fields.set("cwd", await pathOf(dump, fs?.cwd_id));
    fields.set("root", await pathOf(dump, fs?.root_id));
    const mm = (await dump.entries(`mm-${pid}.img`, MM_MAP))?.[0];
    fields.set("exe", await pathOf(dump, mm?.exe_file_id));
    const limits = ((tc?.rlimits as JsonObject | undefined)?.rlimits ??
      []) as JsonObject[];
    limits.forEach((l, i) => {
      fields.set(
        `rlimit.${RLIMITS[i] ?? i}`,
        `${limitText(l.cur)}/${limitText(l.max)}`,
      );
    });
    const actions = (tc?.sigactions ?? []) as JsonObject[];
    actions.forEach((a, i) => {
      fields.set(
        `sigaction.${SIGNALS[i] ?? `SIG${i + 1}`}`,
        `${handlerText(a.sigaction)} flags=${hex(a.flags)} mask=${hex(a.mask)}`,
      );
    });
    const ids = (await dump.entries(`ids-${pid}.img`))?.[0];
    for (const kind of NAMESPACES) {
      const id = ids?.[`${kind}_ns_id`];
      const owner = id === undefined
        ? undefined
        : owners.get(kind)!.get(num(id));
      fields.set(
        `ns.${kind}`,
        owner === undefined ? null : `that of task ${owner}`,
      );
    }
    fields.set(
      "cgroup",
      await cgroupText(dump, thread?.cg_set ?? tc?.cg_set),
    );
    out.set(pid, { pid, comm, threads: p.threads, fields });
  }
  return out;
}
