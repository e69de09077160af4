/**
 * What the memory readers share for one dump: the dump model, pagemap
 * chains (a dump and its parents) and checked reads of pages files.
 */
import type { MappedFileReader, MemoryOptions } from "./types.ts";
import { PE } from "../dump/constants.ts";
import type { JsonObject, JsonValue } from "../json/types.ts";
import type { DumpDir } from "../dump/dump_dir.ts";
import { type Dump, MM_MAP } from "../dump/dump.ts";
import {
  decodeSelectedSync,
  type FieldSelection,
} from "../codec/decode_selected.ts";
import { CriuImageError } from "../wire/errors.ts";

/** What page runs are made of: the head's pages_id, each entry's place. */
const PAGEMAP_RUNS: FieldSelection = {
  pages_id: true,
  vaddr: true,
  nr_pages: true,
  compat_nr_pages: true,
  flags: true,
  in_parent: true,
};
import {
  buildPageMap,
  entryOffsets,
  PageChain,
  type PageMap,
} from "./pagemap.ts";

export const MAX_READ = 2 ** 30;
const DEFAULT_CHUNK = 8 << 20;
/** Pages read ahead for a small read: 256 KiB, 64 pages. */
const READ_AHEAD = 256 * 1024;
/** Pages files with a read ahead kept (a task's pagemap may use several). */
const READ_AHEAD_FILES = 4;

export const num = (v: JsonValue | undefined) => Number(v ?? 0);
export const big = (v: JsonValue | undefined) =>
  typeof v === "bigint" ? v : BigInt(typeof v === "number" ? v : 0);

/** Decoded images, pagemap chains and pages reads of one dump. */
export class Loader {
  readonly dump: Dump;
  readonly dir: DumpDir;
  readonly shift: number;
  readonly pageSize: number;
  readonly chunkSize: number;
  readonly readMappedFile?: MappedFileReader;
  #chains = new Map<string, Promise<PageChain>>();
  #maps = new Map<string, PageMap>();
  #whole = new Map<string, Promise<Uint8Array | undefined>>();
  #checked = new Map<string, Promise<boolean>>();
  /**
   * The last reads ahead of the pages files read last, oldest first: never
   * written to, only replaced.
   */
  #windows = new Map<string, { offset: number; bytes: Uint8Array }>();
  #mapped = new Map<string, Promise<boolean>>();

  constructor(dump: Dump, options: MemoryOptions) {
    const ps = options.pageSize ?? 4096;
    if (!Number.isSafeInteger(ps) || ps < 256 || (ps & (ps - 1)) !== 0) {
      throw new TypeError(`pageSize must be a power of two, got ${ps}`);
    }
    const chunk = options.chunkSize ?? DEFAULT_CHUNK;
    if (!Number.isSafeInteger(chunk) || chunk < ps || chunk > MAX_READ) {
      throw new RangeError(
        `chunkSize must be between the page size and 1 GiB, got ${chunk}`,
      );
    }
    if (
      options.readMappedFile !== undefined &&
      typeof options.readMappedFile !== "function"
    ) {
      throw new TypeError("readMappedFile must be a function");
    }
    this.dump = dump;
    this.dir = dump.dir;
    this.pageSize = ps;
    this.shift = Math.log2(ps);
    this.chunkSize = chunk;
    this.readMappedFile = options.readMappedFile;
  }

  /** The entries of a task's mm image (what MM_MAP takes), if it has one. */
  mm(pid: number): Promise<JsonObject[] | undefined> {
    return this.dump.entries(`mm-${pid}.img`, MM_MAP);
  }

  /** A pagemap image and, when it has PE_PARENT entries, its parents. */
  chain(image: string, prefix = ""): Promise<PageChain> {
    const key = prefix + image;
    let p = this.#chains.get(key);
    if (!p) {
      p = (async () => {
        const bytes = await this.dir.read(key);
        if (bytes === undefined) return new PageChain(undefined, undefined);
        const map = buildPageMap(
          image,
          prefix,
          decodeSelectedSync(bytes, PAGEMAP_RUNS).entries,
          entryOffsets(bytes),
          this.shift,
        );
        this.#maps.set(map.pagesFile, map);
        const parent = map.runs.some((r) =>
            (r.flags & (PE.PARENT | PE.PRESENT)) === PE.PARENT
          )
          ? await this.chain(image, prefix + "parent/")
          : undefined;
        return new PageChain(map, parent);
      })();
      this.#chains.set(key, p);
    }
    return p;
  }

