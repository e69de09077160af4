/**
 * Decode/encode plans: one per message type, built once from the generated
 * schema, so the hot loops index arrays instead of looking up names.
 */
import { SCHEMA } from "./schema.generated.ts";
import type { FieldOptions, FieldRow } from "./schema_types.ts";
import {
  DICT_TABLES,
  type DictTable,
  FLAG_TABLES,
  type FlagTable,
} from "./crit_tables.ts";

/** Scalar kinds, numbered for fast switches. */
export const enum Kind {
  Int32,
  Uint32,
  Sint32,
  Int64,
  Uint64,
  Sint64,
  Fixed32,
  Sfixed32,
  Fixed64,
  Sfixed64,
  Bool,
  String,
  Bytes,
  Enum,
  Message,
  Double,
  Float,
}

const SCALARS: Record<string, Kind> = {
  int32: Kind.Int32,
  uint32: Kind.Uint32,
  sint32: Kind.Sint32,
  int64: Kind.Int64,
  uint64: Kind.Uint64,
  sint64: Kind.Sint64,
  fixed32: Kind.Fixed32,
  sfixed32: Kind.Sfixed32,
  fixed64: Kind.Fixed64,
  sfixed64: Kind.Sfixed64,
  bool: Kind.Bool,
  string: Kind.String,
  bytes: Kind.Bytes,
  double: Kind.Double,
  float: Kind.Float,
};

/** The wire type each kind is written with when not packed. */
function wireTypeOf(kind: Kind): number {
  switch (kind) {
    case Kind.Fixed64:
    case Kind.Sfixed64:
    case Kind.Double:
      return 1;
    case Kind.String:
    case Kind.Bytes:
    case Kind.Message:
      return 2;
    case Kind.Fixed32:
    case Kind.Sfixed32:
    case Kind.Float:
      return 5;
    default:
      return 0;
  }
}

/** An enum: names by number and numbers by name. */
export interface EnumPlan {
  readonly name: string;
  readonly byNumber: Map<number, string>;
  readonly byName: Map<string, number>;
  /**
   * `[name, number]` pairs by the name's first character (ASCII), for
   * matching a name in JSON text without making a string of it.
   */
  readonly byInitial: readonly (readonly (readonly [string, number])[])[];
}

/** Everything the codec needs to know about one field. */
export interface FieldPlan {
  readonly name: string;
  readonly number: number;
  readonly kind: Kind;
  readonly wireType: number;
  readonly repeated: boolean;
  readonly required: boolean;
  readonly packed: boolean;
  /** Integer kinds (crit casts these with int()). */
  readonly isInt: boolean;
  readonly typeName: string;
  readonly enumPlan?: EnumPlan;
  readonly hex: boolean;
  readonly ipadd: boolean;
  readonly dev: boolean;
  readonly odev: boolean;
  /** Table of a `(criu).flags` option; `null` when the name is unknown to crit. */
  readonly flags?: FlagTable | null;
  /** Table of a `(criu).dict` option for this field's name. */
  readonly dict?: DictTable;
  readonly conv?: string;
  /** Message plan of a message-typed field, resolved on first use. */
  message(): MessagePlan;
  /** JSON text of repeating values, filled by the text writer as it goes. */
  valueTexts?: Map<number, Uint8Array>;
}

/** A message type: fields in number order plus a number -> field index. */
export interface MessagePlan {
  readonly name: string;
  readonly fields: readonly FieldPlan[];
  /** Field by number; a dense array for small numbers. */
  readonly byNumber: readonly (FieldPlan | undefined)[];
  readonly byName: Map<string, FieldPlan>;
  /** Index of each field in `fields`, by number. */
  readonly indexByNumber: readonly number[];
  /** `"name": ` of each field as ASCII bytes, for writing JSON text directly. */
  readonly jsonKeys: readonly Uint8Array[];
  /**
   * Each field's key with what goes before it, by layout (one-line text, or
   * pretty text by level), filled by the text writers as they go.
   */
  keyTexts?: (KeyTexts | undefined)[];
}

