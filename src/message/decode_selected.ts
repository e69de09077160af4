/**
 * Protobuf bytes -> crit's plain JSON object with only the fields asked
 * for: the fields nobody reads are skipped on the wire, never converted.
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
import {
  convertScalar,
  joinMerged,
  type MergedPieces,
  putRaw,
  type Raw,
  readScalar,
  readTag,
} from "./_common.ts";
import { decodeMessage } from "./decode_value.ts";

/**
 * The fields to decode: `true` takes a field whole (a message field with all
 * its fields), an object takes some fields of a message field.
 *
 * @example
 * ```ts
 * import type { FieldSelection } from "@ckpt/crit";
 * const core: FieldSelection = { tc: { comm: true, task_state: true } };
 * ```
 */
export type FieldSelection = {
  readonly [field: string]: true | FieldSelection;
};

/** A selection checked against one message plan, by field index. */
export interface Compiled {
  plan: MessagePlan;
  take: (true | Compiled | undefined)[];
  /** Indices of the fields taken, in field order. */
  order: number[];
  /** Indices of the required fields, in field order. */
  required: number[];
  /**
   * For a selection without lists, of a message with at most 31 required
   * fields: the bit of each required field by index (0 for the others) and
   * all those bits, so it is decoded straight into its object.
   */
  flat?: { bits: number[]; all: number };
}

const compiledBySelection = new WeakMap<
  FieldSelection,
  Map<MessagePlan, Compiled>
>();

/**
 * `sel` against `plan`. Names the message does not have select nothing
 * when `lenient` (an image's first entry may be a header of another type);
 * inside a message field they are a TypeError, like a sub-selection of a
 * field that is not a message.
 */
function compile(
  plan: MessagePlan,
  sel: FieldSelection,
  lenient: boolean,
): Compiled {
  // Checked here, before any byte is read, so a bad selection is the
  // caller's TypeError and never an error of the image.
  if (sel === null || typeof sel !== "object") {
    throw new TypeError("a field selection must be an object");
  }
  let byPlan = compiledBySelection.get(sel);
  if (byPlan === undefined) {
    byPlan = new Map();
    compiledBySelection.set(sel, byPlan);
  }
  const hit = byPlan.get(plan);
  if (hit !== undefined) return hit;
  const take: Compiled["take"] = new Array(plan.fields.length);
  for (const [name, want] of Object.entries(sel)) {
    const f = plan.byName.get(name);
    if (f === undefined) {
      if (lenient) continue;
      throw new TypeError(`${plan.name} has no field ${name}`);
    }
    const idx = plan.indexByNumber[f.number];
    if (want === true) take[idx] = true;
    else if (f.kind === Kind.Message) {
      take[idx] = compile(f.message(), want, false);
    } else {
      throw new TypeError(
        `${plan.name}.${name} is not a message: select it with true`,
      );
    }
  }
  const order: number[] = [];
  const required: number[] = [];
  plan.fields.forEach((f, i) => {
    if (take[i] !== undefined) order.push(i);
    if (f.required) required.push(i);
  });
  const out: Compiled = { plan, take, order, required };
  const noLists = order.every((i) => !plan.fields[i].repeated);
  if (noLists && required.length <= 31) {
    const bits = plan.fields.map(() => 0);
    required.forEach((i, k) => bits[i] = 1 << k);
    out.flat = { bits, all: (2 ** required.length - 1) | 0 };
  }
  byPlan.set(plan, out);
  return out;
}

/**
 * Decodes `buf[start, end)` as a message of `plan` like
 * `decodeMessage(plan, buf, start, end, false)` would, keeping only the
 * fields of `sel`: their values are the same, in the same key order. The
 * other fields are skipped by their wire type; a missing required field is
 * still an error at every level decoded.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeSelected } from "./decode_selected.ts";
 * import { messagePlan } from "../wire/plan.ts";
 * // pstree_entry: pid 7, ppid 1, pgid 7, sid 7 (fields 1 to 4).
 * const bytes = new Uint8Array([8, 7, 16, 1, 24, 7, 32, 7]);
 * assert.deepEqual(
 *   decodeSelected(messagePlan("pstree_entry"), bytes, 0, bytes.length, {
 *     sid: true,
 *     pid: true,
 *   }),
 *   { pid: 7, sid: 7 },
 * );
 * ```
 */
export function decodeSelected(
  plan: MessagePlan,
  buf: Uint8Array,
  start: number,
  end: number,
  sel: FieldSelection,
): JsonObject {
  return decodeCompiled(compileSelection(plan, sel), buf, start, end);
}

/**
 * `sel` checked against `plan` for {@linkcode decodeCompiled}; a TypeError
 * when it does not fit (see {@linkcode decodeSelected}).
 *
 * @example
 * ```ts
 * import { compileSelection } from "./decode_selected.ts";
 * import { messagePlan } from "../wire/plan.ts";
 * compileSelection(messagePlan("core_entry"), { tc: { comm: true } });
 * ```
 */
export function compileSelection(
  plan: MessagePlan,
  sel: FieldSelection,
): Compiled {
  return compile(plan, sel, true);
}

/**
 * {@linkcode decodeSelected} with a selection already checked.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compileSelection, decodeCompiled } from "./decode_selected.ts";
 * import { messagePlan } from "../wire/plan.ts";
 * const c = compileSelection(messagePlan("pstree_entry"), { ppid: true });
 * const bytes = new Uint8Array([8, 7, 16, 1, 24, 7, 32, 7]);
 * assert.deepEqual(decodeCompiled(c, bytes, 0, bytes.length), { ppid: 1 });
 * ```
 */
