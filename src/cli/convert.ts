/**
 * The file side of `crit decode` / `crit encode` (Deno): streaming one file
 * with bounded memory, batch conversion of a dump directory, atomic output
 * files and a progress bar on a terminal.
 */
import { imageToJson } from "../codec/image_to_json.ts";
import { JsonImageReader } from "../codec/json_image_reader.ts";
import { CriuImageError, UnknownMagicError } from "../wire/errors.ts";
import { describeRawImage } from "../image/raw_image.ts";
import { encodeSync } from "../codec/encode.ts";
import { parse } from "../codec/json.ts";
import { concatBytes } from "../wire/bytes.ts";
import { openOutput } from "./output.ts";
import { infoCounter } from "../codec/image_info.ts";
import type { ImageInfo } from "../codec/info.ts";

/** Options of one conversion. */
export interface ConvertOptions {
  pretty: boolean;
  nopl: boolean;
  /** Show a progress bar (stderr is a terminal and not --quiet). */
  progress: boolean;
}

/** Shows "what: done/total unit, rate" on stderr, at most ten times a second. */
export class Progress {
  #label: string;
  #total: number;
  #unit: "bytes" | "files";
  #done = 0;
  #bytes = 0;
  #start = performance.now();
  #last = 0;
  #shown = false;
  #enabled: boolean;

  constructor(
    label: string,
    total: number,
    unit: "bytes" | "files",
    enabled: boolean,
  ) {
    this.#label = label;
    this.#total = total;
    this.#unit = unit;
    this.#enabled = enabled;
  }

