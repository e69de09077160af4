/**
 * `crit x DIR ps|fds|mems|rss`: a dump explained as text, in crit 4.2's exact
 * layout where crit works. Where crit stops with an exception (a task
 * without ids/mm/pagemap images, a pre-4.2 pagemap) these say what they saw
 * and go on.
 *
 * @module
 */
import type { JsonObject, JsonValue } from "./types.ts";
import type { DumpDir } from "./dump_dir.ts";
import { decodeSync } from "./decode.ts";

/** The explorers `crit x` offers. */
export const EXPLORERS: readonly string[] = ["ps", "fds", "mems", "rss"];

const pad = (s: string, n: number) => s.padStart(n);
const padEnd = (s: string, n: number) => s.padEnd(n);
const int = (v: JsonValue | undefined) => BigInt(v as number | bigint ?? 0);
const hex = (v: JsonValue | undefined) => int(v).toString(16);

/** Loads and caches decoded images of one dump. */
class Dump {
  #dir: DumpDir;
  #cache = new Map<string, JsonObject[] | undefined>();
  #files = new Map<string, string>();
  constructor(dir: DumpDir) {
    this.#dir = dir;
  }

  async entries(name: string): Promise<JsonObject[] | undefined> {
    if (this.#cache.has(name)) return this.#cache.get(name);
    const bytes = await this.#dir.read(name);
    const entries = bytes === undefined ? undefined : decodeSync(bytes).entries;
    this.#cache.set(name, entries);
    return entries;
  }

  async need(name: string): Promise<JsonObject[]> {
    const e = await this.entries(name);
    if (e === undefined) throw new Error(`the dump has no ${name}`);
    return e;
  }

  /** crit's description of an open file: path, pipe[id], unix[...], or TYPE.id. */
  async fileText(type: string, id: number | bigint): Promise<string> {
    const key = `${type}/${id}`;
    const hit = this.#files.get(key);
    if (hit !== undefined) return hit;
    const text = await this.#describe(type, id);
    this.#files.set(key, text);
    return text;
  }

  async #find(
    field: string,
    legacyImage: string,
    id: number | bigint,
  ): Promise<JsonObject | undefined> {
    const files = await this.entries("files.img").catch(() => undefined) ?? [];
    for (const f of files) {
      if (int(f.id) === int(id)) return f[field] as JsonObject | undefined;
    }
    // Dumps from before files.img keep each kind in its own image.
    const legacy = await this.entries(legacyImage) ?? [];
    return legacy.find((f) => int(f.id) === int(id));
  }

  async #describe(type: string, id: number | bigint): Promise<string> {
    switch (type) {
      case "REG": {
        const rf = await this.#find("reg", "reg-files.img", id);
        return rf && rf.name ? String(rf.name) : "unknown path";
      }
      case "PIPE": {
        const p = await this.#find("pipe", "pipes.img", id);
        return p ? `pipe[${int(p.pipe_id)}]` : "pipe[?]";
      }
      case "UNIXSK": {
        const ux = await this.#find("usk", "unixsk.img", id);
        if (!ux) return "unix[?]";
        const name = ux.name ? ` ${ux.name}` : "";
        return `unix[${int(ux.ino)} (${int(ux.peer)})${name}]`;
      }
      default:
        return `${type}.${id}`;
    }
  }
}

function taskId(p: JsonObject, key: string): number | bigint {
  const v = p[key] ?? (p[`ns_${key}`] as JsonValue[] | undefined)?.[0];
  return v as number | bigint;
}

/** CRIU's task states (compel): crit labels 3 and 6 wrongly, these are right. */
const TASK_STATES: Record<number, string> = {
  1: "alive",
  2: "dead",
  3: "stopped",
  6: "zombie",
};

async function taskStateText(
  dump: Dump,
  pid: number | bigint,
): Promise<string> {
  const core = (await dump.entries(`core-${pid}.img`))?.[0];
  const state = Number((core?.tc as JsonObject | undefined)?.task_state ?? 0);
  return TASK_STATES[state] ?? `state ${state}`;
}

