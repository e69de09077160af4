/**
 * crit's JSON text of messages, one-line or pretty, written by WebAssembly
 * (wire_text.wat): for messages of integer, enum, bool, string and bytes
 * fields and messages of them, which is every type of CRIU's schema (a
 * packed or fixed64 field, a socket filter, is left to JavaScript), with
 * pretty text's hex, device numbers, flag names, dict labels and IP
 * addresses. It writes what the JavaScript writers write, byte for byte, or
 * nothing: anything else is left to them. Large text can be handed out as
 * it is written (`flush`), so that it never lies whole in fresh memory.
 *
 * @module
 */
import {
  type EnumPlan,
  type FieldPlan,
  Kind,
  type MessagePlan,
} from "../wire/plan.ts";
import { keyTexts, valueText } from "./_text.ts";
import { stringifyJson } from "../json/stringify.ts";
import { decodeBase64 } from "../json/base64.ts";
import type { DictTable, FlagTable } from "../wire/crit_tables.ts";
import { WIRE_TEXT_WASM } from "./wire_text.generated.ts";
import { WasmMemory } from "./_wasm_memory.ts";

/**
 * Largest message handed to the module, and the most text it may write:
 * 48 bytes per byte of message (pretty text nests deep), 32 MiB in all, so
 * memory stays below 2 + 32 MiB (and the tables).
 */
const MAX_MESSAGE_BYTES = 2 << 20;
const TEXT_PER_BYTE = 48;
const MAX_TEXT = 32 << 20;
/** Most bytes {@linkcode loadWasmBytes} takes in at once. */
export const WASM_MAX_BYTES = MAX_MESSAGE_BYTES;
const TABLES = 1024;
const TABLES_END = 512 << 10;
/** Bytes of a field record. */
const FIELD = 40;
const IN = TABLES_END;

const KIND_CODES: Partial<Record<Kind, number>> = {
  [Kind.Int32]: 0,
  [Kind.Uint32]: 1,
  [Kind.Sint32]: 2,
  [Kind.Int64]: 3,
  [Kind.Uint64]: 4,
  [Kind.Sint64]: 5,
  [Kind.Bool]: 6,
  [Kind.Enum]: 7,
  [Kind.Message]: 8,
  [Kind.String]: 10,
  [Kind.Bytes]: 11,
};
/** A unix socket's name: bytes crit writes as quoted-printable. */
const UNIX_NAME = 12;
const OTHER = 9;
const BASE64 =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
// Pretty conversions of integers (see wire_text.wat).
const NONE = 0;
const DEV = 1;
const ODEV = 2;
const FLAGS = 3;
const HEX = 4;
const DICT = 5;
const IP_LIST = 6;

/** How pretty text shows an integer of `f`, in convertScalar's order. */
function conversion(f: FieldPlan): number {
  if (f.repeated && f.ipadd) return IP_LIST;
  if (f.dev) return f.odev ? ODEV : DEV;
  if (f.flags === null) return HEX;
  if (f.flags !== undefined) return FLAGS;
  if (f.dict !== undefined) return DICT;
  return NONE;
}

const encoder = new TextEncoder();

/** The level of an image's entries in pretty text, and the deepest taken. */
const ENTRY_LEVEL = 2;
const MAX_PRETTY_LEVEL = 40;

/** The room for the text of `n` bytes of messages. */
function room(n: number): number {
  return Math.min(TEXT_PER_BYTE * n, MAX_TEXT) + 1024;
}

/**
 * Text is handed out in pieces of this size or a little more (see $flush_at
 * in wire_text.wat), and a message this large or larger is handed out as
 * it is written.
 */
const FLUSH_BYTES = 128 << 10;
const STREAM_MIN_BYTES = 64 << 10;
/** The module copies keys 8 bytes at a time: up to 7 bytes past the text. */
const COPY_SLACK = 64;

/** Enum values above this are left to JavaScript (the table would be large). */
const MAX_ENUM_VALUE = 1023;

