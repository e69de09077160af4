/**
 * The items of a JSON array read as the text arrives, for streaming readers
 * of documents too large to parse whole.
 *
 * @module
 */

import type { JsonValue } from "./types.ts";
import {
  fail,
  JsonCursor,
  JsonSyntaxError,
  PartialJsonError,
} from "./cursor.ts";
import { parseValue, parseWhole } from "./parse.ts";

/** Where parseJsonItems stopped, and why. */
export interface ItemsResult {
  /** Index of the first character not consumed. */
  end: number;
  /** An item was read last, so a `,` or `]` comes next. */
  needComma: boolean;
  /** `end` is at the array's closing `]`. */
  closed: boolean;
  /** The text ends inside an item that starts at `end`. */
  incomplete: boolean;
}

/**
 * One place makes every result: a return that V8 has not seen yet would
 * otherwise drop parseJsonItems' optimized code the first time it is taken.
 */
function itemsResult(
  end: number,
  needComma: boolean,
  closed: boolean,
  incomplete: boolean,
): ItemsResult {
  return { end, needComma, closed, incomplete };
}

/** {@link DirectItemReader}'s answer: the text ends inside the item. */
export const ITEM_INCOMPLETE: number = -2;
/** {@link DirectItemReader}'s answer: parse this item as usual instead. */
export const ITEM_NOT_TAKEN: number = -1;

/**
 * Takes an array item straight from the text at `start` (e.g. to encode it
 * without building a value) and returns the index just past it, or
 * ITEM_NOT_TAKEN / ITEM_INCOMPLETE. Undoes its own effects when not taken.
 */
export type DirectItemReader = (text: string, start: number) => number;

/**
 * Reads the items of a JSON array from `start` (just after `[` or an item)
 * for as long as the text has whole items, handing each to `each`. Stops at
 * the closing `]`, at the end of the text, or before an item the text cuts
 * short. Parsing many items in one call keeps per-item overhead low. With
 * `direct`, each item is offered to it first and parsed only if not taken.
 *
 * @example
 * ```ts
 * import { parseJsonItems } from "./mod.ts";
 * const items: unknown[] = [];
 * parseJsonItems('[1, {"a": 2}, [3', 1, false, true, (v) => items.push(v));
 * // items: [1, { a: 2 }]; result: { end: 13, needComma: false, closed: false, incomplete: true }
 * ```
 */
export function parseJsonItems(
  text: string,
  start: number,
  needComma: boolean,
  mayClose: boolean,
  each: (value: JsonValue) => void,
  direct?: DirectItemReader,
  locate?: (pos: number) => string,
): ItemsResult {
  const n = text.length;
  // Errors in the items only need their position: an item the text cuts
  // short is read again when more text has come.
  const c = new JsonCursor(text, start, true);
  let i = start;
  let itemStart = -1;
  try {
    for (;;) {
      // Never past the end: V8 drops optimized code that reads there.
      let ch = i < n ? text.charCodeAt(i) : -1;
      while (ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09) {
        ch = ++i < n ? text.charCodeAt(i) : -1;
      }
      if (i >= n) {
        return itemsResult(i, needComma, false, false);
      }
      if (needComma || mayClose) {
        if (ch === 0x5d) {
          return itemsResult(i, needComma, true, false);
        }
      }
      if (needComma) {
        if (ch !== 0x2c) {
          if (locate) {
            throw new SyntaxError(`Expecting ',' delimiter${locate(i)}`);
          }
          fail(new JsonCursor(text), "Expecting ',' delimiter", i);
        }
        i++;
        needComma = false;
        mayClose = false;
        continue;
      }
      itemStart = i;
      if (direct !== undefined) {
        const end = direct(text, i);
        if (end >= 0) {
          i = end;
          itemStart = -1;
          needComma = true;
          mayClose = false;
          continue;
        }
        if (end === ITEM_INCOMPLETE) {
          return itemsResult(i, false, false, true);
        }
      }
      c.pos = i;
      const value = parseValue(c);
      i = c.pos;
      itemStart = -1;
      needComma = true;
      mayClose = false;
      each(value);
    }
  } catch (e) {
    if (!(e instanceof PartialJsonError) || itemStart < 0) throw e;
    return failedItem(text, itemStart, e, locate);
  }
}

/**
 * The answer for the item at `itemStart` that failed with `e`: incomplete if
 * the text may just end too early, else Python's error for the item.
 */
function failedItem(
  text: string,
  itemStart: number,
  e: PartialJsonError,
  locate?: (pos: number) => string,
): ItemsResult {
  if (e.pos >= text.length - 5 || e.message.startsWith("Unterminated")) {
    return itemsResult(itemStart, false, false, true);
  }
  const item = text.slice(itemStart, e.pos + 1) + " ";
  try {
    parseWhole(new JsonCursor(item));
  } catch (again) {
    // Python's words for the item, placed in the document.
    if (!locate || !(again instanceof JsonSyntaxError)) throw again;
    const at = itemStart + again.index;
    throw new JsonSyntaxError(again.reason, at, locate(at));
  }
  throw new SyntaxError(`${e.message} (char ${e.pos})`);
}
