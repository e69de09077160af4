/**
 * JSON text exactly as Python 3.11's `json` module writes and reads it.
 *
 * crit writes its JSON with `json.dump`, so matching its bytes means copying
 * Python's choices rather than JavaScript's: `ensure_ascii` escaping with
 * lowercase hex, `", "` separators, and integers that never switch to
 * exponent notation. Reading has to be lossless for 64-bit image fields, which
 * `JSON.parse` cannot do, hence a scanner of our own that yields `bigint` for
 * integers beyond ±(2^53 - 1).
 *
 * Known limitation: JavaScript objects enumerate integer-like keys ("0", "17")
 * in ascending numeric order before all other keys, whatever the order they
 * were added in. Such keys would therefore not keep Python's insertion order.
 * crit never writes integer-like keys, so its output is unaffected.
 *
 * @module
 */

import type { JsonObject, JsonValue } from "./types.ts";

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

// With `ensure_ascii` the output is pure ASCII, so it is built as bytes in a
// reused buffer and turned into a string once per chunk. Measured on a crit
// pagemap document this is 2-3x faster than string concatenation or joining
// arrays of small strings, whose many short-lived pieces keep the garbage
// collector busy.

/** Escapes for the ASCII range; `""` marks a character copied as is. */
const ASCII_ESCAPES: string[] = [];
for (let c = 0; c < 0x80; c++) {
  ASCII_ESCAPES.push(
    c < 0x20 || c === 0x7f ? "\\u00" + c.toString(16).padStart(2, "0") : "",
  );
}
ASCII_ESCAPES[0x22] = '\\"';
ASCII_ESCAPES[0x5c] = "\\\\";
ASCII_ESCAPES[0x08] = "\\b";
ASCII_ESCAPES[0x09] = "\\t";
ASCII_ESCAPES[0x0a] = "\\n";
ASCII_ESCAPES[0x0c] = "\\f";
ASCII_ESCAPES[0x0d] = "\\r";

/** ASCII codes of lowercase hex digits: Python writes `\u00e9`, not `\u00E9`. */
const HEX_DIGITS = new Uint8Array(
  [...("0123456789abcdef")].map((ch) => ch.charCodeAt(0)),
);

/** Python's `float.__repr__`, which `json.dumps` uses for floats. */
function floatRepr(x: number): string {
  if (x !== x) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  // toExponential() without an argument gives the shortest round-trip
  // digits, the same digits Python's repr picks; only the layout differs.
  const e = x.toExponential();
  const neg = e.charCodeAt(0) === 0x2d;
  const ePos = e.indexOf("e");
  const mantissa = e.slice(neg ? 1 : 0, ePos);
  const digits = mantissa.length > 1
    ? mantissa[0] + mantissa.slice(2)
    : mantissa;
  const exp = Number(e.slice(ePos + 1));
  let body: string;
  if (exp >= -4 && exp < 16) {
    if (exp < 0) {
      body = "0." + "0".repeat(-exp - 1) + digits;
    } else if (digits.length <= exp + 1) {
      body = digits + "0".repeat(exp + 1 - digits.length) + ".0";
    } else {
      body = digits.slice(0, exp + 1) + "." + digits.slice(exp + 1);
    }
  } else {
    const mant = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
    const a = Math.abs(exp);
    body = mant + "e" + (exp < 0 ? "-" : "+") + (a < 10 ? "0" + a : String(a));
  }
  return neg ? "-" + body : body;
}

function numberText(x: number): string {
  if (Number.isInteger(x)) {
    // Python prints ints exactly; beyond 2^53 JavaScript pads its shortest
    // digits with zeros (2^60 -> "1152921504606847000") and from 1e21 on
    // switches to exponent notation. String(-0) is already "0", as Python's
    // int 0.
    return Number.isSafeInteger(x) ? String(x) : BigInt(x).toString();
  }
  return floatRepr(x);
}

/**
 * Every this many levels the stack is searched for the container being
 * opened. A cycle of length L repeats the stack every L levels, so sparse
 * checks still catch it, while legitimately deep values cost almost nothing.
 */
const CYCLE_CHECK_INTERVAL = 1000;

/** Bytes per produced piece: large enough to amortize each decode and write. */
const CHUNK_BYTES = 1 << 16;

/** Text a Writer buffers before its owner hands it out. */
export const WRITER_CHUNK_BYTES = CHUNK_BYTES;

/** A Writer's first buffer. */
const INITIAL_BYTES = 4096;

/** Room past a chunk's end for the write that crosses it, so growth is rare. */
const SLACK_BYTES = 1 << 12;

