/**
 * `crit mem DIR ...` (Deno): a task's mappings, the bytes at an address
 * (raw or as a hexdump), and searches over the memory of a dump.
 */
import { concatBytes } from "../wire/bytes.ts";
import { openOutput } from "./output.ts";
import { readAt } from "../dump/deno_dump_dir.ts";
import type { DumpDir } from "../dump/dump_dir.ts";
import { Dump } from "../dump/dump.ts";
import type { Command, OptionValues } from "./command.ts";
import { openDump } from "./open_dump.ts";
import {
  DumpMemory,
  type MappedFileReader,
  type MemoryMapping,
  type MemoryMatch,
  type ProcessMemory,
} from "../memory/memory.ts";
import { MISSING_TEXT, type MissingReason } from "../memory/pagemap.ts";
import { byteSize } from "../explore/byte_size.ts";
import { memorySizes, type TaskMemorySize } from "../memory/memory_sizes.ts";
import { encodeUtf8Lossless } from "../json/text.ts";
import { type OptionSpec, UsageError } from "./args.ts";

/** The options of `crit mem`. */
const MEM_OPTIONS: Record<string, OptionSpec> = {
  pid: { type: "string" },
  addr: { type: "string" },
  len: { type: "string" },
  out: { type: "string", short: "o" },
  hexdump: { type: "boolean" },
  search: { type: "string" },
  regex: { type: "string" },
  context: { type: "string" },
  hex: { type: "string" },
  "ignore-case": { type: "boolean", short: "i" },
  "max-count": { type: "string", short: "m" },
  json: { type: "boolean" },
  files: { type: "string" },
  zeros: { type: "boolean" },
};

type Values = OptionValues;

const CHUNK = 8 << 20;

/** A number from decimal or 0x-hex text. */
function parseNumber(text: string, what: string): bigint {
  if (!/^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(text)) {
    throw new TypeError(
      `${what} must be a decimal or 0x-hex number, got '${text}'`,
    );
  }
  return BigInt(text);
}

/**
 * What is wrong with a `crit mem` command line, or undefined. The CLI
 * turns the text into a usage error.
 */
function memUsageProblem(v: Values): string | undefined {
  const has = (k: string) => v[k] !== undefined;
  const patterns = ["search", "regex", "hex"].filter(has);
  const searching = patterns.length > 0;
  if (patterns.length > 1) {
    return `--${patterns[0]} and --${patterns[1]} exclude each other`;
  }
  if (v.search === "") return "--search needs a non-empty TEXT";
  if (has("hex") && hexBytes(v.hex as string) === undefined) {
    return `--hex needs pairs of hex digits, got '${v.hex}'`;
  }
  if (searching && (has("addr") || has("len"))) {
    return "--addr/--len do not go with --search/--regex/--hex";
  }
  if (has("addr") !== has("len")) return "--addr and --len go together";
  if (!searching && !has("pid") && has("addr")) {
    return "--addr needs --pid PID";
  }
  for (const k of ["context", "ignore-case", "max-count", "json"]) {
    if (has(k) && !searching) return `--${k} goes with --search/--regex/--hex`;
  }
  if (has("ignore-case") && has("hex")) {
    return "--ignore-case does not go with --hex";
  }
  for (const k of ["out", "hexdump", "zeros"]) {
    if (has(k) && !has("addr")) {
      return `${k === "out" ? "-o" : `--${k}`} goes with --addr`;
    }
  }
  try {
    if (has("pid")) parseNumber(v.pid as string, "--pid");
    if (has("addr")) parseNumber(v.addr as string, "--addr");
    if (has("len") && parseNumber(v.len as string, "--len") > 1n << 40n) {
      return "--len is limited to 1 TiB";
    }
    if (
      has("context") &&
      parseNumber(v.context as string, "--context") > 1n << 20n
    ) {
      return "--context is limited to 1 MiB";
    }
    if (has("max-count")) parseNumber(v["max-count"] as string, "--max-count");
    if (has("regex")) new RegExp(v.regex as string);
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}

/** Files of `root` by their full path under it, else by base name. */
export function filesReader(root: string): MappedFileReader {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(root);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Error(`--files ${root}: no such directory`);
    }
    throw e;
  }
  if (!info.isDirectory) {
    throw new Error(
      `--files ${root}: not a directory (it holds copies of the mapped files)`,
    );
  }
  return (path, offset, length) => {
    const base = path.slice(path.lastIndexOf("/") + 1);
    for (const candidate of [`${root}/${path}`, `${root}/${base}`]) {
      let file: Deno.FsFile;
      try {
        file = Deno.openSync(candidate);
      } catch (e) {
        if (e instanceof Deno.errors.NotFound) continue;
        return Promise.reject(e);
      }
      try {
        if (!file.statSync().isFile) continue;
        return Promise.resolve(readAt(file, offset, length));
      } catch (e) {
        return Promise.reject(e);
      } finally {
        file.close();
      }
    }
    return Promise.resolve(undefined);
  };
}

