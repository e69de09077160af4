/**
 * The file side of `crit decode`, `encode` and `info` for one file (Deno):
 * streamed with bounded memory, into an output file that is complete or not
 * there at all, with a progress bar on a terminal.
 */
import { concatBytes } from "../wire/bytes.ts";
import { imageToJson } from "../codec/image_to_json.ts";
import { CriuImageError, UnknownMagicError } from "../wire/errors.ts";
import { describeRawImage } from "../image/raw_image.ts";
import { openOutput } from "./output.ts";
import { Progress } from "./progress.ts";
import { yieldToSignals } from "./cleanup.ts";

/** Options of one conversion. */
export interface ConvertOptions {
  pretty: boolean;
  nopl: boolean;
  /** Show a progress bar (stderr is a terminal and not --quiet). */
  progress: boolean;
  /** Largest entry message read (`--max-entry-size`); default: the library's. */
  maxEntrySize?: number;
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
  room?: () => Uint8Array | undefined,
): Generator<Uint8Array> {
  try {
    const buf = new Uint8Array(size);
    for (;;) {
      // Straight into the converter's buffer for a large entry, when it
      // offers one: that saves copying each piece (and touching fresh
      // pages twice) and most of the reads.
      const offered = room?.();
      const target = offered === undefined
        ? buf
        : offered.subarray(0, Math.min(offered.length, ROOM_READ_MAX));
      let n = 0;
      while (n < target.length) {
        const got = source.readSync(target.subarray(n));
        if (got === null) break;
        n += got;
      }
      if (n > 0) yield target.subarray(0, n);
      if (n < target.length) return;
    }
  } finally {
    source.close?.();
  }
}

/** The most read into a converter's own buffer at once: a yield to signals is due every 4 MiB. */
const ROOM_READ_MAX = 4 << 20;

/**
 * The file at `path` (stdin for none or "-") as chunks read synchronously,
 * and its size (0 for a pipe or device). With `room`, each read goes where
 * it says when it offers a buffer (a converter gathering a large entry).
 */
export function openInput(
  path: string | undefined,
  room?: () => Uint8Array | undefined,
): { readable: Iterable<Uint8Array>; size: number } {
  if (path === undefined || path === "-") {
    return { readable: chunks(Deno.stdin, READ_SIZE, room), size: 0 };
  }
  const file = Deno.openSync(path);
  const info = file.statSync();
  const size = info.isFile ? info.size : 0;
  return { readable: chunks(file, readSize(info), room), size };
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
export function head(path: string | undefined): Uint8Array {
  if (path === undefined || path === "-") return new Uint8Array(0);
  const file = Deno.openSync(path);
  try {
    // A tar header's "ustar" is at byte 257.
    const buf = new Uint8Array(HEAD_SIZE);
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

/** Files a batch copies instead of converting: raw images and non-images. */
export function notAnImage(e: unknown): boolean {
  return e instanceof RawImageError || e instanceof UnknownMagicError ||
    (e instanceof CriuImageError && e.entryIndex < 0);
}

/** How much of a file is looked at to say what it is. */
export const HEAD_SIZE = 512;

/**
 * A file without a magic gets a sentence saying what it is: one of CRIU's
 * raw images, crit's JSON, an archive.
 */
export function explainRaw(
  e: unknown,
  path: string | undefined,
  bytes?: Uint8Array,
): unknown {
  const noMagic = e instanceof UnknownMagicError ||
    (e instanceof CriuImageError && e.entryIndex < 0);
  if (!noMagic) return e;
  const name = path ?? "stdin";
  const start = bytes ?? head(path);
  const raw = describeRawImage(name, start) ?? describeOther(name, start);
  return raw === undefined ? e : new RawImageError(raw, { cause: e });
}

/** JSON and archives, which people give `decode` by mistake. */
function describeOther(name: string, bytes: Uint8Array): string | undefined {
  const base = name.slice(name.lastIndexOf("/") + 1);
  const text = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart();
  if (text.startsWith("{")) {
    return `${base} is JSON, not an image: encode turns crit's JSON into an image`;
  }
  if (new TextDecoder().decode(bytes.subarray(257, 262)) === "ustar") {
    return `${base} is a tar archive, not an image (a container checkpoint? crit inspect, x and mem read those)`;
  }
  const magic = (b: number[]) => b.every((v, i) => bytes[i] === v);
  if (magic([0x28, 0xb5, 0x2f, 0xfd]) || magic([0x42, 0x5a, 0x68])) {
    return `${base} is compressed data (zstd or bzip2), not an image`;
  }
  return undefined;
}

/**
 * Output written synchronously as it is produced: nothing waits in a queue,
 * so the garbage of a conversion dies young and memory stays flat.
 */
export interface SyncOutput {
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

/** What converts one input for convertFile, chunk by chunk. */
export interface Converter {
  /** Takes the next chunk of input (valid only during the call). */
  feed(chunk: Uint8Array): void;
  /** The input has ended. */
  finish(): void;
  /** Where the next input may be read in place (ImageToJson.room). */
  room?(): Uint8Array | undefined;
}

/**
 * One file in, one file (or stdout) out, chunk by chunk: `feed` gets each
 * input chunk, `finish` the end; the output is committed only on success.
 */
export async function convertFile(
  label: string,
  input: string | undefined,
  output: string | undefined,
  opts: ConvertOptions,
  start: (out: SyncOutput, size: number | undefined) => Converter,
): Promise<void> {
  let converter: ReturnType<typeof start> | undefined;
  const src = openInput(input, () => converter?.room?.());
  const out = openSyncOutput(output);
  const progress = new Progress(
    label,
    src.size,
    "bytes",
    opts.progress && src.size > 0,
  );
  try {
    // A size of 0 is a pipe's or device's: unknown.
    converter = start(out, src.size > 0 ? src.size : undefined);
    let sinceYield = 0;
    for (const chunk of src.readable) {
      progress.add(chunk.length);
      converter.feed(chunk);
      sinceYield += chunk.length;
      if (sinceYield >= YIELD_EVERY) {
        sinceYield = 0;
        await yieldToSignals();
      }
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

/** Bytes converted between two chances to handle a signal. */
const YIELD_EVERY = 4 << 20;

/** `crit decode` of one image, streamed: memory stays bounded for any size. */
export async function decodeFile(
  input: string | undefined,
  output: string | undefined,
  opts: ConvertOptions,
): Promise<void> {
  try {
    await convertFile("decode", input, output, opts, (out, size) => {
      const converter = imageToJson(
        {
          pretty: opts.pretty,
          nopl: opts.nopl,
          maxEntrySize: opts.maxEntrySize,
        },
        out.text,
        out.bytes,
        size,
        true,
      );
      return {
        feed: (chunk) => converter.push(chunk),
        room: () => converter.room(),
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

/** crit's JSON text (`decode -o`'s) of a whole image in memory, as bytes. */
export function imageJsonBytes(
  image: Uint8Array,
  opts: Pick<ConvertOptions, "pretty" | "nopl" | "maxEntrySize">,
): Uint8Array {
  const parts: Uint8Array[] = [];
  const converter = imageToJson(
    { pretty: opts.pretty, nopl: opts.nopl, maxEntrySize: opts.maxEntrySize },
    (text) => parts.push(new TextEncoder().encode(text)),
    (bytes) => parts.push(bytes.slice()),
  );
  converter.push(image);
  converter.end();
  return concatBytes(parts);
}