// Output is ASCII, for which every label decodes identically; latin1 decodes
// byte for byte without UTF-8 validation work.
const asciiDecoder = new TextDecoder("latin1");
const asciiEncoder = new TextEncoder();

/**
 * Anything Python's `ensure_ascii` would not copy verbatim: the quote, the
 * backslash, C0 controls, DEL and every code unit above ASCII.
 */
const NEEDS_ESCAPE = /[^\x20\x21\x23-\x5b\x5d-\x7e]/;

/**
 * From this length on, a string is tested with {@link NEEDS_ESCAPE} and, if
 * clean, copied by the native encoder: measured 3-4x faster for long strings,
 * but slower below about 50 characters, where the call overhead dominates.
 */
const BULK_COPY_MIN = 64;

/** An open array or object whose members are still being written. */
class Frame {
  i = 0;
  constructor(
    readonly container: JsonValue[] | JsonObject,
    /** `null` for arrays. */
    readonly keys: string[] | null,
    readonly n: number,
    /** Depth of the container itself, counting the caller's indentLevel. */
    readonly level: number,
  ) {}
}

/**
 * The resumable state of one serialization. An explicit stack rather than
 * recursion lets the one-shot and the streaming entry points share one loop,
 * and keeps deep values off the call stack.
 */
export class Writer {
  readonly stack: Frame[] = [];
  // Small at first: most values are short (thousands of small files in a
  // batch), and the buffer grows to a chunk's size for long ones.
  buf: Uint8Array = new Uint8Array(INITIAL_BYTES);
  p = 0;
  started = false;
  /**
   * Set while text may be handed out in the middle of a value; direct
   * writers call it once `p` reaches WRITER_CHUNK_BYTES.
   */
  spill: (() => void) | undefined = undefined;

  constructor(
    public root: JsonValue,
    readonly pretty: boolean,
    public baseLevel: number,
  ) {}

  /** Starts another value, appending to what is buffered. */
  reset(root: JsonValue, baseLevel: number): void {
    this.root = root;
    this.baseLevel = baseLevel;
    this.started = false;
  }

