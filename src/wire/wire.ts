/**
 * Protobuf wire format primitives: a bounds-checked reader over one buffer and
 * a growable writer. 64-bit values travel as two uint32 halves so nothing is
 * rounded through a double.
 */

const TWO_32 = 4294967296;

/** Thrown when the wire bytes themselves are malformed. */
export class WireError extends Error {
  /** Byte offset in the buffer being read. */
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.name = "WireError";
    this.offset = offset;
  }
}

/** Sequential reader; `lo`/`hi` hold the last 64-bit value read. */
export class WireReader {
  buf: Uint8Array;
  pos: number;
  end: number;
  lo = 0;
  hi = 0;
  #view: DataView | undefined;

  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  /** Reads a varint into `lo`/`hi`; returns `lo`. */
  varint(): number {
    // Tags and small values are one byte: a body small enough to inline.
    const pos = this.pos;
    if (pos < this.end) {
      const b = this.buf[pos];
      if (b < 0x80) {
        this.pos = pos + 1;
        this.lo = b;
        this.hi = 0;
        return b;
      }
    }
    return this.#longVarint();
  }

  #longVarint(): number {
    const buf = this.buf;
    let pos = this.pos;
    const end = this.end;
    let lo = 0;
    let hi = 0;
    let b: number;
    // Low 28 bits in four bytes, then the byte straddling bit 32.
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= end) throw new WireError("truncated varint", pos);
      b = buf[pos++];
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        this.lo = lo >>> 0;
        this.hi = 0;
        return this.lo;
      }
    }
    if (pos >= end) throw new WireError("truncated varint", pos);
    b = buf[pos++];
    lo |= (b & 0x0f) << 28;
    hi = (b & 0x7f) >> 4;
    if (b >= 0x80) {
      for (let shift = 3; shift < 32; shift += 7) {
        if (pos >= end) throw new WireError("truncated varint", pos);
        b = buf[pos++];
        hi |= (b & 0x7f) << shift;
        if (b < 0x80) break;
      }
      if (b >= 0x80) throw new WireError("varint longer than 10 bytes", pos);
    }
    this.pos = pos;
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
    return this.lo;
  }

  fixed32(): number {
    if (this.end - this.pos < 4) {
      throw new WireError("truncated fixed32", this.pos);
    }
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 4;
    return (b[p] | b[p + 1] << 8 | b[p + 2] << 16 | b[p + 3] << 24) >>> 0;
  }

  fixed64(): void {
    this.lo = this.fixed32();
    this.hi = this.fixed32();
  }

  /** Reads a length prefix and checks it against what is left. */
  length(): number {
    const at = this.pos;
    this.varint();
    if (this.hi !== 0 || this.lo > this.end - this.pos) {
      throw new WireError(
        `length ${this.hi ? "beyond 4 GiB" : this.lo} exceeds the ${
          this.end - this.pos
        } bytes left`,
        at,
      );
    }
    return this.lo;
  }

  /** Skips one field body of the given wire type. */
  skip(wireType: number): void {
    switch (wireType) {
      case 0:
        this.varint();
        return;
      case 1:
        if (this.end - this.pos < 8) {
          throw new WireError("truncated fixed64", this.pos);
        }
        this.pos += 8;
        return;
      case 2: {
        // length() moves pos past the prefix, so read it before adding.
        const n = this.length();
        this.pos += n;
        return;
      }
      case 5:
        if (this.end - this.pos < 4) {
          throw new WireError("truncated fixed32", this.pos);
        }
        this.pos += 4;
        return;
      default:
        throw new WireError(`unsupported wire type ${wireType}`, this.pos);
    }
  }

  view(): DataView {
    return this.#view ??= new DataView(
      this.buf.buffer,
      this.buf.byteOffset,
      this.buf.byteLength,
    );
  }
}

