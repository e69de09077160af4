/**
 * Pieces of JSON text writing shared by the text writer of decode_text.ts
 * and the generated ones.
 *
 * @module
 */
import type { JsonValue } from "../json/types.ts";
import { stringifyJson } from "../json/stringify.ts";
import type { Writer } from "../json/writer.ts";
import { formatIp } from "../json/text.ts";
import type { FieldPlan, KeyTexts, MessagePlan } from "../wire/plan.ts";
import type { WireReader } from "../wire/wire.ts";
import { convertScalar } from "./_common.ts";

const keyEncoder = new TextEncoder();

/**
 * The keys of `plan`'s fields with separator and indentation before each,
 * for members written `level` deep (pretty) or on one line: what separate()
 * and the key write, in one piece.
 */
export function keyTexts(
  plan: MessagePlan,
  pretty: boolean,
  level: number,
): KeyTexts {
  const slot = pretty ? level + 1 : 0;
  const cache = plan.keyTexts ??= [];
  let texts = cache[slot];
  if (texts === undefined) {
    const indent = pretty ? "\n" + " ".repeat(level * 4) : "";
    const comma = pretty ? "," : ", ";
    const names = plan.fields.map((f) => `"${f.name}": `);
    texts = {
      // On one line the first key is the plan's own.
      first: pretty
        ? names.map((k) => keyEncoder.encode(indent + k))
        : plan.jsonKeys,
      next: names.map((k) => keyEncoder.encode(comma + indent + k)),
    };
    cache[slot] = texts;
  }
  return texts;
}

/** The separator before a member: `, ` or (pretty) `,` and a new line. */
export function separate(
  w: Writer,
  comma: boolean,
  pretty: boolean,
  level: number,
) {
  if (comma) {
    w.ensure(2);
    w.buf[w.p++] = 0x2c;
    if (!pretty) w.buf[w.p++] = 0x20;
  }
  if (pretty) w.newline(level);
}

/** The closing bracket of a container, on its own line when pretty. */
export function close(
  w: Writer,
  bracket: number,
  pretty: boolean,
  level: number,
) {
  if (pretty) w.newline(level);
  w.ensure(1);
  w.buf[w.p++] = bracket;
}

/** A repeated `ipadd` field, pretty: one address, or its numbers. */
export function writeIpList(
  w: Writer,
  f: FieldPlan,
  list: number[],
  hex: boolean,
  level: number,
): void {
  const ip = list.length === 1 || list.length === 4;
  w.ensure(1);
  w.buf[w.p++] = 0x5b;
  const values: JsonValue[] = ip
    ? [formatIp(list)]
    : list.map((v) => convertScalar(f, v, true, hex));
  for (let k = 0; k < values.length; k++) {
    separate(w, k > 0, true, level + 1);
    w.scalar(values[k] as string | number | bigint);
  }
  close(w, 0x5d, true, level);
}

/**
 * The next tag, -1 at the end of the message, -2 for a tag no field has
 * (above 32 bits).
 */
export function nextTag(r: WireReader, end: number): number {
  if (r.pos >= end) return -1;
  const tag = r.varint();
  return r.hi === 0 ? tag : -2;
}

/** Distinct values whose text a field keeps; past this, text is built each time. */
const VALUE_TEXTS_LIMIT = 4096;
const textEncoder = new TextEncoder();

/**
 * The JSON text of a value of `f` that repeats (enum names, flag strings),
 * kept on the field. Only for values convertScalar() turns into the same text
 * whatever `hex` is: enums, and flags outside a hex message.
 */
export function valueText(f: FieldPlan, v: number): Uint8Array {
  const cache = f.valueTexts ??= new Map();
  let bytes = cache.get(v);
  if (bytes === undefined) {
    bytes = textEncoder.encode(
      stringifyJson(convertScalar(f, v, true, false), false),
    );
    if (cache.size < VALUE_TEXTS_LIMIT) cache.set(v, bytes);
  }
  return bytes;
}
