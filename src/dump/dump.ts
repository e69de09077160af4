/**
 * The images of one dump as the explorers see them: each file read and
 * decoded at most once per run, plus crit's short descriptions of open files.
 *
 * @module
 */
import { TASK_STATE } from "./constants.ts";
import type { JsonObject, JsonValue } from "../json/types.ts";
import type { DumpDir } from "./dump_dir.ts";
import { decodeSync } from "../codec/decode.ts";
import {
  decodeSelectedSync,
  type FieldSelection,
} from "../codec/decode_selected.ts";
import { decodeUtf8Lossless } from "../json/text.ts";
import { decodeQuotedPrintable } from "../json/quopri.ts";

/**
 * How a task was when it was dumped, from `tc.task_state` of its core image
 * (CRIU's values: 1 alive, 2 dead, 3 stopped, 6 zombie). CRIU records a
 * zombie as a dead task with its exit status and restores it as a zombie,
 * so both are `zombie` here.
 *
 * @example
 * ```ts
 * import type { TaskStatus } from "@ckpt/crit";
 * const zombie: TaskStatus = { state: "zombie", exitCode: 42 };
 * ```
 */
export interface TaskStatus {
  /** `alive`, `zombie` or `stopped`; the number for any other value. */
  state: string | number;
  /** For a zombie that exited: its exit code. */
  exitCode?: number;
  /** For a zombie that was killed: the signal. */
  signal?: number;
}

/** A 64-bit-safe integer out of a decoded field (absent fields are 0). */
export const int = (v: JsonValue | undefined): bigint =>
  BigInt(v as number | bigint ?? 0);

/** A pid, fd or inode number that fits a double exactly. */
export const num = (v: JsonValue | undefined): number => Number(v ?? 0);

/** The words for CRIU's task states. */
const TASK_STATES: Record<number, string> = {
  [TASK_STATE.ALIVE]: "alive",
  // CRIU saves a zombie (a task that exited, not yet reaped) as TASK_DEAD
  // and restores it as a zombie: it is one in every sense a user has.
  [TASK_STATE.DEAD]: "zombie",
  [TASK_STATE.STOPPED]: "stopped",
  [TASK_STATE.ZOMBIE]: "zombie",
};

/**
 * Options of {@linkcode Dump.entries}.
 *
 * @example
 * ```ts
 * import type { EntriesOptions } from "@ckpt/crit/dump";
 * const once: EntriesOptions = { keep: false };
 * ```
 */
export interface EntriesOptions {
  /** Keep the decoded entries for the next call; default `true`. */
  keep?: boolean;
}

/** One task of pstree.img: its ids and its threads. */
export interface DumpTask {
  /** Process id (the first of `ns_pid` in old images). */
  pid: number;
  /** Parent's pid; 0 for the root. */
  ppid: number;
  /** Process group id. */
  pgid: number;
  /** Session id. */
  sid: number;
  /** Thread ids, the main thread first. */
  threads: number[];
}

/**
 * What the model itself reads of a core image: ps shows the name, every
 * reader the state. One selection, so the image is decoded once for all.
 */
export const TASK_CORE: FieldSelection = {
  tc: { task_state: true, exit_code: true, comm: true },
};

/**
 * What the model's readers take of an mm image: the memory areas (`x mems`,
 * `x rss`, the memory reader), the executable and where argv and the
 * environment lie (`x args`, the report). One selection, so each mm image is
 * decoded once for all of them, and its other fields not at all.
 */
export const MM_MAP: FieldSelection = {
  exe_file_id: true,
  mm_arg_start: true,
  mm_arg_end: true,
  mm_env_start: true,
  mm_env_end: true,
  vmas: {
    start: true,
    end: true,
    pgoff: true,
    shmid: true,
    prot: true,
    flags: true,
    status: true,
  },
};

/** What crit's short descriptions of open files read of files.img. */
const FILE_TEXT: FieldSelection = {
  id: true,
  reg: { name: true },
  pipe: { pipe_id: true },
  usk: { ino: true, peer: true, name: true },
};

/** A stable key for a selection, for the image cache. */
const selectionKeys = new WeakMap<FieldSelection, string>();
function selectionKey(sel: FieldSelection): string {
  let key = selectionKeys.get(sel);
  if (key === undefined) {
    key = JSON.stringify(sel);
    selectionKeys.set(sel, key);
  }
  return key;
}

/** The images that held one kind of file each in dumps older than files.img. */
const LEGACY_IMAGES: Record<string, string> = {
  reg: "reg-files.img",
  pipe: "pipes.img",
  usk: "unixsk.img",
  isk: "inetsk.img",
  nlsk: "netlinksk.img",
  psk: "packetsk.img",
};

