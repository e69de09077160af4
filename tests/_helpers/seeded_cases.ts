/**
 * Scaffolding of the tests whose expected values CPython computed from the
 * same seeded inputs (tests/json/base64_test.ts, quopri_test.ts): the input
 * generator, mirrored line for line in the Python script those files
 * describe, and the digest their long outputs are compared by.
 *
 * @module
 */
import { sha256Hex } from "./hex.ts";
import { Rng } from "./prng.ts";

const SHORT = new TextEncoder().encode("ab .\t\r\n=x");
const LONG = new TextEncoder().encode("abcdefghij .\t=");

/**
 * A random buffer of length 0..300 in one of four flavours: raw bytes,
 * short LF text lines, long lines (to force soft breaks in quoted-printable),
 * and CRLF text (to force its CRLF mode). Python's `random_case(rng)`.
 */
export function randomCase(rng: Rng): Uint8Array {
  const n = rng.u32() % 301;
  const mode = rng.u32() % 4;
  const out: number[] = [];
  while (out.length < n) {
    const r = rng.u32();
    if (mode === 0) {
      out.push(r & 255);
    } else if (mode === 2) {
      out.push(
        (r & 63) === 0 ? [0x0a, 0x0d][(r >>> 8) % 2] : LONG[(r >>> 8) % 14],
      );
    } else {
      const c = (r & 3) === 0 ? (r >>> 8) & 255 : SHORT[(r >>> 8) % 9];
      if (mode === 3 && c === 0x0a) out.push(0x0d, 0x0a);
      else out.push(c);
    }
  }
  return Uint8Array.from(out.slice(0, n));
}

/** Python's `digest(outs)`: SHA-256 of each output followed by a NUL. */
export async function digest(outputs: Iterable<string>): Promise<string> {
  const data = new TextEncoder().encode(
    Array.from(outputs, (s) => s + "\0").join(""),
  );
  return await sha256Hex(data);
}

/**
 * The Python script's `cases`: 2000 buffers of {@linkcode randomCase} drawn
 * from `xorshift32(0xC0FFEE)`, the inputs behind the `*_RANDOM_*` vectors.
 */
export function pythonCases(): Uint8Array[] {
  const rng = new Rng(0xC0FFEE);
  return Array.from({ length: 2000 }, () => randomCase(rng));
}
