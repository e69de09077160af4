/**
 * Protobuf bytes -> crit's JSON text for one message, written straight into
 * the JSON byte writer without building the object decodeMessage returns.
 *
 * @module
 */
import {
  fieldByNumber,
  type FieldPlan,
  Kind,
  type MessagePlan,
} from "../wire/plan.ts";
import { WireReader } from "../wire/wire.ts";
import { type Writer, WRITER_CHUNK_BYTES } from "../json/writer.ts";
import {
  convertScalar,
  MAX_MESSAGE_DEPTH,
  readScalar,
  requiredBetween,
} from "./_common.ts";
import { close, separate, valueText, writeIpList } from "./_text.ts";
import {
  CANONICAL_CHECKS,
  TEXT_WRITERS,
  type TextWriter,
} from "./decode_text.generated.ts";

/**
 * Writes crit's JSON text for `buf[start, end)` as a message of `plan`
 * straight into `w`, laid out `level` deep, without building the object
 * decodeMessage returns. It handles messages as CRIU writes them: known
 * fields in number order, repeated ones back to back, required ones present.
 * For anything else it returns false (or throws), leaving the caller to drop
 * what was written and use decodeMessage, which covers every case and
 * reports errors. It never returns false for a message that
 * {@link isCanonicalMessage} accepts, so after that check the writer may
 * hand out text as it goes (`w.spill`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeMessageJson } from "./mod.ts";
 * import { Writer } from "../json/writer.ts";
 * import { messagePlan } from "../wire/plan.ts";
 * // pstree_entry: pid 7, ppid 1, pgid 7, sid 7 (fields 1 to 4).
 * const bytes = new Uint8Array([8, 7, 16, 1, 24, 7, 32, 7]);
 * const w = new Writer(null, false, 0);
 * const plan = messagePlan("pstree_entry");
 * assert.ok(writeMessageJson(w, plan, bytes, 0, bytes.length, false, 0));
 * assert.equal(w.drain(), '{"pid": 7, "ppid": 1, "pgid": 7, "sid": 7}');
 * ```
 */
export function writeMessageJson(
  w: Writer,
  plan: MessagePlan,
  buf: Uint8Array,
  start: number,
  end: number,
  pretty: boolean,
  level: number,
): boolean {
  const fast = generatedWriter(plan);
  if (fast === undefined) {
    return interpretMessageJson(w, plan, buf, start, end, pretty, level);
  }
  // One reader for every call: a reader per entry was 100k small objects
  // for an image of 100k entries. No call runs inside another.
  const r = sharedReader;
  r.buf = buf;
  r.pos = start;
  r.end = end;
  try {
    return fast(w, r, pretty, false, level, 0);
  } finally {
    r.buf = NO_BYTES;
  }
}

const NO_BYTES = new Uint8Array(0);
const sharedReader = new WireReader(NO_BYTES);

/**
 * writeMessageJson without the generated writers: the plan interpreter; the
 * generated writers are checked against it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { interpretMessageJson } from "./decode_text.ts";
 * import { Writer } from "../json/writer.ts";
 * import { messagePlan } from "../wire/plan.ts";
 * const bytes = new Uint8Array([8, 7, 16, 1, 24, 7, 32, 7]);
 * const w = new Writer(null, false, 0);
 * const plan = messagePlan("pstree_entry");
 * assert.ok(interpretMessageJson(w, plan, bytes, 0, 8, false, 0));
 * assert.equal(w.drain(), '{"pid": 7, "ppid": 1, "pgid": 7, "sid": 7}');
 * ```
 */
export function interpretMessageJson(
  w: Writer,
  plan: MessagePlan,
  buf: Uint8Array,
  start: number,
  end: number,
  pretty: boolean,
  level: number,
): boolean {
  const r = new WireReader(buf, start, end);
  return writeFields(w, r, plan, pretty, false, level, 0);
}

// The entries of an image are mostly of one type: one plan remembered
// saves looking its writer up by name for each.
let lastPlan: MessagePlan | undefined;
let lastWriter: TextWriter | undefined;

/** The generated text writer of `plan`'s message type, if it has one. */
function generatedWriter(plan: MessagePlan): TextWriter | undefined {
  if (plan !== lastPlan) {
    lastPlan = plan;
    lastWriter = Object.hasOwn(TEXT_WRITERS, plan.name)
      ? TEXT_WRITERS[plan.name]
      : undefined;
  }
  return lastWriter;
}

/**
 * Whether writeMessageJson can write this message (see there).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isCanonicalMessage } from "./mod.ts";
 * import { messagePlan } from "../wire/plan.ts";
 * const plan = messagePlan("pstree_entry");
 * const inOrder = new Uint8Array([8, 7, 16, 1, 24, 7, 32, 7]);
 * assert.ok(isCanonicalMessage(plan, inOrder, 0, 8));
 * // ppid before pid: decodeMessage's job.
 * const outOfOrder = new Uint8Array([16, 1, 8, 7, 24, 7, 32, 7]);
 * assert.ok(!isCanonicalMessage(plan, outOfOrder, 0, 8));
 * ```
 */
export function isCanonicalMessage(
  plan: MessagePlan,
  buf: Uint8Array,
  start: number,
  end: number,
): boolean {
  const check = Object.hasOwn(CANONICAL_CHECKS, plan.name)
    ? CANONICAL_CHECKS[plan.name]
    : undefined;
  if (check === undefined) return interpretIsCanonical(plan, buf, start, end);
  try {
    return check(new WireReader(buf, start, end), 0);
  } catch {
    return false;
  }
}

