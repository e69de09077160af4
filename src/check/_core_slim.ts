/**
 * A cheaper decode of CORE images for the checker. A core is mostly
 * registers, which the checks only need to be there; building a JSON object
 * of a thousand numbers per thread and dropping it made most of the cost of
 * checking a big dump. So each entry is validated with the message layer's
 * isCanonicalMessage() (known fields in order, required ones present, nested
 * messages sound: what CRIU writes), and only `mtype` and the numbers of
 * `tc` the checks read (`task_state`, `exit_code`, `cg_set`) are decoded;
 * other fields are kept as `{}` to say they are there. Anything else
 * returns undefined and the caller decodes the image the usual way, which
 * also gives the exact error.
 */
import type { JsonObject } from "../json/types.ts";
import { IMG_COMMON, MAGICS } from "../image/magic.ts";
import { DEFAULT_MAX_ENTRY_SIZE } from "../codec/decode.ts";
import { isCanonicalMessage } from "../message/message.ts";
import { fieldByNumber, type MessagePlan, messagePlan } from "../wire/plan.ts";
import { WireReader } from "../wire/wire.ts";

/** The fields of `tc` kept: the ones the checks read. */
const TC_FIELDS = new Set(["task_state", "exit_code", "cg_set"]);

/** The entries of a CORE image, `mtype` and part of `tc` decoded, or undefined. */
export function decodeCoreSlim(bytes: Uint8Array): JsonObject[] | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  if (
    bytes.length < 8 || view.getUint32(0, true) !== IMG_COMMON ||
    view.getUint32(4, true) !== MAGICS.CORE
  ) {
    return undefined;
  }
  const plan = messagePlan("core_entry");
  const out: JsonObject[] = [];
  let at = 8;
  while (at < bytes.length) {
    if (bytes.length - at < 4) return undefined;
    const size = view.getUint32(at, true);
    const start = at + 4;
    const end = start + size;
    if (size > DEFAULT_MAX_ENTRY_SIZE || end > bytes.length) return undefined;
    if (!isCanonicalMessage(plan, bytes, start, end)) return undefined;
    out.push(topFields(bytes, start, end));
    at = end;
  }
  return out;
}

/** The numbers of TC_FIELDS of a canonical task core. */
function taskCore(
  buf: Uint8Array,
  start: number,
  end: number,
  plan: MessagePlan,
): JsonObject {
  const r = new WireReader(buf, start, end);
  const out: JsonObject = {};
  while (r.pos < end) {
    const tag = r.varint();
    const f = fieldByNumber(plan, tag >>> 3)!;
    if (TC_FIELDS.has(f.name)) out[f.name] = r.varint();
    else r.skip(tag & 7);
  }
  return out;
}

/** `mtype` and `tc` of a canonical core entry; other fields as `{}`. */
function topFields(buf: Uint8Array, start: number, end: number): JsonObject {
  const plan = messagePlan("core_entry");
  const r = new WireReader(buf, start, end);
  const out: JsonObject = {};
  while (r.pos < end) {
    const tag = r.varint();
    const f = fieldByNumber(plan, tag >>> 3)!;
    if (f.name === "mtype") {
      r.varint();
      out.mtype = f.enumPlan!.byNumber.get(r.lo | 0) ?? (r.lo | 0);
    } else if (f.name === "tc") {
      const len = r.length();
      out.tc = taskCore(buf, r.pos, r.pos + len, f.message());
      r.pos += len;
    } else {
      // Canonical: each field has its own wire type; repeats come one by one.
      r.skip(tag & 7);
      out[f.name] = {};
    }
  }
  return out;
}
