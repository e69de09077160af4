/**
 * The one PRNG of the tests and tools/fuzz: xorshift32 (Marsaglia, 2003).
 *
 * Its sequence is fixed for good: the base64 and quoted-printable vectors
 * (tests/json/) were computed by CPython from a line-for-line Python copy of
 * it, so `new Rng(seed).u32()` must keep giving exactly xorshift32's
 * numbers. Small and weak by modern measures, but picking test values and
 * mutations asks for no more.
 *
 * @module
 */

/**
 * A seeded xorshift32 generator with the helpers tests draw values with.
 *
 * @example The same seed gives the same numbers
 * ```ts
 * import { Rng } from "./prng.ts";
 * const a = new Rng(7);
 * const b = new Rng(7);
 * if (a.u32() !== b.u32() || a.pick(["x", "y"]) !== b.pick(["x", "y"])) {
 *   throw new Error("not reproducible");
 * }
 * ```
 */
export class Rng {
  #x: number;

  /** xorshift32 started from `seed` (as uint32; 0, a fixed point, is 1). */
  constructor(seed: number) {
    this.#x = (seed >>> 0) || 1;
  }

  /**
   * A generator of its own for each (`seed`, `stream`), e.g. one per fuzz
   * case, so replaying one case does not depend on the cases before it:
   * both are hashed into the starting state.
   */
  static stream(seed: number, stream: number): Rng {
    const high = Math.floor(stream / 2 ** 32);
    return new Rng(fmix32(fmix32(fmix32(seed ^ 0x9e3779b9) ^ stream) ^ high));
  }

  /** Uniform uint32: the next xorshift32 number. */
  u32(): number {
    let x = this.#x;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return this.#x = x >>> 0;
  }

  /** Uniform integer in [0, n); 0 when `n` is not positive. */
  int(n: number): number {
    return n <= 0 ? 0 : Math.floor((this.u32() / 2 ** 32) * n);
  }

  /** Uniform number in [0, 1). */
  float(): number {
    return this.u32() / 2 ** 32;
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.u32() < p * 2 ** 32;
  }

  /** One element of `list`, uniformly. */
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)];
  }
}

/** MurmurHash3's finaliser: a bijection on uint32 where every bit counts. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
