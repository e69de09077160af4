/**
 * Tests for the Python-compatible JSON writer and reader in src/_json.ts.
 *
 * Every expected text below came from Python 3.11's `json` module, never from
 * the code under test. The literals were printed by
 * `python3 -c 'import json; print(json.dumps(json.dumps(V)))'` (and with
 * `indent=4`) for each value V, and the error messages by
 * `python3 -c 'import json; json.loads(T)'`.
 *
 * tests/fixtures/vectors/json.json was written by this script, run as
 * `python3 gen.py > tests/fixtures/vectors/json.json`:
 *
 * ```python
 * import json, random
 * R = random.Random(20240611)
 * def s():
 *     pool = [lambda: chr(R.randrange(0x20, 0x7f)), lambda: chr(R.randrange(0, 0x20)), lambda: R.choice('"\\/'),
 *             lambda: chr(R.randrange(0x80, 0x800)), lambda: chr(R.randrange(0x800, 0x10000)), lambda: chr(R.randrange(0x10000, 0x110000))]
 *     return "".join(R.choice(pool)() for _ in range(R.randrange(0, 12)))
 * def k():
 *     return R.choice(["vaddr", "nr_pages", "flags", "pid", "é", "\U0001f600", "key\n", ""]) + s()[:3] if R.random() < .5 else "k" + s()
 * def num():
 *     return R.choice([0, 1, -1, 2**53 - 1, 2**53, 2**53 + 1, -2**53 - 1, 2**63 - 1, -2**63, 2**64 - 1, 2**64, -2**64,
 *                      R.randrange(-2**70, 2**70), R.randrange(-1000, 1000), R.random() * 10 ** R.randrange(-10, 10)])
 * def v(d):
 *     r = R.random()
 *     if d > 4 or r < .45:
 *         return R.choice([num, s, lambda: None, lambda: True, lambda: False])()
 *     if r < .7:
 *         return [v(d + 1) for _ in range(R.randrange(0, 5))]
 *     return {k(): v(d + 1) for _ in range(R.randrange(0, 5))}
 * docs = [v(0) for _ in range(100)]
 * out = {
 *     "_generator": "python3 gen.py (the script in the header comment of tests/json_test.ts), Python 3.11",
 *     "ascii": [json.dumps(chr(c)) for c in range(128)],
 *     "unicode": [[c, json.dumps(chr(c))] for c in [0x80, 0xa0, 0xe9, 0xff, 0x100, 0x7ff, 0x800, 0xfff, 0x1000, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdce9, 0xdfff, 0xe000, 0xfeff, 0xfffe, 0xffff, 0x10000, 0x1f600, 0x10ffff]],
 *     "floats": [json.dumps(f) for f in [0.1, -0.5, 1.5e-7, 1e-5, 0.0001, 0.00012345, 123.456, 12345678.9, 1234567890123.25, 5e-324, 2.2250738585072014e-308, -2.5e-10, 1e-100, 0.3333333333333333, float("nan"), float("inf"), float("-inf")]],
 *     "documents": [[json.dumps(d), json.dumps(d, indent=4)] for d in docs],
 * }
 * print(json.dumps(out, indent=1))
 * ```
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  parseJson,
  stringifyJson,
  stringifyJsonChunks,
} from "../../src/json/mod.ts";
import type { JsonObject, JsonValue } from "../../src/json/types.ts";
import vectors from "../fixtures/vectors/json.json" with { type: "json" };
import { Rng } from "../_helpers/prng.ts";

function chunked(v: JsonValue, pretty: boolean, indentLevel?: number): string {
  return [...stringifyJsonChunks(v, pretty, indentLevel)].join("");
}

/** Asserts both entry points write `plain` and `pretty` for `v`. */
function assertWrites(v: JsonValue, plain: string, pretty: string): void {
  assert.equal(stringifyJson(v, false), plain);
  assert.equal(stringifyJson(v, true), pretty);
  assert.equal(chunked(v, false), plain);
  assert.equal(chunked(v, true), pretty);
}