async function writeAll(
  w: { write(p: Uint8Array): Promise<number> },
  data: Uint8Array,
) {
  let at = 0;
  while (at < data.length) at += await w.write(data.subarray(at));
}

const hex2 = (b: number) => b.toString(16).padStart(2, "0");

/** `hexdump -C` lines with virtual addresses; identical lines become `*`. */
class Hexdump {
  #width: number;
  #prev: Uint8Array | undefined;
  #starred = false;
  #pending = new Uint8Array(0);
  #address: bigint;

  constructor(start: bigint, end: bigint) {
    this.#address = start;
    this.#width = Math.max(12, end.toString(16).length);
  }

  #line(row: Uint8Array): string {
    let h = "";
    let a = "";
    for (let i = 0; i < 16; i++) {
      h += i < row.length ? hex2(row[i]) + " " : "   ";
      if (i === 7) h += " ";
      if (i < row.length) {
        a += row[i] >= 0x20 && row[i] < 0x7f
          ? String.fromCharCode(row[i])
          : ".";
      }
    }
    return `${
      this.#address.toString(16).padStart(this.#width, "0")
    }  ${h} |${a}|\n`;
  }

  /** Text for the next bytes; a partial last row waits for more. */
  push(bytes: Uint8Array, last: boolean): string {
    const data = this.#pending.length
      ? concatBytes([this.#pending, bytes])
      : bytes;
    let out = "";
    let at = 0;
    for (; at + 16 <= data.length; at += 16) {
      const row = data.subarray(at, at + 16);
      if (this.#prev && row.every((b, i) => b === this.#prev![i])) {
        if (!this.#starred) out += "*\n";
        this.#starred = true;
      } else {
        out += this.#line(row);
        this.#starred = false;
      }
      this.#prev = row.slice();
      this.#address += 16n;
    }
    this.#pending = data.slice(at);
    if (last) {
      if (this.#pending.length) {
        out += this.#line(this.#pending);
        this.#address += BigInt(this.#pending.length);
      }
      out += `${this.#address.toString(16).padStart(this.#width, "0")}\n`;
    }
    return out;
  }
}

const REASON_WORD: Record<MissingReason, string> = {
  unmapped: "unmapped",
  file: "no-file",
  lazy: "lazy",
  parent: "no-parent",
  special: "not-dumped",
  image: "no-image",
};

function absentAs(m: MemoryMapping): string {
  const words: string[] = [];
  if (m.zero) words.push("zeros");
  if (m.file) words.push("file");
  for (const r of m.missingReasons) words.push(REASON_WORD[r]);
  return words.join(",") || "-";
}

const label = (m: MemoryMapping) => m.name || `[${m.kind}]`;

function mappingsText(mem: ProcessMemory): string {
  const rows = [
    `${"ADDRESS".padEnd(33)} PERM  ${"KIND".padEnd(13)} ${
      "PAGES".padStart(8)
    } ${"DUMPED".padStart(8)} ${"ABSENT".padStart(8)}  ${
      "ABSENT AS".padEnd(16)
    } NAME`,
  ];
  const total = { pages: 0, dumped: 0, zero: 0, file: 0, missing: 0 };
  for (const m of mem.mappings) {
    const range = `${m.start.toString(16)}-${m.end.toString(16)}`;
    const name = m.offset
      ? `${label(m)} @ 0x${m.offset.toString(16)}`
      : label(m);
    rows.push(
      `${range.padEnd(33)} ${m.perms}  ${m.kind.padEnd(13)} ${
        String(m.pages).padStart(8)
      } ${String(m.dumped).padStart(8)} ${
        String(m.pages - m.dumped).padStart(8)
      }  ${absentAs(m).padEnd(16)} ${name}`,
    );
    total.pages += m.pages;
    total.dumped += m.dumped;
    total.zero += m.zero;
    total.file += m.file;
    total.missing += m.missing;
  }
  rows.push(
    `${mem.pid}: ${mem.mappings.length} mappings, ${total.pages} pages: ${total.dumped} dumped, ${total.zero} zeros, ${total.file} from files, ${total.missing} not readable`,
  );
  return rows.map((r) => r + "\n").join("");
}

/** Memory bytes on one line: printable ASCII as is, the rest escaped. */
function escapeBytes(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) {
    if (b === 0x5c) out += "\\\\";
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else if (b === 0x0a) out += "\\n";
    else if (b === 0x09) out += "\\t";
    else if (b === 0x0d) out += "\\r";
    else out += `\\x${hex2(b)}`;
  }
  return out;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Bytes as text where they are UTF-8 (control characters escaped), else escaped. */
function shown(bytes: Uint8Array): string {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return escapeBytes(bytes);
  }
  return text.replace(
    // deno-lint-ignore no-control-regex
    /[\\\x00-\x1f\x7f]/g,
    (c) => escapeBytes(new Uint8Array([c.charCodeAt(0)])),
  );
}

function matchText(m: MemoryMatch, context: boolean): string {
  const s = shown;
  const text = context
    ? `${s(m.before)}[${s(m.bytes)}]${s(m.after)}`
    : s(m.bytes);
  return `${String(m.pid).padStart(7)}  ${
    m.address.toString(16).padStart(12)
  }  ${label(m.mapping).padEnd(24)}  ${text}\n`;
}

/** Writes `path` whole or not at all (see openOutput). */
async function atomicWriter(
  path: string,
  fill: (w: Deno.FsFile) => Promise<void>,
): Promise<void> {
  const out = openOutput(path);
  try {
    await fill(out.file);
    out.commit();
  } catch (e) {
    out.abort();
    throw e;
  }
}

async function dumpBytes(mem: ProcessMemory, v: Values): Promise<void> {
  const start = parseNumber(v.addr as string, "--addr");
  const length = parseNumber(v.len as string, "--len");
  if (start + length > 1n << 64n) {
    throw new RangeError("--addr + --len is beyond 2^64");
  }
  if (v.zeros !== true) {
    // Checked before any output, so a failure writes nothing.
    for (let at = 0n; at < length; at += BigInt(CHUNK)) {
      const n = length - at < BigInt(CHUNK) ? Number(length - at) : CHUNK;
      const gap = mem.layout(start + at, n).find((e) => e.source === "missing");
      if (gap) {
        throw new Error(
          `0x${
            gap.address.toString(16)
          } (${gap.length} bytes) cannot be read: ${MISSING_TEXT[gap.reason!]}${
            gap.reason === "file" ? " (--files DIR)" : ""
          }; --zeros writes zeros for such bytes`,
        );
      }
    }
  }
  const out = v.out as string | undefined;
  const hex = v.hexdump === true ||
    (out === undefined && Deno.stdout.isTerminal());
  const dump = new Hexdump(start, start + length);
  const write = async (w: { write(p: Uint8Array): Promise<number> }) => {
    if (length === 0n && hex) {
      await writeAll(
        w,
        new TextEncoder().encode(dump.push(new Uint8Array(0), true)),
      );
    }
    for (let at = 0n; at < length; at += BigInt(CHUNK)) {
      const n = length - at < BigInt(CHUNK) ? Number(length - at) : CHUNK;
      const { bytes } = await mem.read(start + at, n);
      const last = at + BigInt(n) === length;
      await writeAll(
        w,
        hex ? new TextEncoder().encode(dump.push(bytes, last)) : bytes,
      );
    }
  };
  if (out === undefined || out === "-") await write(Deno.stdout);
  else await atomicWriter(out, write);
}

/** The bytes of `--hex` text ("de ad be ef", "deadbeef"), or undefined. */
function hexBytes(text: string): Uint8Array | undefined {
  const digits = text.replace(/[\s:]/g, "");
  if (digits === "" || !/^([0-9a-fA-F]{2})+$/.test(digits)) return undefined;
  return Uint8Array.from(digits.match(/../g)!, (h) => parseInt(h, 16));
}

/** A literal made case-blind: each ASCII letter a class of both cases. */
function caseBlind(bytes: Uint8Array): RegExp {
  let source = "";
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    source += /[a-zA-Z]/.test(c)
      ? `[${c.toLowerCase()}${c.toUpperCase()}]`
      : `\\x${hex2(b)}`;
  }
  return new RegExp(source);
}