  add(done: number, bytes = done): void {
    this.#done += done;
    this.#bytes += bytes;
    if (!this.#enabled) return;
    const now = performance.now();
    if (now - this.#last < 100) return;
    this.#last = now;
    this.#draw(now);
  }

  #draw(now: number): void {
    const secs = Math.max((now - this.#start) / 1000, 1e-3);
    const rate = `${(this.#bytes / secs / 1e6).toFixed(1)} MB/s`;
    const frac = this.#total > 0 ? Math.min(this.#done / this.#total, 1) : 1;
    const width = 24;
    const bar = "#".repeat(Math.round(frac * width)).padEnd(width, ".");
    const count = this.#unit === "files"
      ? `${this.#done}/${this.#total} files`
      : `${mib(this.#done)}/${mib(this.#total)} MiB`;
    const line = `${this.#label} [${bar}] ${count} ${rate}`;
    Deno.stderr.writeSync(new TextEncoder().encode(`\r${line}\x1b[K`));
    this.#shown = true;
  }

  /** Clears the bar. */
  done(): void {
    if (this.#shown) {
      Deno.stderr.writeSync(new TextEncoder().encode("\r\x1b[K"));
    }
  }
}

function mib(n: number): string {
  return (n / 1048576).toFixed(1);
}

/** 64 KiB reads: measured best for both speed and peak memory (1 MiB buffers kept the heap large). */
const READ_SIZE = 1 << 16;

/**
 * Synchronous reads: an async read per chunk waits on the event loop, which
 * measured 100 ms idle of 500 for 15 MB of JSON; the CLI has nothing to do
 * meanwhile anyway. One buffer for all reads: the converters copy what they
 * keep, and a fresh 64 KiB buffer per read piles up outside V8's heap between
 * collections (a 1 GiB payload peaked at 120 MiB that way).
 */
function* chunks(
  source: { readSync(p: Uint8Array): number | null; close?(): void },
  size = READ_SIZE,
): Generator<Uint8Array> {
  try {
    const buf = new Uint8Array(size);
    for (;;) {
      let n = 0;
      while (n < buf.length) {
        const got = source.readSync(buf.subarray(n));
        if (got === null) break;
        n += got;
      }
      if (n > 0) yield buf.subarray(0, n);
      if (n < buf.length) return;
    }
  } finally {
    source.close?.();
  }
}

function openInput(
  path: string | undefined,
): { readable: Iterable<Uint8Array>; size: number } {
  if (path === undefined || path === "-") {
    return { readable: chunks(Deno.stdin), size: 0 };
  }
  const file = Deno.openSync(path);
  const info = file.statSync();
  const size = info.isFile ? info.size : 0;
  return { readable: chunks(file, readSize(info)), size };
}

/**
 * The read buffer for a file: small files in one read into a buffer of their
 * size (+1 to see the end). A pipe or device (`-i /dev/stdin`, `-i <(...)`)
 * has no size to go by: sized from it, reads were one byte each.
 */
export function readSize(info: { isFile: boolean; size: number }): number {
  return info.isFile ? Math.min(READ_SIZE, info.size + 1) : READ_SIZE;
}

/** The first bytes of a file, to say what a file without a magic is. */
function head(path: string | undefined): Uint8Array {
  if (path === undefined || path === "-") return new Uint8Array(0);
  const file = Deno.openSync(path);
  try {
    const buf = new Uint8Array(16);
    const n = file.readSync(buf) ?? 0;
    return buf.subarray(0, n);
  } finally {
    file.close();
  }
}

/** A raw image (no magic) where an image was expected; the message says what it is. */
class RawImageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "RawImageError";
  }
}

function noteText(name: string, e: unknown): string {
  return e instanceof RawImageError
    ? (e as Error).message
    : `${name} (${(e as Error).message})`;
}

/** Files a batch copies instead of converting: raw images and non-images. */
function notAnImage(e: unknown): boolean {
  return e instanceof RawImageError || e instanceof UnknownMagicError ||
    (e instanceof CriuImageError && e.entryIndex < 0);
}

/** A file without a magic that CRIU writes raw gets a sentence saying what it is. */
function explainRaw(
  e: unknown,
  path: string | undefined,
  bytes?: Uint8Array,
): unknown {
  const noMagic = e instanceof UnknownMagicError ||
    (e instanceof CriuImageError && e.entryIndex < 0);
  if (!noMagic) return e;
  const raw = describeRawImage(path ?? "stdin", bytes ?? head(path));
  return raw === undefined ? e : new RawImageError(raw, { cause: e });
}

/**
 * Output written synchronously as it is produced: nothing waits in a queue,
 * so the garbage of a conversion dies young and memory stays flat.
 */
interface SyncOutput {
  bytes(data: Uint8Array): void;
  text(text: string): void;
  commit(): void;
  abort(): void;
}

/**
 * Synchronous file calls throughout: one conversion has nothing to overlap
 * them with, and the first async file op of a process measured 5-10 ms
 * (one small image went from 11 ms of file handling to 2).
 */
function openSyncOutput(path: string | undefined): SyncOutput {
  let file: { writeSync(p: Uint8Array): number };
  let commit = () => {};
  let abort = () => {};
  if (path === undefined || path === "-") {
    file = Deno.stdout;
  } else {
    const out = openOutput(path);
    file = out.file;
    commit = out.commit;
    abort = out.abort;
  }
  const bytes = (data: Uint8Array) => {
    let at = 0;
    while (at < data.length) at += file.writeSync(data.subarray(at));
  };
  // JSON text here is ASCII: one byte per character, encoded into one buffer.
  let buf = new Uint8Array(1 << 16);
  const encoder = new TextEncoder();
  const text = (t: string) => {
    if (t.length > buf.length) {
      buf = new Uint8Array(Math.max(t.length, 2 * buf.length));
    }
    const { written } = encoder.encodeInto(t, buf);
    bytes(buf.subarray(0, written));
  };
  return { bytes, text, commit, abort };
}

/**
 * One file in, one file (or stdout) out, chunk by chunk: `feed` gets each
 * input chunk, `finish` the end; the output is committed only on success.
 */
function convertFile(
  label: string,
  input: string | undefined,
  output: string | undefined,
  opts: ConvertOptions,
  start: (out: SyncOutput) => {
    feed(chunk: Uint8Array): void;
    finish(): void;
  },
): void {
  const src = openInput(input);
  const out = openSyncOutput(output);
  const progress = new Progress(
    label,
    src.size,
    "bytes",
    opts.progress && src.size > 0,
  );
  try {
    const converter = start(out);
    for (const chunk of src.readable) {
      progress.add(chunk.length);
      converter.feed(chunk);
    }
    converter.finish();
    out.commit();
  } catch (e) {
    out.abort();
    throw e;
  } finally {
    progress.done();
  }
}

/** `crit decode` of one image, streamed: memory stays bounded for any size. */
export function decodeFile(
  input: string | undefined,
  output: string | undefined,
  opts: ConvertOptions,
): void {
  try {
    convertFile("decode", input, output, opts, (out) => {
      const converter = imageToJson(
        { pretty: opts.pretty, nopl: opts.nopl },
        out.text,
        out.bytes,
      );
      return {
        feed: (chunk) => converter.push(chunk),
        finish: () => {
          converter.end();
          // crit ends stdout output with a newline, files without one.
          if (output === undefined || output === "-") out.text("\n");
        },
      };
    });
  } catch (e) {
    throw explainRaw(e, input);
  }
}

/** `crit encode` of one JSON file, streamed. */
export function encodeFile(
  input: string | undefined,
  output: string | undefined,
  opts: ConvertOptions,
): void {
  try {
    convertFile("encode", input, output, opts, (out) => {
      const decoder = new TextDecoder("utf-8", { fatal: true });
      const reader = new JsonImageReader(out.bytes);
      return {
        feed: (chunk) => reader.push(decoder.decode(chunk, { stream: true })),
        finish: () => {
          reader.push(decoder.decode());
          reader.end();
        },
      };
    });
  } catch (e) {
    if (
      e instanceof TypeError && /encoded data was not valid/i.test(e.message)
    ) {
      throw new Error(
        "cannot read JSON: the input is not UTF-8 text (encode expects JSON, not an image)",
        { cause: e },
      );
    }
    throw e;
  }
}

/** `crit info` of a file (or stdin), read in pieces: any size, bounded memory. */
export function infoFile(path: string | undefined): ImageInfo {
  const counter = infoCounter();
  // The first bytes, to say what a file without a magic is.
  let head: Uint8Array | undefined;
  try {
    for (const chunk of openInput(path).readable) {
      head ??= chunk.slice(0, 16);
      counter.push(chunk, true);
    }
    return counter.end();
  } catch (e) {
    throw explainRaw(e, path, head);
  }
}

/** What a batch run did. */
export interface BatchReport {
  converted: number;
  copied: number;
  skipped: number;
}

const SMALL = 16 * 1024 * 1024;

/**
 * Writes a small file next to its target and renames it: synchronous calls,
 * as batches write thousands of these and each async op costs more than the
 * write itself.
 */
function writeAtomic(path: string, data: Uint8Array | string): void {
  const tmp = `${path}.crit-tmp`;
  try {
    if (typeof data === "string") Deno.writeTextFileSync(tmp, data);
    else Deno.writeFileSync(tmp, data);
    Deno.renameSync(tmp, path);
  } catch (e) {
    try {
      Deno.removeSync(tmp);
    } catch {
      // nothing was written
    }
    throw e;
  }
}

function listFiles(dir: string): { files: string[]; others: string[] } {
  const files: string[] = [];
  const others: string[] = [];
  for (const e of Deno.readDirSync(dir)) {
    (e.isFile ? files : others).push(e.name);
  }
  return { files: files.sort(), others: others.sort() };
}

/** What happened to one file of a batch. */
type Outcome = "converted" | "copied";

/**
 * The shared loop of batch runs: every regular file of `input` goes through
 * `each` (with a progress bar), other entries are skipped with a note.
 */
function runBatch(
  label: string,
  input: string,
  output: string,
  opts: ConvertOptions,
  note: (line: string) => void,
  each: (name: string, from: string, size: number) => Outcome,
): BatchReport {
  Deno.mkdirSync(output, { recursive: true });
  const { files, others } = listFiles(input);
  const report: BatchReport = { converted: 0, copied: 0, skipped: 0 };
  const progress = new Progress(label, files.length, "files", opts.progress);
  try {
    for (const name of files) {
      const from = `${input}/${name}`;
      const size = Deno.statSync(from).size;
      report[each(name, from, size)]++;
      progress.add(1, size);
    }
  } finally {
    progress.done();
  }
  for (const name of others) {
    note(`skipped ${name}: not a regular file`);
    report.skipped++;
  }
  return report;
}

/**
 * Converts every image of a dump directory in one process. Images become
 * NAME.json (crit's `-o` text); raw images are copied as they are, so
 * `encodeDir` can rebuild the whole directory.
 */
export function decodeDir(
  input: string,
  output: string,
  opts: ConvertOptions,
  note: (line: string) => void,
): BatchReport {
  const single = { ...opts, progress: false };
  return runBatch(
    "decode",
    input,
    output,
    opts,
    note,
    (name, from, size) => {
      if (size > SMALL) {
        try {
          decodeFile(from, `${output}/${name}.json`, single);
          return "converted";
        } catch (e) {
          if (!notAnImage(e)) throw e;
          Deno.copyFileSync(from, `${output}/${name}`);
          note(`copied ${noteText(name, e)}`);
          return "copied";
        }
      }
      const bytes = Deno.readFileSync(from);
      let text: Uint8Array;
      try {
        text = jsonBytes(bytes, opts);
      } catch (e) {
        const why = explainRaw(e, from, bytes);
        if (!notAnImage(why)) {
          throw new Error(`${name}: ${(e as Error).message}`, { cause: e });
        }
        writeAtomic(`${output}/${name}`, bytes);
        note(`copied ${noteText(name, why)}`);
        return "copied";
      }
      writeAtomic(`${output}/${name}.json`, text);
      return "converted";
    },
  );
}

/** crit's JSON text of a whole image in memory, as bytes. */
function jsonBytes(image: Uint8Array, opts: ConvertOptions): Uint8Array {
  const parts: Uint8Array[] = [];
  const converter = imageToJson(
    { pretty: opts.pretty, nopl: opts.nopl },
    (text) => parts.push(new TextEncoder().encode(text)),
    (bytes) => parts.push(bytes.slice()),
  );
  converter.push(image);
  converter.end();
  return concatBytes(parts);
}

/** The reverse of decodeDir: NAME.json becomes NAME, other files are copied. */
export function encodeDir(
  input: string,
  output: string,
  opts: ConvertOptions,
  note: (line: string) => void,
): BatchReport {
  const single = { ...opts, progress: false };
  return runBatch(
    "encode",
    input,
    output,
    opts,
    note,
    (name, from, size) => {
      if (!name.endsWith(".json")) {
        Deno.copyFileSync(from, `${output}/${name}`);
        note(`copied ${name}: not JSON`);
        return "copied";
      }
      const to = `${output}/${name.slice(0, -5)}`;
      if (size > SMALL) {
        encodeFile(from, to, single);
        return "converted";
      }
      let bytes: Uint8Array;
      try {
        bytes = encodeSync(parse(Deno.readTextFileSync(from)));
      } catch (e) {
        throw new Error(`${name}: ${(e as Error).message}`, { cause: e });
      }
      writeAtomic(to, bytes);
      return "converted";
    },
  );
}