/**
 * The one model of a dump that every reader shares: each image read and
 * decoded at most once (payloads left out), the tasks of pstree.img, the
 * file index of files.img, task states, and crit's short descriptions of
 * open files.
 *
 * @example The tasks of a dump held in memory
 * ```ts
 * import { Dump, encodeSync } from "@ckpt/crit";
 * const pstree = encodeSync({
 *   magic: "PSTREE",
 *   entries: [{ pid: 1, ppid: 0, pgid: 1, sid: 1, threads: [1, 2] }],
 * });
 * const dump = new Dump({
 *   read: (name) => Promise.resolve(name === "pstree.img" ? pstree : undefined),
 * });
 * console.log(await dump.tasks()); // [{ pid: 1, ppid: 0, pgid: 1, sid: 1, threads: [1, 2] }]
 * ```
 */
export class Dump {
  #dir: DumpDir;
  #tasks?: Promise<DumpTask[]>;
  #cache = new Map<string, Promise<JsonObject[] | undefined>>();
  #files?: Promise<Map<bigint, JsonObject> | undefined>;
  #textIndex?: Map<number, JsonObject> | null;
  #texts = new Map<string, string>();

  /** A model of the dump in `dir`; nothing is read until asked for. */
  constructor(dir: DumpDir) {
    if (
      dir === null || typeof dir !== "object" || typeof dir.read !== "function"
    ) {
      throw new TypeError("dir must be a DumpDir");
    }
    this.#dir = dir;
  }

  /** The files of the dump. */
  get dir(): DumpDir {
    return this.#dir;
  }

  /** The tasks of pstree.img, in its order; a dump without it is an error. */
  tasks(): Promise<DumpTask[]> {
    this.#tasks ??= this.need("pstree.img").then((tree) =>
      tree.map((p) => {
        return {
          pid: taskId(p, "pid"),
          ppid: taskId(p, "ppid"),
          pgid: taskId(p, "pgid"),
          sid: taskId(p, "sid"),
          threads: ((p.threads ?? []) as JsonValue[]).map(num),
        };
      })
    );
    return this.#tasks;
  }

  /** The pids of pstree.img, in its order. */
  async pids(): Promise<number[]> {
    return (await this.tasks()).map((t) => t.pid);
  }

  /**
   * The entries of `name`, or undefined when the dump has no such file.
   * With `fields`, only those fields of each entry are decoded (plain
   * values, see `decodeSelectedSync`); keep a selection in a constant, so
   * the image is decoded once for each selection, not once for each call.
   * With `options.keep` false, entries not decoded yet are not kept either:
   * for a command that reads each of many images once (a kept image is
   * copied by every young-generation collection until it is old).
   */
  entries(
    name: string,
    fields?: FieldSelection,
    options: EntriesOptions = {},
  ): Promise<JsonObject[] | undefined> {
    const key = fields === undefined
      ? name
      : `${name}\0${selectionKey(fields)}`;
    let hit = this.#cache.get(key);
    if (hit === undefined) {
      // The promise is cached, so a failed read or decode is not retried either.
      hit = this.#dir.read(name).then((bytes) => {
        if (bytes === undefined) return undefined;
        try {
          // Payloads are never shown, so they are not turned into base64.
          return fields === undefined
            ? decodeSync(bytes, { nopl: true }).entries
            : decodeSelectedSync(bytes, fields, { nopl: true }).entries;
        } catch (e) {
          // A dump has many images: say which one is broken.
          if (e instanceof Error && !(e instanceof TypeError)) {
            e.message = `${name}: ${e.message}`;
          }
          throw e;
        }
      });
      if (options.keep !== false) this.#cache.set(key, hit);
    }
    return hit;
  }

  /** The entries of `name` (only `fields`, if given); a missing file is an error. */
  async need(name: string, fields?: FieldSelection): Promise<JsonObject[]> {
    const e = await this.entries(name, fields);
    if (e === undefined) throw new Error(`the dump has no ${name}`);
    return e;
  }

  /** The first entry of `name`; a missing or empty file is an error. */
  async first(name: string, fields?: FieldSelection): Promise<JsonObject> {
    const e = await this.need(name, fields);
    if (e.length === 0) throw new Error(`${name} has no entries`);
    return e[0];
  }

  /** The state recorded in `core-<pid>.img`. */
  async status(pid: number): Promise<TaskStatus> {
    const tc = (await this.first(`core-${pid}.img`, TASK_CORE)).tc as
      | JsonObject
      | undefined;
    const n = num(tc?.task_state);
    const out: TaskStatus = { state: TASK_STATES[n] ?? n };
    if (n === TASK_STATE.DEAD || n === TASK_STATE.ZOMBIE) {
      // exit_code is the wait status the kernel reports in /proc/PID/stat.
      const w = num(tc?.exit_code);
      if ((w & 0x7f) === 0) out.exitCode = (w >> 8) & 0xff;
      else out.signal = w & 0x7f;
    }
    return out;
  }

  /**
   * The `field` part (`reg`, `usk`, ...) of the files.img entry with this
   * id, or the entry of the kind's own image in dumps older than files.img.
   */
  async file(field: string, id: JsonValue): Promise<JsonObject | undefined> {
    const files = await this.#fileIndex();
    // crit also falls back to the old images when files.img is empty.
    if (files !== undefined && files.size > 0) {
      return files.get(int(id))?.[field] as JsonObject | undefined;
    }
    const legacy = LEGACY_IMAGES[field];
    const entries = legacy ? await this.entries(legacy) : undefined;
    return entries?.find((f) => int(f.id) === int(id));
  }

  #fileIndex(): Promise<Map<bigint, JsonObject> | undefined> {
    this.#files ??= this.entries("files.img").then((files) => {
      if (files === undefined) return undefined;
      const index = new Map<bigint, JsonObject>();
      for (const f of files) index.set(int(f.id), f);
      return index;
    });
    return this.#files;
  }

  /** The memfd.img entry of the memfd file with this id. */
  async memfdInode(id: JsonValue | undefined): Promise<JsonObject | undefined> {
    const memfd = await this.file("memfd", id ?? 0);
    if (memfd === undefined) return undefined;
    const inodes = await this.entries("memfd.img") ?? [];
    return inodes.find((e) => int(e.inode_id) === int(memfd.inode_id));
  }

  /** crit's description of an open file: path, pipe[id], unix[...], or TYPE.id. */
  async fileText(type: string, id: JsonValue): Promise<string> {
    const key = `${type}/${id}`;
    let text = this.#texts.get(key);
    if (text === undefined) {
      const field = TEXT_FIELDS[type];
      let file: JsonObject | undefined;
      if (field !== undefined) {
        // Once the index is there, no await: tens of thousands of files
        // would each pay for a few.
        const index = this.#textIndex ?? await this.#loadTextIndex();
        file = index === null
          ? await this.file(field, id)
          : index.get(num(id))?.[field] as JsonObject | undefined;
      }
      text = describeFile(type, id, file);
      this.#texts.set(key, text);
    }
    return text;
  }

  /**
   * The files of files.img by id with only what `fileText` shows; null
   * when the dump has none (older dumps: `file` reads their own images).
   */
  async #loadTextIndex(): Promise<Map<number, JsonObject> | null> {
    const files = await this.entries("files.img", FILE_TEXT);
    if (this.#textIndex !== undefined) return this.#textIndex;
    // crit also falls back to the old images when files.img is empty.
    if (files === undefined || files.length === 0) {
      return this.#textIndex = null;
    }
    // File ids are uint32: numbers hash faster than bigints.
    const index = new Map<number, JsonObject>();
    for (const f of files) index.set(num(f.id), f);
    return this.#textIndex = index;
  }
}