interface Module {
  memory: WebAssembly.Memory;
  write(
    m: number,
    start: number,
    end: number,
    out: number,
    limit: number,
    pretty: number,
    flushAt: number,
    skip: number,
  ): number;
  entries(
    m: number,
    start: number,
    end: number,
    out: number,
    limit: number,
    max: number,
    first: number,
    pretty: number,
    flushAt: number,
  ): number;
  done_in: WebAssembly.Global;
  done_out: WebAssembly.Global;
  done_count: WebAssembly.Global;
}

/** What {@linkcode wasmEntriesText} wrote. */
export interface WasmEntries {
  /** Where it stopped, as an offset from the start of the bytes taken in. */
  stop: number;
  /** Entries written. */
  count: number;
  /** Their text, separators and all: valid until the next call. */
  text: Uint8Array;
}

/**
 * A message type the module refused this many times, and for more than a
 * quarter of its messages, is left to JavaScript from then on: a refusal
 * costs a trap (unix sockets with names of several lines all would).
 */
const REFUSALS_TOLERATED = 16;

/**
 * The module with its tables: each message type gets a record and field
 * records, per layout, when first asked for.
 */
class WireText {
  #module: Module;
  #mem: WasmMemory;
  /**
   * The address of each type's record (-1: left to JavaScript), by layout:
   * one-line text first, then pretty text by level.
   */
  #records: Map<MessagePlan, number>[] = [];
  #texts = new Map<Uint8Array, number>();
  #flags = new Map<FlagTable, number>();
  #dicts = new Map<DictTable, number>();
  /** Messages of each type written, and refused, by record address. */
  #written = new Map<number, number>();
  #refused = new Map<number, number>();
  #enums = new Map<EnumPlan, number>();
  /** Where the loaded bytes start and end: the text is written after them. */
  #inStart = IN;
  #inEnd = IN;
  /** Memory handed out by intake() and not loaded yet: kept as it is. */
  #lease: Uint8Array | undefined;
  /** Where the module hands out text during a call, and how much it did. */
  #sink: ((text: Uint8Array) => void) | undefined;
  #handed = 0;
  /** What the sink threw: the caller's error, not a refusal. */
  #sinkError: { error: unknown } | undefined;

  constructor() {
    const module = new WebAssembly.Module(moduleBytes());
    const instance = new WebAssembly.Instance(module, {
      host: {
        flush: (start: number, end: number) => {
          this.#handed += end - start;
          try {
            this.#sink!(this.#mem.bytes.subarray(start, end));
          } catch (error) {
            this.#sinkError = { error };
            throw error;
          }
        },
      },
    });
    this.#module = instance.exports as unknown as Module;
    this.#mem = new WasmMemory(this.#module.memory, TABLES, TABLES_END);
    for (let i = 0; i < 100; i++) {
      this.#mem.bytes[2 * i] = 0x30 + ((i / 10) | 0);
      this.#mem.bytes[2 * i + 1] = 0x30 + (i % 10);
    }
    for (let i = 0; i < 64; i++) {
      this.#mem.bytes[200 + i] = BASE64.charCodeAt(i);
    }
    this.#mem.bytes.set(encoder.encode(" | 0x"), 264);
    const hex = "0123456789abcdef";
    for (let i = 0; i < 256; i++) {
      this.#mem.bytes[512 + 2 * i] = hex.charCodeAt(i >> 4);
      this.#mem.bytes[513 + 2 * i] = hex.charCodeAt(i & 15);
    }
  }

