/**
 * The JSON text path writes entries straight from their wire bytes
 * (writeMessageJson) and falls back to decodeMessage for messages CRIU would
 * not write. Both must give stringify(decodeSync(...))'s text, whichever path
 * a message takes, and large entries must come out in pieces.
 */
import assert from "node:assert/strict";
import {
  CriuImageError,
  decodeSync,
  encodeSync,
  type JsonObject,
  stringify,
} from "../../mod.ts";
import { imageToJson } from "../../src/codec/image_to_json.ts";
import { WireReader } from "../../src/wire/wire.ts";
import { concatBytes } from "../../src/wire/bytes.ts";
import { joinEntries } from "../_helpers/wire_builders.ts";

const fixtures = new URL("../fixtures", import.meta.url).pathname;

function streamed(bytes: Uint8Array, pretty: boolean, chunk = 7): string[] {
  const pieces: string[] = [];
  const converter = imageToJson({ pretty }, (t) => pieces.push(t));
  for (let i = 0; i < bytes.length; i += chunk) {
    converter.push(bytes.subarray(i, i + chunk));
  }
  converter.end();
  return pieces;
}

function assertSameText(bytes: Uint8Array, what: string): void {
  for (const pretty of [false, true]) {
    const want = stringify(decodeSync(bytes, { pretty }), { pretty });
    assert.equal(streamed(bytes, pretty).join(""), want, `${what}, ${pretty}`);
  }
}