  /** Makes room for `n` more bytes, growing only for outsized strings. */
  ensure(n: number): void {
    if (this.p + n > this.buf.length) {
      const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.p + n));
      bigger.set(this.buf.subarray(0, this.p));
      this.buf = bigger;
    }
  }

  /** Copies bytes of ASCII text (such as a plan's JSON keys). */
  bytes(b: Uint8Array): void {
    const n = b.length;
    this.ensure(n);
    const buf = this.buf;
    let p = this.p;
    // Keys are short: a loop beats the call into set().
    for (let j = 0; j < n; j++) buf[p++] = b[j];
    this.p = p;
  }

  /** Writes `"0x..."` for a non-negative safe integer, as Python's hex(). */
  hexString(v: number): void {
    this.ensure(20);
    const buf = this.buf;
    let p = this.p;
    buf[p++] = 34;
    buf[p++] = 48;
    buf[p++] = 120;
    const hi = Math.floor(v / 4294967296);
    let lo = v >>> 0;
    let hiDigits = 0;
    for (let t = hi; t > 0; t >>>= 4) hiDigits++;
    let loDigits = 8;
    if (hiDigits === 0) {
      loDigits = 1;
      for (let t = lo >>> 4; t > 0; t >>>= 4) loDigits++;
    }
    const close = p + hiDigits + loDigits;
    let q = close;
    for (let k = 0; k < loDigits; k++, lo >>>= 4) {
      buf[--q] = HEX_DIGITS[lo & 15];
    }
    for (let t = hi; q > p; t >>>= 4) buf[--q] = HEX_DIGITS[t & 15];
    buf[close] = 34;
    this.p = close + 1;
  }

  /** Writes a value that is not an array or object. */
  scalar(v: string | number | bigint | boolean): void {
    switch (typeof v) {
      case "string":
        return this.string(v);
      case "number":
        return this.number(v);
      case "bigint":
        return this.ascii(v.toString());
      default:
        return this.ascii(v ? "true" : "false");
    }
  }

  /** Copies text known to be ASCII and to need no escaping. */
  ascii(s: string): void {
    const n = s.length;
    this.ensure(n);
    const buf = this.buf;
    let p = this.p;
    for (let j = 0; j < n; j++) buf[p++] = s.charCodeAt(j);
    this.p = p;
  }

  /** Newline plus Python's four spaces per level. */
  newline(level: number): void {
    const w = level * 4;
    this.ensure(w + 1);
    const buf = this.buf;
    let p = this.p;
    buf[p++] = 0x0a;
    for (const end = p + w; p < end;) buf[p++] = 0x20;
    this.p = p;
  }

  /** Writes `s` as a quoted JSON string with Python's ensure_ascii escaping. */
  string(s: string): void {
    const n = s.length;
    this.ensure(n + 2);
    const buf = this.buf;
    let p = this.p;
    buf[p++] = 0x22;
    if (n >= BULK_COPY_MIN && !NEEDS_ESCAPE.test(s)) {
      p += asciiEncoder.encodeInto(s, buf.subarray(p)).written;
      buf[p++] = 0x22;
      this.p = p;
      return;
    }
    // Short strings: checking while copying beats a regex test followed by a
    // copy, since every character has to be copied anyway.
    for (let j = 0; j < n; j++) {
      const c = s.charCodeAt(j);
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
        this.p = p;
        this.escapedTail(s, j);
        return;
      }
      buf[p++] = c;
    }
    buf[p++] = 0x22;
    this.p = p;
  }

  /** Continues `string` from the first character that needs an escape. */
  escapedTail(s: string, j: number): void {
    const n = s.length;
    this.ensure((n - j) * 6 + 1);
    const buf = this.buf;
    let p = this.p;
    for (; j < n; j++) {
      const c = s.charCodeAt(j);
      if (c >= 0x20 && c <= 0x7e && c !== 0x22 && c !== 0x5c) {
        buf[p++] = c;
      } else if (c < 0x80) {
        const e = ASCII_ESCAPES[c];
        for (let k = 0; k < e.length; k++) buf[p++] = e.charCodeAt(k);
      } else {
        // One escape per UTF-16 code unit, which is what Python does for
        // astral characters (a surrogate pair) and for lone surrogates.
        buf[p++] = 0x5c;
        buf[p++] = 0x75;
        buf[p++] = HEX_DIGITS[c >> 12];
        buf[p++] = HEX_DIGITS[(c >> 8) & 15];
        buf[p++] = HEX_DIGITS[(c >> 4) & 15];
        buf[p++] = HEX_DIGITS[c & 15];
      }
    }
    buf[p++] = 0x22;
    this.p = p;
  }

  number(x: number): void {
    if (x >= 0 && x < 10 && (x | 0) === x) {
      // Small counters and zero fields dominate crit images.
      this.ensure(1);
      this.buf[this.p++] = 0x30 + x;
    } else if (Number.isSafeInteger(x)) {
      // Digits straight into the buffer: no string per number.
      this.ensure(17);
      const buf = this.buf;
      let p = this.p;
      let v = x;
      if (v < 0) {
        buf[p++] = 0x2d;
        v = -v;
      }
      let digits = 1;
      for (let t = v; t >= 10; t = Math.floor(t / 10)) digits++;
      p += digits;
      this.p = p;
      do {
        const q = Math.floor(v / 10);
        buf[--p] = 0x30 + (v - q * 10);
        v = q;
      } while (v > 0);
    } else {
      this.ascii(numberText(x));
    }
  }

  /** Writes a scalar, or opens a container (writing `[]`/`{}` if empty). */
  value(v: JsonValue): void {
    switch (typeof v) {
      case "string":
      case "number":
      case "bigint":
      case "boolean":
        return this.scalar(v);
      case "object":
        return v === null ? this.ascii("null") : this.open(v);
    }
    throw new TypeError(`Object of type ${typeof v} is not JSON serializable`);
  }

  open(v: JsonValue[] | JsonObject): void {
    const stack = this.stack;
    if (stack.length > 0 && stack.length % CYCLE_CHECK_INTERVAL === 0) {
      for (const f of stack) {
        // Python's message for the same mistake.
        if (f.container === v) {
          throw new TypeError("Circular reference detected");
        }
      }
    }
    let keys: string[] | null = null;
    let n: number;
    if (Array.isArray(v)) {
      n = v.length;
    } else {
      keys = Object.keys(v);
      n = keys.length;
    }
    this.ensure(2);
    this.buf[this.p++] = keys === null ? 0x5b : 0x7b;
    if (n === 0) {
      this.buf[this.p++] = keys === null ? 0x5d : 0x7d;
      return;
    }
    stack.push(new Frame(v, keys, n, this.baseLevel + stack.length));
  }

  /**
   * Writes on until a chunk's worth of bytes is ready or the value is
   * complete, and returns that text; "" once everything has been returned.
   */
  run(): string {
    this.fill();
    return this.drain();
  }

  /** Writes until a chunk's worth is buffered; true when the value is done. */
  fill(): boolean {
    if (!this.started) {
      this.started = true;
      this.value(this.root);
    }
    const stack = this.stack;
    const pretty = this.pretty;
    while (stack.length > 0 && this.p < CHUNK_BYTES) {
      const f = stack[stack.length - 1];
      const i = f.i;
      const keys = f.keys;
      if (i === f.n) {
        if (pretty) this.newline(f.level);
        this.ensure(1);
        this.buf[this.p++] = keys === null ? 0x5d : 0x7d;
        stack.pop();
        continue;
      }
      f.i = i + 1;
      if (i > 0) {
        this.ensure(2);
        this.buf[this.p++] = 0x2c;
        if (!pretty) this.buf[this.p++] = 0x20;
      }
      if (pretty) this.newline(f.level + 1);
      let v: JsonValue;
      if (keys === null) {
        v = (f.container as JsonValue[])[i];
      } else {
        const k = keys[i];
        v = (f.container as JsonObject)[k];
        this.string(k);
        this.ensure(2);
        this.buf[this.p++] = 0x3a;
        this.buf[this.p++] = 0x20;
      }
      // Strings and numbers are nearly everything in crit's documents.
      if (typeof v === "string") this.string(v);
      else if (typeof v === "number") this.number(v);
      else this.value(v);
    }
    return stack.length === 0;
  }

  /** The buffered text; the buffer is empty afterwards. */
  drain(): string {
    if (this.p === 0) return "";
    const text = asciiDecoder.decode(this.buf.subarray(0, this.p));
    this.p = 0;
    if (this.buf.length > CHUNK_BYTES + SLACK_BYTES) {
      // Drop a buffer grown for one huge string rather than keep it alive.
      this.buf = new Uint8Array(CHUNK_BYTES + SLACK_BYTES);
    }
    return text;
  }

  /**
   * The buffered text as bytes, valid until the next write; the buffer is
   * empty afterwards.
   */
  drainBytes(): Uint8Array {
    const bytes = this.buf.subarray(0, this.p);
    this.p = 0;
    if (this.buf.length > CHUNK_BYTES + SLACK_BYTES) {
      this.buf = new Uint8Array(CHUNK_BYTES + SLACK_BYTES);
    }
    return bytes;
  }
}