/** Builds an object with a real own `__proto__` key, as the parser must. */
function withProtoKey(obj: JsonObject, value: JsonValue): JsonObject {
  Object.defineProperty(obj, "__proto__", {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
  return obj;
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

Deno.test("stringifyJson writes nested objects and arrays like Python, compact and indent=4", () => {
  const v: JsonValue = {
    pid: 1,
    children: [{ pid: 2, threads: [2, 3], empty: [], obj: {} }, [[], [{}]]],
    name: "sleep",
    ok: true,
    none: null,
    f: false,
  };
  assertWrites(
    v,
    '{"pid": 1, "children": [{"pid": 2, "threads": [2, 3], "empty": [], "obj": {}}, [[], [{}]]], "name": "sleep", "ok": true, "none": null, "f": false}',
    '{\n    "pid": 1,\n    "children": [\n        {\n            "pid": 2,\n            "threads": [\n                2,\n                3\n            ],\n            "empty": [],\n            "obj": {}\n        },\n        [\n            [],\n            [\n                {}\n            ]\n        ]\n    ],\n    "name": "sleep",\n    "ok": true,\n    "none": null,\n    "f": false\n}',
  );
});

Deno.test("stringifyJson writes empty containers as [] and {} in both modes", () => {
  assertWrites([], "[]", "[]");
  assertWrites({}, "{}", "{}");
  assertWrites(
    [[], {}, [[]], { a: {} }, [{}, []]],
    '[[], {}, [[]], {"a": {}}, [{}, []]]',
    '[\n    [],\n    {},\n    [\n        []\n    ],\n    {\n        "a": {}\n    },\n    [\n        {},\n        []\n    ]\n]',
  );
});

Deno.test("stringifyJson writes top-level scalars as Python does", () => {
  assertWrites("abc", '"abc"', '"abc"');
  assertWrites("", '""', '""');
  assertWrites(0, "0", "0");
  assertWrites(-5, "-5", "-5");
  assertWrites(true, "true", "true");
  assertWrites(false, "false", "false");
  assertWrites(null, "null", "null");
});

Deno.test("stringifyJson escapes quotes, backslashes, controls, DEL and non-ASCII like ensure_ascii", () => {
  const s = '"\\/\b\f\n\r\t\x00\x1f\x7f~ é€\u{1f600}\udce9\ud800';
  const expected =
    '"\\"\\\\/\\b\\f\\n\\r\\t\\u0000\\u001f\\u007f~ \\u00e9\\u20ac\\ud83d\\ude00\\udce9\\ud800"';
  assertWrites(s, expected, expected);
});

Deno.test("stringifyJson escapes every ASCII code unit exactly as Python", () => {
  assert.equal(vectors.ascii.length, 128);
  for (let c = 0; c < 128; c++) {
    const ch = String.fromCharCode(c);
    assert.equal(stringifyJson(ch, false), vectors.ascii[c], `code unit ${c}`);
    assert.equal(
      stringifyJson({ [ch]: ch }, false),
      `{${vectors.ascii[c]}: ${vectors.ascii[c]}}`,
      `key ${c}`,
    );
  }
  const all = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c))
    .join("");
  const expected = '"' + vectors.ascii.map((t) => t.slice(1, -1)).join("") +
    '"';
  assert.equal(stringifyJson(all, true), expected);
});

Deno.test("stringifyJson writes non-BMP characters as surrogate pairs and keeps lone surrogates", () => {
  for (const [cp, expected] of vectors.unicode as [number, string][]) {
    const ch = String.fromCodePoint(cp);
    assert.equal(stringifyJson(ch, false), expected, `U+${cp.toString(16)}`);
  }
  assert.equal(stringifyJson("\u{1f600}", false), '"\\ud83d\\ude00"');
  assert.equal(stringifyJson("a\udce9b", false), '"a\\udce9b"');
  assert.equal(stringifyJson("\ude00\ud83d", false), '"\\ude00\\ud83d"');
});

Deno.test("stringifyJson escapes unicode keys", () => {
  const v: JsonObject = { "é": 1, "\u{1f600}": [1], "ключ": { "\n": "x" } };
  v[""] = 0;
  v["\udce9"] = null;
  assertWrites(
    v,
    '{"\\u00e9": 1, "\\ud83d\\ude00": [1], "\\u043a\\u043b\\u044e\\u0447": {"\\n": "x"}, "": 0, "\\udce9": null}',
    '{\n    "\\u00e9": 1,\n    "\\ud83d\\ude00": [\n        1\n    ],\n    "\\u043a\\u043b\\u044e\\u0447": {\n        "\\n": "x"\n    },\n    "": 0,\n    "\\udce9": null\n}',
  );
});

Deno.test("stringifyJson writes big integers exactly: ±2^64, 2^63-1, -2^63, 2^53±1", () => {
  const v: JsonValue = [
    2n ** 64n,
    -(2n ** 64n),
    2n ** 64n - 1n,
    2n ** 63n - 1n,
    -(2n ** 63n),
    2 ** 53 - 1,
    2n ** 53n,
    2n ** 53n + 1n,
    -(2 ** 53 - 1),
    -(2n ** 53n + 1n),
    1e21,
    0,
  ];
  assertWrites(
    v,
    "[18446744073709551616, -18446744073709551616, 18446744073709551615, 9223372036854775807, -9223372036854775808, 9007199254740991, 9007199254740992, 9007199254740993, -9007199254740991, -9007199254740993, 1000000000000000000000, 0]",
    "[\n    18446744073709551616,\n    -18446744073709551616,\n    18446744073709551615,\n    9223372036854775807,\n    -9223372036854775808,\n    9007199254740991,\n    9007199254740992,\n    9007199254740993,\n    -9007199254740991,\n    -9007199254740993,\n    1000000000000000000000,\n    0\n]",
  );
});

Deno.test("stringifyJson writes integral numbers in full, never with an exponent", () => {
  // Python: json.dumps(10**21), json.dumps(2**60), json.dumps(-10**25) etc.
  assert.equal(stringifyJson(1e21, false), "1000000000000000000000");
  assert.equal(stringifyJson(-1e21, false), "-1000000000000000000000");
  assert.equal(stringifyJson(2 ** 60, false), "1152921504606846976");
  assert.equal(stringifyJson(1e25, false), "10000000000000000905969664");
  assert.equal(stringifyJson(-0, false), "0");
  assert.equal(stringifyJson([-0], true), "[\n    0\n]");
});

Deno.test("stringifyJson writes non-integral numbers like Python's float repr", () => {
  for (const text of vectors.floats) {
    const x = Number(text);
    assert.equal(stringifyJson(x, false), text);
    assert.equal(stringifyJson([x], false), `[${text}]`);
  }
});

Deno.test("stringifyJson keeps object keys in insertion order", () => {
  const v: JsonObject = {};
  v.zeta = 1;
  v.alpha = 2;
  v.mid = { y: 1, x: 2 };
  assert.equal(
    stringifyJson(v, false),
    '{"zeta": 1, "alpha": 2, "mid": {"y": 1, "x": 2}}',
  );
});

Deno.test("stringifyJson writes an own __proto__ key like any other key", () => {
  const v = withProtoKey({ a: 1 }, [1]);
  assert.equal(stringifyJson(v, false), '{"a": 1, "__proto__": [1]}');
});

Deno.test("stringifyJson rejects values outside JSON and cycles with TypeError", () => {
  assert.throws(
    () => stringifyJson([undefined as unknown as JsonValue], false),
    new TypeError("Object of type undefined is not JSON serializable"),
  );
  assert.throws(
    () => stringifyJson({ f: (() => 1) as unknown as JsonValue }, true),
    TypeError,
  );
  const cyclic: JsonValue[] = [];
  cyclic.push(cyclic);
  assert.throws(
    () => stringifyJson(cyclic, false),
    new TypeError("Circular reference detected"),
  );
  // A long cycle through objects and arrays is caught as well.
  const head: JsonObject = {};
  let tail: JsonObject = head;
  for (let i = 0; i < 1500; i++) {
    const next: JsonObject = {};
    tail.k = [next];
    tail = next;
  }
  tail.back = head;
  assert.throws(
    () => [...stringifyJsonChunks(head, true)],
    new TypeError("Circular reference detected"),
  );
});

Deno.test("stringifyJson handles deep nesting without recursion limits", () => {
  const nest = (depth: number): JsonValue => {
    let v: JsonValue = [1];
    for (let d = 1; d < depth; d++) v = d % 2 ? { k: v } : [v];
    return v;
  };
  const v200 = nest(200);
  const plain = stringifyJson(v200, false);
  assert.equal(plain, '{"k": ['.repeat(100) + "1" + "]}".repeat(100));
  assert.deepEqual(parseJson(plain), v200);
  const pretty = stringifyJson(v200, true);
  assert.equal(chunked(v200, true), pretty);
  assert.deepEqual(parseJson(pretty), v200);
  // Far deeper than any call stack would allow a recursive writer.
  const v20k = nest(20_000);
  const deep = stringifyJson(v20k, false);
  assert.equal(deep.length, 10_000 * 9 + 1);
  assert.equal(chunked(v20k, false), deep);
});

Deno.test("stringifyJson escapes long strings the same as short ones", () => {
  for (const n of [0, 1, 62, 63, 64, 65, 200, 5000]) {
    const clean = "a/b ~".repeat(n).slice(0, n);
    assert.equal(stringifyJson(clean, false), `"${clean}"`);
    assert.equal(
      stringifyJson({ [clean]: clean }, false),
      `{"${clean}": "${clean}"}`,
    );
    for (
      const [raw, escaped] of [["\n", "\\n"], ["é", "\\u00e9"], ['"', '\\"']]
    ) {
      assert.equal(stringifyJson(clean + raw, false), `"${clean}${escaped}"`);
      assert.equal(stringifyJson(raw + clean, false), `"${escaped}${clean}"`);
    }
  }
});

Deno.test("stringifyJson writes strings far larger than a chunk", () => {
  const big = "é".repeat(100_000) + "x".repeat(200_000);
  const expected = '"' + "\\u00e9".repeat(100_000) + "x".repeat(200_000) +
    '"';
  assert.equal(stringifyJson(big, false), expected);
  const clean = "x".repeat(300_000);
  assert.equal(stringifyJson([clean, 1], false), `["${clean}", 1]`);
  assert.equal(stringifyJson([big, big], false), `[${expected}, ${expected}]`);
  assert.equal(chunked([big, "y"], true), `[\n    ${expected},\n    "y"\n]`);
});

// ---------------------------------------------------------------------------
// Streaming
// ---------------------------------------------------------------------------

Deno.test("stringifyJsonChunks yields several pieces for a large document whose concatenation is the one-shot text", () => {
  const entries: JsonValue[] = [];
  for (let i = 0; i < 20_000; i++) {
    entries.push({
      vaddr: "0x7f" + (i * 4096).toString(16),
      compat_nr_pages: 0,
      flags: "PE_PRESENT",
      nr_pages: i % 37,
      big: 2n ** 64n - BigInt(i),
    });
  }
  const doc: JsonValue = { magic: "PAGEMAP", entries };
  for (const pretty of [false, true]) {
    const pieces: string[] = [...stringifyJsonChunks(doc, pretty)];
    assert.ok(pieces.length > 10, `${pieces.length} pieces`);
    assert.ok(pieces.every((p) => p.length > 0));
    const text = pieces.join("");
    assert.equal(text, stringifyJson(doc, pretty));
    assert.deepEqual(parseJson(text), doc);
  }
});

Deno.test("stringifyJsonChunks with indentLevel lays the value out as if nested that deep", () => {
  // python3 -c 'import json; print(json.dumps(json.dumps({"a": {"b": [1, {"c": []}, {"d": "e"}]}}, indent=4)))'
  const outer =
    '{\n    "a": {\n        "b": [\n            1,\n            {\n                "c": []\n            },\n            {\n                "d": "e"\n            }\n        ]\n    }\n}';
  const inner = outer.slice(
    outer.indexOf('"b": ') + 5,
    outer.lastIndexOf("]") + 1,
  );
  const v: JsonValue = [1, { c: [] }, { d: "e" }];
  assert.equal(chunked(v, true, 2), inner);
  assert.equal(
    '{\n    "a": {\n        "b": ' + chunked(v, true, 2) + "\n    }\n}",
    outer,
  );
  // Compact output has no indentation to shift, and scalars none at all.
  assert.equal(chunked(v, false, 2), stringifyJson(v, false));
  assert.equal(chunked("x", true, 3), '"x"');
  assert.equal(chunked([], true, 3), "[]");
});

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

Deno.test("parseJson returns safe integers as number and larger ones as exact bigint", () => {
  const cases: [string, JsonValue][] = [
    ["18446744073709551615", 18446744073709551615n],
    ["18446744073709551616", 18446744073709551616n],
    ["-18446744073709551616", -18446744073709551616n],
    ["9223372036854775807", 9223372036854775807n],
    ["-9223372036854775808", -9223372036854775808n],
    ["9007199254740991", 9007199254740991],
    ["-9007199254740991", -9007199254740991],
    ["9007199254740992", 9007199254740992n],
    ["-9007199254740992", -9007199254740992n],
    ["9007199254740993", 9007199254740993n],
    ["-9007199254740993", -9007199254740993n],
    ["123456789012345", 123456789012345],
    ["1234567890123456", 1234567890123456],
    ["0", 0],
    ["7", 7],
    ["-12", -12],
  ];
  for (const [text, expected] of cases) {
    assert.deepEqual(parseJson(text), expected, text);
    assert.deepEqual(parseJson(`[${text}]`), [expected], text);
  }
  assert.ok(Object.is(parseJson("-0"), 0), "Python's int -0 is 0");
});

Deno.test("parseJson returns numbers with a fraction or exponent as number", () => {
  const cases: [string, number][] = [
    ["1.5", 1.5],
    ["-0.25", -0.25],
    ["1e2", 100],
    ["1E+2", 100],
    ["25e-1", 2.5],
    ["18446744073709551615.0", 18446744073709551615],
    ["1e400", Infinity],
    ["0.1", 0.1],
  ];
  for (const [text, expected] of cases) {
    assert.equal(parseJson(text), expected, text);
  }
  assert.ok(Object.is(parseJson("-0.0"), -0), "a float -0.0 stays negative");
});

Deno.test("parseJson decodes every escape", () => {
  assert.equal(
    parseJson(
      '"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u20AC\\uD83D\\ude00\\u0000x"',
    ),
    '"\\/\b\f\n\r\t\u00e9\u20ac\u{1f600}\u0000x',
  );
  for (let c = 0; c < 128; c++) {
    assert.equal(parseJson(vectors.ascii[c]), String.fromCharCode(c), `${c}`);
  }
  for (const [cp, text] of vectors.unicode as [number, string][]) {
    assert.equal(parseJson(text), String.fromCodePoint(cp));
  }
});

Deno.test("parseJson keeps lone surrogates, escaped or raw", () => {
  const s = parseJson('"\\udce9"') as string;
  assert.equal(s.length, 1);
  assert.equal(s.charCodeAt(0), 0xdce9);
  assert.equal(parseJson('"a\\ud800"'), "a\ud800");
  assert.equal(parseJson('"\ud800x\udc00"'), "\ud800x\udc00");
  assert.deepEqual(parseJson('{"\\udce9": "\\ud83d"}'), { "\udce9": "\ud83d" });
});

Deno.test("parseJson makes __proto__ an own key and leaves the prototype alone", () => {
  const v = parseJson('{"a": 1, "__proto__": {"x": 1}, "b": 2}') as JsonObject;
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
  assert.deepEqual(Object.keys(v), ["a", "__proto__", "b"]);
  assert.ok(Object.hasOwn(v, "__proto__"));
  assert.equal((v as Record<string, unknown>).x, undefined);
  assert.deepEqual(Object.getOwnPropertyDescriptor(v, "__proto__")?.value, {
    x: 1,
  });
  assert.equal(
    stringifyJson(v, false),
    '{"a": 1, "__proto__": {"x": 1}, "b": 2}',
  );
  const dup = parseJson('{"__proto__": 1, "__proto__": 2}') as JsonObject;
  assert.equal(stringifyJson(dup, false), '{"__proto__": 2}');
});

Deno.test("parseJson lets the last duplicate key win in the first one's place, as a Python dict", () => {
  // python3 -c 'import json; print(json.dumps(json.loads("{\"a\":1,\"b\":2,\"a\":3}")))'
  const v = parseJson('{"a":1,"b":2,"a":3}');
  assert.equal(stringifyJson(v, false), '{"a": 3, "b": 2}');
});

Deno.test("parseJson accepts exactly JSON's four whitespace characters", () => {
  assert.deepEqual(parseJson(' \t\n\r[ 1 ,\t2\r\n, { "a" : [ ] } ]\n '), [
    1,
    2,
    { a: [] },
  ]);
  assert.deepEqual(parseJson("[true, false, null]"), [true, false, null]);
});

// Each [input, message] pair was printed by Python 3.11's json.loads.
const PYTHON_ERRORS: [string, string][] = [
  ["", "Expecting value: line 1 column 1 (char 0)"],
  [" ", "Expecting value: line 1 column 2 (char 1)"],
  ["[", "Expecting value: line 1 column 2 (char 1)"],
  [
    "{",
    "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
  ],
  ["]", "Expecting value: line 1 column 1 (char 0)"],
  ["[1", "Expecting ',' delimiter: line 1 column 3 (char 2)"],
  ["[1 2]", "Expecting ',' delimiter: line 1 column 4 (char 3)"],
  ["[1,]", "Expecting value: line 1 column 4 (char 3)"],
  ["[1,", "Expecting value: line 1 column 4 (char 3)"],
  [
    '{"a":1,}',
    "Expecting property name enclosed in double quotes: line 1 column 8 (char 7)",
  ],
  [
    '{"a":1,',
    "Expecting property name enclosed in double quotes: line 1 column 8 (char 7)",
  ],
  ['{"a" 1}', "Expecting ':' delimiter: line 1 column 6 (char 5)"],
  ['{"a"', "Expecting ':' delimiter: line 1 column 5 (char 4)"],
  ['{"a":}', "Expecting value: line 1 column 6 (char 5)"],
  ['{"a":', "Expecting value: line 1 column 6 (char 5)"],
  [
    "{a:1}",
    "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
  ],
  ['{"a":1 "b"}', "Expecting ',' delimiter: line 1 column 8 (char 7)"],
  ['{"a":1;}', "Expecting ',' delimiter: line 1 column 7 (char 6)"],
  ['{"a":1,"b"', "Expecting ':' delimiter: line 1 column 11 (char 10)"],
  ['"abc', "Unterminated string starting at: line 1 column 1 (char 0)"],
  ['"abc\\', "Unterminated string starting at: line 1 column 1 (char 0)"],
  ['"\\', "Unterminated string starting at: line 1 column 1 (char 0)"],
  ['\n\n"abc', "Unterminated string starting at: line 3 column 1 (char 2)"],
  ['"a\\x"', "Invalid \\escape: line 1 column 3 (char 2)"],
  ['[1,\n"\\q"]', "Invalid \\escape: line 2 column 2 (char 5)"],
  ['"\ud83d\ude00\\q"', "Invalid \\escape: line 1 column 3 (char 2)"],
  ['"a\\u12x4"', "Invalid \\uXXXX escape: line 1 column 4 (char 3)"],
  ['"a\\u12', "Invalid \\uXXXX escape: line 1 column 4 (char 3)"],
  ['"\\u"', "Invalid \\uXXXX escape: line 1 column 3 (char 2)"],
  ['"\\u1234', "Invalid \\uXXXX escape: line 1 column 3 (char 2)"],
  ['"\\ud800\\u12x4"', "Invalid \\uXXXX escape: line 1 column 9 (char 8)"],
  ['"\\ud800\\udc00', "Invalid \\uXXXX escape: line 1 column 9 (char 8)"],
  ['"a\nb"', "Invalid control character at: line 1 column 3 (char 2)"],
  ['"\t"', "Invalid control character at: line 1 column 2 (char 1)"],
  ['"\u0000"', "Invalid control character at: line 1 column 2 (char 1)"],
  ['"\u001f"', "Invalid control character at: line 1 column 2 (char 1)"],
  ["1 2", "Extra data: line 1 column 3 (char 2)"],
  ["01", "Extra data: line 1 column 2 (char 1)"],
  ["[-01]", "Expecting ',' delimiter: line 1 column 4 (char 3)"],
  ["-", "Expecting value: line 1 column 1 (char 0)"],
  ["-a", "Expecting value: line 1 column 1 (char 0)"],
  ["[-]", "Expecting value: line 1 column 2 (char 1)"],
  ["1.", "Extra data: line 1 column 2 (char 1)"],
  ["1e", "Extra data: line 1 column 2 (char 1)"],
  ["1.e5", "Extra data: line 1 column 2 (char 1)"],
  ["[1.5e]", "Expecting ',' delimiter: line 1 column 5 (char 4)"],
  ["[0x10]", "Expecting ',' delimiter: line 1 column 3 (char 2)"],
  ["[.5]", "Expecting value: line 1 column 2 (char 1)"],
  ["[+1]", "Expecting value: line 1 column 2 (char 1)"],
  ["nul", "Expecting value: line 1 column 1 (char 0)"],
  ["tru", "Expecting value: line 1 column 1 (char 0)"],
  ["fals", "Expecting value: line 1 column 1 (char 0)"],
  ["[True]", "Expecting value: line 1 column 2 (char 1)"],
  ['{"a":1}}', "Extra data: line 1 column 8 (char 7)"],
  ["[1]x", "Extra data: line 1 column 4 (char 3)"],
  ["\n\n  [1,\n 2 3]", "Expecting ',' delimiter: line 4 column 4 (char 11)"],
  ["[1,\r\n 2,\n  x]", "Expecting value: line 3 column 3 (char 11)"],
  ['{"a":\n  [1, 2,]\n}', "Expecting value: line 2 column 9 (char 14)"],
  ['"\ud83d\ude00" x', "Extra data: line 1 column 5 (char 4)"],
  ['"\ud83d\ude00\ud83d\ude00" 1', "Extra data: line 1 column 6 (char 5)"],
  ["\n\ud83d\ude00", "Expecting value: line 2 column 1 (char 1)"],
  ["\f1", "Expecting value: line 1 column 1 (char 0)"],
  ["\u000b1", "Expecting value: line 1 column 1 (char 0)"],
  ["\u00a01", "Expecting value: line 1 column 1 (char 0)"],
  [
    "\ufeff1",
    "Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)",
  ],
];

Deno.test("parseJson throws SyntaxError with Python's message and position for malformed text", () => {
  for (const [text, message] of PYTHON_ERRORS) {
    assert.throws(
      () => parseJson(text),
      new SyntaxError(message),
      JSON.stringify(text),
    );
  }
});

Deno.test("parseJson rejects NaN and Infinity, which Python would accept", () => {
  const cases: [string, string][] = [
    ["NaN", "Expecting value: line 1 column 1 (char 0)"],
    ["Infinity", "Expecting value: line 1 column 1 (char 0)"],
    ["-Infinity", "Expecting value: line 1 column 1 (char 0)"],
    ["[1, NaN]", "Expecting value: line 1 column 5 (char 4)"],
    ['{"a": -Infinity}', "Expecting value: line 1 column 7 (char 6)"],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseJson(text), new SyntaxError(message), text);
  }
});