/** Entries of an image file: header bytes and each entry's message. */
function split(bytes: Uint8Array): { head: Uint8Array; bodies: Uint8Array[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const bodies: Uint8Array[] = [];
  let at = 8;
  while (at < bytes.length) {
    const size = view.getUint32(at, true);
    bodies.push(bytes.subarray(at + 4, at + 4 + size));
    at += 4 + size;
  }
  return { head: bytes.subarray(0, 8), bodies };
}

/** The top-level fields of a message, each as its tag-and-value bytes. */
function fields(body: Uint8Array): Uint8Array[] {
  const r = new WireReader(body);
  const out: Uint8Array[] = [];
  while (r.pos < body.length) {
    const at = r.pos;
    const tag = r.varint();
    r.skip(tag & 7);
    out.push(body.subarray(at, r.pos));
  }
  return out;
}

const core = Deno.readFileSync(`${fixtures}/01-sleep/core-25537.img`);
const mm = Deno.readFileSync(`${fixtures}/14a-memory-truth/mm-10726.img`);
const pagemap = Deno.readFileSync(`${fixtures}/01-sleep/pagemap-25537.img`);

/** An MM entry with many VMAs: far larger than the pieces text comes in. */
function bigMm(): Uint8Array {
  const entry = decodeSync(mm).entries[0];
  const vmas = entry.vmas as JsonObject[];
  const many = Array.from({ length: 4000 }, (_, i) => vmas[i % vmas.length]);
  return encodeSync({ magic: "MM", entries: [{ ...entry, vmas: many }] });
}

Deno.test("a large entry's text is handed out in pieces as it is written", () => {
  const bytes = bigMm();
  assert.ok(split(bytes).bodies[0].length > 100_000);
  assertSameText(bytes, "large MM");
  for (const pretty of [false, true]) {
    const pieces = streamed(bytes, pretty, 65536);
    assert.ok(pieces.length > 5, `${pieces.length} pieces`);
    assert.ok(Math.max(...pieces.map((p) => p.length)) < 80_000);
  }
});

Deno.test("fields out of number order give decodeSync's text", () => {
  for (const image of [core, mm, pagemap, bigMm()]) {
    const { head, bodies } = split(image);
    const reversed = bodies.map((b) => concatBytes(fields(b).reverse()));
    assertSameText(joinEntries(head, reversed), "reversed fields");
  }
});

Deno.test("a repeated field split by another field gives decodeSync's text", () => {
  for (const image of [mm, bigMm()]) {
    const { head, bodies } = split(image);
    const parts = fields(bodies[0]);
    // The first item of the first run of one tag goes to the end.
    const firstTag = parts.map((p) => p[0]);
    const runStart = firstTag.findIndex((t, i) => t === firstTag[i + 1]);
    assert.ok(runStart >= 0, "the MM entry has a repeated field");
    const moved = [
      ...parts.slice(0, runStart),
      ...parts.slice(runStart + 1),
      parts[runStart],
    ];
    assertSameText(joinEntries(head, [concatBytes(moved)]), "split run");
  }
});

Deno.test("unknown fields give decodeSync's text with @unknown", () => {
  const unknown = new Uint8Array([0xb8, 0x3e, 0x2a]); // field 999, varint 42
  for (const image of [core, mm, pagemap, bigMm()]) {
    const { head, bodies } = split(image);
    const more = joinEntries(
      head,
      bodies.map((b) => concatBytes([b, unknown])),
    );
    assertSameText(more, "unknown field");
    assert.match(streamed(more, false).join(""), /"@unknown": "uD4q/);
  }
});

Deno.test("a message field sent twice is merged as decodeSync merges it", () => {
  const { head, bodies } = split(core);
  const parts = fields(bodies[0]);
  // The first length-delimited field (a message in CORE) comes again.
  const message = parts.find((p) => (p[0] & 7) === 2)!;
  assertSameText(
    joinEntries(head, [concatBytes([...parts, message])]),
    "merged",
  );
});

Deno.test("a missing required field fails as decodeSync fails", () => {
  const { head, bodies } = split(pagemap);
  // Drop the first field (vaddr, required) of the second entry.
  const broken = [...bodies];
  broken[1] = concatBytes(fields(bodies[1]).slice(1));
  const bytes = joinEntries(head, broken);
  let want = "";
  try {
    decodeSync(bytes);
  } catch (e) {
    assert.ok(e instanceof CriuImageError);
    want = e.message;
  }
  assert.match(want, /missing required field/);
  assert.throws(() => streamed(bytes, false), { message: want });
});

Deno.test("text handed out as bytes is the same text, payloads included", () => {
  const latin1 = new TextDecoder("latin1");
  for (const dir of Deno.readDirSync(fixtures)) {
    for (const f of Deno.readDirSync(`${fixtures}/${dir.name}`)) {
      if (!f.name.endsWith(".img") || f.name.startsWith("pages-")) continue;
      const bytes = Deno.readFileSync(`${fixtures}/${dir.name}/${f.name}`);
      for (const pretty of [false, true]) {
        let want: string;
        try {
          want = streamed(bytes, pretty, 65536).join("");
        } catch {
          continue; // not an image we decode (raw formats)
        }
        let got = "";
        const converter = imageToJson(
          { pretty },
          () => assert.fail("text given where bytes were asked for"),
          (b) => got += latin1.decode(b),
        );
        for (let i = 0; i < bytes.length; i += 7) {
          converter.push(bytes.subarray(i, i + 7));
        }
        converter.end();
        assert.equal(got, want, `${dir.name}/${f.name}`);
      }
    }
  }
});

Deno.test("imageToJson keeps nothing of a chunk: its buffer may be reused", () => {
  for (const dir of Deno.readDirSync(fixtures)) {
    for (const f of Deno.readDirSync(`${fixtures}/${dir.name}`)) {
      if (!f.name.endsWith(".img") || f.name.startsWith("pages-")) continue;
      const bytes = Deno.readFileSync(`${fixtures}/${dir.name}/${f.name}`);
      let want: string;
      try {
        want = streamed(bytes, false, 65536).join("");
      } catch {
        continue; // not an image we decode (raw formats)
      }
      for (const size of [7, 100, 4096]) {
        const scratch = new Uint8Array(size);
        let got = "";
        const converter = imageToJson({}, (t) => got += t);
        for (let i = 0; i < bytes.length; i += size) {
          const piece = bytes.subarray(i, i + size);
          scratch.set(piece);
          converter.push(scratch.subarray(0, piece.length));
          scratch.fill(0xaa);
        }
        converter.end();
        assert.equal(got, want, `${dir.name}/${f.name} in ${size}-byte reads`);
      }
    }
  }
});

Deno.test("an error of the output callback comes back as it is, not as an image error", () => {
  const bytes = bigMm();
  const mine = new Error("disk full");
  for (const bytesOut of [false, true]) {
    let calls = 0;
    const fail = () => {
      if (++calls === 2) throw mine;
    };
    const converter = bytesOut
      ? imageToJson({}, () => {}, fail)
      : imageToJson({}, fail);
    assert.throws(() => {
      for (let i = 0; i < bytes.length; i += 4096) {
        converter.push(bytes.subarray(i, i + 4096));
      }
      converter.end();
    }, (e: unknown) => e === mine);
  }
});
