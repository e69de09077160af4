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
import { type MessagePlan, messagePlan } from "../../src/wire/plan.ts";
import { WireError } from "../../src/wire/wire.ts";
import { concatBytes } from "../../src/wire/bytes.ts";
import { fixtureEntries } from "../_helpers/fixture_entries.ts";
import { Rng } from "../_helpers/prng.ts";
import {
  messageFields,
  messageVariants,
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

Deno.test("a type with a required field it cannot write (a file's path) is left to JavaScript", () => {
  assert.ok(!wasmSupports(messagePlan("file_entry")));
  assert.ok(wasmSupports(messagePlan("mm_entry")));
  // fdinfo's optional SELinux label: taken, and refused where it is there.
  assert.ok(wasmSupports(messagePlan("fdinfo_entry")));
  const labelled = new Uint8Array([8, 1, 16, 0, 24, 1, 32, 3, 42, 1, 0x78]);
  assert.equal(wasmText(messagePlan("fdinfo_entry"), labelled), undefined);
  assert.equal(
    jsText(messagePlan("fdinfo_entry"), labelled),
    '{"id": 1, "flags": 0, "type": "REG", "fd": 3, "xattr_security_selinux": "x"}',
  );
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
