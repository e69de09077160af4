/**
 * Protobuf bytes -> crit's JSON object for one message, driven by the plans.
 * crit's conventions (plain or pretty) are applied while reading, so there
 * is no intermediate message object.
 *
 * @module
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import {
  fieldByNumber,
  type FieldPlan,
  Kind,
  type MessagePlan,
} from "../wire/plan.ts";
import { WireError, WireReader } from "../wire/wire.ts";
import { encodeBase64Lines } from "../json/base64.ts";
import { concatBytes } from "../wire/bytes.ts";
import { formatIp } from "../json/text.ts";
import {
  convertScalar,
  joinMerged,
  MAX_MESSAGE_DEPTH,
  type MergedPieces,
  putRaw,
  type Raw,
  readScalar,
  readTag,
  UNKNOWN_FIELDS_KEY,
} from "./_common.ts";

/**
 * Decodes `buf[start, end)` as a message of `plan` into crit's JSON object:
 * set fields only, in field-number order, `pretty` or plain as `crit decode`
 * writes them (`hex`: all integers in hex, as inside a hex message). Fields
 * our schema does not know keep their bytes under the key `"@unknown"`.
 * Throws WireError for malformed bytes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeMessage } from "./mod.ts";
 * import { messagePlan } from "../wire/plan.ts";
 * // pstree_entry: pid 7, ppid 1, pgid 7, sid 7 (fields 1 to 4).
 * const bytes = new Uint8Array([8, 7, 16, 1, 24, 7, 32, 7]);
 * assert.deepEqual(
 *   decodeMessage(messagePlan("pstree_entry"), bytes, 0, bytes.length, false),
 *   { pid: 7, ppid: 1, pgid: 7, sid: 7 },
 * );
 * ```
 */
export function decodeMessage(
  plan: MessagePlan,
  buf: Uint8Array,
  start: number,
  end: number,
  pretty: boolean,
  hex = false,
): JsonObject {
  return decodeFields(plan, buf, start, end, pretty, hex, 0);
}

/** decodeMessage for a message `nesting` levels inside the one decoded. */
function decodeFields(
  plan: MessagePlan,
  buf: Uint8Array,
  start: number,
  end: number,
  pretty: boolean,
  hex: boolean,
  nesting: number,
): JsonObject {
  const r = new WireReader(buf, start, end);
  const fields = plan.fields;
  const slots: (Raw | Raw[] | undefined)[] = new Array(fields.length);
  let unknown: Uint8Array[] | undefined;
  let merged: MergedPieces;
  while (r.pos < end) {
    const tagAt = r.pos;
    const tag = readTag(r);
    const wt = tag & 7;
    const f = fieldByNumber(plan, tag >>> 3);
    if (f === undefined) {
      r.skip(wt);
      (unknown ??= []).push(buf.subarray(tagAt, r.pos));
      continue;
    }
    const idx = plan.indexByNumber[f.number];
    if (wt !== f.wireType) {
      if (wt === 2 && f.repeated && f.wireType !== 2) {
        // Packed encoding of a repeated scalar.
        const len = r.length();
        const stop = r.pos + len;
        const list = (slots[idx] ??= []) as Raw[];
        const inner = new WireReader(buf, r.pos, stop);
        while (inner.pos < stop) list.push(readScalar(inner, f));
        r.pos = stop;
        continue;
      }
      // A wire type that does not match is an unknown field to protobuf.
      r.skip(wt);
      (unknown ??= []).push(buf.subarray(tagAt, r.pos));
      continue;
    }
    merged = putRaw(slots, idx, f, readScalar(r, f), merged);
  }
  joinMerged(slots, merged);
  const out = toObject(plan, slots, start, pretty, hex, nesting);
  if (unknown) {
    out[UNKNOWN_FIELDS_KEY] = encodeBase64Lines(concatBytes(unknown));
  }
  return out;
}

/** The JSON object of the values read for each field of `plan`. */
function toObject(
  plan: MessagePlan,
  slots: (Raw | Raw[] | undefined)[],
  start: number,
  pretty: boolean,
  hex: boolean,
  nesting: number,
): JsonObject {
  const fields = plan.fields;
  const out: JsonObject = {};
  for (let i = 0; i < fields.length; i++) {
    const raw = slots[i];
    if (raw === undefined) {
      // protobuf-c (CRIU itself) rejects such a message, and encode could
      // not write the JSON back.
      if (fields[i].required) {
        throw new WireError(
          `missing required field ${fields[i].name} of ${plan.name}`,
          start,
        );
      }
      continue;
    }
    const f = fields[i];
    if (f.repeated) {
      const list = raw as Raw[];
      // Only 1 (IPv4) or 4 (IPv6) words are an address; crit crashes on 2
      // or 3 and drops words past 4. Other counts stay numbers, which encode
      // takes back as they are.
      if (pretty && f.ipadd && (list.length === 1 || list.length === 4)) {
        out[f.name] = [formatIp(list as number[])];
      } else {
        const vals: JsonValue[] = new Array(list.length);
        for (let k = 0; k < list.length; k++) {
          const v = list[k];
          vals[k] = f.kind === Kind.Message
            ? nested(f, v, pretty, hex, nesting)
            : convertScalar(f, v, pretty, hex);
        }
        out[f.name] = vals;
      }
    } else {
      out[f.name] = f.kind === Kind.Message
        ? nested(f, raw as Raw, pretty, hex, nesting)
        : convertScalar(f, raw as Raw, pretty, hex);
    }
  }
  return out;
}

/** The JSON object of `raw`, the bytes of message field `f`. */
function nested(
  f: FieldPlan,
  raw: Raw,
  pretty: boolean,
  hex: boolean,
  nesting: number,
): JsonValue {
  // Some messages contain themselves (aa_namespace, cgroup_dir_entry):
  // bound the depth before the stack or the JSON reader gives out.
  if (nesting >= MAX_MESSAGE_DEPTH) {
    throw new WireError(
      `messages nested deeper than ${MAX_MESSAGE_DEPTH} levels exceed the limit`,
      0,
    );
  }
  const bytes = raw as Uint8Array;
  return decodeFields(
    f.message(),
    bytes,
    0,
    bytes.length,
    pretty,
    hex || f.hex,
    nesting + 1,
  );
}
