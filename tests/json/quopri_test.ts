import assert from "node:assert/strict";
import {
  decodeQuotedPrintable,
  encodeQuotedPrintable,
} from "../../src/json/quopri.ts";
import { Rng } from "../_helpers/prng.ts";
import { hex } from "../_helpers/hex.ts";
import { digest, pythonCases, randomCase } from "../_helpers/seeded_cases.ts";

// Expected values come from CPython 3.11 (`quopri.encodestring` /
// `quopri.decodestring`, i.e. `binascii.b2a_qp` / `a2b_qp`), pasted in as
// literals at the end of this file. They were produced by a throwaway script
// along these lines (xorshift32 and random_case are line-for-line copies of
// Rng in ../_helpers/prng.ts and randomCase() in ../_helpers/seeded_cases.ts,
// as in base64_test.ts):
//
//   enc = lambda b: quopri.encodestring(b).decode()
//   dec = lambda s: quopri.decodestring(s.encode()).hex()
//   digest = lambda outs: hashlib.sha256(
//       b"".join(s.encode() + b"\0" for s in outs)).hexdigest()
//   QP_LENGTHS = [enc(QP[:n]) for n in range(201)]  # QP = QP_PATTERN bytes
//   QP_ALL_BYTES = enc(bytes(range(256)))
//   rng = xorshift32(0xC0FFEE); cases = [random_case(rng) for _ in range(2000)]
//   QP_RANDOM_FIRST = [enc(c) for c in cases[:8]]
//   QP_RANDOM_SHA256 = digest(enc(c) for c in cases)
//   QP_RANDOM_DECODED_SHA256 = digest(dec(enc(c)) for c in cases)
//   QP_EDGE_CASES = [[b.decode("latin1"), enc(b)] for b in [...]]
//   QP_DECODE_CASES = [[s, dec(s)] for s in [...]]
//   rng = xorshift32(0xDECADE); texts = [random_qp_text(rng) for _ in range(2000)]
//   QP_DECODE_RANDOM_FIRST = [[t, dec(t)] for t in texts[:8]]
//   QP_DECODE_RANDOM_SHA256 = digest(dec(t) for t in texts)

const DEC_TOKENS = [
  "=",
  "A",
  "f",
  "g",
  "0",
  "9",
  "\r",
  "\n",
  " ",
  "x",
  "\t",
  "==",
  "=\r\n",
  "=\n",
  "\0",
  "=4",
  "=a1",
  "=FF",
  "=3D",
  "=\r",
  "z\r\n",
];

/** Up to 39 tokens biased towards `=` sequences, valid and malformed. */
function randomQpText(rng: Rng): string {
  let s = "";
  for (let n = rng.u32() % 40; n > 0; n--) {
    s += DEC_TOKENS[rng.u32() % DEC_TOKENS.length];
  }
  return s;
}

function latin1(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/**
 * What decode(encode(x)) gives: every hard line break rewritten in the style
 * of the first LF (CRLF if a CR precedes it, else LF). Cross-checked against
 * CPython on 200 000 random inputs.
 */
function normaliseLineEndings(data: Uint8Array): Uint8Array {
  const firstLf = data.indexOf(0x0a);
  const crlf = firstLf > 0 && data[firstLf - 1] === 0x0d;
  const out: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const isCrlf = data[i] === 0x0d && data[i + 1] === 0x0a;
    if (data[i] === 0x0a || isCrlf) {
      if (crlf) out.push(0x0d);
      out.push(0x0a);
      if (isCrlf) i++;
    } else {
      out.push(data[i]);
    }
  }
  return Uint8Array.from(out);
}

Deno.test("encodeQuotedPrintable matches Python encodestring on lengths 0..200 of a tricky text pattern", () => {
  const pattern = latin1(QP_PATTERN);
  for (let n = 0; n <= 200; n++) {
    assert.equal(
      encodeQuotedPrintable(pattern.subarray(0, n)),
      QP_LENGTHS[n],
      `length ${n}`,
    );
  }
});