async function ps(dump: Dump): Promise<string> {
  const tree = await dump.need("pstree.img");
  interface Item {
    pid: number | bigint;
    p: JsonObject;
    comm: string;
    kids: Item[];
  }
  const items = new Map<string, Item>();
  for (const p of tree) {
    const pid = taskId(p, "pid");
    const core = (await dump.need(`core-${pid}.img`))[0];
    const comm = String((core.tc as JsonObject | undefined)?.comm ?? "");
    items.set(String(pid), { pid, p, comm, kids: [] });
  }
  let root: Item | undefined;
  for (const item of items.values()) {
    if (int(item.p.ppid) === 0n) {
      root = item;
      continue;
    }
    const parent = items.get(String(item.p.ppid));
    if (!parent) {
      throw new Error(
        `task ${item.pid} has parent ${item.p.ppid}, which is not in pstree.img`,
      );
    }
    parent.kids.push(item);
  }
  const lines = [`${pad("PID", 7)}${pad("PGID", 7)}${pad("SID", 7)}   COMM`];
  const walk = (item: Item, depth: number) => {
    lines.push(
      `${pad(String(item.pid), 7)}${pad(String(taskId(item.p, "pgid")), 7)}${
        pad(String(taskId(item.p, "sid")), 7)
      }   ${" ".repeat(4 * depth)}${item.comm}`,
    );
    for (const kid of item.kids) walk(kid, depth + 1);
  };
  if (root) walk(root, 0);
  return lines.join("\n") + "\n";
}

async function fds(dump: Dump): Promise<string> {
  const lines: string[] = [];
  for (const p of await dump.need("pstree.img")) {
    const pid = taskId(p, "pid");
    const ids = await dump.entries(`ids-${pid}.img`);
    lines.push(`${pid}`);
    if (!ids) {
      lines.push(
        `\t(no open files: the task is ${await taskStateText(dump, pid)})`,
      );
      continue;
    }
    const fdt = ids[0].files_id;
    for (const fd of await dump.need(`fdinfo-${fdt}.img`)) {
      lines.push(
        `\t${pad(String(fd.fd), 7)}: ${await dump.fileText(
          String(fd.type),
          fd.id as number,
        )}`,
      );
    }
    const fs = (await dump.need(`fs-${pid}.img`))[0];
    lines.push(
      `\t${pad("cwd", 7)}: ${await dump.fileText("REG", fs.cwd_id as number)}`,
    );
    lines.push(
      `\t${pad("root", 7)}: ${await dump.fileText(
        "REG",
        fs.root_id as number,
      )}`,
    );
  }
  return lines.map((l) => l + "\n").join("");
}

