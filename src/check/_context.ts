/**
 * The state one run of `checkDump` shares between its passes: decoded
 * images (each decoded once, its failure reported once), problems found,
 * counts, and which images something referred to.
 */
import type { DumpDir } from "../dump/dump_dir.ts";
import type { JsonObject, JsonValue } from "../json/types.ts";
import { decodeSync } from "../codec/decode.ts";
import { CriuImageError } from "../wire/errors.ts";
import type { CheckProblem, CheckSeverity } from "./problem.ts";
import { decodeKnown } from "./_decode.ts";

/** A decoded image, or why there is none. */
export type Loaded =
  | { state: "ok"; magic: string; entries: JsonObject[] }
  | { state: "missing" }
  | { state: "broken" };

/** Magic expected for an image, from the start of its name. */
const NAME_MAGICS: [RegExp, string][] = [
  [/^core-\d+\.img$/, "CORE"],
  [/^fdinfo-\d+\.img$/, "FDINFO"],
  [/^files\.img$/, "FILES"],
  [/^fs-\d+\.img$/, "FS"],
  [/^ids-\d+\.img$/, "IDS"],
  [/^inventory\.img$/, "INVENTORY"],
  [/^mm-\d+\.img$/, "MM"],
  [/^pagemap-(shmem-)?\d+\.img$/, "PAGEMAP"],
  [/^pstree\.img$/, "PSTREE"],
  [/^stats-(dump|restore)$/, "STATS"],
  [/^timens-\d+\.img$/, "TIMENS"],
  [/^cgroup\.img$/, "CGROUP"],
  [/^pipes-data\.img$/, "PIPES_DATA"],
  [/^fifo-data\.img$/, "FIFO_DATA"],
  [/^sk-queues\.img$/, "SK_QUEUES"],
  [/^tcp-stream-[0-9a-f]+\.img$/, "TCP_STREAM"],
  [/^ghost-file-[0-9a-f]+\.img$/, "GHOST_FILE"],
  [/^remap-fpath\.img$/, "REMAP_FPATH"],
  [/^mountpoints-\d+\.img$/, "MNTS"],
  [/^netns-\d+\.img$/, "NETNS"],
  [/^netdev-\d+\.img$/, "NETDEV"],
  [/^utsns-\d+\.img$/, "UTSNS"],
  [/^ipcns-var-\d+\.img$/, "IPC_VAR"],
  [/^ipcns-shm-\d+\.img$/, "IPCNS_SHM"],
  [/^ipcns-msg-\d+\.img$/, "IPCNS_MSG"],
  [/^ipcns-sem-\d+\.img$/, "IPCNS_SEM"],
  [/^userns-\d+\.img$/, "USERNS"],
  [/^pidns-\d+\.img$/, "PIDNS"],
  [/^memfd\.img$/, "MEMFD_INODE"],
  [/^tty-info\.img$/, "TTY_INFO"],
  [/^tty-data\.img$/, "TTY_DATA"],
  [/^filelocks\.img$/, "FILE_LOCKS"],
  [/^bpfmap-data\.img$/, "BPFMAP_DATA"],
  [/^seccomp\.img$/, "SECCOMP"],
  [/^cpuinfo\.img$/, "CPUINFO"],
];

/**
 * Answers by the shape of a name, its digit runs made one "0": the patterns
 * take any run of digits wherever they take one, so names of one shape
 * (core-1.img, core-25537.img) have one answer, found once.
 */
const byShape = new Map<string, string | undefined>();

/** The magic CRIU writes into an image of this name, if the name says. */
export function expectedMagic(name: string): string | undefined {
  const base = name.slice(name.lastIndexOf("/") + 1);
  const shape = base.replace(/\d+/g, "0");
  if (byShape.has(shape)) return byShape.get(shape);
  const magic = NAME_MAGICS.find(([re]) => re.test(base))?.[1];
  // Bounded: names with letters in their hex ids have shapes of their own.
  if (byShape.size < 1024) byShape.set(shape, magic);
  return magic;
}