Deno.test("encodeQuotedPrintable matches Python encodestring on all 256 byte values", () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.equal(encodeQuotedPrintable(all), QP_ALL_BYTES);
});

Deno.test("encodeQuotedPrintable matches Python on hand-picked edge cases (CRLF mode, lone CR, dots, trailing blanks, soft breaks)", () => {
  for (const [input, expected] of QP_EDGE_CASES) {
    assert.equal(
      encodeQuotedPrintable(latin1(input)),
      expected,
      JSON.stringify(input),
    );
  }
});

Deno.test("encodeQuotedPrintable matches Python encodestring on 2000 seeded random inputs", async () => {
  const outputs = pythonCases().map((c) => encodeQuotedPrintable(c));
  assert.deepEqual(outputs.slice(0, 8), QP_RANDOM_FIRST);
  assert.equal(await digest(outputs), QP_RANDOM_SHA256);
});

Deno.test("encodeQuotedPrintable writes only printable ASCII, tab, CR, LF and lines of at most 78 characters", () => {
  const rng = new Rng(0x11FE5);
  for (let t = 0; t < 1000; t++) {
    const text = encodeQuotedPrintable(randomCase(rng));
    assert.match(text, /^[\t\n\r\x20-\x7e]*$/);
    for (const line of text.replaceAll("\r\n", "\n").split("\n")) {
      // 76 is the target; a blank quoted after the fact may add 2 more.
      const limit = /=(20|09)$/.test(line) ? 78 : 76;
      assert.ok(line.length <= limit, JSON.stringify(line));
    }
  }
});

Deno.test("decodeQuotedPrintable matches Python decodestring on hand-written inputs", () => {
  for (const [input, expected] of QP_DECODE_CASES) {
    assert.equal(
      hex(decodeQuotedPrintable(input)),
      expected,
      JSON.stringify(input),
    );
  }
});

Deno.test("decodeQuotedPrintable matches Python decodestring on 2000 seeded random token strings", async () => {
  const rng = new Rng(0xDECADE);
  const outputs: string[] = [];
  const first: string[][] = [];
  for (let i = 0; i < 2000; i++) {
    const text = randomQpText(rng);
    const out = hex(decodeQuotedPrintable(text));
    outputs.push(out);
    if (i < 8) first.push([text, out]);
  }
  assert.deepEqual(first, QP_DECODE_RANDOM_FIRST);
  assert.equal(await digest(outputs), QP_DECODE_RANDOM_SHA256);
});

Deno.test("decodeQuotedPrintable(encodeQuotedPrintable(x)) matches Python's decode(encode(x)) on 2000 seeded random inputs", async () => {
  const outputs = pythonCases().map((c) =>
    hex(decodeQuotedPrintable(encodeQuotedPrintable(c)))
  );
  assert.equal(await digest(outputs), QP_RANDOM_DECODED_SHA256);
});

Deno.test("decodeQuotedPrintable inverts Python encodestring on lengths 0..200 and all byte values", () => {
  const pattern = latin1(QP_PATTERN);
  for (let n = 0; n <= 200; n++) {
    assert.deepEqual(
      decodeQuotedPrintable(QP_LENGTHS[n]),
      normaliseLineEndings(pattern.subarray(0, n)),
      `length ${n}`,
    );
  }
  assert.deepEqual(
    decodeQuotedPrintable(QP_ALL_BYTES),
    Uint8Array.from({ length: 256 }, (_, i) => i),
  );
});

Deno.test("decodeQuotedPrintable throws SyntaxError naming the offset of a non-ASCII character", () => {
  const cases: [string, string][] = [
    ["abc\u00e9", '"\u00e9" in quoted-printable text at offset 3'],
    ["\u0080", '"\u0080" in quoted-printable text at offset 0'],
    ["=\r\u{1F600}\n", '"\u{1F600}" in quoted-printable text at offset 2'],
    ["a=\u00ff", '"\u00ff" in quoted-printable text at offset 2'],
  ];
  for (const [input, tail] of cases) {
    assert.throws(
      () => decodeQuotedPrintable(input),
      { name: "SyntaxError", message: `non-ASCII character ${tail}` },
      JSON.stringify(input),
    );
  }
});

