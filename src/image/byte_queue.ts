const NO_BYTES = new Uint8Array(0);

/**
 * Bytes received but not consumed yet, as a list of chunks. Reads that fit
 * in one chunk are zero-copy views; only reads that span chunks copy.
 */
export class ByteQueue {
  #chunks: Uint8Array[] = [];
  #head = 0;
  /** Bytes available. */
  length = 0;

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.length += chunk.length;
  }

  /**
   * Replaces what is left of `chunk` (if it is still queued) with a copy, so
   * its owner may reuse the buffer.
   */
  own(chunk: Uint8Array): void {
    const chunks = this.#chunks;
    const last = chunks.length - 1;
    if (last < 0 || chunks[last] !== chunk) return;
    const from = last === 0 ? this.#head : 0;
    chunks[last] = chunk.slice(from);
    if (last === 0) this.#head = 0;
  }

  /**
   * The first queued chunk (empty when none) and, in frontStart, where its
   * unread bytes start: for reading what it holds in place, then skip().
   */
  get front(): Uint8Array {
    return this.#chunks.length > 0 ? this.#chunks[0] : NO_BYTES;
  }

  /** Where the unread bytes of {@linkcode front} start. */
  get frontStart(): number {
    return this.#head;
  }

  /** The little-endian u32 at the front, not consumed; the caller checked `length >= 4`. */
  peekU32(): number {
    const first = this.#chunks[0];
    const h = this.#head;
    if (first.length - h >= 4) {
      return (first[h] | first[h + 1] << 8 | first[h + 2] << 16 |
        first[h + 3] << 24) >>> 0;
    }
    let v = 0;
    let c = 0;
    let at = h;
    for (let k = 0; k < 4; k++) {
      while (at === this.#chunks[c].length) {
        c++;
        at = 0;
      }
      v += this.#chunks[c][at++] * 2 ** (8 * k);
    }
    return v;
  }

  /** Exactly `n` bytes; the caller checked `length >= n`. */
  take(n: number): Uint8Array {
    const first = this.#chunks[0];
    if (n === 0) return new Uint8Array(0);
    if (first.length - this.#head >= n) {
      const out = first.subarray(this.#head, this.#head + n);
      this.#advance(n);
      return out;
    }
    const out = new Uint8Array(n);
    let at = 0;
    while (at < n) {
      const c = this.#chunks[0];
      const k = Math.min(c.length - this.#head, n - at);
      out.set(c.subarray(this.#head, this.#head + k), at);
      at += k;
      this.#advance(k);
    }
    return out;
  }

  /** Up to `max` bytes from the first chunk, without copying. */
  takeSome(max: number): Uint8Array {
    const first = this.#chunks[0];
    const k = Math.min(first.length - this.#head, max);
    const out = first.subarray(this.#head, this.#head + k);
    this.#advance(k);
    return out;
  }

  /** Drops up to `n` bytes; returns how many were dropped. */
  skip(n: number): number {
    let left = Math.min(n, this.length);
    const dropped = left;
    while (left > 0) {
      const c = this.#chunks[0];
      const k = Math.min(c.length - this.#head, left);
      this.#advance(k);
      left -= k;
    }
    return dropped;
  }

  #advance(k: number): void {
    this.#head += k;
    this.length -= k;
    if (this.#head === this.#chunks[0].length) {
      this.#chunks.shift();
      this.#head = 0;
    }
  }
}
