/**
 * `crit encode` of a file reads crit's JSON from its bytes in WebAssembly
 * (encodeJsonBytes) and leaves anything else to the JavaScript path. Whatever
 * it takes must give encodeSync(parse(text))'s bytes; whatever the JavaScript
 * path refuses, it must refuse too (the JavaScript path then words the error).
 */
import assert from "node:assert/strict";
import {
  decodeSync,
  encodeSync,
  type JsonObject,
  parse,
  stringify,
} from "../../mod.ts";
import {
  bytesEncodable,
  encodeJsonBytes,
  leadingMagic,
} from "../../src/codec/_json_bytes.ts";
import { jsonWireIntake } from "../../src/message/json_wire_wasm.ts";
import { concatBytes } from "../../src/wire/bytes.ts";
import { EDGE_NUMBERS, EDGE_STRINGS } from "../_helpers/json_edges.ts";
import { fixtureImagePaths } from "../_helpers/fixture_images.ts";

const utf8 = new TextEncoder();

/** The fast path's bytes for `text`, or undefined when it refuses. */
function fast(text: string): Uint8Array | undefined {
  const image = encodeJsonBytes(utf8.encode(text));
  return image && concatBytes([image.head, image.entries]);
}

/** The JavaScript path's bytes, or its error. */
function general(text: string): Uint8Array | Error {
  try {
    return encodeSync(parse(text));
  } catch (e) {
    return e as Error;
  }
}

/**
 * The fast path agrees with the general one: the same bytes when it takes
 * `text`, and a refusal when the general path fails. Says whether it took it.
 */
function agrees(text: string, what: string): boolean {
  const got = fast(text);
  const want = general(text);
  if (want instanceof Error) {
    assert.equal(got, undefined, `${what}: taken, but ${want.message}`);
    return false;
  }
  if (got === undefined) return false;
  assert.deepEqual(got, want, what);
  return true;
}

const decoded = fixtureImagePaths().flatMap((path) => {
  try {
    const bytes = Deno.readFileSync(path);
    const image = decodeSync(bytes);
    return [{ path, image, prettyImage: decodeSync(bytes, { pretty: true }) }];
  } catch {
    return []; // raw images (pages, tarballs) have no JSON
  }
});

/** What `crit decode` writes, and with `--pretty`. */
function texts(d: (typeof decoded)[number]): [string, string] {
  return [stringify(d.image), stringify(d.prettyImage, { pretty: true })];
}

Deno.test("crit's own text of every fixture image, plain and pretty, gives the general path's bytes", () => {
  let taken = 0;
  const takenMagics = new Set<string>();
  for (const d of decoded) {
    for (const text of texts(d)) {
      if (agrees(text, `${d.path}: ${text.slice(0, 60)}`)) {
        taken++;
        takenMagics.add(d.image.magic);
      }
    }
  }
  // Every image of the kinds the bench encodes, and most others, are taken.
  for (const magic of ["PAGEMAP", "MM", "FDINFO", "FILES", "CORE", "PSTREE"]) {
    assert.ok(takenMagics.has(magic), magic);
  }
  assert.ok(taken > decoded.length * 1.6, `${taken} of ${2 * decoded.length}`);
});

Deno.test("images whose entries carry payloads are left to the streamed path", () => {
  for (const { image } of decoded) {
    if (bytesEncodable(image.magic)) continue;
    assert.equal(fast(stringify(image)), undefined, image.magic);
  }
  assert.equal(bytesEncodable("PIPES_DATA"), false);
  assert.equal(bytesEncodable("PAGEMAP"), true);
});

const pick = (...names: string[]) =>
  names.map((n) => decoded.find((d) => d.path.endsWith(`01-sleep/${n}`))!);
const sleep = pick(
  "core-25537.img",
  "mm-25537.img",
  "pagemap-25537.img",
  "files.img",
  "fdinfo-2.img",
  "pstree.img",
);

