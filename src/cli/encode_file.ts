/**
 * The file side of `crit encode` for one file (Deno), on convert.ts's
 * streaming: apart from it so that `decode` loads no JSON reader.
 *
 * @module
 */
import { JsonImageReader } from "../codec/json_image_reader.ts";
import { MagicScan } from "../codec/_item_scan.ts";
import { imageMagic } from "../image/magic.ts";
import {
  type Converter,
  convertFile,
  type ConvertOptions,
  head,
  openInput,
  type SyncOutput,
} from "./convert.ts";
import {
  bytesEncodable,
  encodeJsonBytes,
  leadingMagic,
} from "../codec/_json_bytes.ts";
import { DEFAULT_MAX_ENTRY_SIZE } from "../codec/options.ts";
import {
  type JsonWireIntake,
  jsonWireIntake,
} from "../message/json_wire_wasm.ts";
import { kept, temporary } from "./cleanup.ts";

/** `crit encode` of one JSON file or standard input. */
export async function encodeFile(
  input: string | undefined,
  output: string | undefined,
  opts: ConvertOptions,
): Promise<void> {
  let whole: WholeFile | undefined;
  try {
    if (isFile(input)) {
      const image = imageMagic(head(input));
      if (image !== undefined) {
        throw new Error(
          `${input} is a binary CRIU image (${image}), not JSON: decode turns it into JSON`,
        );
      }
    }
    await convertFile("encode", input, output, opts, (out, size) => {
      const streamed = () => streamedText(out, input, size);
      // A larger file streams, with bounded memory; standard input or a
      // pipe, of unknown size, is tried.
      if (size !== undefined && size >= WHOLE_FILE_LIMIT) return streamed();
      whole = new WholeFile(size, out, streamed);
      return whole;
    });
  } catch (e) {
    if (
      e instanceof TypeError &&
      /encoded data (was|is) not valid/i.test(e.message)
    ) {
      throw new Error(
        "cannot read JSON: the input is not UTF-8 text (encode expects JSON, not an image)",
        { cause: e },
      );
    }
    throw e;
  } finally {
    whole?.release();
  }
}

