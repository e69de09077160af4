/**
 * JSON mutations of crit's texts: on the parsed value, with raw literals
 * spliced into the text afterwards (a sentinel string marks where), or on
 * the text itself.
 *
 * @module
 */
import {
  type CriuImage,
  type JsonObject,
  type JsonValue,
  MAGICS,
  parse,
  stringify,
} from "../../mod.ts";
import type { Rng } from "../../tests/_helpers/prng.ts";
import type { Corpus } from "./corpus.ts";

const SENTINEL = "\u0001fuzz\u0001";
const SENTINEL_TEXT = '"\\u0001fuzz\\u0001"';

const WRONG_TYPES = [
  '"x"',
  '""',
  "0",
  "-1",
  "true",
  "false",
  "null",
  "[]",
  "{}",
  "[1, 2]",
  '{"a": 1}',
  "1.5",
  '"0x10"',
  '["x"]',
];
const HUGE_NUMBERS = [
  "1e400",
  "-1e400",
  "1e308",
  "1180591620717411303424",
  "-1180591620717411303424",
  "-1",
  "-2147483649",
  "2147483648",
  "4294967295",
  "4294967296",
  "9007199254740993",
  "9223372036854775808",
  "-9223372036854775809",
  "18446744073709551615",
  "18446744073709551616",
  "1e2",
  "-0",
  "0.0",
  "1E+2",
];
const BAD_BASE64 = [
  '"!!!!"',
  '"QQ"',
  '"QQ="',
  '"Q==="',
  '"===="',
  '"QUJDRA==QQ=="',
  '"QUJD RA=="',
  '"QUJD\\nRA==\\n"',
  '"\\u00e9AAA"',
  '"\\udc80AAA"',
  '"AAAA\\u0000"',
  '""',
];
const BAD_INTS = [
  '"0x"',
  '"0xg"',
  '"0x-1"',
  '"-0x1"',
  '"0x1ffffffffffffffff"',
  '"0x_1"',
  '"0x1__2"',
  '" 0x1 "',
  '"1_0"',
  '"0o777"',
  '"0b2"',
  '"0X1F"',
  '"00"',
  '"+0x1"',
  '"\\u0663"',
  '"1e3"',
  '"0x100000000"',
];
const BAD_FLAGS = [
  '"PROT_READ | NOPE"',
  '"NOPE"',
  '"|"',
  '"PROT_READ || PROT_WRITE"',
  '"0x1 | 0x1"',
  '"PROT_READ |"',
  '" "',
  '"prot_read"',
  '"MAP_SHARED | 0xffffffff"',
  '"VMA_AREA_REGULAR | 0x100000000"',
  '"O_RDWR | -1"',
];
const BAD_DEVS = [
  '"1:2:3"',
  '"a:b"',
  '"-1:5"',
  '"4096:0"',
  '"1:1048576"',
  '":"',
  '"1:"',
  '"0x1:2"',
  '"4095:1048575"',
  '"1 : 2"',
];
const BAD_IPS = [
  '"1.2.3"',
  '"::1::"',
  '"256.1.1.1"',
  '"1.2.3.4.5"',
  '"fe80::1%eth0"',
  '"::ffff:1.2.3.4"',
  '"01.2.3.4"',
  '"::"',
  '"1:2:3:4:5:6:7:8:9"',
  '"::g"',
];
const BAD_NAMES = ['"NOPE"', '""', '"Alive "', '"stream"', '"0x1"', '"1"'];
const TEXT_EDIT_CHARS = [
  ...'{}[]:,"\\ 0123456789-+.eExtfnul',
  "\u00e9",
  "\ud800",
  "\udc80",
  "\u0000",
  "\n",
];

interface Slot {
  parent: JsonObject | JsonValue[];
  key: string | number;
}

function slots(v: JsonValue, out: Slot[]): Slot[] {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      out.push({ parent: v, key: i });
      slots(v[i], out);
    }
  } else if (v !== null && typeof v === "object") {
    for (const k of Object.keys(v)) {
      out.push({ parent: v, key: k });
      slots(v[k], out);
    }
  }
  return out;
}

function get(s: Slot): JsonValue {
  return (s.parent as Record<string | number, JsonValue>)[s.key];
}

function set(s: Slot, v: JsonValue): void {
  (s.parent as Record<string | number, JsonValue>)[s.key] = v;
}

function literalsFor(value: JsonValue): readonly string[] {
  if (typeof value !== "string") return [...HUGE_NUMBERS, ...BAD_INTS];
  if (/^-?0x/i.test(value)) return BAD_INTS;
  if (/^\d+:\d+$/.test(value)) return BAD_DEVS;
  if (/^[\d.]+$|:.*:/.test(value)) return BAD_IPS;
  if (value.includes("|") || /^[A-Z][A-Z0-9_]+$/.test(value)) {
    return [...BAD_FLAGS, ...BAD_NAMES];
  }
  if (/^[A-Za-z0-9+/=\n]+$/.test(value)) return BAD_BASE64;
  return [...BAD_NAMES, ...BAD_BASE64];
}

