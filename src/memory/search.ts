/**
 * Byte searches over a stream of memory blocks. Blocks arrive in address
 * order; a block that starts where the previous one ended continues it, so
 * matches may straddle blocks, pages and pagemap entries.
 */
import { concatBytes } from "../wire/bytes.ts";
import { type RequiredLiteral, requiredLiteral } from "./_regex_literal.ts";

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

/** Where `pat` first occurs in `hay` at or after `from`, or -1. */
function findBytes(
  hay: Uint8Array,
  pat: Uint8Array,
  from: number,
  pick: number,
): number {
  const b = pat[pick];
  const last = hay.length - pat.length;
  for (
    let i = hay.indexOf(b, from + pick);
    i !== -1;
    i = hay.indexOf(b, i + 1)
  ) {
    const s = i - pick;
    if (s > last) return -1;
    let j = 0;
    while (j < pat.length && hay[s + j] === pat[j]) j++;
    if (j === pat.length) return s;
  }
  return -1;
}

/** The index of the byte of `pat` that is rarest in a sample of `bytes`. */
function rarest(pat: Uint8Array, bytes: Uint8Array): number {
  const hist = new Uint32Array(256);
  for (let i = 0; i < bytes.length; i += 61) hist[bytes[i]]++;
  let best = 0;
  for (let k = 1; k < pat.length; k++) {
    if (hist[pat[k]] < hist[pat[best]]) best = k;
  }
  return best;
}

/**
 * Candidate starts tried one by one (sticky) when a match has at most this
 * many characters before its literal; past it, the RegExp scans on its own.
 */
const STICKY_SPAN = 64;

/** Matches this short are tried on windows of the text, not whole blocks. */
const WINDOW_SPAN = 4096;

/** Where a match starts and ends in the scanned text. */
interface Span {
  index: number;
  end: number;
}

/**
 * A regular expression over bytes (each byte is one character, 0-255).
 * Matches are non-overlapping and not empty. A match starting in the last
 * `maxMatch` bytes of a block waits for the next block, so matches up to
 * that length are found whole across block boundaries.
 *
 * When every match must contain a literal (`/NEEDLE-[0-9]+/`), blocks
 * without it are skipped with `indexOf` and the RegExp runs only where a
 * match could contain an occurrence: the matches are the same.
 */
export class RegexSearcher implements Searcher {
  readonly edge: number;
  #re: RegExp;
  #sticky: RegExp;
  #lit: RequiredLiteral | undefined;
  #pick = 0;
  #tail = new Uint8Array(0);
  #tailAddr = 0n;
  /** Matches starting before this address are done. */
  #from = 0n;

  constructor(re: RegExp, maxMatch: number) {
    const flags = re.flags.replace(/[gy]/g, "");
    this.#re = new RegExp(re.source, flags + "g");
    this.#sticky = new RegExp(re.source, flags + "y");
    this.#lit = requiredLiteral(re);
    this.edge = maxMatch;
  }

  #scan(
    text: Uint8Array,
    base: bigint,
    holdFrom: number,
    out: Found[],
  ): void {
    const lit = this.#lit;
    let next: (from: number) => Span | null;
    if (lit !== undefined && lit.span <= WINDOW_SPAN) {
      // Short matches that read nothing around them: only windows around
      // the literal become strings (a whole block costs 10 ms per MiB).
      next = (from) => this.#nextNear(text, undefined, from, holdFrom);
    } else {
      const str = byteString(text);
      next = lit === undefined
        ? (from) => this.#next(str, from, holdFrom)
        : (from) => this.#nextNear(text, str, from, holdFrom);
    }
    let at = this.#from > base ? Number(this.#from - base) : 0;
    while (at <= text.length) {
      const m = next(at);
      if (m === null) break;
      if (m.end === m.index) {
        at = m.index + 1;
        continue;
      }
      out.push({
        address: base + BigInt(m.index),
        bytes: text.slice(m.index, m.end),
      });
      at = m.end;
    }
    this.#from = base + BigInt(Math.max(at, Math.min(holdFrom, text.length)));
  }

  /** The first match starting at or after `from` and before `hold`. */
  #next(str: string, from: number, hold: number): Span | null {
    this.#re.lastIndex = from;
    const m = this.#re.exec(str);
    return m === null || m.index >= hold
      ? null
      : { index: m.index, end: m.index + m[0].length };
  }

  /**
   * The same match as `#next`, looked for only where it could contain an
   * occurrence of the literal: a match starting at s has one at q with
   * s <= q <= s + before, and q >= from, so starts below the first such q
   * minus `before` cannot match. Without `str`, each try runs on the
   * window of `text` a match from there can cover.
   */
  #nextNear(
    text: Uint8Array,
    str: string | undefined,
    from: number,
    hold: number,
  ): Span | null {
    const { bytes, before, span } = this.#lit!;
    const sticky = this.#sticky;
    let tried = from;
    for (let q = from;; q++) {
      q = findBytes(text, bytes, q, this.#pick);
      if (q < 0) return null;
      const lo = Math.max(tried, q - before);
      if (lo >= hold) return null;
      if (str !== undefined && before > STICKY_SPAN) {
        return this.#next(str, lo, hold);
      }
      const win = str ?? byteString(
        text.subarray(lo, Math.min(text.length, q + span)),
      );
      const shift = str === undefined ? lo : 0;
      for (let s = lo; s <= q && s < hold; s++) {
        sticky.lastIndex = s - shift;
        const m = sticky.exec(win);
        if (m !== null) return { index: s, end: s + m[0].length };
      }
      tried = q + 1;
    }
  }

  /** Whether the literal occurs in the tail, across the seam or in `bytes`. */
  #mayMatch(bytes: Uint8Array): boolean {
    const pat = this.#lit!.bytes;
    if (bytes.length >= 65536) this.#pick = rarest(pat, bytes);
    const tail = this.#tail;
    if (tail.length > 0) {
      const seam = concatBytes([
        tail,
        bytes.subarray(0, pat.length - 1),
      ]);
      if (findBytes(seam, pat, 0, this.#pick) >= 0) return true;
    }
    return findBytes(bytes, pat, 0, this.#pick) >= 0;
  }

  feed(address: bigint, bytes: Uint8Array): Found[] {
    const out: Found[] = [];
    const tailEnd = this.#tailAddr + BigInt(this.#tail.length);
    if (this.#tail.length > 0 && address !== tailEnd) {
      out.push(...this.finish());
    }
    const joined = this.#tail.length > 0;
    const base = joined ? this.#tailAddr : address;
    const length = this.#tail.length + bytes.length;
    const hold = Math.max(0, length - this.edge);
    if (this.#lit !== undefined && !this.#mayMatch(bytes)) {
      // No match can start in this text: keep only what the next block needs.
      const at = this.#from > base ? Number(this.#from - base) : 0;
      this.#from = base + BigInt(Math.max(at, hold));
      const keep = length - hold;
      this.#tail = bytes.length >= keep
        ? bytes.slice(bytes.length - keep)
        : concatBytes([this.#tail, bytes]).slice(hold);
      this.#tailAddr = base + BigInt(hold);
      return out;
    }
    const text = joined ? concatBytes([this.#tail, bytes]) : bytes;
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
