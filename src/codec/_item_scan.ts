/** Scanners over JSON text that arrives in pieces. */

/** Thrown by a reader when its text ends mid-token: more must come. */
export const MORE: unique symbol = Symbol("more");

/**
 * Finds where a JSON object or array ends, scanning each piece of text once
 * as it arrives (the reader's buffer is a concatenation: indexing into it
 * again and again would copy it each time).
 */
export class ItemScan {
  /** The end was seen. */
  found = false;
  #depth = 0;
  #inString = false;
  #escape = false;

  /**
   * Scans `text` from `from` on, as the continuation of what came before;
   * returns the index just past the end once seen, else -1.
   */
  scan(text: string, from: number): number {
    const n = text.length;
    let depth = this.#depth;
    let inString = this.#inString;
    let escape = this.#escape;
    for (let i = from; i < n; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (escape) escape = false;
        else if (c === 0x5c) escape = true;
        else if (c === 0x22) inString = false;
      } else if (c === 0x22) {
        inString = true;
      } else if (c === 0x7b || c === 0x5b) {
        depth++;
      } else if ((c === 0x7d || c === 0x5d) && --depth === 0) {
        this.found = true;
        return i + 1;
      }
    }
    this.#depth = depth;
    this.#inString = inString;
    this.#escape = escape;
    return -1;
  }
}

/**
 * How much of a JSON string's content, starting at `start`, can be taken
 * now: `close` is the index of its closing quote (-1: not in `b` yet) and
 * `end` where the content taken now ends, short of an escape sequence that
 * the next piece of text completes.
 */
export function stringRun(
  b: string,
  start: number,
): { close: number; end: number } {
  // The closing quote is the first one not escaped by an odd run of backslashes.
  let close = -1;
  for (let from = start;;) {
    const q = b.indexOf('"', from);
    if (q < 0) break;
    let k = q - 1;
    while (k >= start && b.charCodeAt(k) === 0x5c) k--;
    if ((q - 1 - k) % 2 === 0) {
      close = q;
      break;
    }
    from = q + 1;
  }
  let end = close < 0 ? b.length : close;
  if (close < 0) {
    // Keep back an escape that the next chunk completes.
    const slash = b.lastIndexOf("\\", end - 1);
    if (slash >= start && slash >= end - 6) {
      let run = slash;
      while (run > start && b.charCodeAt(run - 1) === 0x5c) run--;
      const escaped = (slash - run) % 2 === 0;
      const need = b[slash + 1] === "u" ? 6 : 2;
      if (escaped && slash + need > end) end = slash;
    }
  }
  return { close, end };
}

/**
 * Finds the value of the top-level `"magic"` key of a JSON document given
 * in pieces, wherever the key is (JSON with sorted keys has it last), so an
 * encoder can know the image kind before the entries.
 */
export class MagicScan {
  /** The magic, once found. */
  magic: string | undefined;
  #depth = 0;
  #inString = false;
  #escape = false;
  /** The string being read at depth 1, when it may be the key or its value. */
  #text: string | undefined;
  #lastKey: string | undefined;
  /** At depth 1: a key comes next (after `{` or `,`), else a value. */
  #keyNext = false;

  /** Scans the next piece; returns true once the magic is known. */
  push(text: string): boolean {
    for (let i = 0; i < text.length && this.magic === undefined; i++) {
      const c = text.charCodeAt(i);
      if (this.#inString) {
        if (this.#escape) this.#escape = false;
        else if (c === 0x5c) this.#escape = true;
        else if (c === 0x22) {
          this.#inString = false;
          this.#closeString();
        } else if (this.#text !== undefined) {
          this.#text += text[i];
        }
        continue;
      }
      if (c === 0x22) {
        this.#inString = true;
        const wanted = this.#depth === 1 &&
          (this.#keyNext || this.#lastKey === "magic");
        this.#text = wanted ? "" : undefined;
      } else if (c === 0x7b || c === 0x5b) {
        this.#depth++;
        this.#keyNext = this.#depth === 1;
        this.#lastKey = undefined;
      } else if (c === 0x7d || c === 0x5d) {
        this.#depth--;
      } else if (c === 0x2c && this.#depth === 1) {
        this.#keyNext = true;
        this.#lastKey = undefined;
      }
    }
    return this.magic !== undefined;
  }

  #closeString(): void {
    const text = this.#text;
    this.#text = undefined;
    if (text === undefined) return;
    if (this.#keyNext) {
      this.#lastKey = text;
      this.#keyNext = false;
    } else if (this.#lastKey === "magic") {
      this.magic = text;
    }
  }
}
