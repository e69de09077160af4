/**
 * decodeCompiledChecked against the two steps it stands for: the whole
 * decode (decodeMessage, itself checked against crit's outputs) says whether
 * the bytes decode, decodeCompiled gives the fields. On every entry of the
 * fixture images it answers, with decodeCompiled's fields; on thousands of
 * damaged entries it never answers where decodeMessage fails; and the cases
 * only a whole walk finds (damage inside fields left out) are written out.
 */
import assert from "node:assert/strict";
import { decodeMessage } from "../../src/message/decode_value.ts";
import {
  compileSelection,
  decodeCompiled,
} from "../../src/message/decode_selected.ts";
import { decodeCompiledChecked } from "../../src/message/decode_checked.ts";
import { type MessagePlan, messagePlan } from "../../src/wire/plan.ts";
import { Rng } from "../_helpers/prng.ts";
import {
  fixtureEntries,
  randomSelection,
} from "../_helpers/fixture_entries.ts";
import { varintBytes } from "../_helpers/wire_builders.ts";

/** decodeMessage's verdict: whether it decodes the bytes. */
function decodes(plan: MessagePlan, body: Uint8Array): boolean {
  try {
    decodeMessage(plan, body, 0, body.length, false);
    return true;
  } catch {
    return false;
  }
}

const entries = fixtureEntries();

Deno.test("decodeCompiledChecked: every fixture entry, random selections: decodeCompiled's fields", () => {
  assert.ok(entries.length > 1000, `${entries.length} entries`);
  const rng = new Rng(11);
  for (const { path, plan, body, whole } of entries) {
    for (let k = 0; k < 3; k++) {
      const sel = k === 0 ? {} : randomSelection(whole, rng);
      const c = compileSelection(plan, sel);
      const got = decodeCompiledChecked(c, body, 0, body.length);
      assert.deepEqual(
        got,
        decodeCompiled(c, body, 0, body.length),
        `${path} ${JSON.stringify(sel)}`,
      );
    }
  }
});

Deno.test("decodeCompiledChecked: damaged entries get an answer only where decodeMessage decodes them", () => {
  const rng = new Rng(5);
  // The bigger entries: registers, VMAs, files, with many nested messages.
  const big = entries.filter((e) => e.body.length > 40);
  let answered = 0;
  let refused = 0;
  for (let n = 0; n < 20000; n++) {
    const { plan, body, whole } = rng.pick(big);
    let bad = body.slice();
    const changes = rng.int(4);
    for (let k = 0; k <= changes; k++) bad[rng.int(bad.length)] = rng.int(256);
    if (rng.chance(0.2)) {
      // A byte more somewhere: every length around it is off by one.
      const at = rng.int(bad.length);
      bad = new Uint8Array([
        ...bad.subarray(0, at),
        rng.int(256),
        ...bad.subarray(at),
      ]);
    }
    const end = rng.chance(0.2) ? rng.int(bad.length) : bad.length;
    const c = compileSelection(plan, randomSelection(whole, rng));
    const got = decodeCompiledChecked(c, bad, 0, end);
    if (got === undefined) {
      refused++;
      continue;
    }
    answered++;
    assert.ok(decodes(plan, bad.subarray(0, end)), `${plan.name} ${bad}`);
    assert.deepEqual(got, decodeCompiled(c, bad, 0, end));
  }
  // Both outcomes are common, so both were put to the test.
  assert.ok(answered > 2000 && refused > 2000, `${answered} / ${refused}`);
});

/** A message field `number` holding `body`. */
const field = (number: number, body: number[]) => [
  (number << 3) | 2,
  ...varintBytes(body.length),
  ...body,
];

