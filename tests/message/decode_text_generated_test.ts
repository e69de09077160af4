/**
 * The generated JSON text writers (src/message/decode_text.generated.ts)
 * against the plan interpreter of decode_text.ts, itself checked against
 * crit's outputs: every entry of the fixture images of the chosen message
 * types is written by its generated writer (none refuses it) to the
 * interpreter's text, plain and pretty, at two levels; messages CRIU would
 * not write, and malformed ones, are refused (or throw) as the interpreter
 * refuses them, so the caller falls back to decodeMessage as before.
 */
import assert from "node:assert/strict";
import { isCanonicalMessage, writeMessageJson } from "../../src/message/mod.ts";
import {
  interpretIsCanonical,
  interpretMessageJson,
} from "../../src/message/decode_text.ts";
import {
  CANONICAL_CHECKS,
  TEXT_WRITERS,
} from "../../src/message/decode_text.generated.ts";
import { Writer } from "../../src/json/writer.ts";
import { messagePlan } from "../../src/wire/plan.ts";
import { SCHEMA } from "../../src/wire/schema.generated.ts";
import type { FieldRow } from "../../src/wire/schema_types.ts";
import { WireError, WireReader } from "../../src/wire/wire.ts";
import { entryKind, entryMessage } from "../../src/image/kinds.ts";
import { magicName } from "../../src/image/magic.ts";
import { Rng } from "../_helpers/prng.ts";
import { fixtureImagePaths } from "../_helpers/fixture_images.ts";
import { messageVariants } from "../_helpers/message_variants.ts";
import { GENERATED_ROOTS } from "../../tools/gen.ts";

interface Entry {
  path: string;
  type: string;
  body: Uint8Array;
}

/** The entries of the fixture images whose entries follow one another. */
function fixtureEntries(): Entry[] {
  return fixtureImagePaths().flatMap(entriesOf);
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

/** Fixture entries of the message types with generated functions. */
const entries = fixtureEntries().filter((e) =>
  Object.hasOwn(TEXT_WRITERS, e.type)
);

Deno.test("the chosen messages and those inside them have a generated text writer", () => {
  const want = new Set<string>();
  const visit = (name: string) => {
    if (want.has(name)) return;
    want.add(name);
    const rows: FieldRow[] = JSON.parse(SCHEMA.messages[name]);
    for (const row of rows) {
      if (Object.hasOwn(SCHEMA.messages, row[2])) visit(row[2]);
    }
  };
  GENERATED_ROOTS.forEach(visit);
  assert.deepEqual(Object.keys(TEXT_WRITERS).sort(), [...want].sort());
  assert.deepEqual(Object.keys(CANONICAL_CHECKS).sort(), [...want].sort());
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
    assert.ok(isCanonicalMessage(plan, body, 0, body.length), path);
  }
});

Deno.test("messages CRIU would not write are refused by the generated text writers as by the interpreter", () => {
  const rng = new Rng(23);
  let refused = 0;
  let checked = 0;
  for (const { type, body } of entries) {
    if (!rng.chance(0.3) || body.length === 0) continue;
    const variants = messageVariants(body, rng);
    const plan = messagePlan(type);
    for (const v of variants) {
      const canonical = isCanonicalMessage(plan, v, 0, v.length);
      assert.equal(
        canonical,
        interpretIsCanonical(plan, v, 0, v.length),
        `canonical check of ${type}`,
      );
      if (canonical) checked++;
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
          // What the check accepts is written through: text may go out
          // before the end (spilled) only after it.
          assert.ok(!canonical || !Array.isArray(fast), type);
          refused++;
        } else assert.deepEqual(fast, slow, type);
      }
    }
  }
  assert.ok(refused > 200, `${refused} refused`);
  assert.ok(checked > 100, `${checked} accepted by the canonical check`);
});
