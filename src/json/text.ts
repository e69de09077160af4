/**
 * Text conventions crit uses inside values: UTF-8 with Python's
 * surrogateescape for undecodable bytes, device numbers, IP addresses,
 * flag strings and Python's `int(s, 0)`.
 */
import type { FlagTable } from "../wire/crit_tables.ts";

// ignoreBOM: a leading U+FEFF is a character of the string, as in Python.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

/**
 * Decodes UTF-8; each byte that is not part of a valid sequence becomes a
 * lone surrogate U+DC80..U+DCFF (Python's "surrogateescape"), so the exact
 * bytes can be written back.
 */
export function decodeUtf8Lossless(
  bytes: Uint8Array,
  start = 0,
  end = bytes.length,
): string {
  const view = bytes.subarray(start, end);
  // ASCII fast path: most names in images are plain paths.
  let ascii = true;
  for (let i = 0; i < view.length; i++) {
    if (view[i] >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    // apply takes the typed array as it is; a spread walks its iterator,
    // ten times slower.
    if (view.length < 64) {
      return String.fromCharCode.apply(null, view as unknown as number[]);
    }
    return utf8.decode(view);
  }
  try {
    return utf8.decode(view);
  } catch {
    return decodeEscaping(view);
  }
}

function decodeEscaping(b: Uint8Array): string {
  const out: number[] = [];
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let need = 0;
    let cp = 0;
    let min = 0;
    if (c < 0x80) {
      out.push(c);
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      cp = c & 0x1f;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      cp = c & 0x0f;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      cp = c & 0x07;
      min = 0x10000;
    }
    let ok = need > 0 && i + need < b.length;
    if (ok) {
      for (let k = 1; k <= need; k++) {
        const cc = b[i + k];
        if ((cc & 0xc0) !== 0x80) {
          ok = false;
          break;
        }
        cp = (cp << 6) | (cc & 0x3f);
      }
    }
    if (
      ok && cp >= min && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)
    ) {
      if (cp >= 0x10000) {
        const v = cp - 0x10000;
        out.push(0xd800 | (v >> 10), 0xdc00 | (v & 0x3ff));
      } else out.push(cp);
      i += need + 1;
    } else {
      out.push(0xdc00 | c);
      i++;
    }
  }
  let s = "";
  for (let k = 0; k < out.length; k += 8192) {
    s += String.fromCharCode(...out.slice(k, k + 8192));
  }
  return s;
}

/**
 * Encodes a string as UTF-8, turning lone surrogates U+DC80..U+DCFF back into
 * the bytes they stand for. Any other lone surrogate has no byte form.
 */
export function encodeUtf8Lossless(s: string): Uint8Array {
  if (s.isWellFormed()) return utf8Encoder.encode(s);
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out.push(...utf8Encoder.encode(s.slice(i, i + 2)));
        i++;
        continue;
      }
    }
    if (c >= 0xdc80 && c <= 0xdcff) out.push(c & 0xff);
    else if (c >= 0xd800 && c <= 0xdfff) {
      throw new TypeError(
        `lone surrogate \\u${c.toString(16)} at index ${i} stands for no byte`,
      );
    } else out.push(...utf8Encoder.encode(s[i]));
  }
  return new Uint8Array(out);
}

/** crit's flag string: names of set bits in table order, leftover bits as hex. */
export function formatFlags(value: number, table: FlagTable): string {
  const names: string[] = [];
  let all = 0;
  for (const [name, bit] of table) {
    if (value & bit) names.push(name);
    all = (all | bit) >>> 0;
  }
  const rest = (value & ~all) >>> 0;
  if (rest) names.push("0x" + rest.toString(16));
  return names.join(" | ");
}

/** Reverse of formatFlags; like crit, each part is a name or a Python int literal, summed. */
export function parseFlags(text: string, table: FlagTable): bigint {
  if (text === "") return 0n;
  let sum = 0n;
  for (const raw of text.split("|")) {
    const part = raw.trim();
    const hit = table.find(([name]) => name === part);
    sum += hit ? BigInt(hit[1]) : parsePythonInt(part, "flag");
  }
  return sum;
}

const MINORBITS = 20;

/** "major:minor" of a device number; `odev` is glibc's dev_t layout. */
export function formatDev(v: number, odev: boolean): string {
  if (odev) {
    const major = (v >>> 8) & 0xfff;
    const minor = (v & 0xff) | ((v >>> 12) & 0xfff00);
    return `${major}:${minor}`;
  }
  return `${Math.floor(v / 2 ** MINORBITS)}:${v & ((1 << MINORBITS) - 1)}`;
}

