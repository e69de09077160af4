/**
 * decodeCompiled's two ways, straight into the object (selections of
 * scalars) and by field (the rest, lists of messages decoded in place),
 * against the whole decode: on damaged fixture entries that decodeMessage
 * still decodes, and on entries written out of order, with a field twice,
 * or without a required one, it gives the whole decode's fields or its
 * error.
 */
import assert from "node:assert/strict";
import type { JsonObject } from "../../mod.ts";
import { decodeMessage } from "../../src/message/decode_value.ts";
import {
  compileSelection,
  decodeCompiled,
  type FieldSelection,
} from "../../src/message/decode_selected.ts";
import { type MessagePlan, messagePlan } from "../../src/wire/plan.ts";
import { Rng } from "../_helpers/prng.ts";
import {
  fixtureEntries,
  project,
  randomSelection,
} from "../_helpers/fixture_entries.ts";

/** The whole decode's error, or its entry. */
function whole(plan: MessagePlan, bytes: Uint8Array): JsonObject | Error {
  try {
    return decodeMessage(plan, bytes, 0, bytes.length, false);
  } catch (e) {
    return e as Error;
  }
}

Deno.test("decodeCompiled: damaged fixture entries the whole decode decodes give its fields, keys in its order", () => {
  const rng = new Rng(3);
  const entries = fixtureEntries().filter((e) => e.body.length > 20);
  let compared = 0;
  for (let n = 0; n < 20000; n++) {
    const { plan, body, whole: intact } = rng.pick(entries);
    const bad = body.slice();
    bad[rng.int(bad.length)] = rng.int(256);
    const all = whole(plan, bad);
    if (all instanceof Error) continue;
    const sel = randomSelection(intact, rng);
    const got = decodeCompiled(compileSelection(plan, sel), bad, 0, bad.length);
    const want = project(all, sel);
    assert.deepEqual(got, want);
    assert.deepEqual(Object.keys(got), Object.keys(want));
    compared++;
  }
  assert.ok(compared > 5000, `${compared}`);
});

Deno.test("decodeCompiled: scalars out of order, given twice or missing, as the whole decode has them", () => {
  const plan = messagePlan("pstree_entry");
  const flat = compileSelection(plan, { sid: true, pid: true });
  const cases: [string, number[]][] = [
    ["in order", [8, 7, 16, 1, 24, 7, 32, 9]],
    ["sid before pid", [32, 9, 16, 1, 24, 7, 8, 7]],
    ["pid twice: the last one counts", [8, 5, 16, 1, 24, 7, 32, 9, 8, 7]],
    ["an unknown field between", [8, 7, 16, 1, 48, 3, 24, 7, 32, 9]],
    ["pid with a wire type it does not have", [
      13,
      1,
      2,
      3,
      4,
      8,
      7,
      16,
      1,
      24,
      7,
      32,
      9,
    ]],
  ];
  for (const [what, bytes] of cases) {
    const b = new Uint8Array(bytes);
    const all = whole(plan, b) as JsonObject;
    const got = decodeCompiled(flat, b, 0, b.length);
    assert.deepEqual(got, project(all, { sid: true, pid: true }), what);
    assert.deepEqual(Object.keys(got), ["pid", "sid"], what);
  }
  // Without ppid (required, not selected) and without sid (selected).
  for (const bytes of [[8, 7, 24, 7, 32, 9], [8, 7, 16, 1, 24, 7]]) {
    const b = new Uint8Array(bytes);
    const error = whole(plan, b);
    assert.ok(error instanceof Error);
    assert.throws(() => decodeCompiled(flat, b, 0, b.length), {
      message: error.message,
    });
  }
});

Deno.test("decodeCompiled: a list of messages taken in part, decoded where it lies", () => {
  const bytes = Deno.readFileSync(
    new URL("../fixtures/01-sleep/mm-25537.img", import.meta.url),
  );
  const size = new DataView(bytes.buffer).getUint32(8, true);
  const body = bytes.subarray(12, 12 + size);
  const plan = messagePlan("mm_entry");
  const sel: FieldSelection = { vmas: { start: true, end: true } };
  const got = decodeCompiled(compileSelection(plan, sel), body, 0, size);
  const want = project(whole(plan, body) as JsonObject, sel);
  assert.ok((want.vmas as JsonObject[]).length > 10);
  assert.deepEqual(got, want);
});
