/**
 * The generated decode functions (src/message/decode_value.generated.ts) and
 * JSON text writers (decode_text.generated.ts) against the plan
 * interpreters, themselves checked against crit's outputs: every entry of
 * every fixture image decodes through its generated function (none leaves it
 * to the interpreter) to the interpreter's value, and is written to the
 * interpreter's text, plain and pretty; messages CRIU would not write, and
 * malformed ones, are left to the interpreter, so decodeMessage gives its
 * values and its errors, and the text writers refuse what it refuses.
 */
import assert from "node:assert/strict";
import { interpretMessage } from "../../src/message/decode_value.ts";
import { decodeMessage, writeMessageJson } from "../../src/message/mod.ts";
import { interpretMessageJson } from "../../src/message/decode_text.ts";
import { VALUE_DECODERS } from "../../src/message/decode_value.generated.ts";
import { TEXT_WRITERS } from "../../src/message/decode_text.generated.ts";
import { Writer } from "../../src/json/writer.ts";
import { messagePlan } from "../../src/wire/plan.ts";
import { SCHEMA } from "../../src/wire/schema.generated.ts";
import { WireError, WireReader } from "../../src/wire/wire.ts";
import { concatBytes } from "../../src/wire/bytes.ts";
import { entryKind, entryMessage } from "../../src/image/kinds.ts";
import { magicName } from "../../src/image/magic.ts";
import { Rng } from "../_helpers/prng.ts";
import { GENERATED_ROOTS } from "../../tools/gen.ts";

const fixtures = new URL("../fixtures", import.meta.url).pathname;

interface Entry {
  path: string;
  type: string;
  body: Uint8Array;
}

/** The entries of the fixture images whose entries follow one another. */
function fixtureEntries(): Entry[] {
  const out: Entry[] = [];
  const walk = (dir: string) => {
    for (const e of Deno.readDirSync(dir)) {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory) walk(path);
      else if (e.name.endsWith(".img")) out.push(...entriesOf(path));
    }
  };
  walk(fixtures);
  return out;
}

function entriesOf(path: string): Entry[] {
  const bytes = Deno.readFileSync(path);
  if (bytes.length < 8) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const name = magicName(view.getUint32(4, true)) ??
    magicName(view.getUint32(0, true));
  const kind = name === undefined ? undefined : entryKind(name);
  // Images with payloads after their entries are framed differently.
  if (kind === undefined || (kind.layout && kind.layout !== "pagemap")) {
    return [];
  }
  const out: Entry[] = [];
  let at = name === "INVENTORY" ? 4 : 8;
  for (let i = 0; at + 4 <= bytes.length; i++) {
    const size = view.getUint32(at, true);
    if (at + 4 + size > bytes.length) break;
    const body = bytes.subarray(at + 4, at + 4 + size);
    out.push({ path, type: entryMessage(kind, i), body });
    at += 4 + size;
  }
  return out;
}

/** What `f` returns, or the WireError it throws as [message, offset]. */
function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    assert.ok(e instanceof WireError, String(e));
    return [e.message, e.offset];
  }
}

/** Fixture entries of the message types with generated functions. */
const entries = fixtureEntries().filter((e) =>
  Object.hasOwn(VALUE_DECODERS, e.type)
);

Deno.test("the chosen messages and those inside them have a generated decode function and text writer", () => {
  const want = new Set<string>();
  const visit = (name: string) => {
    if (want.has(name)) return;
    want.add(name);
    for (const row of SCHEMA.messages[name]) {
      if (SCHEMA.messages[row[2]]) visit(row[2]);
    }
  };
  GENERATED_ROOTS.forEach(visit);
  assert.deepEqual(Object.keys(VALUE_DECODERS).sort(), [...want].sort());
  assert.deepEqual(Object.keys(TEXT_WRITERS).sort(), [...want].sort());
});

Deno.test("fixture entries decode through their generated function to the interpreter's value", () => {
  assert.ok(entries.length > 500, `${entries.length} entries`);
  assert.ok(new Set(entries.map((e) => e.type)).size >= 5);
  for (const { path, type, body } of entries) {
    const plan = messagePlan(type);
    for (const pretty of [false, true]) {
      const fast = VALUE_DECODERS[type](body, 0, body.length, pretty, false, 0);
      assert.ok(fast !== undefined, `${path}: ${type} left to the interpreter`);
      assert.deepEqual(
        fast,
        interpretMessage(plan, body, 0, body.length, pretty),
        `${path} ${type} pretty=${pretty}`,
      );
      // The same key order too.
      assert.equal(
        JSON.stringify(fast, (_k, v) => typeof v === "bigint" ? `${v}n` : v),
        JSON.stringify(
          interpretMessage(plan, body, 0, body.length, pretty),
          (_k, v) => typeof v === "bigint" ? `${v}n` : v,
        ),
      );
    }
  }
});

