/** Scanners over JSON text that arrives in pieces. */

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
