/**
 * The byte writer behind every JSON text we produce: Python 3.11's
 * `json.dumps` layout and escaping, written as ASCII bytes into a reused
 * buffer.
 *
 * With `ensure_ascii` the output is pure ASCII, so it is built as bytes and
 * turned into a string once per chunk. Measured on a crit pagemap document
 * this is 2-3x faster than string concatenation or joining arrays of small
 * strings, whose many short-lived pieces keep the garbage collector busy.
 *
 * @module
 */

import type { JsonObject, JsonValue } from "./types.ts";

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

/** ASCII codes of "00", "01", ... "99", back to back: two digits per lookup. */
const DIGIT_PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  DIGIT_PAIRS[2 * i] = 0x30 + ((i / 10) | 0);
  DIGIT_PAIRS[2 * i + 1] = 0x30 + (i % 10);
}

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
export const WRITER_CHUNK_BYTES: number = CHUNK_BYTES;

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
  /** The containers open, innermost last. */
  private readonly stack: Frame[] = [];
  /**
   * The bytes written so far, up to `p`. Small at first: most values are
   * short (thousands of small files in a batch), and the buffer grows to a
   * chunk's size for long ones.
   */
  buf: Uint8Array = new Uint8Array(INITIAL_BYTES);
  /** Index of the next byte to write in `buf`. */
  p = 0;
  /** Whether the root value has been begun. */
  started = false;
  /**
   * Set while text may be handed out in the middle of a value; direct
   * writers call it once `p` reaches WRITER_CHUNK_BYTES.
   */
  spill: (() => void) | undefined = undefined;

  /**
   * Writes `root` (Python's `indent=4` layout when `pretty`) as if nested
   * `baseLevel` deep in a pretty document.
   */
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
    // Keys are short: a loop beats the call into set(); indented ones are not.
    if (n > 24) {
      buf.set(b, p);
      this.p = p + n;
      return;
    }
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

  /** Writes a number as Python's `json` does (ints exactly, floats by repr). */
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
      // Below 1e8 the digits come from 32-bit integer math; a larger value
      // is cut into a high part and its 8 low digits first.
      let low = -1;
      if (v >= 1e8) {
        const high = Math.floor(v / 1e8);
        low = v - high * 1e8;
        v = high;
      }
      // Two digits per division, from a table of "00".."99".
      v = v | 0;
      p += v < 100
        ? (v < 10 ? 1 : 2)
        : v < 10000
        ? (v < 1000 ? 3 : 4)
        : v < 1000000
        ? (v < 100000 ? 5 : 6)
        : v < 10000000
        ? 7
        : 8;
      let q = p;
      while (v >= 100) {
        const d = (v / 100) | 0;
        const pair = (v - d * 100) << 1;
        buf[--q] = DIGIT_PAIRS[pair + 1];
        buf[--q] = DIGIT_PAIRS[pair];
        v = d;
      }
      if (v >= 10) {
        buf[--q] = DIGIT_PAIRS[(v << 1) + 1];
        buf[--q] = DIGIT_PAIRS[v << 1];
      } else buf[--q] = 0x30 + v;
      if (low >= 0) {
        let rest = low | 0;
        p += 8;
        q = p;
        for (let k = 0; k < 4; k++) {
          const d = (rest / 100) | 0;
          const pair = (rest - d * 100) << 1;
          buf[--q] = DIGIT_PAIRS[pair + 1];
          buf[--q] = DIGIT_PAIRS[pair];
          rest = d;
        }
      }
      this.p = p;
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

  /** Opens a container: writes `[` or `{`, or all of it if empty. */
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
    this.#empty();
    return text;
  }

  /**
   * The buffered text as bytes, valid until the next write; the buffer is
   * empty afterwards.
   */
  drainBytes(): Uint8Array {
    const bytes = this.buf.subarray(0, this.p);
    this.#empty();
    return bytes;
  }

  /** Forgets the buffered text once it has been handed out. */
  #empty(): void {
    this.p = 0;
    if (this.buf.length > CHUNK_BYTES + SLACK_BYTES) {
      // Drop a buffer grown for one huge string rather than keep it alive.
      this.buf = new Uint8Array(CHUNK_BYTES + SLACK_BYTES);
    }
  }
}
