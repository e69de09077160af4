/** The memory of every task of a dump. */
import type { MemoryMatch, MemoryOptions, SearchOptions } from "./types.ts";
import { Loader } from "./_loader.ts";
import { openProcessMemory, type ProcessMemory } from "./process_memory.ts";
import type { DumpDir } from "../dump/dump_dir.ts";
import { Dump } from "../dump/dump.ts";

/**
 * The memory of the tasks of a dump. Decoded images and pagemaps are
 * loaded once and shared by its tasks.
 *
 * @example Search every task of a dump
 * ```ts
 * import { DumpMemory } from "@ckpt/crit";
 * import { denoDumpDir } from "@ckpt/crit/deno";
 * const dump = new DumpMemory(denoDumpDir("tests/fixtures/14a-memory-truth"));
 * for await (const m of dump.search("NEEDLE-stack")) {
 *   console.log(m.pid, m.address.toString(16), m.mapping.name);
 * }
 * ```
 */
export class DumpMemory {
  #loader: Loader;
  #tasks = new Map<number, Promise<ProcessMemory>>();

  /**
   * Memory of the dump in `source`, a `DumpDir` or the `Dump` model another
   * reader already uses (its decoded images are then shared); see
   * {@linkcode MemoryOptions}.
   */
  constructor(source: DumpDir | Dump, options: MemoryOptions = {}) {
    if (options === null || typeof options !== "object") {
      throw new TypeError("options must be an object");
    }
    const dump = source instanceof Dump ? source : new Dump(source);
    this.#loader = new Loader(dump, options);
  }

  /** Pids of the tasks in pstree.img (threads are not tasks of their own). */
  pids(): Promise<number[]> {
    return this.#loader.dump.pids();
  }

  /** One task's memory; throws when the dump has no mm image for it. */
  process(pid: number): Promise<ProcessMemory> {
    if (!Number.isSafeInteger(pid) || pid < 0) {
      throw new TypeError(`pid must be a non-negative integer, got ${pid}`);
    }
    let p = this.#tasks.get(pid);
    if (!p) {
      p = openProcessMemory(this.#loader, pid);
      this.#tasks.set(pid, p);
    }
    return p;
  }

  /**
   * {@linkcode ProcessMemory.search} over every task that has memory in the
   * dump (or `options.pids`), task by task in pstree order.
   */
  async *search(
    pattern: string | Uint8Array | RegExp,
    options: SearchOptions = {},
  ): AsyncGenerator<MemoryMatch> {
    const pids = options.pids ?? await this.pids();
    for (const pid of pids) {
      if (
        options.pids === undefined &&
        !(await this.#loader.mm(pid))
      ) {
        continue;
      }
      yield* (await this.process(pid)).search(pattern, options);
    }
  }
}
