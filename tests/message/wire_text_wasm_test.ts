/**
 * The WebAssembly text writer (src/message/wire_text.wat) against the
 * JavaScript writers it stands in for, one-line and pretty: every entry of
 * every fixture image it takes gives writeMessageJson's text byte for byte,
 * and so do edge values put in every string, bytes and integer field found
 * in them; broken and unusual messages are refused, or written as
 * JavaScript writes them; the many-entries form gives the same text as one
 * entry at a time.
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
import {
  type FieldPlan,
  Kind,
  type MessagePlan,
  messagePlan,
} from "../../src/wire/plan.ts";
import { WireError, WireReader } from "../../src/wire/wire.ts";
import { concatBytes } from "../../src/wire/bytes.ts";
import { fixtureEntries } from "../_helpers/fixture_entries.ts";
import { Rng } from "../_helpers/prng.ts";
import {
  fieldSlots,
  lengthPrefixed,
  messageFields,
  messageVariants,
} from "../_helpers/message_variants.ts";
import { varintBytes } from "../_helpers/wire_builders.ts";
import { IP_TEXTS } from "../_helpers/ip_texts.ts";

const fixtures = new URL("../fixtures", import.meta.url).pathname;
const text = new TextDecoder();
const LAYOUTS = [false, true];

/**
 * writeMessageJson's text as an image's entry, or undefined where it
 * refuses or throws.
 */
function jsText(
  plan: MessagePlan,
  body: Uint8Array,
  pretty = false,
): string | undefined {
  const w = new Writer(null, pretty, 0);
  try {
    return writeMessageJson(w, plan, body, 0, body.length, pretty, 2)
      ? w.drain()
      : undefined;
  } catch (e) {
    assert.ok(e instanceof WireError, String(e));
    return undefined;
  }
}

function wasmText(
  plan: MessagePlan,
  body: Uint8Array,
  pretty = false,
): string | undefined {
  assert.ok(loadWasmBytes(body, 0, body.length));
  const t = wasmMessageText(plan, 0, body.length, pretty);
  return t === undefined ? undefined : text.decode(t);
}

const ALL = fixtureEntries();

Deno.test("fixture entries the WebAssembly writer takes are written as writeMessageJson writes them", () => {
  for (const pretty of LAYOUTS) {
    const types = new Set<string>();
    let written = 0;
    for (const { path, plan, body } of ALL) {
      if (!wasmSupports(plan, pretty)) continue;
      const got = wasmText(plan, body, pretty);
      if (got === undefined) continue;
      assert.equal(got, jsText(plan, body, pretty), `${path} ${plan.name}`);
      types.add(plan.name);
      written++;
    }
    assert.equal(written, ALL.length);
    for (
      const t of ["mm_entry", "fdinfo_entry", "file_entry", "core_entry"]
    ) {
      assert.ok(types.has(t), t);
    }
  }
});

Deno.test("the many-entries form writes what one entry at a time writes, and stops where asked", () => {
  for (
    const file of [
      "14a-memory-truth/pagemap-10726.img",
      "03d-eventfd-epoll-signalfd-timerfd-inotify-fanotify/fdinfo-2.img",
      "03d-eventfd-epoll-signalfd-timerfd-inotify-fanotify/files.img",
    ]
  ) {
    for (const pretty of LAYOUTS) {
      const bytes = Deno.readFileSync(`${fixtures}/${file}`);
      const entries = ALL.filter((e) => e.path === `${fixtures}/${file}`)
        .slice(1);
      const plan = entries[0].plan;
      const [first, next] = pretty
        ? ["[\n        ", ",\n        "]
        : ["[", ", "];
      // From the second entry on: its u32 size is 4 bytes before its message.
      const start = entries[0].body.byteOffset - bytes.byteOffset - 4;
      assert.ok(loadWasmBytes(bytes, start, bytes.length));
      const all = wasmEntriesText(
        plan,
        0,
        bytes.length - start,
        1 << 20,
        true,
        pretty,
      )!;
      assert.equal(all.count, entries.length, file);
      assert.equal(all.stop, bytes.length - start, file);
      const want = first +
        entries.map((e) => jsText(plan, e.body, pretty)).join(next);
      assert.equal(text.decode(all.text), want, file);
      // An entry over the size limit stops it, before that entry.
      const sizes = entries.map((e) => e.body.length);
      const max = Math.max(...sizes) - 1;
      const k = sizes.findIndex((s) => s > max);
      assert.ok(loadWasmBytes(bytes, start, bytes.length));
      const some = wasmEntriesText(
        plan,
        0,
        bytes.length - start,
        max,
        false,
        pretty,
      )!;
      assert.equal(some.count, k, file);
      assert.equal(
        text.decode(some.text),
        entries.slice(0, k).map((e) => next + jsText(plan, e.body, pretty))
          .join(""),
      );
    }
  }
});

