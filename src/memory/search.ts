/**
 * Byte searches over a stream of memory blocks. Blocks arrive in address
 * order; a block that starts where the previous one ended continues it, so
 * matches may straddle blocks, pages and pagemap entries.
 */
import { concatBytes } from "../wire/bytes.ts";

/** A match: its address and its bytes (a copy). */
export interface Found {
  address: bigint;
  bytes: Uint8Array;
}

/** What the block producer and the searchers agree on. */
export interface Searcher {
  /**
   * Bytes of a run of zero pages a match may reach into from either end;
   * the middle of a longer run is not searched.
   */
  readonly edge: number;
  /** Matches completed by this block (the block is not kept). */
  feed(address: bigint, bytes: Uint8Array): Found[];
  /** Matches still held back at the end of the stream. */
  finish(): Found[];
}

/**
 * A literal byte string, every occurrence (overlapping ones too). Scans with
 * `indexOf` for the pattern byte that is rarest in a sample of each block,
 * so common bytes (zeros, spaces) in the pattern do not slow it down.
 */
export class LiteralSearcher implements Searcher {
  readonly edge: number;
  #pat: Uint8Array;
  #tail = new Uint8Array(0);
  #tailEnd = -1n;
  #pick = 0;
  #hist = new Uint32Array(256);

  constructor(pattern: Uint8Array) {
    this.#pat = pattern.slice();
    this.edge = pattern.length - 1;
  }

  #choose(bytes: Uint8Array): void {
    const hist = this.#hist;
    hist.fill(0);
    // A prime stride keeps the sample from following page or struct layout.
    for (let i = 0; i < bytes.length; i += 61) hist[bytes[i]]++;
    let best = 0;
    for (let k = 1; k < this.#pat.length; k++) {
      if (hist[this.#pat[k]] < hist[this.#pat[best]]) best = k;
    }
    this.#pick = best;
  }

  #at(bytes: Uint8Array, s: number): boolean {
    const pat = this.#pat;
    for (let j = 0; j < pat.length; j++) {
      if (bytes[s + j] !== pat[j]) return false;
    }
    return true;
  }

  feed(address: bigint, bytes: Uint8Array): Found[] {
    const out: Found[] = [];
    const pat = this.#pat;
    const m = pat.length;
    const joined = address === this.#tailEnd && this.#tail.length > 0;
    if (joined) {
      // Matches that start in the previous block and end in this one.
      const tail = this.#tail;
      const seam = concatBytes([tail, bytes.subarray(0, m - 1)]);
      const base = address - BigInt(tail.length);
      for (let i = 0; i < tail.length && i + m <= seam.length; i++) {
        if (this.#at(seam, i)) {
          out.push({ address: base + BigInt(i), bytes: pat.slice() });
        }
      }
    }
    if (bytes.length >= 65536) this.#choose(bytes);
    const k = this.#pick;
    const b = pat[k];
    const last = bytes.length - m;
    for (let i = bytes.indexOf(b, k); i !== -1; i = bytes.indexOf(b, i + 1)) {
      const s = i - k;
      if (s > last) break;
      if (this.#at(bytes, s)) {
        out.push({ address: address + BigInt(s), bytes: pat.slice() });
      }
    }
    const keep = m - 1;
    if (keep > 0) {
      this.#tail = bytes.length >= keep
        ? bytes.slice(bytes.length - keep)
        : (joined ? concatBytes([this.#tail, bytes]) : bytes.slice()).slice(
          -keep,
        );
    }
    this.#tailEnd = address + BigInt(bytes.length);
    return out;
  }

  finish(): Found[] {
    return [];
  }
}

const latin1 = new TextDecoder("utf-16le");

/** Each byte as the code unit of the same value, so a RegExp sees bytes. */
function byteString(bytes: Uint8Array): string {
  return latin1.decode(new Uint16Array(bytes));
}

/**
 * A regular expression over bytes (each byte is one character, 0-255).
 * Matches are non-overlapping and not empty. A match starting in the last
 * `maxMatch` bytes of a block waits for the next block, so matches up to
 * that length are found whole across block boundaries.
 */
export class RegexSearcher implements Searcher {
  readonly edge: number;
  #re: RegExp;
  #tail = new Uint8Array(0);
  #tailAddr = 0n;
  /** Matches starting before this address are done. */
  #from = 0n;

  constructor(re: RegExp, maxMatch: number) {
    this.#re = new RegExp(
      re.source,
      re.flags.replace(/[gy]/g, "") + "g",
    );
    this.edge = maxMatch;
  }

  #scan(
    text: Uint8Array,
    base: bigint,
    holdFrom: number,
    out: Found[],
  ): void {
    const re = this.#re;
    const str = byteString(text);
    let at = this.#from > base ? Number(this.#from - base) : 0;
    while (at <= str.length) {
      re.lastIndex = at;
      const m = re.exec(str);
      if (m === null || m.index >= holdFrom) break;
      const end = m.index + m[0].length;
      if (end === m.index) {
        at = m.index + 1;
        continue;
      }
      out.push({
        address: base + BigInt(m.index),
        bytes: text.slice(m.index, end),
      });
      at = end;
    }
    this.#from = base + BigInt(Math.max(at, Math.min(holdFrom, str.length)));
  }

  feed(address: bigint, bytes: Uint8Array): Found[] {
    const out: Found[] = [];
    const tailEnd = this.#tailAddr + BigInt(this.#tail.length);
    if (this.#tail.length > 0 && address !== tailEnd) {
      out.push(...this.finish());
    }
    const joined = this.#tail.length > 0;
    const text = joined ? concatBytes([this.#tail, bytes]) : bytes;
    const base = joined ? this.#tailAddr : address;
    const hold = Math.max(0, text.length - this.edge);
    this.#scan(text, base, hold, out);
    this.#tail = text.slice(hold);
    this.#tailAddr = base + BigInt(hold);
    return out;
  }

  finish(): Found[] {
    const out: Found[] = [];
    if (this.#tail.length > 0) {
      this.#scan(this.#tail, this.#tailAddr, Infinity, out);
    }
    this.#tail = new Uint8Array(0);
    return out;
  }
}