/** Replaces `m` in `text` with `edge`. */
function put(text: string, m: RegExpMatchArray, edge: string): string {
  return text.slice(0, m.index) + edge + text.slice(m.index! + m[0].length);
}

const BOOLS = [
  "true",
  "false",
  "falsy",
  "falsee",
  "truex",
  "fals",
  "tru",
  "True",
  "0",
  "1",
  '"true"',
  "null",
];
/** Hex strings and flag names: crit's pretty forms, and near misses. */
const HEX = [
  '"0x0"',
  '"0x1"',
  '"0X1F"',
  '"0xaBcD"',
  '"0x"',
  '"0x0000000000000000001"',
  '"0xffffffffffffffff"',
  '"0x10000000000000000"',
  '"0xffffffff"',
  '"0x100000000"',
  '"0x7fffffff"',
  '"0x80000000"',
  '"-0x1"',
  '" 0x1"',
  '"0x1 "',
  '"0x1_0"',
  '"0xg"',
  '"17"',
  '"0"',
  '"0o17"',
  '"0b1"',
  '""',
  '"PROT_READ"',
  '"PROT_READ | PROT_WRITE"',
  '"PROT_WRITE|PROT_READ"',
  '"PROT_READ | "',
  '"| PROT_READ"',
  '"PROT_READ  |  0x10"',
  '"PROT_READ | PROT_READ"',
  '"0x8000000000000000 | 0x8000000000000000"',
  '"MAP_PRIVATE | MAP_ANON"',
  '"VMA_AREA_REGULAR | VMA_ANON_PRIVATE"',
  '"PE_PRESENT"',
  '"PE_PRESENT | PE_LAZY"',
  '"BOGUS"',
  '"PROT_READ | BOGUS"',
  '"prot_read"',
  '"0x1 | 0x2"',
  '"PROT_READ\\u0020| PROT_WRITE"',
  "7",
];

/**
 * The first value of each key in `text` that `pattern` finds, with the key:
 * one site per field, so that every field meets every edge value.
 */