Deno.test("parseJson accepts 512 levels of nesting and throws RangeError beyond, without overflowing the stack", () => {
  const ok = "[".repeat(512) + "]".repeat(512);
  assert.equal(stringifyJson(parseJson(ok), false), ok);
  const okObjects = '{"a":'.repeat(511) + "{}" + "}".repeat(511);
  assert.equal(parseJson(okObjects) !== null, true);
  const tooDeep = new RangeError("JSON nesting deeper than 512 levels");
  assert.throws(() => parseJson("[".repeat(513) + "]".repeat(513)), tooDeep);
  assert.throws(
    () => parseJson('{"a":'.repeat(512) + "{}" + "}".repeat(512)),
    tooDeep,
  );
  assert.throws(() => parseJson("[".repeat(1_000_000)), tooDeep);
});

// ---------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------

Deno.test("stringifyJson after parseJson reproduces Python's texts byte for byte", () => {
  const docs = vectors.documents as [string, string][];
  assert.equal(docs.length, 100);
  for (const [plain, pretty] of docs) {
    const v = parseJson(plain);
    assert.equal(stringifyJson(v, false), plain);
    assert.equal(stringifyJson(v, true), pretty);
    assert.equal(chunked(v, false), plain);
    assert.equal(chunked(v, true), pretty);
    assert.deepEqual(parseJson(pretty), v);
  }
});

