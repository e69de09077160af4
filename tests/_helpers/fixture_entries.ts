/**
 * The entries of the fixture images one by one, as message bytes with their
 * plan and their whole decode, and random field selections of them, for
 * the tests of the message layer's selected decoders.
 *
 * @module
 */
import { decodeSync, type JsonObject, type JsonValue } from "../../mod.ts";
import type { FieldSelection } from "../../src/message/decode_selected.ts";
import { type MessagePlan, messagePlan } from "../../src/wire/plan.ts";
import { entryKind, entryMessage } from "../../src/image/kinds.ts";
import { headerWord } from "../../src/image/magic.ts";
import type { Rng } from "./prng.ts";
import { fixtureImagePaths } from "./fixture_images.ts";

/** One entry of a fixture image. */
export interface Entry {
  path: string;
  plan: MessagePlan;
  body: Uint8Array;
  whole: JsonObject;
}

/** Every entry of the fixture images whose entries are plain messages. */
export function fixtureEntries(): Entry[] {
  return fixtureImagePaths().flatMap(entriesOf);
}

function entriesOf(path: string): Entry[] {
  const bytes = Deno.readFileSync(path);
  let image;
  try {
    image = decodeSync(bytes, { nopl: true });
  } catch {
    return []; // raw images (pages, tarballs)
  }
  const kind = entryKind(image.magic)!;
  if ((kind.layout ?? "pagemap") !== "pagemap") return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  let at = headerWord(image.magic) === undefined ? 4 : 8;
  return image.entries.map((whole, i) => {
    const size = view.getUint32(at, true);
    const body = bytes.subarray(at + 4, at + 4 + size);
    at += 4 + size;
    const plan = messagePlan(entryMessage(kind, i));
    return { path, plan, body, whole };
  });
}

const isObject = (v: JsonValue | undefined): v is JsonObject =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Some of the keys of `v`, and some fields of the messages among them. */
export function randomSelection(
  v: JsonObject,
  rng: Rng,
  depth = 0,
): FieldSelection {
  const sel: Record<string, true | FieldSelection> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === "@unknown" || rng.chance(0.4)) continue;
    const first = Array.isArray(x) ? x[0] : x;
    sel[k] = isObject(first) && depth < 3 && rng.chance(0.6)
      ? randomSelection(first, rng, depth + 1)
      : true;
  }
  return sel;
}

/**
 * The fields of `sel` in `v`, written out here rather than taken from src:
 * what a selected decode must give.
 */
export function project(v: JsonObject, sel: FieldSelection): JsonObject {
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) {
    const want = sel[k];
    if (want === undefined) continue;
    if (want === true) out[k] = x;
    else if (Array.isArray(x)) {
      out[k] = x.map((y) => project(y as JsonObject, want));
    } else out[k] = project(x as JsonObject, want);
  }
  return out;
}
