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
  convertFile,
  type ConvertOptions,
  head,
  openInput,
} from "./convert.ts";
import { kept, temporary } from "./cleanup.ts";

/** `crit encode` of one JSON file, streamed. */
export async function encodeFile(
  input: string | undefined,
  output: string | undefined,
  opts: ConvertOptions,
): Promise<void> {
  try {
    if (isFile(input)) {
      const image = imageMagic(head(input));
      if (image !== undefined) {
        throw new Error(
          `${input} is a binary CRIU image (${image}), not JSON: decode turns it into JSON`,
        );
      }
    }
    // JSON with sorted keys has "entries" before "magic": a file is looked
    // at first for its magic, so the entries can be encoded as they come.
    const magic = isFile(input) ? fileMagic(input!) : undefined;
    await convertFile("encode", input, output, opts, (out, size) => {
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
