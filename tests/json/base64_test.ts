import assert from "node:assert/strict";
import {
  Base64LineEncoder,
  decodeBase64,
  encodeBase64Lines,
} from "../../src/json/base64.ts";
import { Rng } from "../_helpers/prng.ts";
import { hex } from "../_helpers/hex.ts";
import { digest, pythonCases } from "../_helpers/seeded_cases.ts";

// Expected values come from CPython 3.11 (`base64.encodebytes` /
// `base64.decodebytes`), pasted in as literals at the end of this file. They
// were produced by a throwaway script along these lines:
//
//   M = 0xFFFFFFFF
//   def xorshift32(seed):          # same generator as Rng in ../_helpers/prng.ts
//       x = seed & M or 1
//       def nxt():
//           nonlocal x
//           x ^= (x << 13) & M; x ^= x >> 17; x ^= (x << 5) & M
//           return x
//       return nxt
//   def random_case(rng): ...      # line for line as randomCase() in
//                                  # ../_helpers/seeded_cases.ts
//   pattern = lambda n: bytes((i * 73 + 41) & 255 for i in range(n))
//   digest = lambda outs: hashlib.sha256(
//       b"".join(s.encode() + b"\0" for s in outs)).hexdigest()
//   B64_LENGTHS = [base64.encodebytes(pattern(n)).decode() for n in range(201)]
//   B64_ALL_BYTES = base64.encodebytes(bytes(range(256))).decode()
//   rng = xorshift32(0xC0FFEE); cases = [random_case(rng) for _ in range(2000)]
//   B64_RANDOM_FIRST = [base64.encodebytes(c).decode() for c in cases[:8]]
//   B64_RANDOM_SHA256 = digest(base64.encodebytes(c).decode() for c in cases)
//   B64_BIG_SHA256 = digest([base64.encodebytes(pattern(200000)).decode()])
//   B64_DECODE_CASES = [[s, base64.decodebytes(s.encode()).hex()] for s in [...]]

function pattern(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 73 + 41) & 255;
  return out;
}

function encodeInChunks(data: Uint8Array, sizes: () => number): string {
  const enc = new Base64LineEncoder();
  let text = "";
  for (let i = 0; i < data.length;) {
    const size = sizes();
    text += enc.push(data.subarray(i, i + size));
    i += size;
  }
  return text + enc.finish();
}

Deno.test("encodeBase64Lines matches Python encodebytes on lengths 0..200", () => {
  for (let n = 0; n <= 200; n++) {
    assert.equal(encodeBase64Lines(pattern(n)), B64_LENGTHS[n], `length ${n}`);
  }
});

Deno.test("encodeBase64Lines matches Python encodebytes on all 256 byte values", () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.equal(encodeBase64Lines(all), B64_ALL_BYTES);
});

Deno.test("encodeBase64Lines matches Python encodebytes on 2000 seeded random inputs", async () => {
  const outputs = pythonCases().map((c) => encodeBase64Lines(c));
  assert.deepEqual(outputs.slice(0, 8), B64_RANDOM_FIRST);
  assert.equal(await digest(outputs), B64_RANDOM_SHA256);
});

Deno.test("encodeBase64Lines matches Python on a 200000-byte input spanning several internal flushes", async () => {
  assert.equal(
    await digest([encodeBase64Lines(pattern(200000))]),
    B64_BIG_SHA256,
  );
});

Deno.test("encodeBase64Lines gives an empty string for empty input and ends every line with \\n", () => {
  assert.equal(encodeBase64Lines(new Uint8Array(0)), "");
  const text = encodeBase64Lines(pattern(1000));
  assert.ok(text.endsWith("\n"));
  const lines = text.slice(0, -1).split("\n");
  assert.ok(lines.slice(0, -1).every((l) => l.length === 76));
});

Deno.test("encodeBase64Lines honours byteOffset and length of a subarray view", () => {
  const backing = new Uint8Array(260).fill(0xaa);
  backing.set(pattern(150), 50);
  assert.equal(encodeBase64Lines(backing.subarray(50, 200)), B64_LENGTHS[150]);
});

