/**
 * The checker's cheap core decode gives the full decoder's `mtype`,
 * `tc.task_state`, `tc.exit_code` and `tc.cg_set` and the same set of fields for every core image of the fixtures, and
 * gives up (so the full decoder runs) on what it cannot vouch for.
 */
import assert from "node:assert/strict";
import { decodeCoreSlim } from "../../src/check/_core_slim.ts";
import { decodeSync } from "../../src/codec/decode.ts";
import type { JsonObject } from "../../src/json/types.ts";

const FIXTURES = new URL("../fixtures/", import.meta.url).pathname;

function cores(): string[] {
  const out: string[] = [];
  for (const d of Deno.readDirSync(FIXTURES)) {
    if (!d.isDirectory) continue;
    for (const f of Deno.readDirSync(FIXTURES + d.name)) {
      if (/^core-\d+\.img$/.test(f.name)) out.push(`${d.name}/${f.name}`);
    }
  }
  return out.sort();
}

Deno.test("slim core decode agrees with the full decoder on every fixture core", () => {
  const all = cores();
  assert.ok(all.length >= 40, `only ${all.length} cores`);
  for (const path of all) {
    const bytes = Deno.readFileSync(FIXTURES + path);
    const full = decodeSync(bytes, { nopl: true }).entries;
    const slim = decodeCoreSlim(bytes);
    assert.ok(slim !== undefined, path);
    assert.equal(slim.length, full.length, path);
    for (let i = 0; i < full.length; i++) {
      assert.deepEqual(Object.keys(slim[i]), Object.keys(full[i]), path);
      assert.equal(slim[i].mtype, full[i].mtype, path);
      const a = slim[i].tc as JsonObject | undefined;
      const b = full[i].tc as JsonObject | undefined;
      assert.equal(a === undefined, b === undefined, `${path} tc`);
      for (const key of ["task_state", "exit_code", "cg_set"]) {
        assert.equal(a?.[key], b?.[key], `${path} tc.${key}`);
      }
    }
  }
});

Deno.test("slim core decode leaves cut, foreign and out-of-order images to the full decoder", () => {
  const bytes = Deno.readFileSync(`${FIXTURES}01-sleep/core-25537.img`);
  assert.equal(decodeCoreSlim(bytes.subarray(0, bytes.length - 1)), undefined);
  assert.equal(decodeCoreSlim(bytes.subarray(0, 10)), undefined);
  const pstree = Deno.readFileSync(`${FIXTURES}01-sleep/pstree.img`);
  assert.equal(decodeCoreSlim(pstree), undefined);
  // Entry fields in reverse order: valid protobuf, not canonical.
  const full = decodeSync(bytes).entries[0];
  const size = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  assert.equal(12 + size, bytes.length);
  const fields: Uint8Array[] = [];
  let at = 12;
  while (at < bytes.length) {
    const start = at;
    const tag = bytes[at++];
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
  assert.equal(decodeCoreSlim(reversed), undefined);
  assert.deepEqual(decodeSync(reversed).entries[0].tc, full.tc);
});
