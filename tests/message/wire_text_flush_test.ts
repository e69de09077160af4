/**
 * The WebAssembly writer handing its text out as it goes (`flush`): the
 * pieces and what is returned make the text it writes without `flush`, in
 * more than one piece; a message whose own fields it refuses is refused
 * before any piece; one it stops inside an element of a list stops with
 * the count of bytes handed out, which begin the JavaScript writers' text;
 * what the sink throws is thrown on, not taken for a refusal.
 */
import assert from "node:assert/strict";
import {
  decodeMessage,
  loadWasmBytes,
  wasmEntriesText,
  wasmMessageText,
  writeMessageJson,
} from "../../src/message/mod.ts";
import { Writer } from "../../src/json/writer.ts";
import { stringifyJson } from "../../src/json/stringify.ts";
import { messagePlan } from "../../src/wire/plan.ts";
import { concatBytes } from "../../src/wire/bytes.ts";
import { fixtureEntries } from "../_helpers/fixture_entries.ts";
import { bigMm, mmParts, reversedVma } from "../_helpers/large_mm.ts";

const text = new TextDecoder();
const LAYOUTS = [false, true];
const MM = messagePlan("mm_entry");

/** writeMessageJson's text of an entry, as an image's entry. */
function jsText(body: Uint8Array, pretty: boolean): string {
  const w = new Writer(null, pretty, 0);
  assert.ok(writeMessageJson(w, MM, body, 0, body.length, pretty, 2));
  return w.drain();
}

/** The text of `body` by decodeMessage and the JSON writer, at entry depth. */
function valueText(body: Uint8Array, pretty: boolean): string {
  // stringifyJson writes at depth 0; an entry sits two levels deep.
  const value = decodeMessage(MM, body, 0, body.length, pretty);
  const lines = stringifyJson(value, pretty).split("\n");
  return lines.map((l, i) => i === 0 ? l : "        " + l).join("\n");
}

function write(
  body: Uint8Array,
  pretty: boolean,
): { pieces: string[]; result: Uint8Array | number | undefined } {
  assert.ok(loadWasmBytes(body, 0, body.length));
  const pieces: string[] = [];
  const result = wasmMessageText(
    MM,
    0,
    body.length,
    pretty,
    (piece) => pieces.push(text.decode(piece)),
  );
  return { pieces, result };
}