/**
 * Writes many values (and separators) into one buffer, handing out text in
 * pieces of about 64 KiB: for streaming a document entry by entry without a
 * buffer or a string per entry.
 *
 * @example
 * ```ts
 * import { JsonTextWriter } from "./json.ts";
 * const out: string[] = [];
 * const w = new JsonTextWriter(false, (t) => out.push(t));
 * w.raw("[");
 * w.value({ a: 1 }, 0);
 * w.raw("]");
 * w.flush();
 * // out.join("") === '[{"a": 1}]'
 * ```
 */
export class JsonTextWriter {
  #w: Writer;
  #out: (text: string) => void;
  #bytesOut: ((bytes: Uint8Array) => void) | undefined;

  /**
   * Text goes to `out` whenever a chunk is full and on flush(); with
   * `bytesOut`, it goes there instead as ASCII bytes, which are only valid
   * during the call (they are not copied).
   */
  constructor(
    pretty: boolean,
    out: (text: string) => void,
    bytesOut?: (bytes: Uint8Array) => void,
  ) {
    this.#w = new Writer(null, pretty, 0);
    this.#out = out;
    this.#bytesOut = bytesOut;
  }

  /** Appends ASCII text that needs no escaping (separators, indentation). */
  raw(text: string): void {
    this.#w.ascii(text);
    if (this.#w.p >= CHUNK_BYTES) this.#emit();
  }

  /** Appends a value laid out as if nested `level` deep (see stringifyJsonChunks). */
  value(v: JsonValue, level: number): void {
    const w = this.#w;
    w.reset(v, level);
    while (!w.fill()) this.#emit();
    if (w.p >= CHUNK_BYTES) this.#emit();
  }

  /**
   * Appends text that `write` puts straight into the byte writer; when it
   * returns false or throws, what it wrote is dropped and `fallback()`'s
   * value is appended instead. With `spill`, text is handed out as `write`
   * goes, so `write` must not fail: the caller checked its input first.
   */
  direct(
    write: (w: Writer) => boolean,
    fallback: () => JsonValue,
    level: number,
    spill = false,
  ): void {
    const w = this.#w;
    const at = w.p;
    let ok = false;
    if (spill) w.spill = this.#spill;
    try {
      ok = write(w);
    } catch (e) {
      if (spill) throw e;
    } finally {
      w.spill = undefined;
    }
    if (!ok) {
      if (spill) throw new Error("a checked message could not be written");
      w.p = at;
      this.value(fallback(), level);
    } else if (w.p >= CHUNK_BYTES) {
      this.#emit();
    }
  }

  /** Bytes buffered and not handed out yet. */
  get buffered(): number {
    return this.#w.p;
  }

  /** Hands out everything buffered. */
  flush(): void {
    if (this.#w.p > 0) this.#emit();
  }

  #spill = (): void => this.#emit();

  #emit(): void {
    if (this.#bytesOut) this.#bytesOut(this.#w.drainBytes());
    else this.#out(this.#w.drain());
  }
}

/**
 * Serializes a value exactly as Python 3.11 does with `json.dumps(value)`
 * (`pretty` false) or `json.dumps(value, indent=4)` (`pretty` true), with
 * non-ASCII characters escaped (`ensure_ascii`).
 *
 * Throws `TypeError` for values outside {@link JsonValue} (such as
 * `undefined`) and for cyclic values.
 *
 * @example
 * ```ts
 * import { stringifyJson } from "./json.ts";
 * stringifyJson({ a: [1, 2n ** 64n], s: "é" }, false);
 * // '{"a": [1, 18446744073709551616], "s": "\\u00e9"}'
 * ```
 */
export function stringifyJson(value: JsonValue, pretty: boolean): string {
  const w = new Writer(value, pretty, 0);
  const first = w.run();
  let next = w.run();
  if (next === "") return first;
  const parts = [first];
  do parts.push(next); while ((next = w.run()) !== "");
  return parts.join("");
}

/**
 * Yields the text of {@link stringifyJson} in pieces of about 64 KiB, for
 * writers that stream documents too large to hold as one string. With
 * `indentLevel` > 0 the text is laid out as if the value sat that many levels
 * deep in a pretty document: inner lines and the closing bracket get the
 * deeper indentation, while the first line gets none, as the caller writes
 * its own prefix.
 *
 * @example
 * ```ts
 * import { stringifyJsonChunks } from "./json.ts";
 * let text = "";
 * for (const piece of stringifyJsonChunks([1, { b: null }], true)) {
 *   text += piece;
 * }
 * // text === '[\n    1,\n    {\n        "b": null\n    }\n]'
 * ```
 */
export function* stringifyJsonChunks(
  value: JsonValue,
  pretty: boolean,
  indentLevel = 0,
): Generator<string> {
  const w = new Writer(value, pretty, indentLevel);
  let text: string;
  while ((text = w.run()) !== "") yield text;
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

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

/** Deepest nesting accepted; deeper input is almost surely hostile. */
const MAX_DEPTH = 512;

/**
 * A JSON syntax error in Python's words, `reason` + `where` (such as
 * `: line 1 column 5 (char 4)`). The parts are kept apart for callers that
 * parsed a piece of a larger text and place the error in that text instead.
 */
export class JsonSyntaxError extends SyntaxError {
  constructor(
    readonly reason: string,
    /** Where in the text the throwing call was given (UTF-16 units). */
    readonly index: number,
    where: string,
  ) {
    super(reason + where);
  }
}

/**
 * Raises the error Python would, with its position wording. Python counts
 * positions in code points, so surrogate pairs before `pos` count once.
 */
function fail(msg: string, text: string, pos: number): never {
  // In prefix mode the caller only needs to know where, not Python's wording.
  if (prefixMode) throw new PrefixError(msg, pos);
  throw new JsonSyntaxError(
    msg,
    pos,
    jsonPosition(text, pos, { lines: 0, cp: 0, lineStartCp: 0 }),
  );
}

/** Index just past the number last read by {@link readJsonNumber}. */
let numberEnd = 0;

/** Where the number last read by {@link readJsonNumber} ended. */
export function lastNumberEnd(): number {
  return numberEnd;
}

/**
 * Reads the JSON number at `text[start]` as parseJson does: integers that
 * are safe doubles as `number`, larger ones as `bigint`, others as `number`.
 */
export function readJsonNumber(text: string, start: number): JsonValue {
  let i = start;
  let c = text.charCodeAt(i);
  const neg = c === 0x2d;
  if (neg) c = text.charCodeAt(++i);
  let v = 0;
  if (c === 0x30) {
    c = text.charCodeAt(++i);
  } else if (c >= 0x31 && c <= 0x39) {
    v = c - 0x30;
    c = text.charCodeAt(++i);
    while (c >= 0x30 && c <= 0x39) {
      v = v * 10 + (c - 0x30);
      c = text.charCodeAt(++i);
    }
  } else {
    fail("Expecting value", text, start);
  }
  let isInt = true;
  // Like Python, a dangling `.` or `e` is left for the caller to reject,
  // so `1.` fails as "Extra data" at the dot.
  if (c === 0x2e) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0x30 && d <= 0x39) {
      isInt = false;
      i += 2;
      c = text.charCodeAt(i);
      while (c >= 0x30 && c <= 0x39) c = text.charCodeAt(++i);
    }
  }
  if (c === 0x65 || c === 0x45) {
    let k = i + 1;
    let d = text.charCodeAt(k);
    if (d === 0x2b || d === 0x2d) d = text.charCodeAt(++k);
    if (d >= 0x30 && d <= 0x39) {
      isInt = false;
      i = k + 1;
      c = text.charCodeAt(i);
      while (c >= 0x30 && c <= 0x39) c = text.charCodeAt(++i);
    }
  }
  numberEnd = i;
  if (!isInt) return Number(text.slice(start, i));
  // At most 15 digits: the running double is exact. Python's -0 is 0.
  if (i - start <= 15) return neg && v !== 0 ? -v : v;
  const s = text.slice(start, i);
  const num = Number(s);
  // Any integer beyond 2^53 - 1 rounds to at least 2^53, so an unsafe
  // result is the sign that the exact value needs a bigint.
  return Number.isSafeInteger(num) ? num : BigInt(s);
}

/** Index just past the closing quote of the string last read. */
let stringEnd = 0;

/** Where the string last read by {@link readJsonString} ended. */
export function lastStringEnd(): number {
  return stringEnd;
}

/**
 * Reads the JSON string whose opening quote is at `start - 1`, for readers
 * that walk JSON text themselves; errors as parseJson's (or, inside
 * parseJsonItems, the internal prefix error).
 */
export function readJsonString(text: string, start: number): string {
  return readString(text, start);
}

/** Reads a string whose opening quote is at `start - 1`. */
function readString(text: string, start: number): string {
  const n = text.length;
  let j = start;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === 0x22) {
      stringEnd = j + 1;
      return text.slice(start, j);
    }
    if (c === 0x5c || c < 0x20) break;
    j++;
  }
  return readStringSlow(text, start, j);
}

