/**
 * A cheaper decode for the checker's biggest images, cores (mostly
 * registers) and mm images (VMAs, saved auxv). The checks read a few fields
 * of them; building JSON objects of everything else and dropping them made
 * most of the cost of checking a big dump. So each entry is validated with
 * the message layer's isCanonicalMessage() (known fields in order, required
 * ones present, nested messages sound: what CRIU writes) and only the
 * fields the checks read are decoded; other set fields are kept as `{}` so
 * their presence still shows. Anything else returns undefined and the
 * caller decodes the image the usual way, which also gives the exact error.
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import { IMG_COMMON, MAGICS } from "../image/magic.ts";
import { DEFAULT_MAX_ENTRY_SIZE } from "../codec/decode.ts";
import { isCanonicalMessage } from "../message/decode_text.ts";
import {
  fieldByNumber,
  type FieldPlan,
  Kind,
  type MessagePlan,
  messagePlan,
} from "../wire/plan.ts";
import { u64, WireReader } from "../wire/wire.ts";

/** The fields to decode: `true` for a number or enum, a Pick for a message. */
export interface Pick {
  readonly [field: string]: true | Pick;
}

/** What the checks read of each slimmed image kind. */
export const SLIM: Readonly<Record<string, [string, Pick]>> = {
  CORE: ["core_entry", {
    mtype: true,
    tc: { task_state: true, exit_code: true, cg_set: true },
    thread_core: { seccomp_mode: true, seccomp_filter: true },
  }],
  MM: ["mm_entry", {
    exe_file_id: true,
    vmas: { start: true, end: true, shmid: true, status: true, flags: true },
  }],
};

/**
 * The entries of an image of `magic` (a key of SLIM) with only the picked
 * fields decoded, or undefined when it is not canonical.
 */
export function decodeSlim(
  bytes: Uint8Array,
  magic: string,
): JsonObject[] | undefined {
  const [message, pick] = SLIM[magic];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  if (
    bytes.length < 8 || view.getUint32(0, true) !== IMG_COMMON ||
    view.getUint32(4, true) !== MAGICS[magic]
  ) {
    return undefined;
  }
  const plan = messagePlan(message);
  const out: JsonObject[] = [];
  let at = 8;
  while (at < bytes.length) {
    if (bytes.length - at < 4) return undefined;
    const size = view.getUint32(at, true);
    const start = at + 4;
    const end = start + size;
    if (size > DEFAULT_MAX_ENTRY_SIZE || end > bytes.length) return undefined;
    if (!isCanonicalMessage(plan, bytes, start, end)) return undefined;
    out.push(picked(new WireReader(bytes, start, end), plan, pick));
    at = end;
  }
  return out;
}

/** The picked fields of a canonical message; other set fields as `{}`. */
function picked(r: WireReader, plan: MessagePlan, pick: Pick): JsonObject {
  const end = r.end;
  const out: JsonObject = {};
  while (r.pos < end) {
    const tag = r.varint();
    // Canonical: every field is known and has its own wire type.
    const f = fieldByNumber(plan, tag >>> 3)!;
    const want = pick[f.name];
    if (want === undefined) {
      r.skip(tag & 7);
      out[f.name] = {};
      continue;
    }
    let v: JsonValue;
    if (want === true) {
      v = scalar(r, f);
    } else {
      const len = r.length();
      const stop = r.pos + len;
      r.end = stop;
      v = picked(r, f.message(), want);
      r.end = end;
      r.pos = stop;
    }
    if (f.repeated) ((out[f.name] ??= []) as JsonValue[]).push(v);
    else out[f.name] = v;
  }
  return out;
}

/** A varint number or enum, as the full decoder gives it (not pretty). */
function scalar(r: WireReader, f: FieldPlan): JsonValue {
  r.varint();
  switch (f.kind) {
    case Kind.Uint32:
      return r.lo;
    case Kind.Uint64:
      return u64(r.lo, r.hi);
    case Kind.Enum:
      return f.enumPlan!.byNumber.get(r.lo | 0) ?? (r.lo | 0);
    default:
      throw new TypeError(`cannot pick ${f.name} of kind ${f.kind}`);
  }
}