/** Reverse of formatDev. */
export function parseDev(text: string, odev: boolean): bigint {
  const parts = text.split(":");
  if (parts.length !== 2) {
    throw new SyntaxError(
      `expected "major:minor", got ${JSON.stringify(text)}`,
    );
  }
  const major = parsePythonInt(parts[0], "device major", 10);
  const minor = parsePythonInt(parts[1], "device minor", 10);
  if (odev) {
    return (minor & 0xffn) | ((major & 0xfffn) << 8n) |
      ((minor & ~0xffn) << 12n) | ((major & ~0xfffn) << 32n);
  }
  return (major << BigInt(MINORBITS)) | minor;
}

/**
 * Python's `int(text, base)`: surrounding whitespace, a sign, and with base 0
 * the 0x/0o/0b prefixes, underscores between digits.
 */
export function parsePythonInt(
  text: string,
  what = "integer",
  base = 0,
): bigint {
  const m =
    /^[ \t\n\r\f\v]*([+-]?)(0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|[0-9](?:_?[0-9])*)[ \t\n\r\f\v]*$/
      .exec(text);
  let ok = m !== null;
  let digits = m ? m[2].replaceAll("_", "") : "";
  if (ok && base === 10 && /^0[xXoObB]/.test(digits)) ok = false;
  // Base 0 refuses decimal literals with leading zeros, as Python does.
  if (ok && base === 0 && /^0[0-9]/.test(digits) && /[1-9]/.test(digits)) {
    ok = false;
  }
  if (!ok) {
    throw new SyntaxError(`invalid ${what} ${JSON.stringify(text)}`);
  }
  if (/^0[oO]/.test(digits)) digits = "0o" + digits.slice(2);
  else if (/^0[bB]/.test(digits)) digits = "0b" + digits.slice(2);
  else if (/^0[xX]/.test(digits)) digits = "0x" + digits.slice(2);
  const v = BigInt(digits);
  return m![1] === "-" ? -v : v;
}

function bswap32(v: number): number {
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) |
    (v >>> 24)) >>> 0;
}

/** Address text of an `ipadd` field: 1 word is IPv4, 4 words IPv6 (network order in memory). */
export function formatIp(words: readonly number[]): string {
  if (words.length === 1) {
    const v = bswap32(words[0]);
    return `${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`;
  }
  if (words.length < 4) {
    throw new RangeError(
      `an IP address needs 1 or 4 words, got ${words.length}`,
    );
  }
  const groups: number[] = [];
  for (let i = 0; i < 4; i++) {
    const v = bswap32(words[i]);
    groups.push(v >>> 16, v & 0xffff);
  }
  // RFC 5952: the longest run (first on ties) of two or more zero groups becomes "::".
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(":");
  return hex.slice(0, best).join(":") + "::" +
    hex.slice(best + bestLen).join(":");
}

/** Reverse of formatIp: the words to store for an IPv4 or IPv6 address text. */
export function parseIp(text: string): number[] {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const b = v4.slice(1).map(Number);
    if (
      b.some((x, i) =>
        x > 255 || (v4[i + 1].length > 1 && v4[i + 1][0] === "0")
      )
    ) {
      throw new SyntaxError(`invalid IPv4 address ${JSON.stringify(text)}`);
    }
    return [bswap32(((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0)];
  }
  const groups = parseIpv6(text);
  const words: number[] = [];
  for (let i = 0; i < 8; i += 2) {
    words.push(bswap32(((groups[i] << 16) | groups[i + 1]) >>> 0));
  }
  return words;
}

function parseIpv6(text: string): number[] {
  const bad = () =>
    new SyntaxError(`invalid IP address ${JSON.stringify(text)}`);
  let s = text;
  let tail: number[] = [];
  const v4 = /^(.*):(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(s);
  if (v4) {
    const w = bswap32(parseIp(v4[2])[0]);
    tail = [w >>> 16, w & 0xffff];
    s = v4[1].endsWith(":") ? v4[1] + ":" : v4[1];
  }
  const halves = s.split("::");
  if (halves.length > 2) throw bad();
  const parse = (p: string) =>
    p === "" ? [] : p.split(":").map((g) => {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw bad();
      return parseInt(g, 16);
    });
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  const total = head.length + rest.length + tail.length;
  if (halves.length === 1 ? total !== 8 : total > 7) throw bad();
  return [...head, ...new Array(8 - total).fill(0), ...rest, ...tail];
}