Deno.test("a large message's text handed out in pieces is the text written whole", () => {
  const body = bigMm(4000);
  for (const pretty of LAYOUTS) {
    const { pieces, result } = write(body, pretty);
    assert.ok(result instanceof Uint8Array);
    assert.ok(pieces.length >= 3, `${pieces.length} pieces`);
    const want = jsText(body, pretty);
    assert.equal(pieces.join("") + text.decode(result), want);
    // Each piece ends after a whole VMA: the next one starts a new element.
    for (const piece of pieces.slice(1)) {
      assert.match(piece, pretty ? /^,\n {16}\{/ : /^, \{"start"/);
    }
    // Without flush, the same text in one.
    assert.ok(loadWasmBytes(body, 0, body.length));
    assert.equal(
      text.decode(wasmMessageText(MM, 0, body.length, pretty)!),
      want,
    );
  }
});

/** The field number of a field's bytes (tag first). */
function fieldNumber(field: Uint8Array): number {
  let tag = 0;
  for (let i = 0, shift = 0; i < 5; i++, shift += 7) {
    tag += (field[i] & 0x7f) * 2 ** shift;
    if (field[i] < 0x80) break;
  }
  return Math.floor(tag / 8);
}

Deno.test("the check of a message's own fields skips lists with lengths and tags of more than a byte", () => {
  const { before, vmas, after } = mmParts();
  // Every tenth VMA's length in two bytes (0x80 | n, 0): still its length.
  const list = Array.from({ length: 4000 }, (_, k) => {
    const f = vmas[k % vmas.length];
    if (k % 10 !== 0) return f;
    assert.ok(f[1] < 0x80);
    return concatBytes([
      new Uint8Array([f[0], f[1] | 0x80, 0]),
      f.subarray(2),
    ]);
  });
  // mm_entry's aios, field 16: a tag of two bytes (0x82 0x01).
  const aios = Array.from(
    { length: 3000 },
    (_, k) =>
      new Uint8Array([0x82, 0x01, 6, 0x08, k & 0x7f, 0x10, 1, 0x18, 32]),
  );
  const at = after.findIndex((f) => fieldNumber(f) > 16);
  const rest = at < 0 ? after : after.slice(0, at);
  const tail = at < 0 ? [] : after.slice(at);
  const body = concatBytes([...before, ...list, ...rest, ...aios, ...tail]);
  for (const pretty of LAYOUTS) {
    const { pieces, result } = write(body, pretty);
    assert.ok(result instanceof Uint8Array, `pretty=${pretty}`);
    assert.ok(pieces.length >= 3, `${pieces.length} pieces`);
    const whole = pieces.join("") + text.decode(result);
    assert.equal(whole, jsText(body, pretty));
    assert.equal(whole.split('"ring_len"').length - 1, 3000);
  }
  // A length past the end is refused before any piece.
  const cut = concatBytes([...before, ...list.slice(0, 100)]);
  const broken = cut.slice(0, cut.length - 5);
  for (const pretty of LAYOUTS) {
    const { pieces, result } = write(broken, pretty);
    assert.equal(result, undefined);
    assert.deepEqual(pieces, []);
  }
});

Deno.test("a message refused at its own level is refused before any piece", () => {
  const { before, vmas, after } = mmParts();
  // The last word of mm_saved_auxv (field 13, not required) after the rest:
  // out of field order at the top level, past the text of a whole list.
  const list = Array.from({ length: 4000 }, (_, k) => vmas[k % vmas.length]);
  const body = concatBytes([
    ...before.slice(0, -1),
    ...list,
    ...after,
    before[before.length - 1],
  ]);
  const stopped = bigMm(4000, (k, f) => k === 3000 ? reversedVma(f) : f);
  for (const pretty of LAYOUTS) {
    // Also right after a message stopped with bytes handed out.
    assert.equal(typeof write(stopped, pretty).result, "number");
    const { pieces, result } = write(body, pretty);
    assert.equal(result, undefined);
    assert.deepEqual(pieces, []);
  }
});

Deno.test("a message stopped inside an element returns the bytes handed out, which begin the JavaScript text", () => {
  // VMA 3000 with its fields reversed: decodeMessage's job, not the module's.
  const body = bigMm(4000, (k, f) => k === 3000 ? reversedVma(f) : f);
  for (const pretty of LAYOUTS) {
    const { pieces, result } = write(body, pretty);
    assert.equal(typeof result, "number");
    const handed = pieces.join("");
    assert.ok(handed.length > 0);
    assert.equal(result, handed.length);
    const want = valueText(body, pretty);
    assert.equal(want.slice(0, handed.length), handed);
    // The element it stopped in was not handed out.
    assert.ok(handed.split('"start"').length - 1 <= 3000);
  }
});

Deno.test("what the sink throws is thrown on, not taken for a refusal", () => {
  const body = bigMm(4000);
  const failure = new Error("the pipe closed");
  assert.ok(loadWasmBytes(body, 0, body.length));
  assert.throws(
    () =>
      wasmMessageText(MM, 0, body.length, false, () => {
        throw failure;
      }),
    (e) => e === failure,
  );
  // The module still writes the next message.
  assert.ok(loadWasmBytes(body, 0, body.length));
  assert.equal(
    text.decode(wasmMessageText(MM, 0, body.length, false)!),
    jsText(body, false),
  );
  // And so for entries.
  const framed = concatBytes(Array.from({ length: 10 }, () => {
    const size = new Uint8Array(4);
    new DataView(size.buffer).setUint32(0, body.length, true);
    return concatBytes([size, body]);
  }));
  assert.ok(loadWasmBytes(framed, 0, 1 << 20));
  assert.throws(
    () =>
      wasmEntriesText(MM, 0, 1 << 20, 1 << 20, true, false, () => {
        throw failure;
      }),
    (e) => e === failure,
  );
});

Deno.test("entries handed out in pieces are the entries written whole", () => {
  const fd = fixtureEntries().filter((e) => e.plan.name === "fdinfo_entry");
  const bodies = Array.from(
    { length: 10_000 },
    (_, k) => fd[k % fd.length].body,
  );
  const framed = concatBytes(bodies.flatMap((b) => {
    const size = new Uint8Array(4);
    new DataView(size.buffer).setUint32(0, b.length, true);
    return [size, b];
  }));
  const plan = fd[0].plan;
  for (const pretty of LAYOUTS) {
    assert.ok(loadWasmBytes(framed, 0, framed.length));
    const whole = wasmEntriesText(
      plan,
      0,
      framed.length,
      1 << 20,
      true,
      pretty,
    )!;
    const want = text.decode(whole.text);
    assert.equal(whole.count, bodies.length);
    assert.ok(loadWasmBytes(framed, 0, framed.length));
    const pieces: string[] = [];
    const got = wasmEntriesText(
      plan,
      0,
      framed.length,
      1 << 20,
      true,
      pretty,
      (piece) => pieces.push(text.decode(piece)),
    )!;
    assert.ok(pieces.length >= 2, `${pieces.length} pieces`);
    assert.equal(got.count, bodies.length);
    assert.equal(got.stop, framed.length);
    assert.equal(pieces.join("") + text.decode(got.text), want);
  }
});
