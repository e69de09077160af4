/**
 * Field-selected decoding against the whole decode (itself checked against
 * crit's outputs): on every fixture image, the selected fields are the
 * whole decode's fields, value for value and in the same order, for random
 * selections and for "everything"; errors name the same offset and entry.
 */
import assert from "node:assert/strict";
import {
  CriuImageError,
  decodeSelectedSync,
  decodeSync,
  type FieldSelection,
  type JsonObject,
  type JsonValue,
} from "../../mod.ts";
import { entryImage } from "../_helpers/wire_builders.ts";
import { project } from "../_helpers/fixture_entries.ts";
import { fixtureImagePaths } from "../_helpers/fixture_images.ts";
import { Dump } from "../../src/dump/dump.ts";
import { denoDumpDir } from "../../src/dump/deno_dump_dir.ts";

/** The error `f` throws. */
function thrown(f: () => unknown): CriuImageError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof CriuImageError, String(e));
    return e;
  }
  throw new Error("no error");
}

const fixtures = new URL("../fixtures", import.meta.url).pathname;

/** Every image with a magic under tests/fixtures. */
function fixtureImages(): string[] {
  return fixtureImagePaths().filter((path) => {
    try {
      decodeSync(Deno.readFileSync(path), { nopl: true });
      return true;
    } catch {
      return false; // raw images (pages, tarballs) have no entries
    }
  });
}

const isObject = (v: JsonValue | undefined): v is JsonObject =>
  typeof v === "object" && v !== null && !Array.isArray(v) &&
  !(v instanceof Uint8Array);

/** A random selection of the keys seen in `objects`, nested at random. */
function randomSelection(
  objects: JsonObject[],
  rand: () => number,
  depth = 0,
): FieldSelection {
  const keys = new Map<string, JsonObject[]>();
  for (const o of objects) {
    for (const [k, v] of Object.entries(o)) {
      if (k === "@unknown") continue;
      const list = keys.get(k) ?? [];
      if (isObject(v)) list.push(v);
      else if (Array.isArray(v) && v.every(isObject)) {
        list.push(...v as JsonObject[]);
      }
      keys.set(k, list);
    }
  }
  const sel: Record<string, true | FieldSelection> = {};
  for (const [k, nested] of keys) {
    if (rand() < 0.4) continue;
    sel[k] = nested.length > 0 && depth < 3 && rand() < 0.6
      ? randomSelection(nested, rand, depth + 1)
      : true;
  }
  return sel;
}

function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

Deno.test("decodeSelectedSync: the selected fields of every fixture image equal the whole decode's", () => {
  const rand = rng(7);
  const images = fixtureImages();
  assert.ok(images.length > 100, `${images.length} images`);
  let compared = 0;
  for (const path of images) {
    const bytes = Deno.readFileSync(path);
    const whole = decodeSync(bytes, { nopl: true });
    const all: Record<string, true> = {};
    for (const e of whole.entries) {
      for (const k of Object.keys(e)) if (k !== "@unknown") all[k] = true;
    }
    const everything = decodeSelectedSync(bytes, all, { nopl: true });
    assert.equal(everything.magic, whole.magic, path);
    assert.deepEqual(
      everything.entries,
      whole.entries.map((e) => project(e, all)),
      path,
    );
    for (let k = 0; k < 4; k++) {
      const sel = randomSelection(whole.entries, rand);
      const got = decodeSelectedSync(bytes, sel, { nopl: true }).entries;
      const want = whole.entries.map((e) => project(e, sel));
      assert.deepEqual(got, want, `${path} ${JSON.stringify(sel)}`);
      // Same keys in the same order, not only the same values.
      assert.deepEqual(
        got.map((e) =>
          JSON.stringify(e, (_, v) => typeof v === "bigint" ? `${v}n` : v)
        ),
        want.map((e) =>
          JSON.stringify(e, (_, v) => typeof v === "bigint" ? `${v}n` : v)
        ),
      );
      compared++;
    }
  }
  assert.ok(compared > 400);
});

