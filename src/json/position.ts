/**
 * Positions in JSON text as Python counts them (lines, columns and chars in
 * code points), for error messages about a piece of a larger document.
 *
 * @module
 */

/** Where a piece of a JSON document starts, as Python counts positions. */
export interface JsonOrigin {
  /** Newlines before it. */
  lines: number;
  /** Code points before it. */
  cp: number;
  /** Code point just after the last newline before it (0 if none). */
  lineStartCp: number;
}

/** Moves `o` over `text[start, end)` character by character. */
function walk(o: JsonOrigin, text: string, start: number, end: number): void {
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (
      c >= 0xdc00 && c <= 0xdfff && k > 0 &&
      (text.charCodeAt(k - 1) & 0xfc00) === 0xd800
    ) continue;
    o.cp++;
    if (c === 0x0a) {
      o.lines++;
      o.lineStartCp = o.cp;
    }
  }
}

/**
 * Python's `: line L column C (char N)` for index `i` of `text`, a piece of
 * a document that starts at `origin`.
 */
export function jsonPosition(
  text: string,
  i: number,
  origin: JsonOrigin,
): string {
  const o = { ...origin };
  walk(o, text, 0, i);
  return `: line ${o.lines + 1} column ${
    o.cp - o.lineStartCp + 1
  } (char ${o.cp})`;
}

const HIGH_SURROGATE = /[\ud800-\udbff]/;

/** Moves `o` over `text[start, end)`, with native searches where it can. */
export function advanceOrigin(
  o: JsonOrigin,
  text: string,
  start: number,
  end: number,
): void {
  // Surrogate pairs count once: walk such text (crit's JSON never has any).
  if (HIGH_SURROGATE.test(text.slice(start, end))) {
    walk(o, text, start, end);
    return;
  }
  let last = -1;
  for (let j = text.indexOf("\n", start); j >= 0 && j < end;) {
    o.lines++;
    last = j;
    j = text.indexOf("\n", j + 1);
  }
  if (last >= 0) o.lineStartCp = o.cp + (last + 1 - start);
  o.cp += end - start;
}
