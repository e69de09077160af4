/**
 * The WebAssembly text writer (src/message/wire_text.wat) against the
 * JavaScript writers it stands in for: every entry of every fixture image
 * it takes gives writeMessageJson's one-line text byte for byte; broken and
 * unusual messages are refused, or written as JavaScript writes them; the
 * many-entries form gives the same text as one entry at a time.
 */
import assert from "node:assert/strict";
import {
  loadWasmBytes,
  wasmEntriesText,
  wasmMessageText,
  wasmSupports,
  writeMessageJson,
} from "../../src/message/mod.ts";
import { Writer } from "../../src/json/writer.ts";
import { encodeQuotedPrintable } from "../../src/json/quopri.ts";
import { Kind, type MessagePlan } from "../../src/wire/plan.ts";
import { WireError } from "../../src/wire/wire.ts";
import { concatBytes } from "../../src/wire/bytes.ts";
import { fixtureEntries } from "../_helpers/fixture_entries.ts";
import { Rng } from "../_helpers/prng.ts";
import {
  messageFields,
  messageVariants,
  valueSlots,
} from "../_helpers/message_variants.ts";

const fixtures = new URL("../fixtures", import.meta.url).pathname;
const text = new TextDecoder();

/** writeMessageJson's one-line text, or undefined where it refuses or throws. */
function jsText(plan: MessagePlan, body: Uint8Array): string | undefined {
  const w = new Writer(null, false, 0);
  try {
    return writeMessageJson(w, plan, body, 0, body.length, false, 2)
      ? w.drain()
      : undefined;
  } catch (e) {
    assert.ok(e instanceof WireError, String(e));
    return undefined;
  }
}

function wasmText(plan: MessagePlan, body: Uint8Array): string | undefined {
  assert.ok(loadWasmBytes(body, 0, body.length));
  const t = wasmMessageText(plan, 0, body.length);
  return t === undefined ? undefined : text.decode(t);
}

const ALL = fixtureEntries();

Deno.test("fixture entries the WebAssembly writer takes are written as writeMessageJson writes them", () => {
  const types = new Set<string>();
  let written = 0;
  for (const { path, plan, body } of ALL) {
    if (!wasmSupports(plan)) continue;
    const got = wasmText(plan, body);
    if (got === undefined) continue;
    assert.equal(got, jsText(plan, body), `${path} ${plan.name}`);
    types.add(plan.name);
    written++;
  }
  // mm, pagemap, fdinfo, pstree, core's neighbours...: most of the fixtures.
  assert.ok(written > 500, `${written} written`);
  for (
    const t of ["mm_entry", "pagemap_entry", "fdinfo_entry", "pstree_entry"]
  ) {
    assert.ok(types.has(t), t);
  }
});

Deno.test("the many-entries form writes what one entry at a time writes, and stops where asked", () => {
  for (
    const file of [
      "14a-memory-truth/pagemap-10726.img",
      "03d-eventfd-epoll-signalfd-timerfd-inotify-fanotify/fdinfo-2.img",
    ]
  ) {
    const bytes = Deno.readFileSync(`${fixtures}/${file}`);
    const entries = ALL.filter((e) => e.path === `${fixtures}/${file}`).slice(
      1,
    );
    const plan = entries[0].plan;
    // From the second entry on: its u32 size is 4 bytes before its message.
    const start = entries[0].body.byteOffset - bytes.byteOffset - 4;
    assert.ok(loadWasmBytes(bytes, start, bytes.length));
    const all = wasmEntriesText(plan, 0, bytes.length - start, 1 << 20, true)!;
    assert.equal(all.count, entries.length, file);
    assert.equal(all.stop, bytes.length - start, file);
    const want = "[" +
      entries.map((e) => jsText(plan, e.body)).join(", ");
    assert.equal(text.decode(all.text), want, file);
    // An entry over the size limit stops it, before that entry.
    const sizes = entries.map((e) => e.body.length);
    const max = Math.max(...sizes) - 1;
    const k = sizes.findIndex((s) => s > max);
    assert.ok(loadWasmBytes(bytes, start, bytes.length));
    const some = wasmEntriesText(plan, 0, bytes.length - start, max, false)!;
    assert.equal(some.count, k, file);
    assert.equal(
      text.decode(some.text),
      entries.slice(0, k).map((e) => ", " + jsText(plan, e.body)).join(""),
    );
  }
});