/** The part of a files.img entry each kind of description reads. */
const TEXT_FIELDS: Record<string, string> = {
  REG: "reg",
  PIPE: "pipe",
  UNIXSK: "usk",
};

function describeFile(
  type: string,
  id: JsonValue,
  f: JsonObject | undefined,
): string {
  switch (type) {
    case "REG":
      return f && f.name ? String(f.name) : "unknown path";
    case "PIPE":
      return f ? `pipe[${int(f.pipe_id)}]` : "pipe[?]";
    case "UNIXSK": {
      if (!f) return "unix[?]";
      const name = f.name ? ` ${f.name}` : "";
      return `unix[${int(f.ino)} (${int(f.peer)})${name}]`;
    }
    default:
      return `${type}.${id}`;
  }
}

/** A task id of a pstree entry, also from the ns_* lists of old images. */
export function taskId(p: JsonObject, key: string): number {
  const v = p[key] ?? (p[`ns_${key}`] as JsonValue[] | undefined)?.[0];
  return num(v);
}

/** "dead (a zombie that exited with code 42)" and the like. */
export function statusText(s: TaskStatus): string {
  const name = typeof s.state === "number"
    ? `in state ${s.state}`
    : s.state === "zombie"
    ? "a zombie"
    : s.state;
  if (s.exitCode !== undefined) {
    return `${name} (exited with code ${s.exitCode})`;
  }
  if (s.signal !== undefined) return `${name} (killed by signal ${s.signal})`;
  return name;
}

/**
 * A unix socket's name as `ss` shows it: a path without its trailing NUL,
 * an abstract name (first byte NUL) as `@name`, other NULs as `@` too.
 * crit's JSON holds the bytes quoted-printable; bytes that are not UTF-8
 * become lone surrogates, written back out as the bytes they were.
 *
 * @example
 * ```ts
 * import { unixSocketName } from "@ckpt/crit/dump";
 * console.log(unixSocketName("=00fixture-abstract")); // "@fixture-abstract"
 * console.log(unixSocketName("/tmp/sock=00")); // "/tmp/sock"
 * ```
 */
export function unixSocketName(quoted: string): string {
  const bytes = decodeQuotedPrintable(quoted);
  let end = bytes.length;
  // A path ends at its NUL; an abstract name is all its bytes.
  if (bytes[0] !== 0) { while (end > 0 && bytes[end - 1] === 0) end--; }
  // Like ss, NULs in a name show as "@".
  return decodeUtf8Lossless(bytes.subarray(0, end)).replaceAll("\0", "@");
}