/**
 * A field's key with the separator and indentation before it, for one
 * layout: as the first member, and after another.
 */
export interface KeyTexts {
  readonly first: readonly Uint8Array[];
  readonly next: readonly Uint8Array[];
}

const plans = new Map<string, MessagePlan>();
const keyEncoder = new TextEncoder();
const enumPlans = new Map<string, EnumPlan>();

function enumPlan(name: string): EnumPlan {
  let plan = enumPlans.get(name);
  if (plan) return plan;
  if (!Object.hasOwn(SCHEMA.enums, name)) {
    throw new TypeError(`unknown enum type ${name}`);
  }
  const values = SCHEMA.enums[name];
  const byNumber = new Map<number, string>();
  const byName = new Map<string, number>();
  const byInitial: [string, number][][] = Array.from({ length: 128 }, () => []);
  for (const [k, v] of Object.entries(values)) {
    if (!byNumber.has(v)) byNumber.set(v, k);
    byName.set(k, v);
    if (k.charCodeAt(0) < 128) byInitial[k.charCodeAt(0)].push([k, v]);
  }
  plan = { name, byNumber, byName, byInitial };
  enumPlans.set(name, plan);
  return plan;
}

/** The plan of a message type, built on first use. */
export function messagePlan(name: string): MessagePlan {
  const cached = plans.get(name);
  if (cached) return cached;
  if (!Object.hasOwn(SCHEMA.messages, name)) {
    throw new TypeError(`unknown message type ${name}`);
  }
  const rows: FieldRow[] = JSON.parse(SCHEMA.messages[name]);
  const fields: FieldPlan[] = [];
  const byNumber: (FieldPlan | undefined)[] = [];
  const indexByNumber: number[] = [];
  const byName = new Map<string, FieldPlan>();
  const jsonKeys: Uint8Array[] = [];
  const plan: MessagePlan = {
    name,
    fields,
    byNumber,
    byName,
    indexByNumber,
    jsonKeys,
  };
  plans.set(name, plan);
  for (const row of rows) {
    const [fname, number, type, rule] = row;
    const opts: FieldOptions = row[4] ?? {};
    let kind = SCALARS[type];
    let ep: EnumPlan | undefined;
    if (kind === undefined) {
      if (Object.hasOwn(SCHEMA.enums, type)) {
        kind = Kind.Enum;
        ep = enumPlan(type);
      } else {
        kind = Kind.Message;
      }
    }
    let sub: MessagePlan | undefined;
    const field: FieldPlan = {
      name: fname,
      number,
      kind,
      wireType: wireTypeOf(kind),
      repeated: rule === "repeated",
      required: rule === "required",
      packed: opts.packed === true,
      isInt: kind <= Kind.Sfixed64,
      typeName: type,
      enumPlan: ep,
      hex: opts.hex === true,
      ipadd: opts.ipadd === true,
      dev: opts.dev === true,
      odev: opts.odev === true,
      flags: opts.flags === undefined
        ? undefined
        : (FLAG_TABLES[opts.flags] ?? null),
      dict: opts.dict === undefined
        ? undefined
        : DICT_TABLES[opts.dict]?.[fname],
      conv: opts.conv,
      message: () => sub ??= messagePlan(type),
    };
    indexByNumber[number] = fields.length;
    fields.push(field);
    // Field names are protobuf identifiers: ASCII that JSON needs no escapes for.
    jsonKeys.push(keyEncoder.encode(`"${fname}": `));
    if (number < 1024) byNumber[number] = field;
    byName.set(fname, field);
  }
  return plan;
}

/** Field plan by number, also for numbers beyond the dense table. */
export function fieldByNumber(
  plan: MessagePlan,
  number: number,
): FieldPlan | undefined {
  if (number < 1024) return plan.byNumber[number];
  return plan.fields.find((f) => f.number === number);
}
