const NO_BYTES = new Uint8Array(0);
const NO_ALLOCATOR = () => undefined;

/**
 * Bytes received but not consumed yet, as a list of chunks. Reads that fit
 * in one chunk are zero-copy views; only reads that span chunks copy.
 */
export class ByteQueue {
  #chunks: Uint8Array[] = [];
  #head = 0;
  /** Bytes available. */
  length = 0;

  /** The buffer reserve() fills, how much of it has arrived, and its view in the queue. */
  #fill: Uint8Array | undefined;
  #filled = 0;
  #fillView: Uint8Array | undefined;
  /** The buffer of the last reserve(), filled or not. */
  #reserved: ArrayBufferLike | undefined;

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const fill = this.#fill;
    if (fill !== undefined) {
      const k = Math.min(chunk.length, fill.length - this.#filled);
      // Read into room() by its caller: already in place.
      const inPlace = chunk.buffer === fill.buffer &&
        chunk.byteOffset === fill.byteOffset + this.#filled;
      if (!inPlace) fill.set(chunk.subarray(0, k), this.#filled);
      this.#filled += k;
      this.length += k;
      const chunks = this.#chunks;
      const view = fill.subarray(0, this.#filled);
      if (chunks.length > 0 && chunks[chunks.length - 1] === this.#fillView) {
        chunks[chunks.length - 1] = view;
      } else {
        chunks.push(fill.subarray(this.#filled - k, this.#filled));
      }
      this.#fillView = view;
      if (this.#filled === fill.length) this.#fill = this.#fillView = undefined;
      if (k === chunk.length) return;
      chunk = chunk.subarray(k);
    }
    this.#chunks.push(chunk);
    this.length += chunk.length;
  }

  /**
   * Makes the next `n` bytes (more than are queued) one buffer of that
   * size: what is queued is copied in now, and the chunks pushed until it
   * is full are copied straight in, so take() of them copies nothing more.
   * For large entries: each chunk was copied once to be kept (own) and
   * again into one buffer (take); in a fresh buffer each copy also pays for
   * its pages. The caller checked `n` against its limit. The buffer is
   * `allocate`'s when it gives one (of `n` bytes), else a new one.
   */
  reserve(
    n: number,
    allocate: (n: number) => Uint8Array | undefined = NO_ALLOCATOR,
  ): void {
    if (n <= this.length || this.#fill !== undefined) return;
    const fill = allocate(n) ?? new Uint8Array(n);
    this.#reserved = fill.buffer;
    let at = 0;
    this.#chunks.forEach((c, i) => {
      const from = i === 0 ? this.#head : 0;
      fill.set(c.subarray(from), at);
      at += c.length - from;
    });
    this.#fill = fill;
    this.#filled = at;
    this.#fillView = fill.subarray(0, at);
    this.#chunks = at > 0 ? [this.#fillView] : [];
    this.#head = 0;
  }

  /**
   * While a reserve() is being filled, the rest of its buffer: input read
   * into it from its start and pushed is not copied again.
   */
  get room(): Uint8Array | undefined {
    return this.#fill?.subarray(this.#filled);
  }

  /**
   * Replaces what is left of `chunk` (if it is still queued) with a copy, so
   * its owner may reuse the buffer.
   */
  own(chunk: Uint8Array): void {
    // Read into room(): the buffer is the queue's own, not the caller's.
    if (chunk.buffer === this.#reserved) return;
    const chunks = this.#chunks;
    const last = chunks.length - 1;
    // What push() queued of a chunk after filling a reserve() is a view of
    // its buffer, not the chunk itself.
    if (last < 0 || chunks[last].buffer !== chunk.buffer) return;
    const from = last === 0 ? this.#head : 0;
    chunks[last] = chunks[last].slice(from);
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