function randomValueGenerator(seed: number): () => JsonValue {
  const rng = new Rng(seed);
  const rnd = () => rng.float();
  const int = (n: number) => Math.floor(rnd() * n);
  const codeUnit = (): number => {
    switch (int(6)) {
      case 0:
        return int(0x20); // controls
      case 1:
        return [0x22, 0x5c, 0x2f, 0x7f][int(4)];
      case 2:
        return 0xd800 + int(0x800); // surrogates, often lone
      case 3:
        return 0x80 + int(0x10000 - 0x80);
      default:
        return 0x20 + int(0x5f);
    }
  };
  const str = (): string => {
    const units: number[] = [];
    // Mostly short like crit's strings, sometimes long enough for the
    // writer's bulk-copy path.
    for (let n = rnd() < 0.9 ? int(12) : int(200); n > 0; n--) {
      units.push(rnd() < 0.9 ? 0x20 + int(0x5f) : codeUnit());
    }
    return String.fromCharCode(...units);
  };
  const bigint = (): bigint => {
    // Always beyond 2^53 - 1, where the parser must return bigint.
    const magnitude = 2n ** 53n + BigInt(int(2 ** 30)) * 2n ** BigInt(int(40));
    return rnd() < 0.5 ? -magnitude : magnitude;
  };
  const float = (): number => {
    const x = (rnd() - 0.5) * 10 ** (int(30) - 15);
    return Number.isInteger(x) ? x + 0.5 : x;
  };
  const scalar = (): JsonValue => {
    switch (int(9)) {
      case 0:
        return null;
      case 1:
        return rnd() < 0.5;
      case 2:
        return int(100);
      case 3:
        return Math.floor((rnd() - 0.5) * 2 * Number.MAX_SAFE_INTEGER);
      case 4:
        return bigint();
      case 5:
        return float();
      case 6:
        return [0, 2 ** 53 - 1, -(2 ** 53 - 1), 2n ** 64n - 1n, -(2n ** 63n)][
          int(5)
        ];
      default:
        return str();
    }
  };
  const value = (depth: number): JsonValue => {
    const r = rnd();
    if (depth >= 5 || r < 0.4) return scalar();
    const n = int(6);
    if (r < 0.7) return Array.from({ length: n }, () => value(depth + 1));
    const obj: JsonObject = {};
    for (let i = 0; i < n; i++) {
      const k = rnd() < 0.05 ? "__proto__" : str();
      if (k === "__proto__") withProtoKey(obj, value(depth + 1));
      else obj[k] = value(depth + 1);
    }
    return obj;
  };
  return () => value(0);
}

