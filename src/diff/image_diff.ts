/**
 * Structural difference of two images of one kind, on crit's pretty JSON:
 * every difference named by its JSON path (`entries[3].tc.comm`).
 *
 * @module
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import { decodeSync } from "../codec/decode.ts";

/**
 * One difference between two images. `path` is the JSON path in crit's
 * pretty form: list items by their index in B (in A for removed ones),
 * object members by name.
 *
 * @example
 * ```ts
 * import type { ImageChange } from "@ckpt/crit";
 * const c: ImageChange = { path: "entries[0].tc.comm", op: "changed", old: "a", new: "b" };
 * ```
 */
export interface ImageChange {
  /** Where, e.g. `entries[3].tc.comm`. */
  path: string;
  /** `added` (only in B), `removed` (only in A) or `changed`. */
  op: "added" | "removed" | "changed";
  /** The value in A, for `removed` and `changed`. */
  old?: JsonValue;
  /** The value in B, for `added` and `changed`. */
  new?: JsonValue;
}

/**
 * Fields that name an item of a list better than its position, in order of
 * preference: a list of objects is matched by the first one that every
 * object having it holds a distinct number or string in.
 */
const KEYS = ["pid", "fd", "vaddr", "start", "id", "ino", "name"];

type Scalar = string | number | bigint | boolean | null;

const isObject = (v: JsonValue | undefined): v is JsonObject =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const isScalar = (v: JsonValue | undefined): v is Scalar =>
  v === null || ["string", "number", "bigint", "boolean"].includes(typeof v);

/**
 * Whether `key` can name the items of `list`: at least half of them have
 * it (a pagemap's head entry has no vaddr), as distinct numbers or strings.
 */
function usable(list: JsonObject[], key: string): boolean {
  const values = list.filter((o) => key in o).map((o) => o[key]);
  if (values.length * 2 < list.length) return false;
  const named = values.every((v) =>
    typeof v === "number" || typeof v === "string" || typeof v === "bigint"
  );
  return named && new Set(values.map(String)).size === values.length;
}

/** The key field of a list in both images, or undefined to go by index. */
function listKey(a: JsonValue[], b: JsonValue[]): string | undefined {
  if (!a.every(isObject) || !b.every(isObject)) return undefined;
  const has = (l: JsonObject[], key: string) => l.some((o) => key in o);
  return KEYS.find((key) =>
    usable(a, key) && usable(b, key) && (has(a, key) || has(b, key))
  );
}

function same(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (isScalar(a) || isScalar(b)) return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const y = b as JsonValue[];
    return a.length === y.length && a.every((v, i) => same(v, y[i]));
  }
  const x = a as JsonObject;
  const y = b as JsonObject;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length &&
    keys.every((k) => k in y && same(x[k], y[k]));
}

function walk(
  a: JsonValue,
  b: JsonValue,
  path: string,
  out: ImageChange[],
): void {
  if (same(a, b)) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    walkList(a, b, path, out);
  } else if (isObject(a) && isObject(b)) {
    for (const [k, v] of Object.entries(a)) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in b)) out.push({ path: p, op: "removed", old: v });
      else walk(v, b[k], p, out);
    }
    for (const [k, v] of Object.entries(b)) {
      if (!(k in a)) {
        out.push({ path: path ? `${path}.${k}` : k, op: "added", new: v });
      }
    }
  } else {
    out.push({ path, op: "changed", old: a, new: b });
  }
}

function walkList(
  a: JsonValue[],
  b: JsonValue[],
  path: string,
  out: ImageChange[],
): void {
  const key = listKey(a, b);
  if (key === undefined) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const p = `${path}[${i}]`;
      if (i >= b.length) out.push({ path: p, op: "removed", old: a[i] });
      else if (i >= a.length) out.push({ path: p, op: "added", new: b[i] });
      else walk(a[i], b[i], p, out);
    }
    return;
  }
  // Items without the key are matched among themselves by order.
  const id = (o: JsonObject, n: number) =>
    key in o ? `k${String(o[key])}` : `n${n}`;
  const index = (list: JsonValue[]) => {
    const m = new Map<string, number>();
    let n = 0;
    list.forEach((o, i) => {
      const k = id(o as JsonObject, n);
      if (!(key in (o as JsonObject))) n++;
      m.set(k, i);
    });
    return m;
  };
  const ia = index(a);
  const ib = index(b);
  for (const [k, i] of ia) {
    if (!ib.has(k)) {
      out.push({ path: `${path}[${i}]`, op: "removed", old: a[i] });
    }
  }
  for (const [k, j] of ib) {
    const i = ia.get(k);
    if (i === undefined) {
      out.push({ path: `${path}[${j}]`, op: "added", new: b[j] });
    } else walk(a[i], b[j], `${path}[${j}]`, out);
  }
}

/**
 * The differences between two images of one kind, decoded as crit's pretty
 * JSON (hex addresses, flag names). List items are matched by a natural key
 * where the list has one (`pid` in pstree, `fd` in fdinfo, `vaddr` in
 * pagemap, `start` for VMAs, `id` in files.img, ...), else by index.
 * Throws `TypeError` when the images are of different kinds, and the
 * decoder's errors for malformed ones.
 *
 * @example
 * ```ts
 * import { diffImages, encodeSync } from "@ckpt/crit";
 * const tree = (pids: number[]) =>
 *   encodeSync({ magic: "PSTREE", entries: pids.map((pid) => ({ pid, ppid: 0, pgid: pid, sid: pid })) });
 * const changes = diffImages(tree([1, 2]), tree([1, 3]));
 * console.log(changes.map((c) => `${c.op} ${c.path}`)); // [ "removed entries[1]", "added entries[1]" ]
 * ```
 */
export function diffImages(a: Uint8Array, b: Uint8Array): ImageChange[] {
  const x = decodeSync(a, { pretty: true });
  const y = decodeSync(b, { pretty: true });
  if (x.magic !== y.magic) {
    throw new TypeError(
      `the images are of different kinds: ${x.magic} and ${y.magic}`,
    );
  }
  const out: ImageChange[] = [];
  walkList(x.entries, y.entries, "entries", out);
  return out;
}
