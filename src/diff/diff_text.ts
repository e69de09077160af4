/**
 * `crit diff`'s text: a summary of counts per section, then the details
 * with `+` (only in B), `-` (only in A) and `~` (changed) markers.
 *
 * @module
 */
import type { JsonValue } from "../json/types.ts";
import { stringifyJson } from "../json/stringify.ts";
import type { DumpDiff, FieldChanges, MemoryChange } from "./dump_diff.ts";
import type { ImageChange } from "./image_diff.ts";

/**
 * Options of {@linkcode dumpDiffText} and {@linkcode imageDiffText}.
 *
 * @example
 * ```ts
 * import type { DiffTextOptions } from "@ckpt/crit";
 * const options: DiffTextOptions = { color: true };
 * ```
 */
export interface DiffTextOptions {
  /** ANSI colours (for a terminal); default false. */
  color?: boolean;
  /** Longest value shown whole in an image diff, default 200 characters. */
  maxValueLength?: number;
  /**
   * Whether the diff compared memory (`diffDumps` with `memory: false` did
   * not): the summary says "not compared" instead of counts; default true.
   */
  memory?: boolean;
}

type Paint = (code: string, s: string) => string;

const painter = (color: boolean | undefined): Paint => (code, s) =>
  color ? `\x1b[${code}m${s}\x1b[0m` : s;

const MARK_COLOR: Record<string, string> = { "+": "32", "-": "31", "~": "33" };