Deno.test("parseJson(stringifyJson(v)) deep-equals v for 1000 seeded random values", () => {
  const next = randomValueGenerator(0x5eed);
  let bigints = 0;
  let loneSurrogates = 0;
  for (let n = 0; n < 1000; n++) {
    const v = next();
    for (const pretty of [false, true]) {
      const text = stringifyJson(v, pretty);
      assert.ok(/^[\x20-\x7e\n]*$/.test(text), "output is ASCII");
      const back = parseJson(text);
      assert.deepStrictEqual(back, v);
      assert.equal(stringifyJson(back, pretty), text);
      assert.equal(chunked(v, pretty), text);
    }
    const plain = stringifyJson(v, false);
    if (/\d{17}/.test(plain)) bigints++;
    if (/\\ud[89a-f]/.test(plain)) loneSurrogates++;
  }
  // Guard against a generator that silently stopped covering the hard cases.
  assert.ok(bigints > 100, `${bigints} values with bigints`);
  assert.ok(loneSurrogates > 100, `${loneSurrogates} values with surrogates`);
});

Deno.test("stringifyJson writes integers as Python does, around the writer's 8-digit split and digit counts", () => {
  // Python's str(int) is JavaScript's String() for safe integers.
  const rng = new Rng(8);
  const edges = [
    0,
    9,
    10,
    99_999_999,
    100_000_000,
    100_000_001,
    199_999_999,
    1_000_000_000_000_000,
    Number.MAX_SAFE_INTEGER,
    4294967296,
  ];
  // Each count of digits, its first and last value (1e15 - 1 ... 1e16).
  for (let k = 1; k <= 16; k++) edges.push(10 ** k - 1, 10 ** k, 10 ** k + 1);
  const values = [...edges, ...edges.map((v) => -v)];
  for (let i = 0; i < 20000; i++) {
    const v = Math.floor(rng.float() * 2 ** (1 + rng.int(53)));
    values.push(rng.int(2) ? -v : v);
  }
  for (const v of values) {
    assert.equal(stringifyJson(v, false), String(v), `${v}`);
  }
});