/**
 * isCanonicalMessage without the generated checks: the plan interpreter; the
 * generated checks are tested against it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { interpretIsCanonical } from "./decode_text.ts";
 * import { messagePlan } from "../wire/plan.ts";
 * const plan = messagePlan("pstree_entry");
 * assert.ok(interpretIsCanonical(plan, new Uint8Array([8, 7, 16, 1, 24, 7, 32, 7]), 0, 8));
 * ```
 */
export function interpretIsCanonical(
  plan: MessagePlan,
  buf: Uint8Array,
  start: number,
  end: number,
): boolean {
  try {
    return canonical(new WireReader(buf, start, end), plan, 0);
  } catch {
    return false;
  }
}

function canonical(r: WireReader, plan: MessagePlan, nesting: number): boolean {
  if (nesting > MAX_MESSAGE_DEPTH) return false;
  const end = r.end;
  let last = -1;
  while (r.pos < end) {
    const tag = r.varint();
    const f = nextField(r, plan, tag, last);
    if (f === undefined) return false;
    last = plan.indexByNumber[f.number];
    do {
      if (f.kind !== Kind.Message) {
        r.skip(f.wireType);
        continue;
      }
      const stop = r.length() + r.pos;
      r.end = stop;
      const ok = canonical(r, f.message(), nesting + 1);
      r.end = end;
      if (!ok || r.pos !== stop) return false;
    } while (f.repeated && sameTagNext(r, tag));
  }
  return !requiredAfter(plan, last);
}

/**
 * The field of `tag`, just read, if the message is canonical so far: known,
 * with its own wire type, after field `last` with no required field between.
 */
function nextField(
  r: WireReader,
  plan: MessagePlan,
  tag: number,
  last: number,
): FieldPlan | undefined {
  if (r.hi !== 0) return undefined;
  const f = fieldByNumber(plan, tag >>> 3);
  if (f === undefined || (tag & 7) !== f.wireType) return undefined;
  const idx = plan.indexByNumber[f.number];
  if (idx <= last || requiredBetween(plan, last, idx)) return undefined;
  return f;
}

function requiredAfter(plan: MessagePlan, last: number): boolean {
  return requiredBetween(plan, last, plan.fields.length);
}

function writeFields(
  w: Writer,
  r: WireReader,
  plan: MessagePlan,
  pretty: boolean,
  hex: boolean,
  level: number,
  nesting: number,
): boolean {
  if (nesting > MAX_MESSAGE_DEPTH) return false;
  const end = r.end;
  let last = -1;
  w.ensure(1);
  w.buf[w.p++] = 0x7b;
  while (r.pos < end) {
    const tag = r.varint();
    const f = nextField(r, plan, tag, last);
    if (f === undefined) return false;
    const idx = plan.indexByNumber[f.number];
    separate(w, last >= 0, pretty, level + 1);
    last = idx;
    w.bytes(plan.jsonKeys[idx]);
    if (!f.repeated) {
      if (!writeField(w, r, f, pretty, hex, level + 1, nesting)) return false;
      continue;
    }
    if (pretty && f.ipadd) {
      const list: number[] = [];
      do list.push(readScalar(r, f) as number); while (sameTagNext(r, tag));
      writeIpList(w, f, list, hex, level + 1);
      continue;
    }
    w.ensure(1);
    w.buf[w.p++] = 0x5b;
    let first = true;
    do {
      separate(w, !first, pretty, level + 2);
      first = false;
      if (!writeField(w, r, f, pretty, hex, level + 2, nesting)) return false;
      // Long lists (the VMAs of an MM entry) go out as they are written.
      if (w.spill !== undefined && w.p >= WRITER_CHUNK_BYTES) w.spill();
    } while (sameTagNext(r, tag));
    close(w, 0x5d, pretty, level + 1);
  }
  if (requiredAfter(plan, last)) return false;
  if (last < 0) {
    w.ensure(1);
    w.buf[w.p++] = 0x7d;
  } else {
    close(w, 0x7d, pretty, level);
  }
  return true;
}

/** Moves past the next tag if it is `tag` again. */
function sameTagNext(r: WireReader, tag: number): boolean {
  const at = r.pos;
  if (at >= r.end) return false;
  if (r.varint() === tag && r.hi === 0) return true;
  r.pos = at;
  return false;
}

function writeField(
  w: Writer,
  r: WireReader,
  f: FieldPlan,
  pretty: boolean,
  hex: boolean,
  level: number,
  nesting: number,
): boolean {
  switch (f.kind) {
    case Kind.Message: {
      const len = r.length();
      const end = r.end;
      const stop = r.pos + len;
      r.end = stop;
      const ok = writeFields(
        w,
        r,
        f.message(),
        pretty,
        hex || f.hex,
        level,
        nesting + 1,
      );
      r.end = end;
      return ok && r.pos === stop;
    }
    case Kind.Enum: {
      r.varint();
      w.bytes(valueText(f, r.lo | 0));
      return true;
    }
    case Kind.Uint32:
    case Kind.Uint64:
    case Kind.Fixed32:
    case Kind.Fixed64: {
      const v = readScalar(r, f) as number | bigint;
      // A 64-bit value beyond 2^53 is a bigint: rare, left to convertScalar().
      if (typeof v !== "number") {
        w.scalar(convertScalar(f, v, pretty, hex) as string | bigint);
        return true;
      }
      // The same choices as convertScalar(), without building strings.
      if (!pretty) w.number(v);
      else if (hex || f.hex) w.hexString(v);
      else if (!f.dev && f.flags) w.bytes(valueText(f, v));
      else w.scalar(convertScalar(f, v, pretty, hex) as string | number);
      return true;
    }
    default:
      w.scalar(
        convertScalar(f, readScalar(r, f), pretty, hex) as
          | string
          | number
          | boolean,
      );
      return true;
  }
}