/**
 * Recently seen object keys, by a hash of their text. crit repeats the same
 * few keys in every entry; handing back the identical string skips a slice
 * and lets V8 find the property without internalizing a fresh string.
 */
const KEY_CACHE_SIZE = 1024;
const keyCache: string[] = new Array<string>(KEY_CACHE_SIZE).fill("");

/** Reads an object key whose opening quote is at `start - 1`. */
function readKey(text: string, start: number): string {
  const n = text.length;
  let j = start;
  let h = 0;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === 0x22) {
      stringEnd = j + 1;
      const len = j - start;
      const slot = (h + len) & (KEY_CACHE_SIZE - 1);
      const cached = keyCache[slot];
      if (cached.length === len && text.startsWith(cached, start)) {
        return cached;
      }
      return (keyCache[slot] = text.slice(start, j));
    }
    if (c === 0x5c || c < 0x20) break;
    h = (h * 31 + c) | 0;
    j++;
  }
  return readStringSlow(text, start, j);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  c |= 0x20; // fold A-F onto a-f
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

/** Continues a string at `j`, the first character needing attention. */
function readStringSlow(text: string, start: number, j: number): string {
  const n = text.length;
  let out = text.slice(start, j);
  let run = j;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === 0x22) {
      stringEnd = j + 1;
      return out + text.slice(run, j);
    }
    if (c < 0x20) fail("Invalid control character at", text, j);
    if (c !== 0x5c) {
      j++;
      continue;
    }
    out += text.slice(run, j);
    if (j + 1 >= n) break; // a backslash ends the input: unterminated
    const e = text.charCodeAt(j + 1);
    switch (e) {
      case 0x22:
        out += '"';
        break;
      case 0x5c:
        out += "\\";
        break;
      case 0x2f:
        out += "/";
        break;
      case 0x62:
        out += "\b";
        break;
      case 0x66:
        out += "\f";
        break;
      case 0x6e:
        out += "\n";
        break;
      case 0x72:
        out += "\r";
        break;
      case 0x74:
        out += "\t";
        break;
      case 0x75: {
        // Python wants at least one character after the four digits (the
        // string cannot end there anyway) and blames the `u` either way.
        if (j + 6 >= n) fail("Invalid \\uXXXX escape", text, j + 1);
        const h0 = hexValue(text.charCodeAt(j + 2));
        const h1 = hexValue(text.charCodeAt(j + 3));
        const h2 = hexValue(text.charCodeAt(j + 4));
        const h3 = hexValue(text.charCodeAt(j + 5));
        if ((h0 | h1 | h2 | h3) < 0) {
          fail("Invalid \\uXXXX escape", text, j + 1);
        }
        // Code units one at a time: a pair recombines by itself and a lone
        // surrogate stays lone, as Python keeps it.
        out += String.fromCharCode((h0 << 12) | (h1 << 8) | (h2 << 4) | h3);
        j += 6;
        run = j;
        continue;
      }
      default:
        fail("Invalid \\escape", text, j);
    }
    j += 2;
    run = j;
  }
  return fail("Unterminated string starting at", text, start - 1);
}