const INTEGERS = new Set([
  Kind.Int32,
  Kind.Uint32,
  Kind.Sint32,
  Kind.Int64,
  Kind.Uint64,
  Kind.Sint64,
]);

/** Edge values of an integer field of `kind`, with their varints. */
function integerCases(kind: Kind): [bigint, Uint8Array][] {
  const small = [
    0n,
    1n,
    9n,
    10n,
    255n,
    0xfffffn,
    0x100000n,
    0x12345678n,
    0x7fffffffn,
  ];
  const unsigned = [...small, 0x80000000n, 0xffffffffn];
  const wide = [2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 63n - 1n];
  const negative = [-1n, -0x100000n, -(2n ** 31n)];
  const wideNegative = [-(2n ** 53n) + 1n, -(2n ** 53n), -(2n ** 63n)];
  const values = kind === Kind.Uint32
    ? unsigned
    : kind === Kind.Uint64
    ? [...unsigned, ...wide, 2n ** 63n, 2n ** 64n - 1n]
    : kind === Kind.Int32 || kind === Kind.Sint32
    ? [...small, ...negative]
    : [...unsigned, ...wide, ...negative, ...wideNegative];
  const zigzag = kind === Kind.Sint32 || kind === Kind.Sint64;
  return values.map((v) => [
    v,
    new Uint8Array(varintBytes(zigzag ? (v < 0n ? -2n * v - 1n : 2n * v) : v)),
  ]);
}

/** What pretty text makes of an integer of `f`, for counting the cases. */
function integerShape(f: FieldPlan): string {
  if (f.hex) return "hex";
  if (f.dev) return f.odev ? "odev" : "dev";
  if (f.flags !== undefined) return f.flags === null ? "hex" : "flags";
  if (f.dict !== undefined) return "dict";
  return "number";
}

Deno.test("integer fields of every pretty form are written as writeMessageJson writes them", () => {
  const seen = new Set<string>();
  const written: Record<string, number> = {};
  // A deleted file's entry, made here: its images carry payloads, so the
  // fixture entries have none, and its rdev is the one old-style device.
  const ghost = {
    plan: messagePlan("ghost_file_entry"),
    // uid, gid, mode 0; dev, rdev 1
    body: new Uint8Array([8, 0, 16, 0, 24, 0, 32, 1, 48, 1]),
  };
  for (const { plan, body } of [...ALL, ghost]) {
    // Entries it leaves to JavaScript anyway (an inet socket's addresses,
    // pretty) tell nothing here.
    const layouts = LAYOUTS.filter((p) =>
      wasmText(plan, body, p) !== undefined
    );
    for (const slot of fieldSlots(plan, body, (f) => INTEGERS.has(f.kind))) {
      if (seen.has(slot.path)) continue;
      seen.add(slot.path);
      // A field inside a message written in hex (registers) is hex too.
      const shape = slot.path.includes("regs") && !slot.field.hex
        ? "in hex"
        : integerShape(slot.field);
      for (const [value, encoded] of integerCases(slot.field.kind)) {
        const v = slot.with(encoded);
        for (const pretty of layouts) {
          const want = jsText(plan, v, pretty);
          const got = wasmText(plan, v, pretty);
          if (got === undefined) {
            // Only a device, flags or dict value JavaScript takes as a
            // rounded number: 2^53 or more.
            assert.ok(pretty, `${slot.path} ${value}`);
            assert.ok(
              value >= 2n ** 53n || value <= -(2n ** 53n),
              `${slot.path} ${value}`,
            );
            continue;
          }
          assert.equal(got, want, `${slot.path} ${value}`);
          const key = pretty ? shape : "one-line";
          written[key] = (written[key] ?? 0) + 1;
        }
      }
    }
  }
  for (
    const shape of [
      "one-line",
      "number",
      "hex",
      "in hex",
      "dev",
      "odev",
      "flags",
      "dict",
    ]
  ) {
    assert.ok((written[shape] ?? 0) >= 10, `${shape}: ${written[shape]}`);
  }
});