Deno.test("decodeQuotedPrintable(encodeQuotedPrintable(x)) gives x with normalised line endings for 1000 seeded random buffers", () => {
  const rng = new Rng(0xFACADE);
  let unchanged = 0;
  for (let t = 0; t < 1000; t++) {
    const data = randomCase(rng);
    const back = decodeQuotedPrintable(encodeQuotedPrintable(data));
    const expected = normaliseLineEndings(data);
    assert.deepEqual(back, expected, `case ${t}`);
    if (hex(expected) === hex(data)) unchanged++;
  }
  // Most inputs have consistent line endings and must round-trip exactly.
  assert.ok(unchanged > 500, `only ${unchanged} exact round trips`);
});

Deno.test("decodeQuotedPrintable(encodeQuotedPrintable(x)) is exact for random bytes without CR or LF", () => {
  const rng = new Rng(0x0DDBA11);
  for (let t = 0; t < 1000; t++) {
    const data = new Uint8Array(rng.u32() % 301);
    for (let i = 0; i < data.length; i++) {
      let b = rng.u32() & 255;
      if (b === 0x0a || b === 0x0d) b = 0x20;
      data[i] = b;
    }
    assert.deepEqual(decodeQuotedPrintable(encodeQuotedPrintable(data)), data);
  }
});

// ---- Vectors generated by CPython 3.11 (see the comment at the top). ----

const QP_PATTERN =
  "Subject: =?crit?= \n.\ntab at end\t\ndos line \r\nlone\rcr.\r\u0000\u0001\u001f\u007f\u0080\u00fe\u00ff==\nA long line that runs past the seventy-six character limit of quoted-printable, with spaces \n.\u0000 x\t \ntail tail tail tail tail tail tail ..";
const QP_LENGTHS = [
  "",
  "S",
  "Su",
  "Sub",
  "Subj",
  "Subje",
  "Subjec",
  "Subject",
  "Subject:",
  "Subject:=20",
  "Subject: =3D",
  "Subject: =3D?",
  "Subject: =3D?c",
  "Subject: =3D?cr",
  "Subject: =3D?cri",
  "Subject: =3D?crit",
  "Subject: =3D?crit?",
  "Subject: =3D?crit?=3D",
  "Subject: =3D?crit?=3D=20",
  "Subject: =3D?crit?=3D=20\n",
  "Subject: =3D?crit?=3D=20\n=2E",
  "Subject: =3D?crit?=3D=20\n=2E\n",
  "Subject: =3D?crit?=3D=20\n=2E\nt",
  "Subject: =3D?crit?=3D=20\n=2E\nta",
  "Subject: =3D?crit?=3D=20\n=2E\ntab",
  "Subject: =3D?crit?=3D=20\n=2E\ntab=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab a",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at e",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at en",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\n",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\nd",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndo",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos l",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos li",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos lin",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line \r",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\n",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nl",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlo",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlon",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\r",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rc",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\n",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA l",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA lo",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA lon",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long l",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long li",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long lin",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line t",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line th",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line tha",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that r",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that ru",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that run",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs p",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs pa",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs pas",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past t",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past th",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the s",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the se",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the sev",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seve",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seven",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the sevent",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-s",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-si",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six c",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six ch",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six cha",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six char",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six chara",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six charac",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six charact",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six characte",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character l",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character li",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character lim",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limi",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit o",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of q",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of qu",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quo",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quot",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quote",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-p",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-pr",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-pri",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-prin",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-print",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printab",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nbl",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble,",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble,=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, w",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, wi",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, wit",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with s",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with sp",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spa",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spac",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with space",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x=09",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\n",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\nt",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\nta",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntai",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail t",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail ta",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tai",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail t",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail ta",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail tai",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail tail",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail tail=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail tail t",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail tail ta",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail tail tai",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail tail tail",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail tail tail=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail tail tail t",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail tail tail ta",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail tail tail tai",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail tail tail tail",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail tail tail tail=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail tail tail tail t",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail tail tail tail ta",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail tail tail tail tai",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail tail tail tail tail",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail tail tail tail tail=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail tail tail tail tail t",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail tail tail tail tail ta",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail tail tail tail tail tai",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail tail tail tail tail tail",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail tail tail tail tail tail=20",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail tail tail tail tail tail .",
  "Subject: =3D?crit?=3D=20\n=2E\ntab at end=09\ndos line=20\nlone\rcr.\r=00=01=1F=7F=80=FE=FF=3D=3D\nA long line that runs past the seventy-six character limit of quoted-printa=\nble, with spaces=20\n=2E=00 x\t=20\ntail tail tail tail tail tail tail ..",
];
const QP_ALL_BYTES =
  "=00=01=02=03=04=05=06=07=08=09\n=0B=0C\r=0E=0F=10=11=12=13=14=15=16=17=18=19=1A=1B=1C=1D=1E=1F !\"#$%&'()*+,-=\n./0123456789:;<=3D>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuv=\nwxyz{|}~=7F=80=81=82=83=84=85=86=87=88=89=8A=8B=8C=8D=8E=8F=90=91=92=93=94=\n=95=96=97=98=99=9A=9B=9C=9D=9E=9F=A0=A1=A2=A3=A4=A5=A6=A7=A8=A9=AA=AB=AC=AD=\n=AE=AF=B0=B1=B2=B3=B4=B5=B6=B7=B8=B9=BA=BB=BC=BD=BE=BF=C0=C1=C2=C3=C4=C5=C6=\n=C7=C8=C9=CA=CB=CC=CD=CE=CF=D0=D1=D2=D3=D4=D5=D6=D7=D8=D9=DA=DB=DC=DD=DE=DF=\n=E0=E1=E2=E3=E4=E5=E6=E7=E8=E9=EA=EB=EC=ED=EE=EF=F0=F1=F2=F3=F4=F5=F6=F7=F8=\n=F9=FA=FB=FC=FD=FE=FF";