Deno.test("Base64LineEncoder matches encodeBase64Lines for chunk sizes 1, 2, 7, 57, 58, 1000", () => {
  for (const total of [0, 1, 56, 57, 58, 114, 170, 171, 1000, 3001]) {
    const data = pattern(total);
    const whole = encodeBase64Lines(data);
    for (const size of [1, 2, 7, 57, 58, 1000]) {
      assert.equal(
        encodeInChunks(data, () => size),
        whole,
        `total ${total}, chunk ${size}`,
      );
    }
  }
});

Deno.test("Base64LineEncoder push returns only complete 76-character lines", () => {
  const enc = new Base64LineEncoder();
  assert.equal(enc.push(pattern(56)), "");
  const one = enc.push(pattern(1));
  assert.equal(one.length, 77);
  assert.ok(one.endsWith("\n"));
  assert.equal(enc.push(new Uint8Array(0)), "");
  const several = enc.push(pattern(200));
  assert.equal(several.length % 77, 0);
  assert.equal(several.length, 3 * 77);
  assert.equal(enc.finish(), encodeBase64Lines(pattern(200).subarray(171)));
});

Deno.test("Base64LineEncoder copies the carried remainder, so callers may reuse chunk buffers", () => {
  const data = pattern(130);
  const enc = new Base64LineEncoder();
  const buf = new Uint8Array(10);
  let text = "";
  for (let i = 0; i < data.length; i += 10) {
    buf.set(data.subarray(i, i + 10));
    text += enc.push(buf);
    buf.fill(0xee);
  }
  assert.equal(text + enc.finish(), encodeBase64Lines(data));
});

Deno.test("Base64LineEncoder resets after finish and can be reused", () => {
  const enc = new Base64LineEncoder();
  enc.push(pattern(10));
  assert.equal(enc.finish(), B64_LENGTHS[10]);
  assert.equal(enc.finish(), "");
  assert.equal(enc.push(pattern(5)) + enc.finish(), B64_LENGTHS[5]);
});

Deno.test("Base64LineEncoder matches encodeBase64Lines under 300 seeded random chunkings", () => {
  const rng = new Rng(0x5EED);
  for (let t = 0; t < 300; t++) {
    const data = pattern(rng.u32() % 2000);
    const maxChunk = [1, 3, 57, 120, 4000][t % 5];
    assert.equal(
      encodeInChunks(data, () => rng.u32() % (maxChunk + 1)),
      encodeBase64Lines(data),
      `case ${t}`,
    );
  }
});

Deno.test("decodeBase64 inverts Python encodebytes on lengths 0..200", () => {
  for (let n = 0; n <= 200; n++) {
    assert.deepEqual(decodeBase64(B64_LENGTHS[n]), pattern(n), `length ${n}`);
  }
});

Deno.test("decodeBase64 accepts no line breaks, 64-character CRLF lines and stray whitespace", () => {
  for (let n = 0; n <= 200; n += 7) {
    const flat = B64_LENGTHS[n].replaceAll("\n", "");
    assert.deepEqual(decodeBase64(flat), pattern(n));
    const crlf64 = (flat.match(/.{1,64}/g) ?? []).join("\r\n") + "\r\n";
    assert.deepEqual(decodeBase64(crlf64), pattern(n));
    const spaced = flat.split("").join(" \t\v\f"[n % 4]);
    assert.deepEqual(decodeBase64(spaced), pattern(n));
  }
});

Deno.test("decodeBase64 matches Python decodebytes on hand-written valid inputs", () => {
  for (const [input, expected] of B64_DECODE_CASES) {
    assert.equal(hex(decodeBase64(input)), expected, JSON.stringify(input));
  }
});

Deno.test("decodeBase64 returns a buffer of exactly the decoded size", () => {
  for (const n of [0, 1, 2, 3, 57, 58, 200]) {
    const out = decodeBase64(B64_LENGTHS[n]);
    assert.equal(out.byteOffset, 0);
    assert.equal(out.buffer.byteLength, n);
  }
});