/** The top-level fields of a message, each as its tag-and-value bytes. */
function fields(body: Uint8Array): Uint8Array[] {
  const r = new WireReader(body);
  const out: Uint8Array[] = [];
  while (r.pos < body.length) {
    const at = r.pos;
    r.skip(r.varint() & 7);
    out.push(body.subarray(at, r.pos));
  }
  return out;
}

Deno.test("messages CRIU would not write give the interpreter's value or error", () => {
  const rng = new Rng(19);
  const unknown = new Uint8Array([0xb8, 0x3e, 0x2a]); // field 999, varint 42
  let checked = 0;
  for (const { type, body } of entries) {
    if (!rng.chance(0.2) || body.length === 0) continue;
    const parts = fields(body);
    const variants = [
      concatBytes([body, unknown]),
      concatBytes(parts.slice().reverse()),
      concatBytes([...parts, ...parts]),
      concatBytes(parts.slice(1)),
      body.subarray(0, rng.int(body.length)),
    ];
    // One byte changed at random.
    const flipped = body.slice();
    flipped[rng.int(body.length)] ^= 1 << rng.int(8);
    variants.push(flipped);
    const plan = messagePlan(type);
    for (const v of variants) {
      for (const pretty of [false, true]) {
        assert.deepEqual(
          outcome(() => decodeMessage(plan, v, 0, v.length, pretty)),
          outcome(() => interpretMessage(plan, v, 0, v.length, pretty)),
          type,
        );
        checked++;
      }
    }
  }
  assert.ok(checked > 500, `${checked} checked`);
});

/** The text a writer gives for `body` and whether it wrote it. */
function text(
  write: (w: Writer) => boolean,
): [boolean, string] | unknown {
  const w = new Writer(null, false, 0);
  try {
    const ok = write(w);
    return [ok, ok ? w.drain() : ""];
  } catch (e) {
    assert.ok(e instanceof WireError, String(e));
    return [e.message, e.offset];
  }
}

Deno.test("fixture entries are written by their generated text writer as by the interpreter", () => {
  for (const { path, type, body } of entries) {
    const plan = messagePlan(type);
    for (const pretty of [false, true]) {
      for (const level of [0, 2]) {
        const fast = text((w) =>
          TEXT_WRITERS[type](w, new WireReader(body), pretty, false, level, 0)
        );
        assert.deepEqual(
          fast,
          text((w) =>
            interpretMessageJson(w, plan, body, 0, body.length, pretty, level)
          ),
          `${path} ${type} pretty=${pretty}`,
        );
        assert.equal((fast as [boolean])[0], true, `${path} ${type}`);
      }
    }
  }
});

Deno.test("messages CRIU would not write are refused by the generated text writers as by the interpreter", () => {
  const rng = new Rng(23);
  const unknown = new Uint8Array([0xb8, 0x3e, 0x2a]); // field 999, varint 42
  let refused = 0;
  for (const { type, body } of entries) {
    if (!rng.chance(0.3) || body.length === 0) continue;
    const parts = fields(body);
    const flipped = body.slice();
    flipped[rng.int(body.length)] ^= 1 << rng.int(8);
    const variants = [
      concatBytes([body, unknown]),
      concatBytes(parts.slice().reverse()),
      concatBytes([...parts, ...parts]),
      concatBytes(parts.slice(1)),
      concatBytes([...parts.slice(1), parts[0]]),
      body.subarray(0, rng.int(body.length)),
      flipped,
    ];
    const plan = messagePlan(type);
    for (const v of variants) {
      for (const pretty of [false, true]) {
        const fast = text((w) =>
          writeMessageJson(w, plan, v, 0, v.length, pretty, 2)
        );
        const slow = text((w) =>
          interpretMessageJson(w, plan, v, 0, v.length, pretty, 2)
        );
        // A throw and a refusal both send the caller to decodeMessage.
        if (!Array.isArray(fast) || fast[0] !== true) {
          assert.ok(!Array.isArray(slow) || slow[0] !== true, type);
          refused++;
        } else assert.deepEqual(fast, slow, type);
      }
    }
  }
  assert.ok(refused > 200, `${refused} refused`);
});