async function mems(dump: Dump): Promise<string> {
  const lines: string[] = [];
  const shortIds = new Map<string, number>();
  const shortId = (v: JsonValue | undefined) => {
    const key = String(v);
    let id = shortIds.get(key);
    if (id === undefined) {
      id = shortIds.size + 1;
      shortIds.set(key, id);
    }
    return id.toString(16);
  };
  for (const p of await dump.need("pstree.img")) {
    const pid = taskId(p, "pid");
    const mm = (await dump.entries(`mm-${pid}.img`))?.[0];
    lines.push(`${pid}`);
    if (!mm) {
      lines.push(
        `\t(no memory: the task is ${await taskStateText(dump, pid)})`,
      );
      continue;
    }
    lines.push(
      `\t${padEnd("exe", 36)}    ${await dump.fileText(
        "REG",
        mm.exe_file_id as number,
      )}`,
    );
    for (const vma of (mm.vmas ?? []) as JsonObject[]) {
      const st = Number(vma.status);
      let fn: string;
      if (st & (1 << 10)) fn = ` ips[${shortId(vma.shmid)}]`;
      else if (st & (1 << 8)) fn = ` shmem[${shortId(vma.shmid)}]`;
      else if (st & (1 << 11)) fn = ` packet[${shortId(vma.shmid)}]`;
      else if (st & ((1 << 6) | (1 << 7))) {
        fn = " " + await dump.fileText("REG", vma.shmid as number);
        if (int(vma.pgoff)) fn += ` + 0x${hex(vma.pgoff)}`;
        if (st & (1 << 7)) fn += " (s)";
      } else if (st & (1 << 1)) fn = " [stack]";
      else if (st & (1 << 2)) fn = " [vsyscall]";
      else if (st & (1 << 3)) fn = " [vdso]";
      else if (Number(vma.flags) & 0x100) fn = " [stack?]";
      else fn = "";
      if (!(st & 1)) fn += " *";
      const prot = Number(vma.prot);
      const perms = (prot & 1 ? "r" : "-") + (prot & 2 ? "w" : "-") +
        (prot & 4 ? "x" : "-");
      const range = `${hex(vma.start).padStart(8, "0")}-${
        hex(vma.end).padStart(8, "0")
      }`;
      lines.push(`\t${padEnd(range, 36)}${perms}${fn}`);
    }
  }
  return lines.map((l) => l + "\n").join("");
}

async function rss(dump: Dump): Promise<string> {
  const lines: string[] = [];
  for (const p of await dump.need("pstree.img")) {
    const pid = taskId(p, "pid");
    const mm = (await dump.entries(`mm-${pid}.img`))?.[0];
    const pagemap = await dump.entries(`pagemap-${pid}.img`);
    lines.push(`${pid}`);
    if (!mm || !pagemap) {
      lines.push(
        `\t(no memory: the task is ${await taskStateText(dump, pid)})`,
      );
      continue;
    }
    const vmas = (mm.vmas ?? []) as JsonObject[];
    let vmi = 0;
    let pvmi = -1;
    for (const pm of pagemap.slice(1)) {
      const vaddr = int(pm.vaddr);
      // Pagemaps before CRIU 4.2 only have field 2, which 4.2 calls compat_nr_pages.
      const pages = int(pm.nr_pages ?? pm.compat_nr_pages);
      const head = `\t${vaddr.toString(16)} / ${padEnd(String(pages), 8)}`;
      while (vmi < vmas.length && int(vmas[vmi].end) <= vaddr) vmi++;
      const pageEnd = vaddr + (pages << 12n);
      let text = "";
      while (vmi < vmas.length && int(vmas[vmi].start) < pageEnd) {
        const vma = vmas[vmi];
        if (vmi === pvmi) text += " ~";
        else {
          const start = int(vma.start);
          text += ` ${start.toString(16).padStart(8, "0")} / ${
            padEnd(String((int(vma.end) - start) >> 12n), 8)
          }`;
          if (Number(vma.status) & ((1 << 6) | (1 << 7))) {
            text += " " + await dump.fileText("REG", vma.shmid as number);
          }
          pvmi = vmi;
        }
        text += "\n\t" + " ".repeat(23);
        vmi++;
      }
      vmi--;
      lines.push(`${padEnd(head, 24)}${text}`);
    }
  }
  return lines.map((l) => l + "\n").join("");
}

/**
 * Runs one explorer over a dump and returns its text, lines ending in "\n".
 *
 * @example
 * ```ts ignore
 * import { explore } from "@ckpt/crit";
 * import { denoDumpDir } from "@ckpt/crit/cli";
 * console.log(await explore(denoDumpDir("dump"), "ps"));
 * ```
 */
export async function explore(dir: DumpDir, what: string): Promise<string> {
  const dump = new Dump(dir);
  switch (what) {
    case "ps":
      return await ps(dump);
    case "fds":
      return await fds(dump);
    case "mems":
      return await mems(dump);
    case "rss":
      return await rss(dump);
    default:
      throw new TypeError(
        `unknown explorer ${what}; one of ${EXPLORERS.join(", ")}`,
      );
  }
}