function defineProtoKey(obj: JsonObject, value: JsonValue): void {
  // Plain assignment would replace the prototype instead of adding a key.
  Object.defineProperty(obj, "__proto__", {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/**
 * Parses JSON text without losing integer precision: integers that are safe
 * doubles become `number`, larger ones `bigint`; numbers with a fraction or
 * exponent become `number`. Strings keep lone surrogates, a duplicate key
 * keeps its first position and last value (as a Python `dict` would), and a
 * `__proto__` key becomes an ordinary own property.
 *
 * Errors are `SyntaxError`s worded as Python's `JSONDecodeError`, e.g.
 * `Expecting value: line 1 column 1 (char 0)`. Unlike Python, `NaN` and
 * `Infinity` are rejected. Nesting deeper than 512 levels throws
 * `RangeError`.
 *
 * @example
 * ```ts
 * import { parseJson } from "./json.ts";
 * parseJson('{"vaddr": 18446744073709551615, "n": 12}');
 * // { vaddr: 18446744073709551615n, n: 12 }
 * ```
 */
export function parseJson(text: string): JsonValue {
  if (text.length > 0 && text.charCodeAt(0) === 0xfeff) {
    fail("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0);
  }
  return parseFrom(text, 0);
}

/** A parse failure in prefix mode: where it happened. */
class PrefixError extends Error {
  constructor(message: string, readonly pos: number) {
    super(message);
  }
}

let prefixMode = false;
/** Where the value parsed in prefix mode ended. */
let prefixEnd = 0;

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

/** {@link DirectItemReader}'s answer: the text ends inside the item. */
export const ITEM_INCOMPLETE = -2;
/** {@link DirectItemReader}'s answer: parse this item as usual instead. */
export const ITEM_NOT_TAKEN = -1;

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
 * import { parseJsonItems } from "./json.ts";
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
  let i = start;
  let itemStart = -1;
  prefixMode = true;
  try {
    for (;;) {
      let c = text.charCodeAt(i);
      while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        c = text.charCodeAt(++i);
      }
      if (i >= n) {
        return { end: i, needComma, closed: false, incomplete: false };
      }
      if (needComma || mayClose) {
        if (c === 0x5d) {
          return { end: i, needComma, closed: true, incomplete: false };
        }
      }
      if (needComma) {
        if (c !== 0x2c) {
          prefixMode = false;
          if (locate) {
            throw new SyntaxError(`Expecting ',' delimiter${locate(i)}`);
          }
          fail("Expecting ',' delimiter", text, i);
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
          return { end: i, needComma: false, closed: false, incomplete: true };
        }
      }
      const value = parseFrom(text, i);
      i = prefixEnd;
      itemStart = -1;
      needComma = true;
      mayClose = false;
      each(value);
    }
  } catch (e) {
    if (!(e instanceof PrefixError) || itemStart < 0) throw e;
    if (e.pos >= n - 5 || e.message.startsWith("Unterminated")) {
      return {
        end: itemStart,
        needComma: false,
        closed: false,
        incomplete: true,
      };
    }
    prefixMode = false;
    const item = text.slice(itemStart, e.pos + 1) + " ";
    try {
      parseFrom(item, 0);
    } catch (again) {
      // Python's words for the item, placed in the document.
      if (!locate || !(again instanceof JsonSyntaxError)) throw again;
      const at = itemStart + again.index;
      throw new JsonSyntaxError(again.reason, at, locate(at));
    }
    throw new SyntaxError(`${e.message} (char ${e.pos})`);
  } finally {
    prefixMode = false;
  }
}

function parseFrom(text: string, start: number): JsonValue {
  const n = text.length;
  // One loop with an explicit stack: no recursion limit to hit, and every
  // cursor stays in a local variable.
  const containers: (JsonValue[] | JsonObject | null)[] = [];
  const keys: string[] = [];
  let cur: JsonValue[] | JsonObject | null = null;
  let curIsArray = false;
  let key = "";
  let depth = 0;
  let i = start;
  let c: number;
  let value: JsonValue;

  for (;;) {
    c = text.charCodeAt(i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      c = text.charCodeAt(++i);
    }

    if (c === 0x22) {
      value = readString(text, i + 1);
      i = stringEnd;
    } else if ((c >= 0x30 && c <= 0x39) || c === 0x2d) {
      value = readJsonNumber(text, i);
      i = numberEnd;
    } else if (c === 0x7b) {
      if (depth >= MAX_DEPTH) {
        throw new RangeError(`JSON nesting deeper than ${MAX_DEPTH} levels`);
      }
      c = text.charCodeAt(++i);
      while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        c = text.charCodeAt(++i);
      }
      if (c === 0x7d) {
        i++;
        value = {};
      } else if (c === 0x22) {
        containers.push(cur);
        keys.push(key);
        depth++;
        cur = {};
        curIsArray = false;
        key = readKey(text, i + 1);
        i = stringEnd;
        c = text.charCodeAt(i);
        while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
          c = text.charCodeAt(++i);
        }
        if (c !== 0x3a) fail("Expecting ':' delimiter", text, i);
        i++;
        continue;
      } else {
        fail("Expecting property name enclosed in double quotes", text, i);
      }
    } else if (c === 0x5b) {
      if (depth >= MAX_DEPTH) {
        throw new RangeError(`JSON nesting deeper than ${MAX_DEPTH} levels`);
      }
      c = text.charCodeAt(++i);
      while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        c = text.charCodeAt(++i);
      }
      if (c === 0x5d) {
        i++;
        value = [];
      } else {
        containers.push(cur);
        keys.push(key);
        depth++;
        cur = [];
        curIsArray = true;
        continue;
      }
    } else if (
      c === 0x74 && text.charCodeAt(i + 1) === 0x72 &&
      text.charCodeAt(i + 2) === 0x75 && text.charCodeAt(i + 3) === 0x65
    ) {
      value = true;
      i += 4;
    } else if (
      c === 0x66 && text.charCodeAt(i + 1) === 0x61 &&
      text.charCodeAt(i + 2) === 0x6c && text.charCodeAt(i + 3) === 0x73 &&
      text.charCodeAt(i + 4) === 0x65
    ) {
      value = false;
      i += 5;
    } else if (
      c === 0x6e && text.charCodeAt(i + 1) === 0x75 &&
      text.charCodeAt(i + 2) === 0x6c && text.charCodeAt(i + 3) === 0x6c
    ) {
      value = null;
      i += 4;
    } else {
      fail("Expecting value", text, i);
    }

    // Hand the finished value to its container, closing as many containers
    // as end here, until one wants another value.
    for (;;) {
      if (cur === null) {
        if (prefixMode) {
          prefixEnd = i;
          return value;
        }
        c = text.charCodeAt(i);
        while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
          c = text.charCodeAt(++i);
        }
        if (i !== n) fail("Extra data", text, i);
        return value;
      }
      if (curIsArray) {
        (cur as JsonValue[]).push(value);
      } else if (key === "__proto__") {
        defineProtoKey(cur as JsonObject, value);
      } else {
        (cur as JsonObject)[key] = value;
      }
      c = text.charCodeAt(i);
      while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        c = text.charCodeAt(++i);
      }
      if (c === 0x2c) {
        i++;
        if (!curIsArray) {
          c = text.charCodeAt(i);
          while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
            c = text.charCodeAt(++i);
          }
          if (c !== 0x22) {
            fail("Expecting property name enclosed in double quotes", text, i);
          }
          key = readKey(text, i + 1);
          i = stringEnd;
          c = text.charCodeAt(i);
          while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
            c = text.charCodeAt(++i);
          }
          if (c !== 0x3a) fail("Expecting ':' delimiter", text, i);
          i++;
        }
        break;
      }
      if (c === (curIsArray ? 0x5d : 0x7d)) {
        i++;
        value = cur;
        cur = containers.pop()!;
        key = keys.pop()!;
        curIsArray = Array.isArray(cur);
        depth--;
        continue;
      }
      fail("Expecting ',' delimiter", text, i);
    }
  }
}