/** Unsigned 64-bit value from halves: a number when exact, else a bigint. */
export function u64(lo: number, hi: number): number | bigint {
  if (hi < 0x200000) return hi * TWO_32 + lo;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Signed (two's complement) 64-bit value from halves. */
export function i64(lo: number, hi: number): number | bigint {
  if (hi & 0x80000000) {
    // Magnitude of the negative value: ~x + 1.
    let mlo = (~lo >>> 0) + 1;
    let mhi = ~hi >>> 0;
    if (mlo > 0xffffffff) {
      mlo = 0;
      mhi = (mhi + 1) >>> 0;
    }
    if (mhi < 0x200000) return -(mhi * TWO_32 + mlo);
    return -((BigInt(mhi) << 32n) | BigInt(mlo));
  }
  return u64(lo, hi);
}

/** Zigzag-decoded 64-bit value from halves. */
export function zz64(lo: number, hi: number): number | bigint {
  const slo = ((lo >>> 1) | (hi << 31)) >>> 0;
  const shi = hi >>> 1;
  if (lo & 1) {
    // -(n >> 1) - 1
    let mlo = slo + 1;
    let mhi = shi;
    if (mlo > 0xffffffff) {
      mlo = 0;
      mhi = mhi + 1;
    }
    if (mhi < 0x200000) return -(mhi * TWO_32 + mlo);
    return -((BigInt(mhi) << 32n) | BigInt(mlo));
  }
  return u64(slo, shi);
}

/** Growable output buffer with protobuf primitives. */
export class WireWriter {
  buf: Uint8Array;
  pos = 0;

  constructor(size = 256) {
    this.buf = new Uint8Array(size);
  }

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** Writes a varint given as two uint32 halves. */
  varint64(lo: number, hi: number): void {
    this.ensure(10);
    const buf = this.buf;
    let pos = this.pos;
    while (hi !== 0 || lo > 0x7f) {
      buf[pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    buf[pos++] = lo;
    this.pos = pos;
  }

  varint32(v: number): void {
    const u = v >>> 0;
    if (u < 0x80 && this.pos < this.buf.length) {
      // One byte, the usual tag or small value.
      this.buf[this.pos++] = u;
      return;
    }
    this.varint64(u, 0);
  }

  fixed32(v: number): void {
    this.ensure(4);
    const b = this.buf;
    const p = this.pos;
    b[p] = v;
    b[p + 1] = v >>> 8;
    b[p + 2] = v >>> 16;
    b[p + 3] = v >>> 24;
    this.pos = p + 4;
  }

  /**
   * Writes `s` as a length-delimited value if it is ASCII (the usual file
   * path), without an encoder call; returns false, having written nothing,
   * otherwise.
   */
  asciiString(s: string): boolean {
    const n = s.length;
    this.varint32(n);
    this.ensure(n);
    const buf = this.buf;
    const start = this.pos;
    let p = start;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        // Back to before the length prefix (1-5 bytes for any string length).
        let prefix = 1;
        for (let v = n; v > 0x7f; v >>>= 7) prefix++;
        this.pos = start - prefix;
        return false;
      }
      buf[p++] = c;
    }
    this.pos = p;
    return true;
  }

  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }

  /**
   * Starts a length-delimited value: reserves one byte, the prefix of any
   * value under 128 bytes, and returns where the value starts, for
   * finishLength.
   */
  startLength(): number {
    this.ensure(1);
    return ++this.pos;
  }

  /**
   * Writes the length prefix of everything written since `start` (from
   * startLength) into the reserved byte, moving those bytes right when the
   * prefix needs more than one.
   */
  finishLength(start: number): void {
    const len = this.pos - start;
    if (len < 0x80) {
      this.buf[start - 1] = len;
      return;
    }
    let size = 1;
    for (let v = len; v > 0x7f; v >>>= 7) size++;
    this.ensure(size - 1);
    this.buf.copyWithin(start + size - 1, start, this.pos);
    let v = len;
    let p = start - 1;
    while (v > 0x7f) {
      this.buf[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[p] = v;
    this.pos += size - 1;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}
