/**
 * The checker's cheap decode of core and mm images gives exactly what the
 * full decoder gives for the fields it picks, and the same set of fields,
 * for every core and mm image of the fixtures; it gives up (so the full
 * decoder runs) on what it cannot vouch for.
 */
import assert from "node:assert/strict";
import { decodeSlim, type Pick, SLIM } from "../../src/check/_slim.ts";
import { decodeSync } from "../../src/codec/decode.ts";
import type { JsonObject, JsonValue } from "../../src/json/types.ts";

const FIXTURES = new URL("../fixtures/", import.meta.url).pathname;

function images(re: RegExp): string[] {
  const out: string[] = [];
  for (const d of Deno.readDirSync(FIXTURES)) {
    if (!d.isDirectory) continue;
    for (const f of Deno.readDirSync(FIXTURES + d.name)) {
      if (re.test(f.name)) out.push(`${d.name}/${f.name}`);
    }
  }
  return out.sort();
}

/** The full decode cut down to what `pick` keeps, unpicked fields as `{}`. */
function project(full: JsonObject, pick: Pick): JsonObject {
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(full)) {
    const want = pick[key];
    if (want === undefined) out[key] = {};
    else if (want === true) out[key] = v;
    else if (Array.isArray(v)) {
      out[key] = v.map((m: JsonValue) => project(m as JsonObject, want));
    } else out[key] = project(v as JsonObject, want);
  }
  return out;
}

for (
  const [magic, re] of [["CORE", /^core-\d+\.img$/], [
    "MM",
    /^mm-\d+\.img$/,
  ]] as const
) {
  Deno.test(`slim decode of ${magic} equals the full decode of the picked fields`, () => {
    const all = images(re);
    assert.ok(all.length >= 30, `only ${all.length} images`);
    for (const path of all) {
      const bytes = Deno.readFileSync(FIXTURES + path);
      const full = decodeSync(bytes, { nopl: true }).entries;
      const slim = decodeSlim(bytes, magic);
      assert.ok(slim !== undefined, path);
      assert.deepEqual(slim, full.map((e) => project(e, SLIM[magic][1])), path);
    }
  });
}

Deno.test("slim decode leaves cut, foreign and out-of-order images to the full decoder", () => {
  const bytes = Deno.readFileSync(`${FIXTURES}01-sleep/core-25537.img`);
  assert.equal(
    decodeSlim(bytes.subarray(0, bytes.length - 1), "CORE"),
    undefined,
  );
  assert.equal(decodeSlim(bytes.subarray(0, 10), "CORE"), undefined);
  const pstree = Deno.readFileSync(`${FIXTURES}01-sleep/pstree.img`);
  assert.equal(decodeSlim(pstree, "CORE"), undefined);
  // Entry fields in reverse order: valid protobuf, not canonical.
  const full = decodeSync(bytes).entries[0];
  const size = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  assert.equal(12 + size, bytes.length);
  const fields: Uint8Array[] = [];
  let at = 12;
  while (at < bytes.length) {
    const start = at;
    const tag = bytes[at++]; // core_entry's field numbers all fit one byte
    if ((tag & 7) === 0) {
      while (bytes[at++] & 0x80);
    } else {
      let len = 0;
      let shift = 0;
      let b: number;
      do {
        b = bytes[at++];
        len += (b & 0x7f) * 2 ** shift;
        shift += 7;
      } while (b & 0x80);
      at += len;
    }
    fields.push(bytes.subarray(start, at));
  }
  const reversed = new Uint8Array(bytes.length);
  reversed.set(bytes.subarray(0, 12));
  let out = 12;
  for (const f of fields.reverse()) {
    reversed.set(f, out);
    out += f.length;
  }
  assert.equal(decodeSlim(reversed, "CORE"), undefined);
  assert.deepEqual(decodeSync(reversed).entries[0].tc, full.tc);
});