/** What `--search`, `--regex` or `--hex` asks for. */
function searchPattern(v: Values): Uint8Array | RegExp {
  const ignoreCase = v["ignore-case"] === true;
  if (v.regex !== undefined) {
    return new RegExp(v.regex as string, ignoreCase ? "i" : "");
  }
  const bytes = v.hex !== undefined
    ? hexBytes(v.hex as string)!
    : encodeUtf8Lossless(v.search as string);
  return ignoreCase ? caseBlind(bytes) : bytes;
}

/** Output gathered and written in large pieces: matches can be many. */
class Buffered {
  #text = "";

  async add(text: string): Promise<void> {
    this.#text += text;
    if (this.#text.length >= 1 << 16) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#text === "") return;
    const bytes = encodeUtf8Lossless(this.#text);
    this.#text = "";
    await writeAll(Deno.stdout, bytes);
  }
}

function matchJson(m: MemoryMatch, context: boolean): string {
  const hex = (b: Uint8Array) => Array.from(b, hex2).join("");
  const item: Record<string, unknown> = {
    pid: m.pid,
    address: `0x${m.address.toString(16)}`,
    mapping: label(m.mapping),
    match: shown(m.bytes),
    hex: hex(m.bytes),
  };
  if (context) {
    item.before = hex(m.before);
    item.after = hex(m.after);
  }
  return JSON.stringify(item);
}

/** `--search`/`--regex`/`--hex`: every match, grep's exit status. */
async function search(
  memory: DumpMemory,
  pid: number | undefined,
  v: Values,
): Promise<number> {
  const context = v.context === undefined
    ? 0
    : Number(parseNumber(v.context as string, "--context"));
  const max = v["max-count"] === undefined
    ? Infinity
    : Number(parseNumber(v["max-count"] as string, "--max-count"));
  const pattern = searchPattern(v);
  const options = { context };
  const matches = pid === undefined
    ? memory.search(pattern, options)
    : (await memory.process(pid)).search(pattern, options);
  const out = new Buffered();
  const json = v.json === true;
  let found = 0;
  if (json) await out.add("[");
  for await (const m of matches) {
    if (found >= max) break;
    if (json) {
      await out.add(`${found > 0 ? "," : ""}\n  ${matchJson(m, context > 0)}`);
    } else {
      // The header comes with the first match: an error before it prints nothing.
      if (found === 0) {
        await out.add(
          `${"PID".padStart(7)}  ${"ADDRESS".padStart(12)}  ${
            "MAPPING".padEnd(24)
          }  MATCH\n`,
        );
      }
      await out.add(matchText(m, context > 0));
    }
    found++;
  }
  if (json) await out.add(found > 0 ? "\n]\n" : "]\n");
  await out.flush();
  // Like grep: 1 when nothing matched.
  return found > 0 ? 0 : 1;
}

/** The process a pid or thread id of the dump belongs to. */
async function processOf(dump: Dump, id: number): Promise<number> {
  const tasks = await dump.tasks();
  if (tasks.some((t) => t.pid === id)) return id;
  return tasks.find((t) => t.threads.includes(id))?.pid ?? id;
}

/** checkpointctl memparse's table, one row per task with memory. */
function memorySizesText(rows: TaskMemorySize[]): string {
  const table = [["PID", "PROCESS NAME", "MEMORY SIZE", "SHARED MEMORY SIZE"]]
    .concat(rows.map((r) => [
      `${r.pid}`,
      r.comm,
      byteSize(r.memory),
      byteSize(r.sharedMemory),
    ]));
  const widths = table[0].map((_, i) =>
    Math.max(...table.map((r) => r[i].length))
  );
  return table.map((r) =>
    r.map((c, i) => i === r.length - 1 ? c : c.padEnd(widths[i])).join("   ")
  ).join("\n") + "\n";
}

/** Runs `crit mem DIR` with checked options; returns the exit status. */
async function runMem(dir: DumpDir, v: Values): Promise<number> {
  const files = v.files as string | undefined;
  const dump = new Dump(dir);
  const memory = new DumpMemory(dump, {
    readMappedFile: files === undefined ? undefined : filesReader(files),
  });
  const pid = v.pid === undefined
    ? undefined
    : await processOf(dump, Number(parseNumber(v.pid as string, "--pid")));
  const searching = v.search !== undefined || v.regex !== undefined ||
    v.hex !== undefined;
  if (pid === undefined && !searching) {
    // No task named: checkpointctl memparse's table of every task.
    await writeAll(
      Deno.stdout,
      encodeUtf8Lossless(memorySizesText(await memorySizes(dir))),
    );
    return 0;
  }
  if (searching) {
    return await search(memory, pid, v);
  }
  const mem = await memory.process(pid!);
  if (v.addr === undefined) {
    // A pages file cut short fails here as it would on a read.
    await mem.verify();
    // Mapped file names that are not UTF-8 go out as their own bytes.
    await writeAll(Deno.stdout, encodeUtf8Lossless(mappingsText(mem)));
    return 0;
  }
  await dumpBytes(mem, v);
  return 0;
}

/** The `mem` command. */
export const command: Command = {
  name: "mem",
  synopsis:
    "DIR [--pid PID] [--addr ADDR --len N | --search TEXT | --regex RE] ...",
  summary: "read the memory of the tasks of a dump",
  help: `arguments:
  DIR                   the dump: a directory, a checkpoint archive (tar,
                        tar.gz, tar.zst, tar.xz) or an extracted one

forms:
  mem DIR               each task's memory and shared memory in the dump
                        (checkpointctl memparse's table, dumped pages only)
  mem DIR --pid PID     the task's mappings and what the dump holds of them
  mem DIR --pid PID --addr ADDR --len N [-o OUT] [--hexdump] [--zeros]
                        the bytes at ADDR (a hexdump on a terminal)
  mem DIR [--pid PID] (--search TEXT | --regex RE | --hex HEX) [--context N]
        [-i] [-m N] [--json]
                        addresses of matches, in all tasks without --pid;
                        exit 1 when nothing matches, like grep

options:
  --pid PID             the task (a process id of pstree.img, or the id of
                        one of its threads)
  --addr ADDR, --len N  a range of its memory (decimal or 0x-hex)
  -o, --out OUT         write the bytes there (whole or not at all)
  --hexdump             hexdump -C lines at the virtual addresses
  --zeros               bytes the dump does not have read as zeros instead
                        of being an error
  --search TEXT         every occurrence of TEXT (UTF-8), overlapping too
  --regex RE            matches of a JavaScript RegExp over bytes (a byte is
                        a character 0-255)
  --hex HEX             the bytes of HEX ("de ad be ef" or "deadbeef")
  --context N           N bytes before and after each match
  -i, --ignore-case     ASCII letters match either case (a RegExp gets the
                        i flag, which also folds Latin-1 letters)
  -m, --max-count N     stop after N matches
  --json                the matches as a JSON array: pid, address, mapping,
                        match (text), hex (and before/after as hex)
  --files DIR           files behind file mappings, by path or base name
                        under DIR`,
  options: MEM_OPTIONS,
  positionals: ["DIR"],
  async run(values, [path]) {
    const problem = memUsageProblem(values);
    if (problem !== undefined) throw new UsageError(problem);
    const dump = await openDump(path);
    try {
      return await runMem(dump.dir, values);
    } finally {
      dump.close();
    }
  },
};