/** Byte strings for string and bytes fields: every class of byte crit treats apart. */
function valueCases(rng: Rng): Uint8Array[] {
  const ascii = Array.from({ length: 95 }, (_, i) => 0x20 + i);
  const cases: number[][] = [
    [],
    [0x61],
    ascii,
    ...Array.from({ length: 32 }, (_, c) => [0x61, c, 0x62]),
    [0x7f],
    [0x22, 0x5c],
    [0xc3, 0xa9], // é
    [0xe6, 0x97, 0xa5, 0xe6, 0x9c, 0xac], // 日本
    [0xf0, 0x9f, 0x98, 0x80], // an astral character: a surrogate pair
    [0xef, 0xbb, 0xbf, 0x41], // a byte-order mark first
    [0xff],
    [0xc0, 0xaf], // overlong
    [0xed, 0xa0, 0x80], // a surrogate's bytes
    [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
    [0xe6, 0x97],
    [0xe6, 0x97, 0x41],
    [0xf0, 0x9f, 0x98],
    // quoted-printable's own cases: a lone dot, a dot before a NUL, a
    // trailing space or tab, "=", and lines of 74 to 78 characters
    [0x2e],
    [0x2e, 0x00],
    [0x61, 0x2e],
    [0x61, 0x20],
    [0x61, 0x09],
    [0x09, 0x62],
    [0x3d],
    [0x00, ...new TextEncoder().encode("/tmp/.X11-unix/X0")],
    ...[72, 73, 74, 75, 76, 77].map((n) => Array(n).fill(0x61)),
    [...Array(73).fill(0x61), 0xff],
    [0x61, 0x0a, 0x62],
    [0x61, 0x0d],
  ];
  // base64 lines break every 57 bytes.
  for (const n of [1, 2, 3, 56, 57, 58, 113, 114, 115, 200]) {
    cases.push(Array.from({ length: n }, () => rng.int(256)));
  }
  for (let i = 0; i < 20; i++) {
    cases.push(Array.from({ length: rng.int(40) }, () => rng.int(256)));
  }
  return cases.map((c) => new Uint8Array(c));
}

Deno.test("string and bytes values of every kind are written as writeMessageJson writes them", () => {
  const rng = new Rng(7);
  const values = valueCases(rng);
  const seen = new Set<string>();
  const written = { string: 0, base64: 0, unix_name: 0 };
  let refused = 0;
  for (const { plan, body } of ALL) {
    for (const slot of valueSlots(plan, body)) {
      if (seen.has(slot.path)) continue;
      seen.add(slot.path);
      const kind = slot.field.kind === Kind.String
        ? "string"
        : slot.field.conv === "unix_name"
        ? "unix_name"
        : "base64";
      for (const value of values) {
        const v = slot.with(value);
        const want = jsText(plan, v);
        const got = wasmText(plan, v);
        if (got === undefined) {
          // Only a name whose quoted-printable text breaks a line.
          assert.equal(kind, "unix_name", `${slot.path} ${value}`);
          assert.ok(
            encodeQuotedPrintable(value).includes("\n"),
            `${slot.path} ${value}`,
          );
          refused++;
          continue;
        }
        assert.equal(got, want, `${slot.path} ${value}`);
        written[kind]++;
      }
    }
  }
  // Paths and names, a tty's data and a device's address, unix socket names.
  assert.ok(written.string > 1000, `${written.string} strings`);
  assert.ok(written.base64 > 100, `${written.base64} bytes`);
  assert.ok(written.unix_name > 40, `${written.unix_name} names`);
  assert.ok(refused > 0);
});

Deno.test("string and bytes text is Python crit's", () => {
  // Each text is what Python 3.11 printed: json.dumps of
  // b.decode("utf-8", "surrogateescape"), of base64.encodebytes(b).decode()
  // and of quopri.encodestring(b).decode().
  const cases: [string, number[], string][] = [
    [
      "file_entry.reg/reg_file_entry.name",
      [
        ...[99, 97, 102, 195, 169, 45, 255, 239, 187, 191, 1, 34, 92, 127],
        ...[240, 159, 152, 128, 237, 160, 128, 9, 47],
      ],
      '"caf\\u00e9-\\udcff\\ufeff\\u0001\\"\\\\\\u007f\\ud83d\\ude00\\udced\\udca0\\udc80\\t/"',
    ],
    [
      "tty_data_entry.data",
      Array.from({ length: 67 }, (_, i) => 3 * i),
      '"AAMGCQwPEhUYGx4hJCcqLTAzNjk8P0JFSEtOUVRXWl1gY2ZpbG9ydXh7foGEh4qNkJOWmZyfoqWo\\nq66xtLe6vcDDxg==\\n"',
    ],
    [
      "file_entry.usk/unix_sk_entry.name",
      [
        ...[0, 47, 116, 109, 112, 47, 46, 88, 49, 49, 45, 117, 110, 105, 120],
        ...[61, 120, 9, 34, 92, 255, 32],
      ],
      '"=00/tmp/.X11-unix=3Dx\\t\\"\\\\=FF=20"',
    ],
  ];
  for (const [path, bytes, python] of cases) {
    const found = ALL.flatMap(({ plan, body }) =>
      valueSlots(plan, body).filter((s) =>
        s.path === path
      ).map((s) => ({
        plan,
        s,
      }))
    )[0];
    const key = path.slice(path.lastIndexOf(".") + 1);
    const got = wasmText(found.plan, found.s.with(new Uint8Array(bytes)));
    assert.ok(got?.includes(`"${key}": ${python}`), `${path}: ${got}`);
  }
});

// Last: a type refused often enough is left to JavaScript for the rest of
// the process, and this test refuses many.
Deno.test("broken and unusual messages are refused by the WebAssembly writer, or written as JavaScript writes them", () => {
  const rng = new Rng(41);
  const negative = new Uint8Array([
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0x01,
  ]);
  let refused = 0;
  let written = 0;
  for (const { plan, body } of ALL) {
    if (!wasmSupports(plan) || body.length === 0 || !rng.chance(0.5)) continue;
    const parts = messageFields(body);
    // The first field's value replaced by a 10-byte varint (-1 as int64).
    const tagLength = parts[0].findIndex((b) => b < 0x80) + 1;
    const wide = parts[0][0] % 8 === 0
      ? concatBytes([
        parts[0].subarray(0, tagLength),
        negative,
        ...parts.slice(1),
      ])
      : body;
    const variants = [...messageVariants(body, rng), wide];
    for (const v of variants) {
      const got = wasmText(plan, v);
      const want = jsText(plan, v);
      if (got === undefined) refused++;
      else {
        assert.equal(got, want, plan.name);
        written++;
      }
    }
  }
  assert.ok(refused > 200, `${refused} refused`);
  assert.ok(written > 50, `${written} written`);
});