Deno.test("decodeBase64 throws SyntaxError naming the problem and offset", () => {
  // Python raises on some of these and silently returns partial or
  // junk-skipping results on others (noted); this decoder rejects them all.
  const cases: [string, string][] = [
    ["ab!c", 'invalid base64 character "!" at offset 2'], // Py: error
    ["QQ==QQ==", "unexpected data after padding at offset 4"], // Py: b"A"
    ["QQ== x", "unexpected data after padding at offset 5"], // Py: b"A"
    ["QQ==\n!", 'invalid base64 character "!" at offset 5'], // Py: b"A"
    ["QUJD=", "incorrect padding at offset 4"], // Py: b"ABC"
    ["====", "incorrect padding at offset 0"], // Py: b""
    ["Q===", "incorrect padding at offset 1"], // Py: error
    ["QQ=", "incorrect padding at offset 3"], // Py: Incorrect padding
    ["QQ=A", "incorrect padding at offset 3"], // Py: Incorrect padding
    ["QUJ", "incorrect padding at offset 3"], // Py: Incorrect padding
    ["QUJDR", "incorrect padding at offset 5"], // Py: error
    ["Q-==", 'invalid base64 character "-" at offset 1'], // Py: error
    ["QUJD\u00e9", 'invalid base64 character "\u00e9" at offset 4'], // Py: b"ABC"
    ["QUJD\u{1F600}", 'invalid base64 character "\u{1F600}" at offset 4'],
    ["QU\0J", 'invalid base64 character "\\u0000" at offset 2'],
    ["QU_D", 'invalid base64 character "_" at offset 2'],
  ];
  for (const [input, message] of cases) {
    assert.throws(
      () => decodeBase64(input),
      { name: "SyntaxError", message },
      JSON.stringify(input),
    );
  }
});

Deno.test("decodeBase64(encodeBase64Lines(x)) round-trips 1000 seeded random buffers of length 0..300", () => {
  const rng = new Rng(0xBA5E64);
  for (let t = 0; t < 1000; t++) {
    const data = new Uint8Array(rng.u32() % 301);
    for (let i = 0; i < data.length; i++) data[i] = rng.u32() & 255;
    assert.deepEqual(decodeBase64(encodeBase64Lines(data)), data, `case ${t}`);
  }
});

// ---- Vectors generated by CPython 3.11 (see the comment at the top). ----

