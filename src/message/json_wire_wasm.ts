/**
 * crit's JSON of an image's entries -> protobuf bytes, by WebAssembly
 * (json_wire.wat), reading the JSON's bytes without making strings of them:
 * for the JSON crit writes (keys in field order, integers, hex strings,
 * device numbers, flag and enum names, ASCII strings without escapes). It
 * gives the bytes the JavaScript encoder gives, or nothing: anything else
 * (or anything it refuses) is left to the JavaScript path, which reads
 * every form of JSON and words every error.
 *
 * @module
 */
import { type FieldPlan, Kind, type MessagePlan } from "../wire/plan.ts";
import type { FlagTable } from "../wire/crit_tables.ts";
import { JSON_WIRE_WASM } from "./json_wire.generated.ts";
import { WasmMemory } from "./_wasm_memory.ts";

const TABLES = 64;
const TABLES_END = 256 << 10;
const IN = TABLES_END;
/** Zero bytes after the text: they end every scan, and cover a key's length. */
const SLACK = 1024;
/** Longest key or name put in the tables: it must fit in SLACK. */
const MAX_NAME = 512;
/** Bytes of a field record, and of each name of an enum or flag table. */
const FIELD = 32;
const NAME = 16;
const PAGE = 65536;
/** The module's memory grows to 2 GiB at most (its declared maximum). */
const MAX_MEMORY = 32768 * PAGE;
/** A kind the module refuses (a packed field, an IP address list). */
const REFUSED_KIND = 17;
// How a string value of an integer field reads (see json_wire.wat).
const PYTHON_INT = 0;
const DEV = 1;
const ODEV = 2;
const FLAGS = 3;
const NO_STRING = 4;
/** A bytes field holding a unix socket's name, in quoted-printable. */
const QUOPRI = 5;

interface Module {
  memory: WebAssembly.Memory;
  entries(
    first: number,
    rest: number,
    start: number,
    out: number,
    limit: number,
  ): number;
  done_in: WebAssembly.Global;
  done_out: WebAssembly.Global;
}

/** What {@linkcode jsonWireEntries} wrote. */
export interface WireEntries {
  /** Entries written. */
  count: number;
  /**
   * The text after the entries array's `]`: a view of the module's memory
   * (the call may have grown it, which empties views of the text taken in
   * place before).
   */
  tail: Uint8Array;
  /** Each entry's u32 size and message: valid until the next call. */
  bytes: Uint8Array;
}

const encoder = new TextEncoder();

/** The module with its tables, made for each message type when first asked for. */
class JsonWire {
  #module: Module;
  #mem: WasmMemory;
  #records = new Map<MessagePlan, number>();
  #names = new Map<string, number>();
  #enums = new Map<FieldPlan["enumPlan"], number>();
  #flags = new Map<FlagTable, number>();
  /** The memory handed out by intake(), if any. */
  #lease: { bytes: Uint8Array } | undefined;

