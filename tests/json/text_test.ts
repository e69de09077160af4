/**
 * crit's value conventions. Expected values were produced by Python 3.11,
 * the language crit is written in: os.major/os.minor, ipaddress,
 * int(s, 0) and bytes.decode("utf-8", "surrogateescape").
 */
import assert from "node:assert/strict";
import {
  decodeUtf8Lossless,
  encodeUtf8Lossless,
  formatDev,
  formatFlags,
  formatIp,
  parseDev,
  parseFlags,
  parseIp,
  parsePythonInt,
} from "../../src/json/text.ts";
import { FLAG_TABLES } from "../../src/wire/crit_tables.ts";
import { IP_TEXTS } from "../_helpers/ip_texts.ts";

const DEV: [number, string][] = [
  [0, "0:0"],
  [1, "0:1"],
  [266338304, "254:0"],
  [8388609, "8:1"],
  [4294967295, "4095:1048575"],
  [2049, "0:2049"],
  [66304, "0:66304"],
  [1048575, "0:1048575"],
];
const ODEV: [number, string][] = [
  [0, "0:0"],
  [1, "0:1"],
  [266338304, "0:65024"],
  [8388609, "0:2049"],
  [4294967295, "4095:1048575"],
  [2049, "8:1"],
  [66304, "259:0"],
  [1048575, "4095:255"],
];
const INTS: [string, string][] = [
  ["0x1f", "31"],
  ["  12 ", "12"],
  ["-5", "-5"],
  ["0o17", "15"],
  ["0b101", "5"],
  ["1_000", "1000"],
  ["0", "0"],
  ["00", "0"],
  ["0X_ff", "255"],
  ["+7", "7"],
];
const BAD_INTS = ["010", "1__0", "0x", "", "abc", "1.5", "_1", "1_"];
/** bytes -> UTF-16 code units (hex, little-endian) of Python's surrogateescape decoding. */
const UTF8: [number[], string][] = [
  [
    [99, 97, 102, 233, 45, 255, 46, 98, 105, 110],
    "630061006600e9dc2d00ffdc2e00620069006e00",
  ],
  [[230, 151, 165, 230, 156, 172], "e5652c67"],
  [[230, 151, 65], "e6dc97dc4100"],
  [[237, 160, 128], "eddca0dc80dc"],
  [[244, 144, 128, 128], "f4dc90dc80dc80dc"],
  [[192, 175], "c0dcafdc"],
  [[240, 159, 152, 128, 120, 128], "3dd800de780080dc"],
  // A leading byte-order mark is a character like any other.
  [[239, 187, 191, 65], "fffe4100"],
  [[239, 187, 191, 255], "fffeffdc"],
];

function utf16Hex(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += (c & 0xff).toString(16).padStart(2, "0") +
      (c >> 8).toString(16).padStart(2, "0");
  }
  return out;
}

Deno.test("formatDev splits new-style device numbers at 20 minor bits like crit", () => {
  for (const [v, text] of DEV) {
    assert.equal(formatDev(v, false), text, String(v));
  }
});

Deno.test("formatDev with odev uses glibc's major/minor layout like os.major/os.minor", () => {
  for (const [v, text] of ODEV) {
    assert.equal(formatDev(v, true), text, String(v));
  }
});

Deno.test("parseDev reverses formatDev for both layouts", () => {
  for (const [v, text] of DEV) assert.equal(parseDev(text, false), BigInt(v));
  for (const [v, text] of ODEV) assert.equal(parseDev(text, true), BigInt(v));
  assert.throws(() => parseDev("8", false), SyntaxError);
});

Deno.test("formatIp renders network-order words as Python's ipaddress does", () => {
  for (const [words, text] of IP_TEXTS) assert.equal(formatIp(words), text);
});

Deno.test("parseIp gives back the stored words", () => {
  for (const [words, text] of IP_TEXTS) {
    assert.deepEqual(parseIp(text), words, text);
  }
  assert.deepEqual(parseIp("::ffff:127.0.0.1"), [0, 0, 4294901760, 16777343]);
  for (const bad of ["1.2.3", "1.2.3.256", "1::2::3", "12345::", "g::1"]) {
    assert.throws(() => parseIp(bad), SyntaxError, bad);
  }
});

Deno.test("parsePythonInt accepts what int(s, 0) accepts", () => {
  for (const [s, v] of INTS) assert.equal(parsePythonInt(s), BigInt(v), s);
  for (const s of BAD_INTS) {
    assert.throws(() => parsePythonInt(s), SyntaxError, s);
  }
});

Deno.test("formatFlags names bits in table order and keeps leftover bits as hex", () => {
  const prot = FLAG_TABLES["mmap.prot"];
  assert.equal(formatFlags(0, prot), "");
  assert.equal(formatFlags(5, prot), "PROT_READ | PROT_EXEC");
  assert.equal(formatFlags(0x13, prot), "PROT_READ | PROT_WRITE | 0x10");
  const status = FLAG_TABLES["mmap.status"];
  assert.equal(
    formatFlags(0x80000041, status),
    "VMA_AREA_REGULAR | VMA_FILE_PRIVATE | VMA_UNSUPP",
  );
});

Deno.test("parseFlags sums names and numbers like crit's unmap_flags", () => {
  const prot = FLAG_TABLES["mmap.prot"];
  assert.equal(parseFlags("", prot), 0n);
  assert.equal(parseFlags("PROT_READ | PROT_EXEC", prot), 5n);
  assert.equal(parseFlags("PROT_READ | 0x10", prot), 0x11n);
  assert.throws(() => parseFlags("PROT_BOGUS", prot), SyntaxError);
});

Deno.test("decodeUtf8Lossless matches Python's surrogateescape decoding", () => {
  for (const [bytes, hex] of UTF8) {
    assert.equal(
      utf16Hex(decodeUtf8Lossless(new Uint8Array(bytes))),
      hex,
      String(bytes),
    );
  }
});

Deno.test("encodeUtf8Lossless writes escaped bytes back exactly", () => {
  for (const [bytes] of UTF8) {
    const b = new Uint8Array(bytes);
    assert.deepEqual(encodeUtf8Lossless(decodeUtf8Lossless(b)), b);
  }
  assert.throws(() => encodeUtf8Lossless("\ud800"), TypeError);
});