function isFile(path: string | undefined): boolean {
  if (path === undefined || path === "-") return false;
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** The largest JSON file read whole: the largest entry the default limit lets through. */
const WHOLE_FILE_LIMIT = DEFAULT_MAX_ENTRY_SIZE;

/** Pieces of the text handed to the streamed converter, as a file's reads give them. */
const PIECE = 1 << 16;

/** The room first lent for input of unknown size (standard input, a pipe). */
const FIRST_ROOM = 1 << 20;

/**
 * A file or standard input encoded from its bytes by WebAssembly when it is
 * JSON as crit writes it. Its first read says whether it may be: input that
 * does not start with the magic of an image whose entries have no payload
 * goes to the streamed converter as it is read (payloads stream, sorted
 * keys spill, nothing is held twice). Input that may be is read whole into
 * the encoder's memory: a file's size and one byte more (to see it grow),
 * or for input of unknown size, room doubled as it fills, up to
 * WHOLE_FILE_LIMIT. When refused there, or past the limit, the streamed
 * converter reads it from its start in pieces, as it would have read it.
 */
class WholeFile implements Converter {
  #size: number | undefined;
  #out: SyncOutput;
  #streamed: () => Converter;
  #intake: JsonWireIntake | undefined;
  #filled = 0;
  #fallback: Converter | undefined;

  constructor(
    size: number | undefined,
    out: SyncOutput,
    streamed: () => Converter,
  ) {
    this.#size = size;
    this.#out = out;
    this.#streamed = streamed;
  }

  room(): Uint8Array | undefined {
    if (this.#fallback !== undefined) return this.#fallback.room?.();
    const intake = this.#intake;
    if (intake === undefined) return undefined;
    if (this.#filled >= intake.bytes.length && !this.#more(this.#filled)) {
      return undefined;
    }
    return intake.bytes.subarray(this.#filled);
  }

  /**
   * For input of unknown size, room for `n` bytes at least (doubled, up to
   * the limit); false for a file, or past the limit.
   */
  #more(n: number): boolean {
    const intake = this.#intake!;
    const have = intake.bytes.length;
    if (this.#size !== undefined || n > WHOLE_FILE_LIMIT) return false;
    const want = Math.min(Math.max(2 * have, n), WHOLE_FILE_LIMIT);
    return want <= have || intake.grow(want - have);
  }

  feed(chunk: Uint8Array): void {
    if (this.#fallback !== undefined) return this.#fallback.feed(chunk);
    if (this.#intake === undefined) {
      const magic = leadingMagic(chunk);
      this.#intake = magic !== undefined && bytesEncodable(magic)
        ? jsonWireIntake(
          this.#size === undefined
            ? Math.max(FIRST_ROOM, chunk.length)
            : this.#size + 1,
        )
        : undefined;
      if (this.#intake === undefined) return this.#handOver().feed(chunk);
    }
    const at = this.#filled;
    const buf = this.#intake.bytes;
    if (
      chunk.buffer === buf.buffer && chunk.byteOffset === buf.byteOffset + at
    ) {
      this.#filled += chunk.length;
    } else if (
      at + chunk.length <= buf.length || this.#more(at + chunk.length)
    ) {
      this.#intake.bytes.set(chunk, at);
      this.#filled += chunk.length;
    } else {
      this.#handOver().feed(chunk);
    }
  }

  finish(): void {
    const intake = this.#intake;
    // A file that filled its room grew while it was read.
    if (
      this.#fallback === undefined && intake !== undefined &&
      (this.#size === undefined || this.#filled < intake.bytes.length)
    ) {
      const image = encodeJsonBytes(intake.bytes.subarray(0, this.#filled));
      if (image !== undefined) {
        this.#out.bytes(image.head);
        this.#out.bytes(image.entries);
        this.release();
        return;
      }
    }
    (this.#fallback ?? this.#handOver()).finish();
  }

  /** Gives the encoder's memory back (once done, or on an error). */
  release(): void {
    this.#intake?.release();
    this.#intake = undefined;
  }

  /** The streamed converter, given what was read so far. */
  #handOver(): Converter {
    const fallback = this.#fallback = this.#streamed();
    if (this.#intake !== undefined) {
      const text = this.#intake.bytes.subarray(0, this.#filled);
      for (let at = 0; at < text.length; at += PIECE) {
        fallback.feed(text.subarray(at, at + PIECE));
      }
      this.release();
    }
    return fallback;
  }
}

/** The streamed converter: JSON text in pieces through JsonImageReader. */
function streamedText(
  out: SyncOutput,
  input: string | undefined,
  size: number | undefined,
): Converter {
  // JSON with sorted keys has "entries" before "magic": a file is looked
  // at first for its magic, so the entries can be encoded as they come.
  const magic = isFile(input) ? fileMagic(input!) : undefined;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const reader = new JsonImageReader(out.bytes, undefined, magic, size);
  // Standard input cannot be looked at twice: until its magic is known
  // its text is kept, and spilled to a file when the entries come first.
  const held: Uint8Array[] = [];
  let spill: Spill | undefined;
  return {
    feed: (chunk) => {
      if (spill !== undefined) return spill.write(chunk);
      if (magic === undefined && reader.magic === undefined) {
        held.push(chunk.slice());
      }
      reader.push(decoder.decode(chunk, { stream: true }));
      if (reader.collecting) spill = new Spill(held);
      else if (reader.magic !== undefined) held.length = 0;
    },
    finish: () => {
      if (spill !== undefined) return spill.encode(out.bytes);
      reader.push(decoder.decode());
      reader.end();
    },
  };
}

/** The top-level magic of a JSON file, read no further than needed. */
function fileMagic(path: string): string | undefined {
  const scan = new MagicScan();
  const decoder = new TextDecoder();
  for (const chunk of openInput(path).readable) {
    if (scan.push(decoder.decode(chunk, { stream: true }))) return scan.magic;
  }
  return undefined;
}

/** Standard input kept in a temporary file, to be encoded from there. */
class Spill {
  #path: string;
  #file: Deno.FsFile;

  constructor(held: Uint8Array[]) {
    this.#path = Deno.makeTempFileSync({ prefix: "crit-stdin-" });
    temporary(this.#path);
    this.#file = Deno.openSync(this.#path, { write: true });
    for (const chunk of held) this.write(chunk);
    held.length = 0;
  }

  write(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) at += this.#file.writeSync(chunk.subarray(at));
  }

  /** Encodes the spilled text into `out`, its magic looked up first. */
  encode(out: (bytes: Uint8Array) => void): void {
    this.#file.close();
    try {
      const reader = new JsonImageReader(out, undefined, fileMagic(this.#path));
      const decoder = new TextDecoder("utf-8", { fatal: true });
      for (const chunk of openInput(this.#path).readable) {
        reader.push(decoder.decode(chunk, { stream: true }));
      }
      reader.push(decoder.decode());
      reader.end();
    } finally {
      Deno.removeSync(this.#path);
      kept(this.#path);
    }
  }
}