function sitesByKey(text: string, pattern: RegExp): RegExpMatchArray[] {
  const seen = new Set<string>();
  return [...text.matchAll(pattern)].filter((m) => {
    const key = /"(\w+)":\s*\[?\s*$/.exec(
      text.slice(Math.max(0, m.index! - 60), m.index),
    )?.[1];
    if (key === undefined || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

Deno.test("values at the edges of every kind, in every field: the general path's bytes, or refused where it fails", () => {
  let taken = 0;
  let refused = 0;
  for (const d of sleep) {
    for (const text of texts(d)) {
      const sites: [RegExp, string[]][] = [
        [/(?<=[:[,] |\[|\n +)-?\d+(?=[,}\]\n])/g, EDGE_NUMBERS],
        [/(?<=: )"[^"\\]*"/g, EDGE_STRINGS],
        [/(?<=: )(true|false)(?=[,}\n])/g, BOOLS],
        [/(?<=: )"(0x[0-9a-f]+|[A-Z][A-Z_]+( \| \w+)*)"/g, HEX],
      ];
      for (const [pattern, edges] of sites) {
        for (const m of sitesByKey(text, pattern)) {
          for (const edge of edges) {
            const what = `${d.image.magic}: ${m[0]} -> ${edge}`;
            if (agrees(put(text, m, edge), what)) taken++;
            else refused++;
          }
        }
      }
    }
  }
  assert.ok(
    taken > 1000 && refused > 1000,
    `${taken} taken, ${refused} refused`,
  );
});

Deno.test("device numbers, new and old style, read as crit reads them", () => {
  const mnt = (dev: string) =>
    `{"magic": "MNTS", "entries": [{"fstype": 1, "mnt_id": 2, "root_dev": ${dev}, "parent_mnt_id": 1, "flags": "0x0", "root": "/", "mountpoint": "/", "source": "none", "options": ""}]}`;
  const irmap = (dev: string) =>
    `{"magic": "IRMAP_CACHE", "entries": [{"dev": ${dev}, "inode": 7, "path": "/x"}]}`;
  let taken = 0;
  for (
    const dev of [
      '"0:0"',
      '"8:1"',
      '"253:17"',
      '"4095:1048575"',
      '"4096:0"',
      '"0:1048576"',
      '"08:01"',
      '"8:"',
      '":1"',
      '"1:2:3"',
      '"8 :1"',
      '"-8:1"',
      '"4294967295:0"',
      '"4294967296:0"',
      '"0x8:1"',
      '"8:1_0"',
      '"8"',
      "2049",
      '""',
    ]
  ) {
    for (const text of [mnt(dev), irmap(dev)]) {
      if (agrees(text, dev)) taken++;
    }
  }
  assert.ok(taken >= 12, `${taken} taken`);
});

Deno.test("each form of value crit writes, and Python's other hex spellings, is taken", () => {
  const mnt = (flags: string, tail = "") =>
    `{"magic": "MNTS", "entries": [{"fstype": 1, "mnt_id": 2, "root_dev": "8:1", "parent_mnt_id": 1, "flags": ${flags}, "root": "/", "mountpoint": "/", "source": "none", "options": ""${tail}}]}`;
  for (
    const text of [
      mnt('"0x0"'),
      mnt('"0x1f"'),
      mnt('"0X1F"'),
      mnt('"0xaBcD"'),
      mnt('"0x00000000ffffffff"'),
      mnt("7"),
      mnt("4294967295"),
      mnt('"0x1"', ', "with_plugin": true, "ext_mount": false'),
      mnt('"0x1"', ', "fsname": "~!#$%&()*+,-./:;<=>?@[]^_`{|}"'),
    ]
  ) {
    assert.ok(agrees(text, text), text);
  }
});

Deno.test("nested messages around 128 bytes, 16 KiB and 2 MiB get lengths of 1 to 4 bytes", () => {
  const files = sleep[3].image as unknown as { entries: JsonObject[] };
  const at = files.entries.findIndex((e) => e.reg !== undefined);
  const withName = (n: number) => {
    const copy = structuredClone(files);
    (copy.entries[at].reg as JsonObject).name = "/" + "x".repeat(n);
    return stringify(copy as never);
  };
  let checked = 0;
  for (const boundary of [128, 16_384, 2_097_152]) {
    // A reg message of every length from boundary - 4 to boundary + 4, give
    // or take its fixed part (under 100 bytes).
    for (
      let n = boundary - 110;
      n <= boundary + 4;
      n += boundary > 128 ? 1 : 2
    ) {
      if (n < 0) continue;
      assert.ok(
        agrees(withName(n), `a name of ${n}`),
        `a name of ${n} is taken`,
      );
      checked++;
    }
  }
  assert.ok(checked > 250);
});

Deno.test("output larger than its text grows the memory as it goes", () => {
  // -1 in an int32 field is 2 characters of text and 10 bytes of varint:
  // netns_entry's def_conf, its first field, is a list of int32s.
  const image = decoded.find((d) => d.image.magic === "NETNS")!.image;
  const entry = image.entries[0] as JsonObject;
  for (const n of [1_000, 300_000]) {
    const text = stringify({
      ...image,
      entries: [{ def_conf: Array(n).fill(-1), ...entry }],
    } as never);
    assert.ok(agrees(text, `${n} times -1`), `${n} times -1 is taken`);
    // Past the room given at the start (as many bytes as the text).
    if (n > 1_000) assert.ok(fast(text)!.length > 2 * text.length);
  }
});

Deno.test("the document around the entries: crit's shape is taken, any other is left", () => {
  const text = stringify(sleep[5].image);
  assert.ok(fast(text));
  const variants = [
    text.replace('{"magic"', ' \n{ "magic"'),
    text + "\n",
    text.replace("]}", "] }  "),
    text.replace('"magic": "PSTREE"', '"magic": "PSTREEX"'),
    text.replace('"magic": "PSTREE"', '"magic": "P\\u0053TREE"'),
    text.replace('"magic": "PSTREE"', '"magic": 7'),
    text.replace("]}", '], "extra": 1}'),
    text.replace("]}", "]}}"),
    text.replace("]}", "]} x"),
    text.replace("]}", "]"),
    text.replace("]}", "]}\u0000"),
    text.replace("}]}", "},]}"),
    text.replace("}]}", "}, ]}"),
    text.slice(0, -3),
    `{"entries": ${
      stringify(sleep[5].image).slice(31, -1)
    }, "magic": "PSTREE"}`,
    '{"magic": "PSTREE", "entries": []}',
    '{"magic": "PSTREE", "entries": [ ]}',
    '{"magic": "PSTREE", "entries": [{}]}',
    '{"magic": "PSTREE", "entries": [{"pid": 1}]}',
    // A required field missing in the middle, and at the end.
    '{"magic": "PSTREE", "entries": [{"pid": 1, "pgid": 1, "sid": 1}]}',
    '{"magic": "PSTREE", "entries": [{"pid": 1, "ppid": 0, "pgid": 1}]}',
    '{"magic": "PSTREE", "entries": [{"pid": 1, "ppid": 0, "pgid": 1, "sid": 1}]}',
    '{"magic": "PSTREE", "entries": [{"pid": 1, "ppid": 0, "pgid": 1, "sid": 1}, ]}',
  ];
  let taken = 0;
  for (const v of variants) if (agrees(v, v.slice(0, 80))) taken++;
  assert.ok(taken >= 5, `${taken} taken`);
  assert.equal(leadingMagic(utf8.encode(text.slice(0, 40))), "PSTREE");
  assert.equal(leadingMagic(utf8.encode(variants[14])), undefined);
});

Deno.test("a text read into the encoder's memory is taken in place, and the memory is lent once", () => {
  const text = utf8.encode(stringify(sleep[1].prettyImage, { pretty: true }));
  const intake = jsonWireIntake(text.length + 1)!;
  intake.bytes.set(text);
  // Another text while the memory is lent would overwrite it: refused.
  assert.equal(
    encodeJsonBytes(utf8.encode(stringify(sleep[5].image))),
    undefined,
  );
  const image = encodeJsonBytes(intake.bytes.subarray(0, text.length))!;
  assert.deepEqual(
    concatBytes([image.head, image.entries]),
    encodeSync(sleep[1].image),
  );
  // The text is still there for the JavaScript path, if it had refused.
  assert.deepEqual(intake.bytes.subarray(0, text.length), text);
  intake.release();
  assert.ok(encodeJsonBytes(utf8.encode(stringify(sleep[5].image))));
});

Deno.test("a text read in place is still there, whole, after its encoding grew the memory", () => {
  const netns = decoded.find((d) => d.image.magic === "NETNS")!.image;
  const entry = netns.entries[0] as JsonObject;
  const text = utf8.encode(stringify({
    ...netns,
    entries: [{ def_conf: Array(1_000_000).fill(-1), ...entry }],
  } as never));
  const intake = jsonWireIntake(1000)!;
  // Lent in two steps, as standard input is read.
  assert.ok(intake.grow(text.length - 1000));
  intake.bytes.set(text);
  const before = intake.bytes.buffer;
  const image = encodeJsonBytes(intake.bytes)!;
  assert.ok(image.entries.length > 10_000_000);
  assert.notEqual(intake.bytes.buffer, before, "the memory grew");
  assert.equal(intake.bytes.length, text.length);
  assert.deepEqual(intake.bytes, text);
  intake.release();
  assert.equal(intake.grow(1), false);
});