Deno.test("decodeSelectedSync: malformed images fail at the offset and entry the whole decode names", () => {
  const bytes = Deno.readFileSync(`${fixtures}/01-sleep/core-25537.img`);
  const sel: FieldSelection = { tc: { comm: true } };
  for (const cut of [3, 9, 200, bytes.length - 1]) {
    const part = bytes.subarray(0, cut);
    const a = thrown(() => decodeSync(part));
    const b = thrown(() => decodeSelectedSync(part, sel));
    assert.ok(b instanceof CriuImageError);
    assert.equal(b.message, a.message);
    assert.equal(b.offset, a.offset);
    assert.equal(b.entryIndex, a.entryIndex);
  }
  // A pstree entry without its required pid, in a field not selected.
  const pstree = entryImage("PSTREE", [16, 1, 24, 7, 32, 7]);
  const a = thrown(() => decodeSync(pstree));
  const b = thrown(() => decodeSelectedSync(pstree, { sid: true }));
  assert.match(a.message, /missing required field pid/);
  assert.equal(b.message, a.message);
  assert.equal(b.offset, a.offset);
});

Deno.test("decodeSelectedSync: selections that do not fit the schema are a TypeError", () => {
  const bytes = Deno.readFileSync(`${fixtures}/01-sleep/core-25537.img`);
  assert.throws(
    () => decodeSelectedSync(bytes, { tc: { no_such: true } }),
    TypeError,
  );
  assert.throws(
    () => decodeSelectedSync(bytes, { tc: { comm: { x: true } } }),
    TypeError,
  );
  assert.throws(
    () => decodeSelectedSync(bytes, null as unknown as FieldSelection),
    TypeError,
  );
  // A name no entry has selects nothing.
  assert.deepEqual(decodeSelectedSync(bytes, { nothing: true }).entries, [{}]);
});

Deno.test("Dump.entries(name, fields): the selected fields of the whole entries, decoded once per selection, errors naming the image", async () => {
  const dir = `${fixtures}/14a-memory-truth`;
  const dump = new Dump(denoDumpDir(dir));
  const sel: FieldSelection = { exe_file_id: true, vmas: { start: true } };
  const whole = await dump.need("mm-10726.img");
  const some = await dump.need("mm-10726.img", sel);
  assert.deepEqual(some, whole.map((e) => project(e, sel)));
  // The same selection object is the same cached decode.
  assert.equal(await dump.entries("mm-10726.img", sel), some);
  assert.equal(await dump.entries("no-such.img", sel), undefined);
  const broken = new Dump({
    read: () => Promise.resolve(new Uint8Array([0x19, 0x43, 0x54, 0x54, 1])),
  });
  await assert.rejects(
    () => broken.entries("mm-1.img", sel),
    (e: Error) =>
      e instanceof CriuImageError && e.message.startsWith("mm-1.img: "),
  );
  await assert.rejects(
    () => dump.entries("core-10726.img", { tc: { nope: true } }),
    TypeError,
  );
});

Deno.test("Dump.entries with keep: false decodes without keeping, and takes what is kept", async () => {
  const dir = denoDumpDir(`${fixtures}/14a-memory-truth`);
  const reads: string[] = [];
  const dump = new Dump({
    read: (name) => {
      reads.push(name);
      return dir.read(name);
    },
  });
  const sel: FieldSelection = { vmas: { start: true } };
  const once = await dump.entries("mm-10726.img", sel, { keep: false });
  const again = await dump.entries("mm-10726.img", sel, { keep: false });
  assert.deepEqual(once, again);
  assert.notEqual(once, again);
  assert.deepEqual(reads, ["mm-10726.img", "mm-10726.img"]);
  // Kept by a call that keeps, then taken from there by one that does not.
  const kept = await dump.entries("mm-10726.img", sel);
  assert.equal(await dump.entries("mm-10726.img", sel, { keep: false }), kept);
  assert.equal(reads.length, 3);
});