  /**
   * The address of `plan`'s record (its fields' address and count) for
   * one-line text, or pretty text `level` deep, made now if need be;
   * undefined when the tables do not fit or it nests too deep.
   */
  index(
    plan: MessagePlan,
    pretty: boolean,
    level = ENTRY_LEVEL,
  ): number | undefined {
    if (pretty && level > MAX_PRETTY_LEVEL) return undefined;
    const records = this.#records[pretty ? level + 1 : 0] ??= new Map();
    const known = records.get(plan);
    if (known !== undefined) return known < 0 ? undefined : known;
    const m = this.#mem.alloc(8);
    const fields = this.#mem.alloc(plan.fields.length * FIELD);
    if (m === undefined || fields === undefined) {
      records.set(plan, -1);
      return undefined;
    }
    records.set(plan, m);
    this.#written.set(m, 0);
    this.#refused.set(m, 0);
    const v = this.#mem.view;
    // The keys (with their separators and indentation) and the enum names
    // are the JavaScript writers' own bytes.
    const keys = keyTexts(plan, pretty, level + 1);
    v.setUint32(m, fields, true);
    v.setUint32(m + 4, plan.fields.length, true);
    for (let i = 0; i < plan.fields.length; i++) {
      const f = plan.fields[i];
      const at = fields + i * FIELD;
      let kind = KIND_CODES[f.kind] ?? OTHER;
      let aux = 0;
      if (f.packed) kind = OTHER;
      if (kind === KIND_CODES[Kind.Bytes] && f.conv === "unix_name") {
        kind = UNIX_NAME;
      }
      if (kind === KIND_CODES[Kind.Message]) {
        const sub = this.index(
          f.message(),
          pretty,
          level + (f.repeated ? 2 : 1),
        );
        if (sub === undefined) kind = OTHER;
        else aux = sub;
      } else if (kind === KIND_CODES[Kind.Enum]) {
        const table = this.#enumTable(f);
        if (table === undefined) kind = OTHER;
        else aux = table;
      }
      const conv = pretty ? conversion(f) : NONE;
      let table: number | undefined = 0;
      if (conv === FLAGS) table = this.#flagTable(f.flags!);
      else if (conv === DICT) table = this.#dictTable(f.dict!);
      const first = this.#text(keys.first[i]);
      const next = this.#text(keys.next[i]);
      if (first === undefined || next === undefined || table === undefined) {
        // Out of table space: the type is refused from now on, also where
        // a message field (of itself) already points to it.
        v.setUint32(m + 4, 1, true);
        v.setInt32(fields, -3, true); // a tag no field has
        v.setUint32(fields + 8, 2, true); // required: every message traps
        records.set(plan, -1);
        return undefined;
      }
      v.setUint32(at, f.number * 8 + f.wireType, true);
      v.setUint32(at + 4, kind, true);
      v.setUint32(
        at + 8,
        (f.repeated ? 1 : 0) | (f.required ? 2 : 0) | (f.hex ? 4 : 0),
        true,
      );
      v.setUint32(at + 12, first, true);
      v.setUint32(at + 16, keys.first[i].length, true);
      v.setUint32(at + 20, next, true);
      v.setUint32(at + 24, keys.next[i].length, true);
      v.setUint32(at + 28, aux, true);
      v.setUint32(at + 32, conv, true);
      v.setUint32(at + 36, table, true);
    }
    return m;
  }