  #wholeFile(file: string): Promise<Uint8Array | undefined> {
    let p = this.#whole.get(file);
    if (!p) {
      p = this.dir.read(file);
      this.#whole.set(file, p);
    }
    return p;
  }

  /**
   * Whether the dump has this pages file, checked once; a file shorter than
   * its pagemap says is a malformed dump.
   */
  present(file: string): Promise<boolean> {
    let p = this.#checked.get(file);
    if (!p) {
      p = (async () => {
        const map = this.#maps.get(file)!;
        const need = map.pagesBytes;
        const got = this.dir.readRange
          ? await this.dir.readRange(file, need - 1, 1)
          : await this.#wholeFile(file);
        if (got === undefined) return false;
        const ok = this.dir.readRange ? got.length === 1 : got.length >= need;
        if (!ok) {
          const last = map.runs.filter((r) => r.flags & PE.PRESENT)
            .reduce((a, r) => (r.index > a.index ? r : a));
          throw new CriuImageError(
            `${map.image}: ${file} is shorter than the ${need} bytes its PE_PRESENT entries need`,
            { offset: last.at, entryIndex: last.index, magic: "PAGEMAP" },
          );
        }
        return true;
      })();
      this.#checked.set(file, p);
    }
    return p;
  }

  /**
   * Exactly `length` bytes from `offset` of a pages file that is
   * {@linkcode present}, possibly read into `into`.
   */
  async pages(
    file: string,
    offset: number,
    length: number,
    into?: Uint8Array,
  ): Promise<Uint8Array> {
    // Never more at once than the chunk size the caller allows.
    const ahead = Math.min(READ_AHEAD, this.chunkSize);
    if (this.dir.readRange === undefined || length >= ahead) {
      return this.#read(file, offset, length, into);
    }
    let w = this.#windows.get(file);
    if (
      w === undefined || offset < w.offset ||
      offset + length > w.offset + w.bytes.length
    ) {
      // Reads of many small mappings (a task's VMAs, one after the other
      // in its pages files) come from one read ahead, not a read each.
      const size = Math.max(
        length,
        Math.min(ahead, this.pagesAvailable(file, offset)),
      );
      w = { offset, bytes: await this.#read(file, offset, size) };
      this.#windows.delete(file);
      this.#windows.set(file, w);
      if (this.#windows.size > READ_AHEAD_FILES) {
        this.#windows.delete(this.#windows.keys().next().value!);
      }
    }
    const from = offset - w.offset;
    const view = w.bytes.subarray(from, from + length);
    if (into === undefined) return view;
    into.set(view);
    return into.subarray(0, length);
  }

  async #read(
    file: string,
    offset: number,
    length: number,
    into?: Uint8Array,
  ): Promise<Uint8Array> {
    const got = this.dir.readRange
      ? await this.dir.readRange(file, offset, length, into)
      : (await this.#wholeFile(file))?.subarray(offset, offset + length);
    if (got === undefined || got.length < length) {
      throw new Error(`${file} changed while it was read`);
    }
    return got;
  }

  /** Largest read from `offset` that stays inside what the pagemap uses. */
  pagesAvailable(file: string, offset: number): number {
    return this.#maps.get(file)!.pagesBytes - offset;
  }

  /**
   * Whether readMappedFile has this file, asked once per path. When the
   * dump records the file's size, a file of another size is refused: its
   * bytes would be silently wrong.
   */
  mappedFileAvailable(path: string, size?: number): Promise<boolean> {
    let p = this.#mapped.get(path);
    if (!p) {
      p = this.#checkMappedFile(path, size);
      this.#mapped.set(path, p);
    }
    return p;
  }

  async #checkMappedFile(path: string, size?: number): Promise<boolean> {
    const read = this.readMappedFile;
    if (read === undefined || (await read(path, 0, 0)) === undefined) {
      return false;
    }
    if (size === undefined) return true;
    // Reads are short only at the end: one byte before `size` and none at it.
    const tail = await read(path, Math.max(size - 1, 0), 2);
    if (tail?.length !== Math.min(size, 1)) {
      throw new Error(
        `${path}: the file given for it is not the one that was mapped (the dump records ${size} bytes)`,
      );
    }
    return true;
  }
}