/** One to four character edits anywhere in the text. */
function textEdits(r: Rng, text: string): [string, string] {
  const edits: string[] = [];
  for (let k = 1 + r.int(4); k > 0; k--) {
    const at = r.int(text.length + 1);
    const ch = r.pick(TEXT_EDIT_CHARS);
    switch (r.int(3)) {
      case 0:
        text = text.slice(0, at) + text.slice(at + 1);
        edits.push(`delete ${at}`);
        break;
      case 1:
        text = text.slice(0, at) + ch + text.slice(at);
        edits.push(`insert ${JSON.stringify(ch)} at ${at}`);
        break;
      default:
        text = text.slice(0, at) + ch + text.slice(at + 1);
        edits.push(`replace ${at} by ${JSON.stringify(ch)}`);
    }
  }
  return [text, `text edits ${edits.join(", ")}`];
}

/** A value as JSON for a label: bigints as numbers, at most 40 characters. */
function shortText(v: JsonValue): string {
  const text = JSON.stringify(v, (_, x) => typeof x === "bigint" ? `${x}` : x);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** The image's text with the sentinel string replaced by `literal`. */
function withLiteral(image: CriuImage, pretty: boolean, literal: string) {
  return stringify(image, { pretty }).replace(SENTINEL_TEXT, literal);
}

/**
 * A string value (mostly; else `slot`) replaced by a malformed one of its
 * kind: hex, flags, devices, addresses, names, base64.
 */
function badText(
  r: Rng,
  image: CriuImage,
  all: Slot[],
  slot: Slot,
  pretty: boolean,
): [string, string] {
  const strings = all.filter((s) => typeof get(s) === "string");
  const target = strings.length && r.chance(0.8) ? r.pick(strings) : slot;
  const old = get(target);
  const literal = r.pick(literalsFor(old));
  set(target, SENTINEL);
  return [
    withLiteral(image, pretty, literal),
    `${String(target.key)} ${shortText(old)} -> ${literal}`,
  ];
}

/** An unknown key added to one of the image's objects. */
function addKey(
  r: Rng,
  image: CriuImage,
  all: Slot[],
  pretty: boolean,
): [string, string] {
  const objects = all.map(get).filter((v): v is JsonObject =>
    v !== null && typeof v === "object" && !Array.isArray(v)
  );
  const key = r.pick(["bogus", "extra", "@unknown", "__proto__", "0"]);
  const literal = r.pick([...WRONG_TYPES, ...BAD_BASE64]);
  if (objects.length) r.pick(objects)[key] = SENTINEL;
  return [withLiteral(image, pretty, literal), `add key ${key} = ${literal}`];
}

/** Entries repeated, dropped or moved, or another image's entries. */
function shuffleEntries(r: Rng, image: CriuImage, corpus: Corpus): string {
  const entries = image.entries;
  const op = r.int(3);
  const i = r.int(entries.length);
  if (op === 0 && entries.length) entries.push(structuredClone(entries[i]));
  else if (op === 1 && entries.length) entries.splice(i, 1);
  else if (entries.length) entries.unshift(entries.splice(i, 1)[0]);
  // Another image's entries under this magic.
  if (r.chance(0.3)) {
    const other = r.pick(corpus.jsons);
    image.entries = structuredClone(
      (other.parsed ??= parse(other.text)).entries,
    );
    return `entries of ${other.name}`;
  }
  return `entries: ${["repeat", "drop", "move to front"][op]} ${i}`;
}

/** A mutation of one crit JSON text: the new text and what was done. */
export function mutateJson(
  r: Rng,
  sample: Corpus["jsons"][number],
  corpus: Corpus,
): [string, string] {
  const pretty = sample.text.includes("\n");
  const kind = r.pick([
    "wrongType",
    "delete",
    "huge",
    "badText",
    "badText",
    "nesting",
    "textEdit",
    "textEdit",
    "magic",
    "addKey",
    "entries",
  ]);
  if (kind === "textEdit") return textEdits(r, sample.text);
  const image = structuredClone(sample.parsed ??= parse(sample.text));
  const all = slots(image.entries as JsonValue, [{
    parent: image as unknown as JsonObject,
    key: "entries",
  }]);
  const slot = r.pick(all);
  const path = `${String(slot.key)}`;
  let literal: string | undefined;
  let label: string;
  switch (kind) {
    case "wrongType":
    case "huge":
      literal = r.pick(kind === "huge" ? HUGE_NUMBERS : WRONG_TYPES);
      label = `${path} = ${literal}`;
      break;
    case "delete":
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
      else delete slot.parent[slot.key as string];
      label = `delete ${path}`;
      break;
    case "badText":
      return badText(r, image, all, slot, pretty);
    case "nesting": {
      const depth = r.pick([511, 600, 10000]);
      literal = r.chance(0.5)
        ? "[".repeat(depth) + "]".repeat(depth)
        : '{"a": '.repeat(depth) + "1" + "}".repeat(depth);
      label = `${path} = ${depth} nested levels`;
      break;
    }
    case "magic": {
      const names = Object.keys(MAGICS);
      image.magic = r.chance(0.8) ? r.pick(names) : r.pick(["", "NOPE", "0x1"]);
      label = `magic = ${image.magic}`;
      break;
    }
    case "addKey":
      return addKey(r, image, all, pretty);
    default:
      label = shuffleEntries(r, image, corpus);
  }
  if (literal === undefined) return [stringify(image, { pretty }), label];
  set(slot, SENTINEL);
  return [withLiteral(image, pretty, literal), label];
}
