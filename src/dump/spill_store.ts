/**
 * Where the large members a command needs are kept while a compressed
 * archive is read in its one pass.
 *
 * @module
 */

/**
 * An append-only store of bytes read back at any offset. The CLI gives a
 * temporary file; {@linkcode memorySpill} keeps the bytes in memory.
 *
 * @example
 * ```ts
 * import { memorySpill } from "@ckpt/crit";
 * const spill = memorySpill();
 * const at = await spill.write(new Uint8Array([1, 2, 3]));
 * console.assert((await spill.read(at + 1, 1))[0] === 2);
 * ```
 */
export interface SpillStore {
  /** Appends `chunk`; resolves to the offset it was written at. */
  write(chunk: Uint8Array): Promise<number>;
  /** Up to `length` bytes from `offset`, into `into` when given. */
  read(offset: number, length: number, into?: Uint8Array): Promise<Uint8Array>;
  /** Releases the store (removes a temporary file). */
  close(): void;
}

/**
 * A spill store in memory, as a list of chunks: the store of browsers and
 * of callers that give none.
 *
 * @example
 * ```ts
 * import { memorySpill } from "@ckpt/crit";
 * const spill = memorySpill();
 * await spill.write(new Uint8Array([1, 2]));
 * await spill.write(new Uint8Array([3, 4]));
 * console.assert((await spill.read(1, 2)).join() === "2,3");
 * ```
 */
export function memorySpill(): SpillStore {
  const chunks: Uint8Array[] = [];
  const starts: number[] = [];
  let size = 0;
  return {
    write(chunk) {
      const at = size;
      chunks.push(chunk.slice());
      starts.push(at);
      size += chunk.length;
      return Promise.resolve(at);
    },
    read(offset, length, into) {
      const end = Math.min(size, offset + length);
      const n = Math.max(0, end - offset);
      const out = into && into.length >= n
        ? into.subarray(0, n)
        : new Uint8Array(n);
      // The chunk holding `offset`, by binary search over the starts.
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      let filled = 0;
      for (let i = lo; filled < n && i < chunks.length; i++) {
        const from = offset + filled - starts[i];
        const part = chunks[i].subarray(from, from + n - filled);
        out.set(part, filled);
        filled += part.length;
      }
      return Promise.resolve(out);
    },
    close() {
      chunks.length = 0;
      starts.length = 0;
    },
  };
}
