/**
 * The checker's one-walk decode against decodeSync, which it stands in for:
 * on every fixture image named like its kind it answers (so the fast way is
 * the one taken), with decodeSync's entries cut down to what the checks
 * read; on damaged images it answers only where decodeSync decodes, so
 * every error is still decodeSync's own.
 */
import assert from "node:assert/strict";
import { decodeKnown, SELECTIONS } from "../../src/check/_decode.ts";
import { expectedMagic } from "../../src/check/_context.ts";
import { decodeSync } from "../../src/codec/decode.ts";
import type { FieldSelection } from "../../src/codec/decode_selected.ts";
import type { JsonObject } from "../../src/json/types.ts";
import { entryKind } from "../../src/image/kinds.ts";
import { Rng } from "../_helpers/prng.ts";

const FIXTURES = new URL("../fixtures/", import.meta.url).pathname;

/** Fixture images whose name tells their kind, with that kind. */
function images(): [string, string][] {
  const out: [string, string][] = [];
  for (const d of Deno.readDirSync(FIXTURES)) {
    if (!d.isDirectory) continue;
    for (const f of Deno.readDirSync(FIXTURES + d.name)) {
      const magic = expectedMagic(f.name);
      if (magic !== undefined) out.push([`${d.name}/${f.name}`, magic]);
    }
  }
  return out.sort();
}

/** decodeSync's entries cut down to `sel` (all but "@unknown" without). */
function project(v: JsonObject, sel: FieldSelection | undefined): JsonObject {
  const out: JsonObject = {};
  for (const [key, x] of Object.entries(v)) {
    const want = sel === undefined ? key !== "@unknown" || undefined : sel[key];
    if (want === undefined) continue;
    if (want === true) out[key] = x;
    else if (Array.isArray(x)) {
      out[key] = x.map((m) => project(m as JsonObject, want));
    } else out[key] = project(x as JsonObject, want);
  }
  return out;
}

/**
 * An entry without the fields of a newer schema ("@unknown"), which the
 * checker may keep or leave out: no check reads them.
 */
function known(entry: JsonObject): JsonObject {
  const { "@unknown": _, ...rest } = entry;
  return rest;
}

/** What decodeKnown must give: decodeSync's entries, as far as it reads them. */
function expected(bytes: Uint8Array, magic: string): JsonObject[] | Error {
  try {
    const image = decodeSync(bytes, { nopl: true });
    assert.equal(image.magic, magic);
    return image.entries.map((e) => project(e, SELECTIONS[magic]));
  } catch (e) {
    return e as Error;
  }
}

/** Kinds of plain lists of messages: the ones decodeKnown reads. */
const isPlain = (magic: string) =>
  (entryKind(magic)?.layout ?? "pagemap") === "pagemap";

Deno.test("the checker's decode of every fixture image is decodeSync's, cut to what the checks read", () => {
  const all = images();
  let read = 0;
  for (const [path, magic] of all) {
    const bytes = Deno.readFileSync(FIXTURES + path);
    const got = decodeKnown(bytes, magic);
    if (!isPlain(magic)) {
      // Payloads follow the entries: decodeSync frames those.
      assert.equal(got, undefined, path);
      continue;
    }
    assert.ok(got !== undefined, `${path}: not read the fast way`);
    assert.deepEqual(got.map(known), expected(bytes, magic), path);
    read++;
  }
  assert.ok(read > 300, `only ${read} images`);
  for (const magic of Object.keys(SELECTIONS)) {
    assert.ok(all.some(([, m]) => m === magic), `no ${magic} image`);
  }
});

Deno.test("the checker's decode answers for damaged images only where decodeSync decodes them", () => {
  const rng = new Rng(9);
  const all = images().filter(([, magic]) => isPlain(magic));
  let answered = 0;
  let refused = 0;
  for (let n = 0; n < 10000; n++) {
    const [path, magic] = rng.pick(all);
    let bytes = Deno.readFileSync(FIXTURES + path);
    if (bytes.length < 9) continue;
    const changes = rng.int(3);
    for (let k = 0; k <= changes; k++) {
      // Now and then the header: another magic is decodeSync's to report.
      bytes[rng.chance(0.05) ? rng.int(8) : 8 + rng.int(bytes.length - 8)] = rng
        .int(256);
    }
    if (rng.chance(0.2)) bytes = bytes.subarray(0, rng.int(bytes.length));
    const got = decodeKnown(bytes, magic);
    if (got === undefined) {
      refused++;
      continue;
    }
    answered++;
    const want = expected(bytes, magic);
    assert.ok(!(want instanceof Error), `${path}: ${want}`);
    assert.deepEqual(got.map(known), want, path);
  }
  assert.ok(answered > 500 && refused > 1000, `${answered} / ${refused}`);
});

Deno.test("an image of another kind than its name says is left to decodeSync", () => {
  const pstree = Deno.readFileSync(`${FIXTURES}01-sleep/pstree.img`);
  assert.equal(decodeKnown(pstree, "CORE"), undefined);
  assert.equal(decodeKnown(pstree.subarray(0, 6), "PSTREE"), undefined);
  assert.ok(decodeKnown(pstree, "PSTREE") !== undefined);
});

Deno.test("expectedMagic answers names of one shape alike, as the patterns do", () => {
  const names = [
    "core-1.img",
    "core-25537.img",
    "pagemap-shmem-7.img",
    "pagemap-7.img",
    "tcp-stream-1a.img",
    "tcp-stream-10.img",
    "tcp-stream-2b.img",
    "ghost-file-9.img",
    "ghost-file-ff.img",
    "stats-dump",
    "stats-restore",
    "mountpoints-12.img",
    "ipcns-shm-5.img",
    "core-1.img.bak",
    "core-.img",
    "pages-1.img",
    "fdinfo-2.img",
    "x/core-3.img",
    "cpuinfo.img",
    "core-x.img",
  ];
  // Each name twice, the second time answered from its shape.
  for (const name of [...names, ...names.reverse()]) {
    const base = name.slice(name.lastIndexOf("/") + 1);
    const want = [
      [/^core-\d+\.img$/, "CORE"],
      [/^pagemap-(shmem-)?\d+\.img$/, "PAGEMAP"],
      [/^tcp-stream-[0-9a-f]+\.img$/, "TCP_STREAM"],
      [/^ghost-file-[0-9a-f]+\.img$/, "GHOST_FILE"],
      [/^stats-(dump|restore)$/, "STATS"],
      [/^mountpoints-\d+\.img$/, "MNTS"],
      [/^ipcns-shm-\d+\.img$/, "IPCNS_SHM"],
      [/^fdinfo-\d+\.img$/, "FDINFO"],
      [/^cpuinfo\.img$/, "CPUINFO"],
    ].find(([re]) => (re as RegExp).test(base))?.[1];
    assert.equal(expectedMagic(name), want, name);
  }
});