const B64_LENGTHS = [
  "",
  "KQ==\n",
  "KXI=\n",
  "KXK7\n",
  "KXK7BA==\n",
  "KXK7BE0=\n",
  "KXK7BE2W\n",
  "KXK7BE2W3w==\n",
  "KXK7BE2W3yg=\n",
  "KXK7BE2W3yhx\n",
  "KXK7BE2W3yhxug==\n",
  "KXK7BE2W3yhxugM=\n",
  "KXK7BE2W3yhxugNM\n",
  "KXK7BE2W3yhxugNMlQ==\n",
  "KXK7BE2W3yhxugNMld4=\n",
  "KXK7BE2W3yhxugNMld4n\n",
  "KXK7BE2W3yhxugNMld4ncA==\n",
  "KXK7BE2W3yhxugNMld4ncLk=\n",
  "KXK7BE2W3yhxugNMld4ncLkC\n",
  "KXK7BE2W3yhxugNMld4ncLkCSw==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5Q=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5Td\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJg==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm8=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AQ==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUo=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3A==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CU=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVu\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutw==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwA=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJ\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJkg==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJkts=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktsk\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbQ==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbY=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SA==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJE=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHa\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaIw==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2w=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/g==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/kc=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2Q==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SI=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJr\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtA==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP0=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1G\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gjw==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9g=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\nag==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narM=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RQ==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY4=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7X\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIA==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGk=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+w==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0Q=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1g==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h8=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9o\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osQ==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfo=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpD\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjA==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNU=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUe\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZw==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7A=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5Qg==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5Qos=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovU\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHQ==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWY=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+A==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EE=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0w==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xw=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxl\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrg==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvc=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdA\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAiQ==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidI=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIb\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZA==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK0=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32Pw==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4g=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jR\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGg==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmM=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9Q==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T4=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0A==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bk=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nqw==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hg==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8Y\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYQ==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYao=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarz\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPA==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIU=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXO\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOFw==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2A=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8g==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8js=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juE\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzQ==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRY=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZf\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqA==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6gw==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8w=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wV\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXg==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqc=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfw\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOQ==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYI=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLL\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFA==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF0=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7w==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7zg=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziB\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByg==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhM=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNc\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpQ==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe4=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gA==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMk=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkS\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSWw==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6Q=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6Tt\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNg==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn8=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/I\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEQ==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVo=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7A==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DU=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xw==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xxA=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xxBZ\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xxBZog==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xxBZous=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xxBZous0\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xxBZous0fQ==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xxBZous0fcY=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xxBZous0fcYP\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xxBZous0fcYPWA==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xxBZous0fcYPWKE=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xxBZous0fcYPWKHq\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xxBZous0fcYPWKHqMw==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xxBZous0fcYPWKHqM3w=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xxBZous0fcYPWKHqM3zF\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xxBZous0fcYPWKHqM3zFDg==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xxBZous0fcYPWKHqM3zFDlc=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xxBZous0fcYPWKHqM3zFDleg\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xxBZous0fcYPWKHqM3zFDleg6Q==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xxBZous0fcYPWKHqM3zFDleg6TI=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xxBZous0fcYPWKHqM3zFDleg6TJ7\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xxBZous0fcYPWKHqM3zFDleg6TJ7xA==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xxBZous0fcYPWKHqM3zFDleg6TJ7xA0=\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xxBZous0fcYPWKHqM3zFDleg6TJ7xA1W\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xxBZous0fcYPWKHqM3zFDleg6TJ7xA1Wnw==\n",
  "KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gh\narP8RY7XIGmy+0SN1h9osfpDjNUeZ7D5QovUHWav+EGK0xxlrvdAidIbZK32P4jRGmOs9T6H0Bli\nq/Q9hs8YYarzPIXOF2Cp8juEzRZfqPE6g8wVXqfwOYLLFF2m7ziByhNcpe43gMkSW6TtNn/IEVqj\n7DV+xxBZous0fcYPWKHqM3zFDleg6TJ7xA1Wn+g=\n",
];
const B64_ALL_BYTES =
  "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4\nOTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3Bx\ncnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6ChoqOkpaanqKmq\nq6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj\n5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7/P3+/w==\n";
