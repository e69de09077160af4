/**
 * The images of one dump as the explorers see them: each file read and
 * decoded at most once per run, plus crit's short descriptions of open files.
 *
 * @module
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import type { DumpDir } from "./dump_dir.ts";
import { decodeSync } from "../codec/decode.ts";

/**
 * How a task was when it was dumped, from `tc.task_state` of its core image
 * (CRIU's values: 1 alive, 2 dead, 3 stopped, 6 zombie). CRIU records a
 * zombie as a dead task with its exit status, and restores it as a zombie.
 *
 * @example
 * ```ts
 * import type { TaskStatus } from "@ckpt/crit";
 * const zombie: TaskStatus = { state: "dead", exitCode: 42 };
 * ```
 */
export interface TaskStatus {
  /** `alive`, `dead`, `stopped` or `zombie`; the number for any other value. */
  state: string | number;
  /** For a dead task that exited: its exit code. */
  exitCode?: number;
  /** For a dead task that was killed: the signal. */
  signal?: number;
}

/** A 64-bit-safe integer out of a decoded field (absent fields are 0). */
export const int = (v: JsonValue | undefined): bigint =>
  BigInt(v as number | bigint ?? 0);

/** A pid, fd or inode number that fits a double exactly. */
export const num = (v: JsonValue | undefined): number => Number(v ?? 0);

/**
 * CRIU's task states (compel's COMPEL_TASK_*). crit's pretty JSON calls 3
 * "Zombie" and 6 "Stopped"; in CRIU it is the other way round.
 */
const TASK_STATES: Record<number, string> = {
  1: "alive",
  2: "dead",
  3: "stopped",
  6: "zombie",
};

/** The images that held one kind of file each in dumps older than files.img. */
const LEGACY_IMAGES: Record<string, string> = {
  reg: "reg-files.img",
  pipe: "pipes.img",
  usk: "unixsk.img",
  isk: "inetsk.img",
  nlsk: "netlinksk.img",
  psk: "packetsk.img",
};

/** Loads and caches the decoded images of one dump. */
export class Dump {
  #dir: DumpDir;
  #cache = new Map<string, Promise<JsonObject[] | undefined>>();
  #files?: Promise<Map<bigint, JsonObject> | undefined>;
  #texts = new Map<string, string>();

  constructor(dir: DumpDir) {
    this.#dir = dir;
  }

  /** The entries of `name`, or undefined when the dump has no such file. */
  entries(name: string): Promise<JsonObject[] | undefined> {
    let hit = this.#cache.get(name);
    if (hit === undefined) {
      // The promise is cached, so a failed read or decode is not retried either.
      hit = this.#dir.read(name).then((bytes) =>
        // Payloads are never shown, so they are not turned into base64.
        bytes === undefined
          ? undefined
          : decodeSync(bytes, { nopl: true }).entries
      );
      this.#cache.set(name, hit);
    }
    return hit;
  }

  /** The entries of `name`; a missing file is an error. */
  async need(name: string): Promise<JsonObject[]> {
    const e = await this.entries(name);
    if (e === undefined) throw new Error(`the dump has no ${name}`);
    return e;
  }

  /** The first entry of `name`; a missing or empty file is an error. */
  async first(name: string): Promise<JsonObject> {
    const e = await this.need(name);
    if (e.length === 0) throw new Error(`${name} has no entries`);
    return e[0];
  }

  /** The state recorded in `core-<pid>.img`. */
  async status(pid: number): Promise<TaskStatus> {
    const tc = (await this.first(`core-${pid}.img`)).tc as
      | JsonObject
      | undefined;
    const n = num(tc?.task_state);
    const out: TaskStatus = { state: TASK_STATES[n] ?? n };
    if (n === 2 || n === 6) {
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

  /** crit's description of an open file: path, pipe[id], unix[...], or TYPE.id. */
  async fileText(type: string, id: JsonValue): Promise<string> {
    const key = `${type}/${id}`;
    let text = this.#texts.get(key);
    if (text === undefined) {
      text = await this.#describe(type, id);
      this.#texts.set(key, text);
    }
    return text;
  }

  async #describe(type: string, id: JsonValue): Promise<string> {
    switch (type) {
      case "REG": {
        const rf = await this.file("reg", id);
        return rf && rf.name ? String(rf.name) : "unknown path";
      }
      case "PIPE": {
        const p = await this.file("pipe", id);
        return p ? `pipe[${int(p.pipe_id)}]` : "pipe[?]";
      }
      case "UNIXSK": {
        const ux = await this.file("usk", id);
        if (!ux) return "unix[?]";
        const name = ux.name ? ` ${ux.name}` : "";
        return `unix[${int(ux.ino)} (${int(ux.peer)})${name}]`;
      }
      default:
        return `${type}.${id}`;
    }
  }
}

/** A task id of a pstree entry, also from the ns_* lists of old images. */
export function taskId(p: JsonObject, key: string): number {
  const v = p[key] ?? (p[`ns_${key}`] as JsonValue[] | undefined)?.[0];
  return num(v);
}

/** "dead (a zombie that exited with code 42)" and the like. */
export function statusText(s: TaskStatus): string {
  const name = typeof s.state === "number" ? `in state ${s.state}` : s.state;
  // CRIU writes every zombie it meets as a dead task and restores it as a zombie.
  if (s.exitCode !== undefined) {
    return `${name} (a zombie that exited with code ${s.exitCode})`;
  }
  if (s.signal !== undefined) {
    return `${name} (a zombie killed by signal ${s.signal})`;
  }
  return name;
}
