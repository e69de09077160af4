/**
 * Random access to bytes whose size is known: a file, a `Blob`, a buffer.
 *
 * @module
 */

/**
 * Bytes that can be read at any offset. A plain tar archive is read
 * through this: its headers one by one, then only the members a command
 * uses.
 *
 * @example A source over a buffer
 * ```ts
 * import { bytesSource } from "@ckpt/crit";
 * const source = bytesSource(new Uint8Array([1, 2, 3, 4]));
 * console.assert((await source.read(1, 2))[1] === 3);
 * ```
 */
export interface ByteSource {
  /** The number of bytes. */
  readonly size: number;
  /**
   * Up to `length` bytes from `offset`: fewer only at the end of the
   * source. When `into` (at least `length` bytes) is given the bytes may be
   * read into it and a view of it returned.
   */
  read(offset: number, length: number, into?: Uint8Array): Promise<Uint8Array>;
}

/**
 * A source over bytes in memory.
 *
 * @example
 * ```ts
 * import { bytesSource } from "@ckpt/crit";
 * console.assert(bytesSource(new Uint8Array(10)).size === 10);
 * ```
 */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) =>
      Promise.resolve(bytes.subarray(offset, offset + length)),
  };
}

/**
 * A source over a `Blob` or `File` (browsers, Node, Deno): each read is a
 * `slice`, so a browser reads only those bytes of a large file.
 *
 * @example
 * ```ts
 * import { blobSource } from "@ckpt/crit";
 * const source = blobSource(new Blob([new Uint8Array([7, 8, 9])]));
 * console.assert((await source.read(2, 5))[0] === 9);
 * ```
 */
export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    async read(offset, length) {
      const end = Math.min(blob.size, offset + length);
      if (end <= offset) return new Uint8Array(0);
      return new Uint8Array(await blob.slice(offset, end).arrayBuffer());
    },
  };
}