Deno.test("varints of every length, also overlong ones, near the end of a message or not, are read as JavaScript reads them", () => {
  const plan = messagePlan("pagemap_entry");
  const values = [2n ** 64n - 1n];
  for (let k = 0n; k < 64n; k++) values.push(2n ** k - 1n, 2n ** k);
  /** `v` in `n` bytes or more: padded with continuation bytes. */
  const overlong = (v: bigint, n: number) => {
    const b = varintBytes(v);
    while (b.length < n) {
      b[b.length - 1] |= 0x80;
      b.push(0);
    }
    return b;
  };
  let cases = 0;
  for (const v of values) {
    for (const n of [0, 4, 8, 9, 10]) {
      const vaddr = overlong(v, n);
      const nr = overlong(v & 0xffffn, n);
      const bodies = [
        // The number last: fewer than eight bytes after it start.
        [0x08, 1, 0x10, 1, 0x28, ...vaddr],
        [0x08, ...vaddr, 0x10, 1],
        [0x08, ...vaddr, 0x10, 1, 0x28, ...nr],
      ];
      for (const body of bodies.map((b) => new Uint8Array(b))) {
        for (const pretty of LAYOUTS) {
          const want = jsText(plan, body, pretty);
          assert.ok(want !== undefined);
          assert.equal(
            wasmText(plan, body, pretty),
            want,
            `${v} in ${vaddr.length} bytes: ${body}`,
          );
          cases++;
        }
      }
    }
  }
  assert.ok(cases > 1500, `${cases} cases`);
});

Deno.test("pretty lists of IP addresses are Python's ipaddress text, or numbers", () => {
  // An inet socket of the fixtures, its source address list replaced.
  const found = ALL.find(({ plan, body }) =>
    fieldSlots(plan, body, (f) => f.name === "isk").length > 0
  )!;
  const file = messageFields(found.body);
  const isk = file.findIndex((p) => p[0] === (4 << 3 | 2));
  const r = new WireReader(file[isk]);
  r.varint();
  const len = r.varint();
  const socket = messageFields(file[isk].subarray(r.pos, r.pos + len));
  const withSource = (words: number[]) => {
    const kept = socket.filter((p) => p[0] !== (11 << 3));
    const at = kept.findIndex((p) =>
      p[0] === (12 << 3) || p[0] === (13 << 3 | 2)
    );
    const inner = concatBytes([
      ...kept.slice(0, at),
      ...words.map((w) => new Uint8Array([11 << 3, ...varintBytes(w)])),
      ...kept.slice(at),
    ]);
    return concatBytes([
      ...file.slice(0, isk),
      new Uint8Array([4 << 3 | 2]),
      lengthPrefixed(inner),
      ...file.slice(isk + 1),
    ]);
  };
  const plan = found.plan;
  for (const [words, python] of IP_TEXTS) {
    const v = withSource(words);
    const got = wasmText(plan, v, true)!;
    assert.equal(got, jsText(plan, v, true), python);
    assert.ok(
      got.includes(
        `"src_addr": [\n                    "${python}"\n                ]`,
      ),
      `${python}: ${got}`,
    );
  }
  // Two, three or five words are no address: numbers.
  for (const words of [[1, 2], [1, 2, 3], [1, 2, 3, 4, 5]]) {
    const v = withSource(words);
    const got = wasmText(plan, v, true)!;
    assert.equal(got, jsText(plan, v, true), String(words));
    assert.ok(got.includes(`"src_addr": [\n                    1,`), got);
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
    for (
      const slot of fieldSlots(
        plan,
        body,
        (f) => f.kind === Kind.String || f.kind === Kind.Bytes,
      )
    ) {
      if (seen.has(slot.path)) continue;
      seen.add(slot.path);
      const kind = slot.field.kind === Kind.String
        ? "string"
        : slot.field.conv === "unix_name"
        ? "unix_name"
        : "base64";
      for (const value of values) {
        const v = slot.with(lengthPrefixed(value));
        const want = jsText(plan, v);
        const got = wasmText(plan, v);
        if (got !== undefined) {
          assert.equal(wasmText(plan, v, true), jsText(plan, v, true));
        }
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
      fieldSlots(plan, body, () =>
        true).filter((s) => s.path === path)
        .map((s) => ({ plan, s }))
    )[0];
    const key = path.slice(path.lastIndexOf(".") + 1);
    const got = wasmText(
      found.plan,
      found.s.with(lengthPrefixed(new Uint8Array(bytes))),
    );
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