const B64_RANDOM_FIRST = [
  "Li4JDWJkamRmZQkuaGRnZmNoCWhlCWVmCj09aGNiaGRqZ2hlZiBkLmhjYw==\n",
  "PWggZgliYmEgICA9YWEJaWdlaD1pYWI9Li5hZ2FpCWljaWlkIGhnaD1kYiBoaQlhZz1iamguCWUu\nPWcuZAlqICBlYiBhYmdnZGdkZmQuZGMgaAkgCWRmPWVlLmJlZWlmPWJqaGJhPWYuamhiamQ9aWVo\nLmlqaGNnaWYuIGdqZS4=\n",
  "Nu89YSxhCcR4eBRhPT0mICANeBNhLmQJDT1h8Hg94T0geHJh/QM9YXgJeGGIDQphCgkueHgNeGHo\nYmFiYS8KiymIPQ0uLgkNDW4uCesJLi6TLgmSPWE93D0gvgl4DWINCmGGYQlKCSAgeApIPcxhYnjw\nmgp2IAkMIGEKYgkN+9aaCXguPQ==\n",
  "YS54DT09IAkN4WEg8VF4IGIJCQk9eHggOyJOCT0NeAp4AAEKYnhhCQp4PSANlQxORHhiICCKQApi\nILNsIGJ4PWECgwog8T0KeA0JDXhifwmUIGJivj1hYQlhmWICBQ0KPZtiPZA9CQkJPQ0KYg1a1viJ\nYiBiMgs9YQkgCuIN5AoNzHkuCSU9eC49YSBiDQ09PWIJxQp4IGFh\n",
  "WZH+Ue9nwFPsHxTs8ZKLSQZKV3fPWVRwoqGD1AfCYgG4e3eyNxzKmTojFFXKtfYjBSQonx00uE71\nvG8AbPkG7z72eX2q7WLvWG+7/WGmE3td9aJS2OTiFmYPSXrYGKdvYqruij5dCJC2kq/8DFre1NWo\nB4wMntFCZHMlWhUaffpDXFQ=\n",
  "aGFhICBmamRhYWVpYWFoamJqZSBpYSA9YWNiIGQuZWFmZmhlLmkJYWVoLmppYS4gIGEuZ2NkZGVl\nYT1maglnYS5qZyBmY2ZiaD0uaWc9Z2NkCWogZmFmYmcgLmJpDWpkLmg9LmEJLmNnPSBlZSAgZWZi\nYWJkYmo9IGllZ2RmYWpiaWdoYwlhZWYgLmEgYmIKYS5nLiAgZmZpag1kPWdqIAloZCAgICBnamZl\nYmNhYmIuYWUJZyBqZSBkaQlpCWYuPWdoaWdpZWogZGlqZi5pYWFqZWJqLj1pZy5iamE9ZT1paGph\namNpZGFlZC4uZmRqIC5jZ2hiZWcgYiBpZGdlZGQgPQpkCmpmaWcJamVkYQ==\n",
  "LgoNeEJiPT1iPQku4w0yIAo9IAo9FAnFYgkNKmIKCWJ4LiD/PWEJ6A1hLj0NeD1iMSBhDSo5PWIu\ndyAueAqreA0NIGIuZVoKIAkOeGENYQk9IPsuCXgKCg7WCaM3LgkJYr5gWj1hYQoJIAA9Ci4gbiBN\nfiA9YiBhCmI9vQliCmJ/CQ1BCsEKzwouYWHtYqG4eMk9CT1jYiAuYQ0JYWKzYaRiDQp4IA09DWKb\nPRE9CWEKCg0KLgliCj0uPWI90D0JynjlYj2dPT0gYmJiDCB42XgJYmIuxw30DdFoJAm9IHhiDS4K\nCQliaGLWyj14eCB4a405YQpiLi49PXguPXAJLmJiPT0=\n",
  "/7WI/OymA+IY1B4bHd9vhXaHxG8B/Bgr37T+smFDuskT9NtnIhpq6Rm1j5W+NPUm2WaSNzUR1wM3\nM+re4pvHJPg7L1/9QuUQIL8hfbLnLRIqea2YHOF9togsxcZYLwv2LIePOIA8qb7nQXtXhEUawwpy\n26jMXlsuv/s46SMXPLWOMQgMohzHQuQRyRnxQsIQqCIFloucFLhFQTdr/WlmXyySUjWORdGFIVc1\nR9qD45H6oz9U1T38t5kgNMQwBJe8+DaaHpymjETOhPnCyaA=\n",
];
const B64_RANDOM_SHA256 =
  "3a9821c9a48eea16b195f23d1227beb419d67893bc5b51f44020ef359f0c0589";
const B64_BIG_SHA256 =
  "a6abf2f7a16e3c668f522bc59d1eca033d3670bdd3c2caed12a56ec9247c4577";
const B64_DECODE_CASES = [
  ["", ""],
  ["\n", ""],
  [" \t\r\n\u000b\f", ""],
  ["QQ==", "41"],
  ["QR==", "41"],
  ["QUI=", "4142"],
  ["QUJD", "414243"],
  ["QUI9", "41423d"],
  ["QQ= =", "41"],
  ["Q\u000bQ==", "41"],
  ["Q Q = =\n", "41"],
  ["QUJD\r\nRA==\r\n", "41424344"],
  ["////", "ffffff"],
  ["+/+/", "fbffbf"],
  ["AAAA\n\n\nAAAA", "000000000000"],
  ["Y3JpdA==\n", "63726974"],
  ["QUJDREVGR0g=", "4142434445464748"],
];
