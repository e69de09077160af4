/**
 * Binary image -> crit's plain entries with only some of their fields.
 *
 * @module
 */
import type { CriuImage, JsonObject, JsonValue } from "../json/types.ts";
import { CallerError, EntryPump } from "../image/pump.ts";
import {
  type Compiled,
  compileSelection,
  decodeCompiled,
  type FieldSelection,
} from "../message/decode_selected.ts";
import type { MessagePlan } from "../wire/plan.ts";
import { type DecodeOptions, pumpOptions } from "./options.ts";

export type { FieldSelection } from "../message/decode_selected.ts";

/** The fields of `sel` out of an entry decoded whole. */
function pick(entry: JsonObject, sel: FieldSelection): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(entry)) {
    const want = sel[key];
    if (want === undefined) continue;
    const v = entry[key];
    if (want === true) out[key] = v;
    else if (Array.isArray(v)) {
      out[key] = v.map((x) => pick(x as JsonObject, want)) as JsonValue[];
    } else out[key] = pick(v as JsonObject, want);
  }
  return out;
}

/**
 * Decodes a whole image held in memory like {@linkcode decodeSync} with plain
 * values, keeping only the fields of `fields` in each entry: the same values
 * in the same key order as a whole decode, without converting the fields
 * nobody reads. The framing is read and checked as in a whole decode, and an
 * error names the same offset and entry. Names an entry's message does not
 * have select nothing (a PAGEMAP's head has none of its entries' fields);
 * `extra` selects the payload of images that have one (`"... <SIZE>"` with
 * `nopl`).
 *
 * @example The command names of a core image, nothing else
 * ```ts
 * import { decodeSelectedSync } from "@ckpt/crit";
 * const bytes = await Deno.readFile("tests/fixtures/01-sleep/core-25537.img");
 * const image = decodeSelectedSync(bytes, { tc: { comm: true } });
 * console.log(image.entries[0]); // { tc: { comm: "sleep" } }
 * ```
 */
export function decodeSelectedSync(
  bytes: Uint8Array,
  fields: FieldSelection,
  options?: Omit<DecodeOptions, "pretty">,
): CriuImage {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError("decodeSelectedSync expects a Uint8Array");
  }
  if (fields === null || typeof fields !== "object") {
    throw new TypeError("fields must be an object");
  }
  const entries: JsonObject[] = [];
  let last: MessagePlan | undefined;
  let compiled: Compiled | undefined;
  const pump = new EntryPump(
    pumpOptions({ ...options, pretty: false }),
    {
      // Entries with payloads come decoded whole, the rest as their bytes.
      entry: (e) => entries.push(pick(e, fields)),
      message(plan, body) {
        if (plan !== last) {
          try {
            compiled = compileSelection(plan, fields);
          } catch (e) {
            // The caller's mistake, not a flaw of the image.
            throw new CallerError(e);
          }
          last = plan;
        }
        entries.push(decodeCompiled(compiled!, body, 0, body.length));
      },
    },
  );
  try {
    pump.push(bytes);
    pump.end();
  } catch (e) {
    throw e instanceof CallerError ? e.error : e;
  }
  return { magic: pump.magic!, entries };
}
