/**
 * The `bigint: "always"` decode option: every 64-bit integer field of a
 * decoded entry becomes a bigint, whatever its value, so its type does not
 * depend on the data. Applied to an entry once it is built, which keeps the
 * message decoder's hot path free of the choice; it costs nothing unless
 * asked for.
 *
 * @module
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import { Kind, type MessagePlan, messagePlan } from "../wire/plan.ts";
import { entryKind, entryMessage } from "./kinds.ts";

/** The protobuf kinds of 64 bits: decoded as a number up to 2^53, a bigint above. */
function is64(kind: Kind): boolean {
  return kind === Kind.Int64 || kind === Kind.Uint64 ||
    kind === Kind.Sint64 || kind === Kind.Fixed64 || kind === Kind.Sfixed64;
}

/**
 * Turns, in place, the numbers of every 64-bit field of `entry` (entry
 * `index` of an image with this magic) into bigints, nested messages and
 * the messages of a SysV queue's `extra` included. Values that are text
 * (`--pretty` hex, labels) stay text.
 */
export function bigintFields(
  magic: string,
  index: number,
  entry: JsonObject,
): void {
  const kind = entryKind(magic)!;
  widen(entry, messagePlan(entryMessage(kind, index)));
  if (kind.layout === "msg" && Array.isArray(entry.extra)) {
    const plan = messagePlan("ipc_msg");
    for (const item of entry.extra) {
      if (isObject(item)) widen(item, plan);
    }
  }
}

function isObject(v: JsonValue): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function widen(obj: JsonObject, plan: MessagePlan): void {
  for (const f of plan.fields) {
    const v = obj[f.name];
    if (v === undefined) continue;
    if (f.kind === Kind.Message) {
      const sub = f.message();
      if (!f.repeated) widen(v as JsonObject, sub);
      else for (const item of v as JsonObject[]) widen(item, sub);
    } else if (is64(f.kind)) {
      if (!f.repeated) {
        if (typeof v === "number") obj[f.name] = BigInt(v);
        continue;
      }
      const list = v as JsonValue[];
      for (let k = 0; k < list.length; k++) {
        const item = list[k];
        if (typeof item === "number") list[k] = BigInt(item);
      }
    }
  }
}