/** A JSON value in Python's JSON form, cut after `max` characters. */
function json(v: JsonValue, max: number): string {
  const text = stringifyJson(v, false);
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

/** A compared fact: `(none)` where a dump does not have it. */
const value = (v: JsonValue | undefined) =>
  v === null || v === undefined ? "(none)" : json(v, Infinity);

function changeLines(c: FieldChanges, paint: Paint): string[] {
  return Object.entries(c).map(([field, [x, y]]) =>
    `    ${field}: ${paint("31", value(x))} -> ${paint("32", value(y))}`
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

const bytesText = (n: number) =>
  n < 1024
    ? plural(n, "byte")
    : n < 1 << 20
    ? `${(n / 1024).toFixed(1)} KiB`
    : `${(n / (1 << 20)).toFixed(1)} MiB`;

const hexOf = (s: string) => s.replace(/^0x/, "");

function memoryLine(m: MemoryChange): string {
  const parts: string[] = [];
  if (m.pages_changed) {
    parts.push(
      `${plural(m.pages_changed, "page")} changed (${
        bytesText(m.bytes_changed)
      })`,
    );
  }
  if (m.pages_only_in_a) parts.push(`${m.pages_only_in_a} only in A`);
  if (m.pages_only_in_b) parts.push(`${m.pages_only_in_b} only in B`);
  if (parts.length === 0) parts.push("same");
  const name = m.name || "[anon]";
  return `${m.pid} ${hexOf(m.start)}-${hexOf(m.end)} ${name}: ${
    parts.join(", ")
  }`;
}

function summary(d: DumpDiff, memory: boolean): string[] {
  const count = (s: { added: unknown[]; removed: unknown[] }, c?: unknown[]) =>
    `+${s.added.length} -${s.removed.length}` +
    (c ? ` ~${c.length}` : "");
  const mem = d.memory.filter((m) =>
    m.pages_changed + m.pages_only_in_a + m.pages_only_in_b > 0
  );
  const sum = (f: (m: MemoryChange) => number) =>
    mem.reduce((n, m) => n + f(m), 0);
  return [
    `processes  ${count(d.processes, d.processes.changed)}`,
    `threads    ${count(d.threads)}`,
    `files      ${count(d.files, d.files.changed)}`,
    `sockets    ${count(d.sockets, d.sockets.changed)}`,
    `mappings   ${count(d.mappings, d.mappings.changed)}`,
    memory
      ? `memory     ${plural(mem.length, "mapping")}: ${
        plural(sum((m) => m.pages_changed), "page")
      } changed (${bytesText(sum((m) => m.bytes_changed))}), ${
        sum((m) => m.pages_only_in_a)
      } only in A, ${sum((m) => m.pages_only_in_b)} only in B`
      : "memory     not compared",
  ];
}

/**
 * The text `crit diff A B` prints for a {@linkcode DumpDiff}: the summary,
 * then one block per section that has entries. Lines end in "\n".
 *
 * @example
 * ```ts
 * import { dumpDiffText } from "@ckpt/crit";
 * const text = dumpDiffText({
 *   processes: { added: [{ pid: 7, comm: "sh" }], removed: [], changed: [] },
 *   threads: { added: [], removed: [] },
 *   files: { added: [], removed: [], changed: [] },
 *   sockets: { added: [], removed: [], changed: [] },
 *   mappings: { added: [], removed: [], changed: [] },
 *   memory: [],
 * });
 * console.log(text.includes("+ 7 sh")); // true
 * ```
 */
export function dumpDiffText(
  d: DumpDiff,
  options: DiffTextOptions = {},
): string {
  const paint = painter(options.color);
  const out = summary(d, options.memory !== false);
  const block = (title: string, lines: string[]) => {
    if (lines.length > 0) out.push("", paint("1", title), ...lines);
  };
  const mark = (m: string, text: string) =>
    paint(MARK_COLOR[m], `${m} ${text}`);
  const p = d.processes;
  block("processes", [
    ...p.added.map((x) => mark("+", `${x.pid} ${x.comm}`)),
    ...p.removed.map((x) => mark("-", `${x.pid} ${x.comm}`)),
    ...p.changed.flatMap((x) => [
      mark("~", `${x.pid} ${x.comm}`),
      ...changeLines(x.changes, paint),
    ]),
  ]);
  block("threads", [
    ...d.threads.added.map((t) => mark("+", `${t.pid} thread ${t.tid}`)),
    ...d.threads.removed.map((t) => mark("-", `${t.pid} thread ${t.tid}`)),
  ]);
  const file = (f: { pid: number; fd: number; type: string; path: string }) =>
    `${f.pid} fd ${f.fd} ${f.type} ${f.path}`;
  block("files", [
    ...d.files.added.map((f) => mark("+", file(f))),
    ...d.files.removed.map((f) => mark("-", file(f))),
    ...d.files.changed.flatMap((f) => [
      mark("~", file(f)),
      ...changeLines(f.changes, paint),
    ]),
  ]);
  const end = (a: string | null, port: number | null) =>
    a === null ? "" : port === null ? a : `${a}:${port}`;
  const socket = (s: DumpDiff["sockets"]["added"][number]) =>
    [
      `${s.pid} fd ${s.fd} ${s.protocol}`,
      s.state ?? "",
      end(s.src, s.src_port),
      s.dst === null ? "" : `-> ${end(s.dst, s.dst_port)}`,
    ].filter((x) => x !== "").join(" ");
  block("sockets", [
    ...d.sockets.added.map((s) => mark("+", socket(s))),
    ...d.sockets.removed.map((s) => mark("-", socket(s))),
    ...d.sockets.changed.flatMap((s) => [
      mark("~", socket(s)),
      ...changeLines(s.changes, paint),
    ]),
  ]);
  const mapping = (m: DumpDiff["mappings"]["added"][number]) =>
    `${m.pid} ${hexOf(m.start)}-${hexOf(m.end)} ${m.prot} ${
      m.name || "[anon]"
    } (${plural(m.pages, "page")} in the dump)`;
  block("mappings", [
    ...d.mappings.added.map((m) => mark("+", mapping(m))),
    ...d.mappings.removed.map((m) => mark("-", mapping(m))),
    ...d.mappings.changed.flatMap((m) => [
      mark("~", mapping(m)),
      ...changeLines(m.changes, paint),
    ]),
  ]);
  block(
    "memory",
    d.memory.flatMap((m) => {
      const changed = m.pages_changed + m.pages_only_in_a + m.pages_only_in_b;
      return [
        changed ? mark("~", memoryLine(m)) : `  ${memoryLine(m)}`,
        ...m.changed_ranges.map(([x, y]) =>
          `    ${hexOf(x)}-${hexOf(y)} changed`
        ),
        ...(m.truncated ? ["    ..."] : []),
      ];
    }),
  );
  return out.map((l) => l + "\n").join("");
}

/**
 * The text `crit diff A.img B.img` prints: a count line, then one line per
 * difference, `~ entries[3].tc.comm: "a" -> "b"`, `+ PATH: VALUE`,
 * `- PATH: VALUE`. Lines end in "\n"; nothing for no differences.
 *
 * @example
 * ```ts
 * import { imageDiffText } from "@ckpt/crit";
 * const text = imageDiffText([{ path: "entries[0].tc.comm", op: "changed", old: "a", new: "b" }]);
 * console.log(text.split("\n")[2]); // ~ entries[0].tc.comm: "a" -> "b"
 * ```
 */
export function imageDiffText(
  changes: readonly ImageChange[],
  options: DiffTextOptions = {},
): string {
  if (changes.length === 0) return "";
  const paint = painter(options.color);
  const max = options.maxValueLength ?? 200;
  const n = (op: string) => changes.filter((c) => c.op === op).length;
  const lines = [
    `${n("changed")} changed, ${n("added")} added, ${n("removed")} removed`,
    "",
  ];
  for (const c of changes) {
    if (c.op === "changed") {
      lines.push(
        paint("33", `~ ${c.path}: `) +
          `${paint("31", json(c.old!, max))} -> ${
            paint("32", json(c.new!, max))
          }`,
      );
    } else if (c.op === "added") {
      lines.push(paint("32", `+ ${c.path}: ${json(c.new!, max)}`));
    } else {
      lines.push(paint("31", `- ${c.path}: ${json(c.old!, max)}`));
    }
  }
  return lines.map((l) => l + "\n").join("");
}