Deno.test("decodeCompiledChecked: flaws inside fields left out are refused, as decodeMessage refuses them", () => {
  const core = messagePlan("core_entry");
  const pstree = messagePlan("pstree_entry");
  // core_entry: mtype 1; pstree_entry: pid 7, ppid 1, pgid 7, sid 7.
  const heads = new Map([[core, [8, 1]], [pstree, [
    8,
    7,
    16,
    1,
    24,
    7,
    32,
    7,
  ]]]);
  // Flaws the two steps also find (framing of the message itself), and
  // flaws only a whole walk finds (`hidden`: inside what is skipped).
  const cases: [string, MessagePlan, number[], boolean][] = [
    // thread_core (5) with futex_rla but not futex_rla_len, both required.
    [
      "a required field missing in a message left out",
      core,
      field(5, [8, 0]),
      true,
    ],
    [
      "a group wire type in a message left out",
      core,
      field(5, [8, 0, 16, 0, 11]),
      true,
    ],
    [
      "a message left out cut inside a length",
      core,
      field(5, [8, 0, 16, 0, 58]),
      true,
    ],
    ["a packed list cut inside a varint", pstree, [42, 1, 0x80], true],
    ["a varint of 11 bytes in an unknown field", core, [
      56,
      ...Array(10).fill(0x80),
      1,
    ], false],
    ["a length past the end", core, [18, 5, 8], false],
    ["a fixed64 cut short", core, [57, 1, 2, 3], false],
  ];
  for (const [plan, head] of heads) {
    const c = compileSelection(plan, { [plan.fields[0].name]: true });
    const ok = new Uint8Array(head);
    assert.deepEqual(
      decodeCompiledChecked(c, ok, 0, ok.length),
      decodeCompiled(c, ok, 0, ok.length),
    );
  }
  for (const [what, plan, tail, hidden] of cases) {
    const bytes = new Uint8Array([...heads.get(plan)!, ...tail]);
    const c = compileSelection(plan, { [plan.fields[0].name]: true });
    if (hidden) assert.ok(decodeCompiled(c, bytes, 0, bytes.length), what);
    else assert.throws(() => decodeCompiled(c, bytes, 0, bytes.length));
    assert.ok(!decodes(plan, bytes), `decodeMessage decodes ${what}`);
    assert.equal(
      decodeCompiledChecked(c, bytes, 0, bytes.length),
      undefined,
      what,
    );
  }
});

Deno.test("decodeCompiledChecked: nesting past the limit in a field left out is refused", () => {
  // cgroup_dir_entry holds itself (children, field 2); dir_name is required.
  const plan = messagePlan("cgroup_dir_entry");
  let inner = [10, 1, 0x61];
  for (let depth = 0; depth < 520; depth++) {
    inner = [10, 1, 0x61, ...field(2, inner)];
  }
  const bytes = new Uint8Array(inner);
  assert.ok(!decodes(plan, bytes));
  const c = compileSelection(plan, { dir_name: true });
  assert.equal(decodeCompiledChecked(c, bytes, 0, bytes.length), undefined);
  // 100 levels decode, and so does the walk.
  inner = [10, 1, 0x61];
  for (let depth = 0; depth < 100; depth++) {
    inner = [10, 1, 0x61, ...field(2, inner)];
  }
  const ok = new Uint8Array(inner);
  assert.ok(decodes(plan, ok));
  assert.deepEqual(decodeCompiledChecked(c, ok, 0, ok.length), {
    dir_name: "a",
  });
});

Deno.test("decodeCompiledChecked: what it leaves to the two steps (order, pieces, packed lists)", () => {
  const pstree = messagePlan("pstree_entry");
  const c = compileSelection(pstree, { pid: true, sid: true });
  // sid before pid: protobuf allows it; decodeCompiled puts pid first.
  const swapped = new Uint8Array([32, 7, 16, 1, 24, 7, 8, 7]);
  assert.ok(decodes(pstree, swapped));
  assert.equal(decodeCompiledChecked(c, swapped, 0, 8), undefined);
  // A packed list of threads (field 5), selected.
  const packed = new Uint8Array([8, 7, 16, 1, 24, 7, 32, 7, 42, 2, 7, 8]);
  const t = compileSelection(pstree, { threads: true });
  assert.ok(decodes(pstree, packed));
  assert.equal(decodeCompiledChecked(t, packed, 0, packed.length), undefined);
  assert.deepEqual(decodeCompiled(t, packed, 0, packed.length), {
    threads: [7, 8],
  });
  // The same list not selected is only checked.
  assert.deepEqual(decodeCompiledChecked(c, packed, 0, packed.length), {
    pid: 7,
    sid: 7,
  });
});