export function decodeCompiled(
  c: Compiled,
  buf: Uint8Array,
  start: number,
  end: number,
): JsonObject {
  return (c.flat && decodeFlat(c, c.flat, buf, start, end)) ||
    decodeSlots(c, buf, start, end);
}

/**
 * A selection without lists decoded straight into its object, which is
 * right while the fields taken come in field order, once each (as protobuf
 * writers put them); otherwise undefined, and decodeSlots starts over. So
 * does a message field that fails to decode: decodeSlots reads all of this
 * message before the messages in it, and its error is the one to report.
 */
function decodeFlat(
  c: Compiled,
  flat: NonNullable<Compiled["flat"]>,
  buf: Uint8Array,
  start: number,
  end: number,
): JsonObject | undefined {
  const { plan, take } = c;
  const r = new WireReader(buf, start, end);
  const out: JsonObject = {};
  let last = -1;
  let seen = 0;
  while (r.pos < end) {
    const tag = readTag(r);
    const wt = tag & 7;
    const f = fieldByNumber(plan, tag >>> 3);
    // Unknown, or not as the field is written (packed lists are not taken
    // here): skipped, as by decodeSlots.
    if (f === undefined || wt !== f.wireType) {
      r.skip(wt);
      continue;
    }
    const idx = plan.indexByNumber[f.number];
    seen |= flat.bits[idx];
    if (take[idx] === undefined) {
      r.skip(wt);
      continue;
    }
    if (idx <= last) return undefined;
    last = idx;
    if (f.kind !== Kind.Message) {
      out[f.name] = convertScalar(f, readScalar(r, f), false, false);
      continue;
    }
    const stop = r.length() + r.pos;
    const t = take[idx];
    try {
      out[f.name] = t === true
        ? decodeMessage(f.message(), buf, r.pos, stop, false)
        : decodeCompiled(t, buf, r.pos, stop);
    } catch {
      return undefined;
    }
    r.pos = stop;
  }
  if (seen !== flat.all) {
    const i = c.required.find((i) => (seen & flat.bits[i]) === 0)!;
    throw new WireError(
      `missing required field ${plan.fields[i].name} of ${plan.name}`,
      start,
    );
  }
  return out;
}

/** decodeCompiled for any selection: values by field, then the object. */
function decodeSlots(
  c: Compiled,
  buf: Uint8Array,
  start: number,
  end: number,
): JsonObject {
  const { plan, take } = c;
  const r = new WireReader(buf, start, end);
  const fields = plan.fields;
  // Raw values by field; decoded objects for lists of messages taken in part.
  const slots: (Raw | Raw[] | JsonValue[] | undefined)[] = new Array(
    fields.length,
  );
  let seen: boolean[] | undefined;
  let merged: MergedPieces;
  while (r.pos < end) {
    const tag = readTag(r);
    const wt = tag & 7;
    const f = fieldByNumber(plan, tag >>> 3);
    if (f === undefined) {
      r.skip(wt);
      continue;
    }
    const idx = plan.indexByNumber[f.number];
    const packed = wt === 2 && f.repeated && f.wireType !== 2;
    if (wt !== f.wireType && !packed) {
      r.skip(wt);
      continue;
    }
    if (take[idx] === undefined) {
      if (f.required) (seen ??= [])[idx] = true;
      r.skip(wt);
      continue;
    }
    if (packed) {
      const len = r.length();
      const stop = r.pos + len;
      const list = (slots[idx] ??= []) as Raw[];
      const inner = new WireReader(buf, r.pos, stop);
      while (inner.pos < stop) list.push(readScalar(inner, f));
      r.pos = stop;
      continue;
    }
    const t = take[idx];
    if (f.repeated && t !== true && f.kind === Kind.Message) {
      // Elements of a list are never merged: each is decoded where it
      // lies, without a copy of its bytes.
      const len = r.length();
      const stop = r.pos + len;
      ((slots[idx] ??= []) as JsonValue[]).push(
        decodeCompiled(t, buf, r.pos, stop),
      );
      r.pos = stop;
      continue;
    }
    merged = putRaw(slots, idx, f, readScalar(r, f), merged);
  }
  joinMerged(slots, merged);
  // A message may have dozens of fields and a selection a few: only the
  // required ones and the taken ones are visited.
  for (const i of c.required) {
    if (slots[i] === undefined && seen?.[i] !== true) {
      throw new WireError(
        `missing required field ${fields[i].name} of ${plan.name}`,
        start,
      );
    }
  }
  const out: JsonObject = {};
  for (const i of c.order) {
    const raw = slots[i];
    if (raw === undefined) continue;
    const f = fields[i];
    const t = take[i]!;
    if (f.repeated && t !== true && f.kind === Kind.Message) {
      out[f.name] = raw as JsonValue[];
    } else if (f.repeated) {
      const list = raw as Raw[];
      const vals: JsonValue[] = new Array(list.length);
      for (let k = 0; k < list.length; k++) vals[k] = value(f, t, list[k]);
      out[f.name] = vals;
    } else {
      out[f.name] = value(f, t, raw as Raw);
    }
  }
  return out;
}

function value(f: FieldPlan, t: true | Compiled, raw: Raw): JsonValue {
  if (f.kind !== Kind.Message) return convertScalar(f, raw, false, false);
  const bytes = raw as Uint8Array;
  return t === true
    ? decodeMessage(f.message(), bytes, 0, bytes.length, false)
    : decodeCompiled(t, bytes, 0, bytes.length);
}
