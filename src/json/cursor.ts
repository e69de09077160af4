/**
 * The reading position in a JSON text, shared by the parser and by readers
 * that walk JSON text themselves, and the errors raised at it.
 *
 * @module
 */

import { jsonPosition } from "./position.ts";

/**
 * A JSON text and an index into it. Token readers start at `pos` and leave it
 * just past what they read, which is how they hand back both a value and
 * where it ended.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { JsonCursor, readJsonNumber } from "./mod.ts";
 * const c = new JsonCursor("[42, 7]", 1);
 * assert.equal(readJsonNumber(c), 42);
 * assert.equal(c.pos, 3);
 * ```
 */
export class JsonCursor {
  /** A cursor at `pos` in `text`. */
  constructor(
    /** The text being read. */
    readonly text: string,
    /** Index of the next character to read. */
    public pos = 0,
    /**
     * The text is a piece of a stream that callers re-read on failure, so a
     * syntax error only needs its position: {@link PartialJsonError}, without
     * Python's line and column (counting them costs a pass over the text).
     */
    readonly partial = false,
  ) {}
}

/**
 * A JSON syntax error in Python's words, `reason` + `where` (such as
 * `: line 1 column 5 (char 4)`). The parts are kept apart for callers that
 * parsed a piece of a larger text and place the error in that text instead.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { JsonSyntaxError, parseJson } from "./mod.ts";
 * assert.throws(() => parseJson("[1,"), (e) => {
 *   assert.ok(e instanceof JsonSyntaxError);
 *   assert.equal(e.reason, "Expecting value");
 *   assert.equal(e.index, 3);
 *   assert.equal(e.message, "Expecting value: line 1 column 4 (char 3)");
 *   return true;
 * });
 * ```
 */
export class JsonSyntaxError extends SyntaxError {
  /** The error `reason + where`, raised at `index`. */
  constructor(
    /** What is wrong, in Python's words. */
    readonly reason: string,
    /** Where in the text the throwing call was given (UTF-16 units). */
    readonly index: number,
    where: string,
  ) {
    super(reason + where);
  }
}

/** A syntax error in a {@link JsonCursor.partial} text: where it happened. */
export class PartialJsonError extends Error {
  constructor(message: string, readonly pos: number) {
    super(message);
  }
}

/**
 * Raises the error Python would, with its position wording. Python counts
 * positions in code points, so surrogate pairs before `pos` count once.
 */
export function fail(c: JsonCursor, msg: string, pos: number): never {
  if (c.partial) throw new PartialJsonError(msg, pos);
  throw new JsonSyntaxError(
    msg,
    pos,
    jsonPosition(c.text, pos, { lines: 0, cp: 0, lineStartCp: 0 }),
  );
}