  constructor() {
    const bytes = Uint8Array.from(
      atob(JSON_WIRE_WASM),
      (c) => c.charCodeAt(0),
    );
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    this.#module = instance.exports as unknown as Module;
    this.#mem = new WasmMemory(
      this.#module.memory,
      TABLES,
      TABLES_END,
      MAX_MEMORY,
    );
  }

  /** Where the ASCII `name` is in the tables; undefined if it cannot be. */
  #name(name: string): number | undefined {
    const known = this.#names.get(name);
    if (known !== undefined) return known;
    const bytes = encoder.encode(name);
    if (bytes.length !== name.length || bytes.length > MAX_NAME) {
      return undefined;
    }
    const at = this.#mem.alloc(bytes.length);
    if (at === undefined) return undefined;
    this.#mem.bytes.set(bytes, at);
    this.#names.set(name, at);
    return at;
  }

  /** A table of names and their values; undefined without room. */
  #table(pairs: readonly (readonly [string, bigint])[]): number | undefined {
    // Aligned for the module's 64-bit loads of the values.
    const table = this.#mem.alloc(8 + pairs.length * NAME, 8);
    if (table === undefined) return undefined;
    let k = 0;
    for (const [name, value] of pairs) {
      const text = this.#name(name);
      // A name that is not ASCII is left out: its value is the JavaScript
      // path's to read.
      if (text === undefined) continue;
      const at = table + 8 + k++ * NAME;
      this.#mem.view.setBigInt64(at, value, true);
      this.#mem.view.setUint32(at + 8, text, true);
      this.#mem.view.setUint32(at + 12, name.length, true);
    }
    this.#mem.view.setUint32(table, k, true);
    return table;
  }

  #enumTable(f: FieldPlan): number | undefined {
    const plan = f.enumPlan!;
    let table = this.#enums.get(plan);
    if (table === undefined) {
      table = this.#table(
        [...plan.byName].map(([name, n]) => [name, BigInt(n)]),
      );
      if (table !== undefined) this.#enums.set(plan, table);
    }
    return table;
  }

  /**
   * The table of a flags field; undefined when a name reads as a number
   * (the module takes "0x" for a number first, JavaScript the name), when a
   * value is not a whole number, or without room.
   */
  #flagTable(flags: FlagTable): number | undefined {
    let table = this.#flags.get(flags);
    if (table === undefined) {
      if (
        flags.some(([name, bit]) =>
          /^0x/i.test(name) || !Number.isSafeInteger(bit) || bit < 0
        )
      ) return undefined;
      table = this.#table(flags.map(([name, bit]) => [name, BigInt(bit)]));
      if (table !== undefined) this.#flags.set(flags, table);
    }
    return table;
  }

  /** How the module reads a string value of integer field `f`, and its table. */
  #conversion(f: FieldPlan): [number, number] {
    // In toInteger's order (encode_value.ts).
    if (f.dev) return [f.odev ? ODEV : DEV, 0];
    if (f.flags) {
      const table = this.#flagTable(f.flags);
      return table === undefined ? [NO_STRING, 0] : [FLAGS, table];
    }
    if (f.dict !== undefined) return [NO_STRING, 0];
    return [PYTHON_INT, 0];
  }

  /** The address of `plan`'s record, made now if need be; undefined without room. */
  record(plan: MessagePlan): number | undefined {
    const known = this.#records.get(plan);
    if (known !== undefined) return known < 0 ? undefined : known;
    const m = this.#mem.alloc(8);
    const fields = this.#mem.alloc(plan.fields.length * FIELD);
    if (m === undefined || fields === undefined) {
      this.#records.set(plan, -1);
      return undefined;
    }
    // Set before its fields, which may be of this type.
    this.#records.set(plan, m);
    const v = this.#mem.view;
    v.setUint32(m, fields, true);
    v.setUint32(m + 4, plan.fields.length, true);
    for (let i = 0; i < plan.fields.length; i++) {
      const f = plan.fields[i];
      const at = fields + i * FIELD;
      let kind: number = f.kind;
      let aux: number | undefined = 0;
      let conv = NO_STRING;
      if (f.packed || (f.repeated && f.ipadd)) kind = REFUSED_KIND;
      else if (f.kind === Kind.Message) aux = this.record(f.message());
      else if (f.kind === Kind.Enum) aux = this.#enumTable(f);
      else if (f.kind <= Kind.Sfixed32) [conv, aux] = this.#conversion(f);
      else if (f.kind === Kind.Bytes && f.conv === "unix_name") conv = QUOPRI;
      const name = this.#name(f.name);
      if (aux === undefined || name === undefined) {
        // No room, or a key the module cannot match: refused, also where a
        // field (of this type itself) already points to it.
        v.setUint32(m + 4, 1, true);
        v.setUint32(fields + 4, REFUSED_KIND, true);
        v.setUint32(fields + 8, 2, true); // required: every message traps
        v.setUint32(fields + 16, 0, true);
        this.#records.set(plan, -1);
        return undefined;
      }
      v.setUint32(at, f.number * 8 + f.wireType, true);
      v.setUint32(at + 4, kind, true);
      v.setUint32(at + 8, (f.repeated ? 1 : 0) | (f.required ? 2 : 0), true);
      v.setUint32(at + 12, name, true);
      v.setUint32(at + 16, f.name.length, true);
      v.setUint32(at + 20, aux, true);
      v.setUint32(at + 24, conv, true);
    }
    return m;
  }

  /**
   * `n` bytes of the module's memory for a text to be read into, for
   * entries() to take in place; undefined when too large or handed out.
   */
  intake(n: number): JsonWireIntake | undefined {
    if (this.#lease !== undefined || !this.#mem.ensure(IN + n + SLACK)) {
      return undefined;
    }
    const lease = { bytes: this.#mem.bytes.subarray(IN, IN + n) };
    this.#lease = lease;
    // A view of a buffer the memory's growth replaced is empty: the size
    // is kept apart.
    let size = n;
    // deno-lint-ignore no-this-alias
    const self = this;
    return {
      get bytes() {
        // The memory may have grown since: a view of the new buffer.
        if (lease.bytes.buffer !== self.#mem.bytes.buffer) {
          lease.bytes = self.#mem.bytes.subarray(IN, IN + size);
        }
        return lease.bytes;
      },
      grow(more: number) {
        if (
          self.#lease !== lease || !self.#mem.ensure(IN + size + more + SLACK)
        ) {
          return false;
        }
        size += more;
        lease.bytes = self.#mem.bytes.subarray(IN, IN + size);
        return true;
      },
      release() {
        if (self.#lease === lease) self.#lease = undefined;
      },
    };
  }

  entries(
    first: MessagePlan,
    rest: MessagePlan,
    text: Uint8Array,
    start: number,
  ): WireEntries | undefined {
    const a = this.record(first);
    const b = this.record(rest);
    if (a === undefined || b === undefined) return undefined;
    const n = text.length;
    const lease = this.#lease?.bytes;
    const inPlace = lease !== undefined && text.buffer === lease.buffer &&
      text.byteOffset === lease.byteOffset && n <= lease.length;
    // Room for the text, its slack, and as many bytes out to begin with.
    const out = IN + n + SLACK;
    if (!inPlace && lease !== undefined) return undefined;
    if (!this.#mem.ensure(out + n + 4096)) return undefined;
    if (!inPlace) this.#mem.bytes.set(text, IN);
    this.#mem.bytes.fill(0, IN + n, out);
    const mod = this.#module;
    let count: number;
    try {
      count = mod.entries(
        a,
        b,
        IN + start,
        out,
        mod.memory.buffer.byteLength - 64,
      );
    } catch {
      return undefined;
    } finally {
      this.#mem.refresh();
    }
    return {
      count,
      tail: this.#mem.bytes.subarray(mod.done_in.value as number, IN + n),
      bytes: this.#mem.bytes.subarray(out, mod.done_out.value as number),
    };
  }
}

let shared: JsonWire | undefined;

function jsonWire(): JsonWire {
  return shared ??= new JsonWire();
}

/**
 * Encodes the entries array of crit's JSON `text` from `start` (just past
 * its `[`): the first entry as a message of `first`, the others of `rest`,
 * each a u32 size and the message, as JavaScript's encoder writes them.
 * Undefined when anything in the array is not written as crit writes it
 * (then encode the document in JavaScript, which also words any error).
 * The bytes are valid until the next call.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jsonWireEntries } from "./json_wire_wasm.ts";
 * import { messagePlan } from "../wire/plan.ts";
 * const plan = messagePlan("pstree_entry");
 * const text = new TextEncoder().encode('[{"pid": 7, "ppid": 1, "pgid": 7, "sid": 7}]');
 * const done = jsonWireEntries(plan, plan, text, 1)!;
 * assert.equal(done.count, 1);
 * assert.equal(done.tail.length, 0);
 * assert.deepEqual(done.bytes, new Uint8Array([8, 0, 0, 0, 8, 7, 16, 1, 24, 7, 32, 7]));
 * assert.equal(jsonWireEntries(plan, plan, new TextEncoder().encode('[{"pid": "7"}]'), 1), undefined);
 * ```
 */
export function jsonWireEntries(
  first: MessagePlan,
  rest: MessagePlan,
  text: Uint8Array,
  start: number,
): WireEntries | undefined {
  return jsonWire().entries(first, rest, text, start);
}

/** Memory of the module lent by {@linkcode jsonWireIntake}. */
export interface JsonWireIntake {
  /**
   * The bytes lent, a view of the memory as it is now: a call of
   * {@linkcode jsonWireEntries} may grow the memory, which leaves views
   * taken before it empty.
   */
  readonly bytes: Uint8Array;
  /**
   * Lends `more` bytes after those lent, keeping what they hold; false when
   * the memory cannot grow that far or was given back.
   */
  grow(more: number): boolean;
  /** Gives the memory back; the next intake may lend it again. */
  release(): void;
}

/**
 * `n` bytes of the module's memory to read a text into, so that
 * {@linkcode jsonWireEntries} takes it where it is, without a copy.
 * Undefined when `n` is too large or the memory is lent already.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jsonWireEntries, jsonWireIntake } from "./json_wire_wasm.ts";
 * import { messagePlan } from "../wire/plan.ts";
 * const text = new TextEncoder().encode('[{"pid": 7, "ppid": 1, "pgid": 7, "sid": 7}]');
 * const intake = jsonWireIntake(10)!;
 * intake.bytes.set(text.subarray(0, 10));
 * // More room, with what was read kept.
 * assert.ok(intake.grow(text.length - 10));
 * intake.bytes.set(text.subarray(10), 10);
 * assert.equal(jsonWireIntake(1), undefined);
 * const plan = messagePlan("pstree_entry");
 * assert.equal(jsonWireEntries(plan, plan, intake.bytes, 1)!.count, 1);
 * intake.release();
 * jsonWireIntake(1)!.release();
 * ```
 */
export function jsonWireIntake(n: number): JsonWireIntake | undefined {
  return jsonWire().intake(n);
}