  /** Where `bytes` are in the tables, copied in on first use. */
  #text(bytes: Uint8Array): number | undefined {
    const known = this.#texts.get(bytes);
    if (known !== undefined) return known;
    const at = this.#mem.alloc(bytes.length);
    if (at === undefined) return undefined;
    this.#mem.bytes.set(bytes, at);
    this.#texts.set(bytes, at);
    return at;
  }

  /**
   * A table of values and their texts (flag names, or dict labels as JSON
   * strings), one per table; undefined without room.
   */
  #pairs(
    pairs: readonly (readonly [number, Uint8Array])[],
  ): number | undefined {
    const table = this.#mem.alloc(4 + pairs.length * 12);
    if (table === undefined) return undefined;
    const v = this.#mem.view;
    v.setUint32(table, pairs.length, true);
    for (let k = 0; k < pairs.length; k++) {
      const [value, bytes] = pairs[k];
      const text = this.#text(bytes);
      if (text === undefined) return undefined;
      v.setUint32(table + 4 + k * 12, value, true);
      v.setUint32(table + 8 + k * 12, text, true);
      v.setUint32(table + 12 + k * 12, bytes.length, true);
    }
    return table;
  }

  #flagTable(flags: FlagTable): number | undefined {
    let table = this.#flags.get(flags);
    if (table === undefined) {
      // Names go out as they are: they are plain identifiers.
      table = this.#pairs(
        flags.map(([name, bit]) => [bit, encoder.encode(name)]),
      );
      if (table !== undefined) this.#flags.set(flags, table);
    }
    return table;
  }

  #dictTable(dict: DictTable): number | undefined {
    let table = this.#dicts.get(dict);
    if (table === undefined) {
      table = this.#pairs(
        [...dict.labels].map((
          [value, label],
        ) => [value, encoder.encode(stringifyJson(label, false))]),
      );
      if (table !== undefined) this.#dicts.set(dict, table);
    }
    return table;
  }

  /** The table of names of `f`'s enum, one per enum; undefined without room. */
  #enumTable(f: FieldPlan): number | undefined {
    const known = this.#enums.get(f.enumPlan!);
    if (known !== undefined) return known;
    let count = 0;
    // Values past the table (CTL_TTY is 65534) are left to JavaScript.
    for (const n of f.enumPlan!.byNumber.keys()) {
      if (n >= 0 && n <= MAX_ENUM_VALUE) count = Math.max(count, n + 1);
    }
    const table = this.#mem.alloc(4 + count * 8);
    if (table === undefined) return undefined;
    const v = this.#mem.view;
    v.setUint32(table, count, true);
    for (let n = 0; n < count; n++) {
      const name = f.enumPlan!.byNumber.has(n) ? valueText(f, n) : undefined;
      const text = name === undefined ? undefined : this.#text(name);
      if (name !== undefined && text === undefined) return undefined;
      v.setUint32(table + 4 + n * 8, text ?? 0, true);
      v.setUint32(table + 8 + n * 8, name?.length ?? 0, true);
    }
    this.#enums.set(f.enumPlan!, table);
    return table;
  }

  /**
   * Copies `buf[start, end)` in, for write() to read, or takes it where it
   * is when it lies in what intake() handed out; false when too large, or
   * when something handed out by intake() is not loaded yet (its bytes stay).
   */
  load(buf: Uint8Array, start: number, end: number): boolean {
    if (end - start > WASM_MAX_BYTES) return false;
    const lease = this.#lease;
    if (lease !== undefined) {
      const at = buf.byteOffset + start;
      if (
        buf.buffer !== lease.buffer || at < lease.byteOffset ||
        buf.byteOffset + end > lease.byteOffset + lease.length
      ) return false;
      this.#lease = undefined;
      this.#inStart = at;
      this.#inEnd = at + end - start;
      return true;
    }
    this.#mem.ensure(IN + end - start);
    this.#mem.bytes.set(buf.subarray(start, end), IN);
    this.#inStart = IN;
    this.#inEnd = IN + end - start;
    return true;
  }

  /**
   * `n` bytes of the module's memory for input to be put in, for load() to
   * take in place, with room for their text: the memory does not grow
   * until they are loaded, and nothing else is loaded meanwhile.
   * Undefined when `n` is too large or memory is handed out already.
   */
  intake(n: number): Uint8Array | undefined {
    if (n > WASM_MAX_BYTES || this.#lease !== undefined) return undefined;
    this.#mem.ensure(IN + n + room(n) + COPY_SLACK);
    this.#lease = this.#mem.bytes.subarray(IN, IN + n);
    return this.#lease;
  }

  /** Ends what intake() handed out as `buf`, if it is not loaded yet. */
  release(buf: Uint8Array): void {
    if (this.#lease === buf) this.#lease = undefined;
  }

  /**
   * The text of a message of `plan` at `[start, end)` of what load() took
   * (offsets from its start), or undefined. With `flush`, the text of a
   * large message goes there in pieces as it is written, and the rest is
   * returned; a number says the module stopped after handing out that many
   * bytes (see "write" in wire_text.wat).
   */
  write(
    plan: MessagePlan,
    start: number,
    end: number,
    pretty: boolean,
    flush?: (text: Uint8Array) => void,
  ): Uint8Array | number | undefined {
    const m = this.index(plan, pretty);
    if (
      m === undefined || end - start > MAX_MESSAGE_BYTES ||
      this.#lease !== undefined
    ) return undefined;
    const out = this.#inEnd;
    // Longer text is left to JavaScript too (the module traps).
    const limit = out + room(end - start);
    this.#mem.ensure(limit + COPY_SLACK);
    const mod = this.#module;
    const p = pretty ? 1 : 0;
    const streamed = flush !== undefined && end - start >= STREAM_MIN_BYTES;
    let stop: number;
    this.#handed = 0;
    try {
      // First the message's own fields, so that nothing traps at its level
      // once text is handed out.
      const from = this.#inStart + start;
      const to = this.#inStart + end;
      if (streamed) mod.write(m, from, to, out, limit, p, 0, 1);
      this.#sink = streamed ? flush : undefined;
      stop = mod.write(
        m,
        from,
        to,
        out,
        limit,
        p,
        streamed ? FLUSH_BYTES : 0,
        0,
      );
    } catch {
      this.#refuse(plan, m, pretty);
      return this.#handed > 0 ? this.#handed : undefined;
    } finally {
      this.#sink = undefined;
    }
    this.#written.set(m, this.#written.get(m)! + 1);
    return this.#mem.bytes.subarray(out, stop);
  }

  /**
   * Entries of `plan` from offset `start` of what load() took up to `end`,
   * each a u32 size and a message of at most `max` bytes, written with
   * their separators (`[` before the first when `first`) until one is not
   * whole or is refused; undefined when the type is left to JavaScript.
   */
  entries(
    plan: MessagePlan,
    start: number,
    end: number,
    max: number,
    first: boolean,
    pretty: boolean,
    flush?: (text: Uint8Array) => void,
  ): WasmEntries | undefined {
    const m = this.index(plan, pretty);
    if (m === undefined || this.#lease !== undefined) return undefined;
    const out = this.#inEnd;
    const limit = out + room(end - start);
    this.#mem.ensure(limit + COPY_SLACK);
    const mod = this.#module;
    this.#sink = flush;
    try {
      mod.entries(
        m,
        this.#inStart + start,
        this.#inStart + end,
        out,
        limit,
        Math.min(max, MAX_MESSAGE_BYTES),
        first ? 1 : 0,
        pretty ? 1 : 0,
        flush === undefined ? 0 : FLUSH_BYTES,
      );
    } catch {
      // What was written before the entry it refused stands.
      this.#refuse(plan, m, pretty);
    } finally {
      this.#sink = undefined;
    }
    const count = mod.done_count.value as number;
    this.#written.set(m, this.#written.get(m)! + count);
    return {
      stop: (mod.done_in.value as number) - this.#inStart,
      count,
      text: this.#mem.bytes.subarray(out, mod.done_out.value as number),
    };
  }

  /**
   * Counts a refusal: the module trapped (or ran out of stack). What the
   * sink threw is the caller's error, and is thrown on.
   */
  #refuse(plan: MessagePlan, m: number, pretty: boolean): void {
    const thrown = this.#sinkError;
    this.#sinkError = undefined;
    if (thrown !== undefined) throw thrown.error;
    const refused = this.#refused.get(m)! + 1;
    this.#refused.set(m, refused);
    if (refused > REFUSALS_TOLERATED && refused * 4 > this.#written.get(m)!) {
      this.#records[pretty ? ENTRY_LEVEL + 1 : 0].set(plan, -1);
    }
  }
}

/**
 * The module's bytes, from their base64: with `Uint8Array.fromBase64` where
 * the runtime has it (measured 0.02 ms against 1.8-2.5 ms for
 * `Uint8Array.from(atob(...), ...)`, run once per process), else with our
 * own decoder.
 */
function moduleBytes(): Uint8Array<ArrayBuffer> {
  const fromBase64 = (Uint8Array as {
    fromBase64?: (text: string) => Uint8Array<ArrayBuffer>;
  }).fromBase64;
  return fromBase64 !== undefined
    ? fromBase64(WIRE_TEXT_WASM)
    : decodeBase64(WIRE_TEXT_WASM);
}

let wireText: WireText | undefined;

/** The one module, instantiated on first use. */
function module(): WireText {
  return wireText ??= new WireText();
}

/**
 * Whether the module may write messages of `plan`, one-line or `pretty`:
 * false for types it refused often enough not to pay for trying, or when
 * its tables are full.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { wasmSupports } from "./wire_text_wasm.ts";
 * import { messagePlan } from "../wire/plan.ts";
 * assert.ok(wasmSupports(messagePlan("mm_entry")));
 * assert.ok(wasmSupports(messagePlan("file_entry"), true));
 * ```
 */
export function wasmSupports(plan: MessagePlan, pretty = false): boolean {
  return module().index(plan, pretty) !== undefined;
}

/**
 * Takes `buf[start, end)` in for {@linkcode wasmMessageText}: a message, or
 * many entries of an image at once; false when it is larger than
 * {@linkcode WASM_MAX_BYTES}. The module's memory stays under about 35 MiB:
 * what it takes, its text (32 MiB at most) and its tables.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadWasmBytes, wasmMessageText } from "./wire_text_wasm.ts";
 * import { messagePlan } from "../wire/plan.ts";
 * const bytes = new Uint8Array([8, 7, 16, 1, 24, 7, 32, 7]);
 * assert.ok(loadWasmBytes(bytes, 0, bytes.length));
 * const text = wasmMessageText(messagePlan("pstree_entry"), 0, bytes.length);
 * assert.equal(new TextDecoder().decode(text), '{"pid": 7, "ppid": 1, "pgid": 7, "sid": 7}');
 * ```
 */
export function loadWasmBytes(
  buf: Uint8Array,
  start: number,
  end: number,
): boolean {
  return module().load(buf, start, end);
}

/**
 * `n` bytes of the WebAssembly writer's memory to put input in, for
 * {@linkcode loadWasmBytes} to take where it is (no copy): read a large
 * message straight into them. Until that load, or
 * {@linkcode releaseWasmIntake}, the memory stays where it is and nothing
 * else is taken in (loads return false; the JavaScript writers do their
 * work), so one reader at a time may use it. Undefined when `n` is larger
 * than {@linkcode WASM_MAX_BYTES} or memory is handed out already.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadWasmBytes, wasmIntake, wasmMessageText } from "./wire_text_wasm.ts";
 * import { messagePlan } from "../wire/plan.ts";
 * const into = wasmIntake(8)!;
 * into.set([8, 7, 16, 1, 24, 7, 32, 7]);
 * assert.ok(loadWasmBytes(into, 0, 8));
 * const text = wasmMessageText(messagePlan("pstree_entry"), 0, 8);
 * assert.equal(new TextDecoder().decode(text), '{"pid": 7, "ppid": 1, "pgid": 7, "sid": 7}');
 * ```
 */
export function wasmIntake(n: number): Uint8Array | undefined {
  return module().intake(n);
}

/**
 * Ends what {@linkcode wasmIntake} handed out as `buf` (the array it
 * returned), when it was not loaded: a reader that gave up on it, or read
 * it otherwise. Anything else is left as it is.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { releaseWasmIntake, wasmIntake } from "./wire_text_wasm.ts";
 * const into = wasmIntake(16)!;
 * assert.equal(wasmIntake(16), undefined);
 * releaseWasmIntake(into);
 * const again = wasmIntake(16)!;
 * releaseWasmIntake(into); // no longer the one handed out: nothing happens
 * assert.equal(wasmIntake(16), undefined);
 * releaseWasmIntake(again);
 * assert.ok(wasmIntake(16));
 * ```
 */
export function releaseWasmIntake(buf: Uint8Array): void {
  module().release(buf);
}

/**
 * The entries of `plan` at `[start, end)` of the bytes last taken in by
 * {@linkcode loadWasmBytes}, each a little-endian u32 size and a message of
 * at most `maxEntrySize` bytes, as {@linkcode wasmMessageText} writes them,
 * each after its separator as in an image's entries (`, `, or `,` and a
 * new line when `pretty`; `[` before the first when `first`), until one is
 * not whole, is too large or is refused; undefined when the module leaves
 * `plan` to JavaScript. With `flush`, the text of whole entries goes there
 * in pieces of about 128 KiB as it is written (a piece is valid during the
 * call only), and `text` is what comes after the last piece.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadWasmBytes, wasmEntriesText } from "./wire_text_wasm.ts";
 * import { messagePlan } from "../wire/plan.ts";
 * const entry = [8, 0, 0, 0, 8, 7, 16, 1, 24, 7, 32, 7];
 * const bytes = new Uint8Array([...entry, ...entry, 1, 0]);
 * loadWasmBytes(bytes, 0, bytes.length);
 * const e = wasmEntriesText(messagePlan("pstree_entry"), 0, bytes.length, 64, true)!;
 * assert.equal(e.count, 2);
 * assert.equal(e.stop, 24);
 * assert.equal(
 *   new TextDecoder().decode(e.text),
 *   '[{"pid": 7, "ppid": 1, "pgid": 7, "sid": 7}, {"pid": 7, "ppid": 1, "pgid": 7, "sid": 7}',
 * );
 * ```
 */
export function wasmEntriesText(
  plan: MessagePlan,
  start: number,
  end: number,
  maxEntrySize: number,
  first: boolean,
  pretty = false,
  flush?: (text: Uint8Array) => void,
): WasmEntries | undefined {
  return module().entries(plan, start, end, maxEntrySize, first, pretty, flush);
}

/**
 * The text of the message of `plan` at `[start, end)` of the bytes last
 * taken in by {@linkcode loadWasmBytes}, one-line or `pretty` (laid out as
 * an image's entry), exactly as writeMessageJson writes it, or undefined
 * where the module leaves the message to it: a packed or fixed64 field, a
 * unix socket name whose quoted-printable text has a line break, a device
 * number, flags or dict value of 2^53 or more, anything out of order,
 * unknown, missing or malformed. The text is a view of the module's memory,
 * valid until the next call.
 *
 * With `flush`, a message of 64 KiB or more is written in pieces that go to
 * `flush` as they are written (each valid during the call only): its own
 * fields are checked first, then the lists among them are handed out
 * element by element, and what is returned is the text after the last
 * piece. The module refuses such a message before any piece (undefined),
 * or inside an element (a trap of that element only): then the number of
 * bytes handed out is returned, and those are the first bytes of the
 * JavaScript writers' text for the message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadWasmBytes, wasmMessageText } from "./wire_text_wasm.ts";
 * import { messagePlan } from "../wire/plan.ts";
 * // A VMA's protection, pretty: flag names.
 * const vma = new Uint8Array([8, 0, 16, 1, 24, 0, 32, 0, 40, 3, 48, 0, 56, 0, 64, 0]);
 * loadWasmBytes(vma, 0, vma.length);
 * const text = wasmMessageText(messagePlan("vma_entry"), 0, vma.length, true)!;
 * assert.match(new TextDecoder().decode(text), /"prot": "PROT_READ \| PROT_WRITE"/);
 * // ppid before pid: left to the JavaScript writers.
 * const bytes = new Uint8Array([16, 1, 8, 7, 24, 7, 32, 7]);
 * loadWasmBytes(bytes, 0, bytes.length);
 * assert.equal(wasmMessageText(messagePlan("pstree_entry"), 0, 8), undefined);
 * ```
 */
export function wasmMessageText(
  plan: MessagePlan,
  start: number,
  end: number,
  pretty?: boolean,
): Uint8Array | undefined;
/** With `flush`: see the first form. */
export function wasmMessageText(
  plan: MessagePlan,
  start: number,
  end: number,
  pretty: boolean,
  flush: (text: Uint8Array) => void,
): Uint8Array | number | undefined;
export function wasmMessageText(
  plan: MessagePlan,
  start: number,
  end: number,
  pretty = false,
  flush?: (text: Uint8Array) => void,
): Uint8Array | number | undefined {
  return module().write(plan, start, end, pretty, flush);
}
