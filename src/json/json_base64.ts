/**
 * Decodes base64 straight from the raw text of a JSON string, as it arrives
 * in pieces: JSON escapes are handled in the same pass (`\n` and other
 * whitespace skipped, `\/` and `\uXXXX` resolved), and the bytes go into one
 * reused buffer, so a payload of any size makes no garbage per character.
 */

// Indexed by any UTF-16 code unit, so lookups need no range check.
const VALUES = new Int8Array(65536).fill(-1);
for (let i = 0; i < 64; i++) {
  VALUES[
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
      .charCodeAt(i)
  ] = i;
}
/** Whitespace base64 ignores. */
const WS = new Uint8Array(128);
for (const c of [0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d]) WS[c] = 1;
/** What a one-character JSON escape stands for. */
const ESCAPES: Record<number, number> = {
  0x6e: 0x0a,
  0x72: 0x0d,
  0x74: 0x09,
  0x62: 0x08,
  0x66: 0x0c,
  0x2f: 0x2f,
  0x5c: 0x5c,
  0x22: 0x22,
};

/**
 * A control character written as it is in the string's text, which JSON
 * does not allow (`\n` must be escaped): a syntax error of the document
 * at `index` of the text given to {@linkcode JsonBase64Decoder.push}.
 */
export class JsonControlCharacter extends SyntaxError {
  constructor(readonly index: number) {
    super("Invalid control character");
  }
}

/** Incremental decoder; errors are SyntaxErrors naming the offset in the payload text. */
export class JsonBase64Decoder {
  #acc = 0;
  #bits = 0;
  #quad = 0;
  #pad = 0;
  #seen = 0;
  #out = new Uint8Array(1 << 16);

  /**
   * Decodes `text[start, end)`, which must not end inside an escape. The
   * result is a view of an internal buffer, valid until the next call.
   */
  push(text: string, start: number, end: number): Uint8Array {
    const need = Math.ceil((end - start) * 3 / 4) + 3;
    if (this.#out.length < need) this.#out = new Uint8Array(need);
    const out = this.#out;
    let n = 0;
    let acc = this.#acc;
    let bits = this.#bits;
    let quad = this.#quad;
    let pad = this.#pad;
    for (let i = start; i < end; i++) {
      if (quad === 0 && pad === 0) {
        // Whole quads without escapes or whitespace: nearly all the text.
        while (i + 4 <= end) {
          const a = VALUES[text.charCodeAt(i)];
          const b = VALUES[text.charCodeAt(i + 1)];
          const c = VALUES[text.charCodeAt(i + 2)];
          const d = VALUES[text.charCodeAt(i + 3)];
          if ((a | b | c | d) < 0) break;
          out[n++] = (a << 2) | (b >> 4);
          out[n++] = ((b & 15) << 4) | (c >> 2);
          out[n++] = ((c & 3) << 6) | d;
          i += 4;
        }
        if (i >= end) break;
      }
      let c = text.charCodeAt(i);
      // Written as it is (not escaped), a control character ends the JSON.
      if (c < 0x20) throw new JsonControlCharacter(i);
      if (c === 0x5c) {
        const e = text.charCodeAt(i + 1);
        if (e === 0x75) {
          c = parseInt(text.slice(i + 2, i + 6), 16);
          if (!(c >= 0)) this.#fail("invalid \\u escape", i - start);
          i += 5;
        } else {
          const v = ESCAPES[e];
          if (v === undefined) this.#fail("invalid escape", i - start);
          c = v;
          i++;
        }
      }
      if (c < 128 && WS[c]) continue;
      if (c === 0x3d) {
        // "=" only ends a quad that has 2 or 3 characters.
        if (quad < 2) this.#fail("incorrect padding", i - start);
        pad++;
        quad++;
        if (quad === 4) {
          quad = 0;
          bits = 0;
          acc = 0;
        }
        continue;
      }
      const v = VALUES[c];
      if (v < 0) {
        this.#fail(
          `invalid base64 character ${JSON.stringify(String.fromCharCode(c))}`,
          i - start,
        );
      }
      if (pad) this.#fail("unexpected data after padding", i - start);
      acc = (acc << 6) | v;
      bits += 6;
      quad = (quad + 1) & 3;
      if (bits >= 8) {
        bits -= 8;
        out[n++] = (acc >>> bits) & 0xff;
        acc &= (1 << bits) - 1;
      }
    }
    this.#seen += end - start;
    this.#acc = acc;
    this.#bits = bits;
    this.#quad = quad;
    this.#pad = pad;
    return out.subarray(0, n);
  }

  /** Checks that the text ended on a whole quad. */
  finish(): void {
    if (this.#quad !== 0) this.#fail("incorrect padding", 0);
  }

  #fail(what: string, at: number): never {
    throw new SyntaxError(`${what} at offset ${this.#seen + at}`);
  }
}