const QP_RANDOM_FIRST = [
  "..\t\rbdjdfe\t.hdgfch\the\tef\n=3D=3Dhcbhdjghef d.hcc",
  "=3Dh f\tbba   =3Daa\tigeh=3Diab=3D..agai\ticiid hgh=3Ddb hi\tag=3Dbjh.\te.=3Dg.d=\n\tj  eb abggdgdfd.dc h\t \tdf=3Dee.beeif=3Dbjhba=3Df.jhbjd=3Dieh.ijhcgif. gje.",
  "6=EF=3Da,a\t=C4xx=14a=3D=3D&  \rx=13a.d\t\r=3Da=F0x=3D=E1=3D xra=FD=03=3Dax\txa=\r\n=88\r\na\r\n\t.xx\rxa=E8baba/\r\n=8B)=88=3D\r..\t\r\rn.\t=EB\t..=93.\t=92=3Da=3D=DC=3D =BE\tx\rb\r\na=86a\tJ\t  x\r\nH=3D=CCabx=F0=9A\r\nv \t=0C a\r\nb\t\r=FB=D6=9A\tx.=3D",
  'a.x\r=3D=3D \t\r=E1a =F1Qx b\t\t\t=3Dxx ;"N\t=3D\rx\nx=00=01\nbxa=09\nx=3D \r=95=0CNDxb  =8A@\nb =B3l bx=3Da=02=83\n =F1=3D\nx\r\t\rxb=7F\t=94 bb=BE=3Daa\ta=99b=02=05\n=3D=9Bb=3D=90=3D\t\t\t=3D\nb\rZ=D6=F8=89b b2=0B=3Da\t=20\n=E2\r=E4\n\r=CCy.\t%=3Dx.=3Da b\r\r=3D=3Db\t=C5\nx aa',
  "Y=91=FEQ=EFg=C0S=EC=1F=14=EC=F1=92=8BI=06JWw=CFYTp=A2=A1=83=D4=07=C2b=01=B8=\n{w=B27=1C=CA=99:#=14U=CA=B5=F6#=05$(=9F=1D4=B8N=F5=BCo=00l=F9=06=EF>=F6y}=\n=AA=EDb=EFXo=BB=FDa=A6=13{]=F5=A2R=D8=E4=E2=16f=0FIz=D8=18=A7ob=AA=EE=8A>]=\n=08=90=B6=92=AF=FC=0CZ=DE=D4=D5=A8=07=8C=0C=9E=D1Bds%Z=15=1A}=FAC\\T",
  "haa  fjdaaeiaahjbje ia =3Dacb d.eaffhe.i\taeh.jia.  a.gcddeea=3Dfj\tga.jg fcf=\nbh=3D.ig=3Dgcd\tj fafbg .bi\rjd.h=3D.a\t.cg=3D ee  efbabdbj=3D iegdfajbighc\tae=\nf .a bb\na.g.  ffij\rd=3Dgj \thd    gjfebcabb.ae\tg je di\ti\tf.=3Dghigiej dijf.iaajebj.=\n=3Dig.bja=3De=3Dihjajcidaed..fdj .cghbeg b idgedd =3D\nd\njfig\tjeda",
  "=2E\n\rxBb=3D=3Db=3D\t.=E3\r2=20\n=3D=20\n=3D=14\t=C5b\t\r*b\n\tbx. =FF=3Da\t=E8\ra.=3D\rx=3Db1 a\r*9=3Db.w .x\n=ABx\r\r b.eZ\n \t=0Exa\ra\t=3D =FB.\tx\n\n=0E=D6\t=A37.\t\tb=BE`Z=3Daa\n\t =00=3D\n. n M~ =3Db a\nb=3D=BD\tb\nb=7F\t\rA\n=C1\n=CF\n.aa=EDb=A1=B8x=C9=3D\t=3Dcb .a\r\tab=B3a=A4b\nx \r=3D\rb=9B=3D=11=3D\ta\n\n\n.\tb\n=3D.=3Db=3D=D0=3D\t=CAx=E5b=3D=9D=3D=3D bbb=0C x=D9x\tbb.=C7\r=F4\r=D1h$\t=BD xb=\n\r.\n\t\tbhb=D6=CA=3Dxx xk=8D9a\nb..=3D=3Dx.=3Dp\t.bb=3D=3D",
  '=FF=B5=88=FC=EC=A6=03=E2=18=D4=1E=1B=1D=DFo=85v=87=C4o=01=FC=18+=DF=B4=FE=\n=B2aC=BA=C9=13=F4=DBg"=1Aj=E9=19=B5=8F=95=BE4=F5&=D9f=9275=11=D7=0373=EA=DE=\n=E2=9B=C7$=F8;/_=FDB=E5=10 =BF!}=B2=E7-=12*y=AD=98=1C=E1}=B6=88,=C5=C6X/=0B=\n=F6,=87=8F8=80<=A9=BE=E7A{W=84E=1A=C3\nr=DB=A8=CC^[.=BF=FB8=E9#=17<=B5=8E1=08=0C=A2=1C=C7B=E4=11=C9=19=F1B=C2=10=\n=A8"=05=96=8B=9C=14=B8EA7k=FDif_,=92R5=8EE=D1=85!W5G=DA=83=E3=91=FA=A3?T=D5=\n=3D=FC=B7=99 4=C40=04=97=BC=F86=9A=1E=9C=A6=8CD=CE=84=F9=C2=C9=A0',
];
const QP_RANDOM_SHA256 =
  "d145705d1555c5eee3e0c0d732b7282a08eeb362afdc79859cf6c9fb128f8842";