/** `0x1f` for messages, the way CRIU prints ids. */
export const hex = (v: JsonValue | undefined): string =>
  "0x" + BigInt(v as number | bigint ?? 0).toString(16);

/** Order of severities in the report. */
const RANK: Record<CheckSeverity, number> = { error: 0, warning: 1, note: 2 };

/** Shared state of one check run. */
export class Context {
  readonly dir: DumpDir;
  readonly problems: CheckProblem[] = [];
  readonly counts: Record<string, number> = {};
  /** Images some reference or rule led to, for `--strict`. */
  readonly referenced = new Set<string>();
  #images = new Map<string, Promise<Loaded>>();

  constructor(dir: DumpDir) {
    this.dir = dir;
  }

  /** Adds a problem. */
  report(
    severity: CheckSeverity,
    image: string,
    path: string,
    message: string,
  ): void {
    this.problems.push({ severity, image, path, message });
  }

  error(image: string, path: string, message: string): void {
    this.report("error", image, path, message);
  }

  warning(image: string, path: string, message: string): void {
    this.report("warning", image, path, message);
  }

  note(image: string, path: string, message: string): void {
    this.report("note", image, path, message);
  }

  /** Adds `n` to the count `what`. */
  count(what: string, n = 1): void {
    this.counts[what] = (this.counts[what] ?? 0) + n;
  }

  /** Problems sorted by severity, stable otherwise. */
  sorted(): CheckProblem[] {
    return this.problems
      .map((p, i) => [p, i] as const)
      .sort((a, b) => RANK[a[0].severity] - RANK[b[0].severity] || a[1] - b[1])
      .map(([p]) => p);
  }

  /**
   * Decodes `name` once. A decode failure or a wrong magic is reported
   * (once) as an error of that image and gives "broken".
   */
  load(name: string): Promise<Loaded> {
    this.referenced.add(name);
    let hit = this.#images.get(name);
    if (hit === undefined) {
      hit = this.#decode(name);
      this.#images.set(name, hit);
    }
    return hit;
  }

  /** Whether the dump has a file `name` (read as little of it as possible). */
  async has(name: string): Promise<boolean> {
    this.referenced.add(name);
    const bytes = this.dir.readRange
      ? await this.dir.readRange(name, 0, 1)
      : await this.dir.read(name);
    return bytes !== undefined;
  }

  /** The entries of `name`, or undefined when it is missing or broken. */
  async entries(name: string): Promise<JsonObject[] | undefined> {
    const l = await this.load(name);
    return l.state === "ok" ? l.entries : undefined;
  }

  async #decode(name: string): Promise<Loaded> {
    const bytes = await this.dir.read(name);
    if (bytes === undefined) return { state: "missing" };
    this.count("images");
    const want = expectedMagic(name);
    if (want !== undefined) {
      const entries = decodeKnown(bytes, want);
      if (entries !== undefined) return { state: "ok", magic: want, entries };
    }
    let image;
    try {
      image = decodeSync(bytes, { nopl: true });
    } catch (e) {
      if (!(e instanceof CriuImageError) && !(e instanceof RangeError)) {
        throw e;
      }
      const at = e instanceof CriuImageError && e.entryIndex >= 0
        ? `entries[${e.entryIndex}]`
        : "";
      this.error(
        name,
        at,
        `does not decode: ${firstLine(e.message)}; restore fails reading it`,
      );
      return { state: "broken" };
    }
    if (want !== undefined && image.magic !== want) {
      this.error(
        name,
        "magic",
        `is a ${image.magic} image, expected ${want}; restore fails: wrong magic`,
      );
      return { state: "broken" };
    }
    return { state: "ok", magic: image.magic, entries: image.entries };
  }
}

function firstLine(s: string): string {
  const i = s.indexOf("\n");
  return i < 0 ? s : s.slice(0, i);
}
