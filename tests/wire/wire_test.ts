import assert from "node:assert/strict";
import {
  i64,
  u64,
  WireError,
  WireReader,
  WireWriter,
  zz64,
} from "../../src/wire/wire.ts";
import { varintBytes } from "../_helpers/wire_builders.ts";

const EDGES = [
  0n,
  1n,
  127n,
  128n,
  2n ** 31n - 1n,
  2n ** 31n,
  2n ** 32n - 1n,
  2n ** 32n,
  2n ** 53n - 1n,
  2n ** 53n,
  2n ** 53n + 1n,
  2n ** 63n - 1n,
  2n ** 63n,
  2n ** 64n - 1n,
];

function read(bytes: number[]): WireReader {
  const r = new WireReader(new Uint8Array(bytes));
  r.varint();
  return r;
}

Deno.test("varints decode to exact unsigned values, numbers up to 2^53 - 1 and bigints beyond", () => {
  for (const v of EDGES) {
    const r = read(varintBytes(v));
    const got = u64(r.lo, r.hi);
    assert.equal(BigInt(got), v);
    assert.equal(
      typeof got,
      v <= 2n ** 53n - 1n ? "number" : "bigint",
      String(v),
    );
  }
});

Deno.test("int64 is two's complement and sint64 is zigzag, exactly", () => {
  for (
    const v of [
      ...EDGES.filter((x) => x < 2n ** 63n),
      -1n,
      -(2n ** 53n),
      -(2n ** 53n) - 1n,
      -(2n ** 63n),
    ]
  ) {
    const r = read(varintBytes(v));
    assert.equal(BigInt(i64(r.lo, r.hi)), v, `int64 ${v}`);
    const zz = read(varintBytes((v << 1n) ^ (v >> 63n)));
    assert.equal(BigInt(zz64(zz.lo, zz.hi)), v, `sint64 ${v}`);
  }
});

Deno.test("WireWriter writes the same varints as the bigint reference", () => {
  for (const v of EDGES) {
    const w = new WireWriter(1);
    const u = BigInt.asUintN(64, v);
    w.varint64(Number(u & 0xffffffffn), Number(u >> 32n));
    assert.deepEqual([...w.finish()], varintBytes(v));
  }
});

Deno.test("malformed varints and lengths are errors, never silent", () => {
  assert.throws(() => read([0x80, 0x80]), WireError);
  assert.throws(
    () =>
      read([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
    WireError,
  );
  const r = new WireReader(new Uint8Array([0x05, 1, 2]));
  assert.throws(() => r.length(), /exceeds the 2 bytes left/);
});

Deno.test("skipping a length-delimited field lands right after it", () => {
  const r = new WireReader(new Uint8Array([0x02, 0x68, 0x69, 0x07]));
  r.skip(2);
  assert.equal(r.pos, 3);
});

Deno.test("startLength/finishLength write one-byte and multi-byte length prefixes", () => {
  for (const n of [0, 1, 127, 128, 300, 16383, 16384, 70000]) {
    const w = new WireWriter(4);
    w.fixed32(0x01020304);
    const start = w.startLength();
    w.bytes(new Uint8Array(n).fill(7));
    w.finishLength(start);
    w.varint32(9);
    const out = w.finish();
    const prefix = varintBytes(BigInt(n));
    assert.deepEqual([...out.subarray(4, 4 + prefix.length)], prefix, `${n}`);
    assert.equal(out.length, 4 + prefix.length + n + 1);
    const body = out.subarray(4 + prefix.length, 4 + prefix.length + n);
    assert.ok(body.every((b) => b === 7), `${n}`);
    assert.equal(out[out.length - 1], 9);
  }
});

Deno.test("asciiString writes ASCII with its length and leaves other text untouched", () => {
  for (const n of [0, 5, 127, 128, 300, 20000]) {
    const w = new WireWriter(4);
    w.fixed32(7);
    const ascii = "a/".repeat(n).slice(0, n);
    assert.equal(w.asciiString(ascii), true);
    const r = new WireReader(w.finish(), 4);
    assert.equal(r.length(), n);
    assert.equal(new TextDecoder().decode(r.buf.subarray(r.pos)), ascii);
    for (const other of ["é", "\u{1f600}", "\udc80"]) {
      const before = w.finish();
      assert.equal(w.asciiString(ascii + other), false);
      assert.deepEqual(w.finish(), before, `${n} + ${JSON.stringify(other)}`);
    }
  }
});