const QP_RANDOM_DECODED_SHA256 =
  "ca0143766f9860e6ec9147828a2759daaf8fb05df478193e935eac569e37b669";
const QP_EDGE_CASES = [
  ["a \n", "a=20\n"],
  ["a\t\r\n", "a=09\r\n"],
  ["a \r\nb\n", "a=20\r\nb\r\n"],
  ["a\nb\r\n", "a\nb\n"],
  ["a\rb", "a\rb"],
  ["a \r", "a \r"],
  ["\r\r\n", "\r\r\n"],
  [".", "=2E"],
  [".\n", "=2E\n"],
  [".\r\n", "=2E\r\n"],
  [".\u0000", "=2E=00"],
  ["..", ".."],
  ["\r.", "\r."],
  ["x\n.", "x\n=2E"],
  ["x=\n.\r", "x=3D\n=2E\r"],
  [" ", "=20"],
  ["\t", "=09"],
  ["a \t", "a =09"],
  ["=", "=3D"],
  [
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
  ],
  [
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
  ],
  [
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=\nxx",
  ],
  [
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
  ],
  [
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx ",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=\n=20",
  ],
  [
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=\n=3D",
  ],
  [
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=3D",
  ],
  [
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx \n",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=20\n",
  ],
  [
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=\r\nx\r\n",
  ],
  [
    "a\r\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "a\r\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=\r\nxx",
  ],
  [
    "a\r\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
    "a\r\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n",
  ],
  [
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\rb",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=\n\rb",
  ],
  [
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.\n",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.\n",
  ],
  [
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n.\n",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n=2E\n",
  ],
  [
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.\n",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=\nx.\n",
  ],
  [
    "\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff",
    "=FF=FF=FF=FF=FF=FF=FF=FF=FF=FF=FF=FF=FF=FF=FF=FF=FF=FF=FF=FF=FF=FF=FF=FF=FF=\n=FF=FF=FF=FF=FF",
  ],
  ["\u0000 \u0000 ", "=00 =00=20"],
  ["a\r\n\n", "a\r\n\r\n"],
];
const QP_DECODE_CASES = [
  ["", ""],
  ["abc", "616263"],
  ["=41=42", "4142"],
  ["=4a=4A=ff", "4a4aff"],
  ["=\n", ""],
  ["a=\nb", "6162"],
  ["a=\r\nb", "6162"],
  ["a=\rxyz\nb", "6162"],
  ["a=\r", "61"],
  ["a=", "61"],
  ["=", ""],
  ["==", "3d"],
  ["==41", "3d3431"],
  ["=G1", "3d4731"],
  ["=4", "3d34"],
  ["=4G", "3d3447"],
  ["=\t\n", "3d090a"],
  ["= \n", "3d200a"],
  ["a  \n", "6120200a"],
  ["a\t\r\n", "61090d0a"],
  ["=0D=0A", "0d0a"],
  ["=3d", "3d"],
  ["x\u0000y", "780079"],
  ["=20=\r\n=20", "2020"],
  ["=\n=\n", ""],
  ["=a", "3d61"],
];
const QP_DECODE_RANDOM_FIRST = [
  ["\u0000=\nAg0=\r=FFAAxf=a1g=\n\r=\r\n=\n\n\u0000\t", "004167300d0a0009"],
  [
    "\n=\r\nf=a1z\r\n\u0000=4=\n=40=\t=a1z\r\n\tA9\t=\r\n\t\t9z\r\n\n",
    "0a66a17a0d0a003d34403d09a17a0d0a094139090909397a0d0a0a",
  ],
  ["", ""],
  ["", ""],
  [
    "9f\u0000\nx0\txz\r\n=\r=40=\u0000\t=\n\nA=3D\u0000z\r\n\n=FF\n=3Dx9=\rA===\n=4==\n",
    "3966000a783009787a0d0a0a413d007a0d0a0aff0a3d78393d343d0a",
  ],
  ["=\r=\n\r=", "0d"],
  ["=3D\r===a1\u0000\r9", "3d0d3da1000d39"],
  ["z\r\nf=\rz\r\n=3D===\n====z\r\n", "7a0d0a663d3d3d3d7a0d0a"],
];
const QP_DECODE_RANDOM_SHA256 =
  "fafdef0c11bc2d0739add72241c75107b655b19c4e924e019adab6938be3569a";
