/**
 * An image whose entries stay wire bytes until one is asked for.
 *
 * @module
 */
import type { JsonObject } from "../json/types.ts";
import { CallerError, EntryPump } from "../image/pump.ts";
import {
  compileSelection,
  decodeCompiled,
  decodeSelected,
  type FieldSelection,
} from "../message/decode_selected.ts";
import type { MessagePlan } from "../wire/plan.ts";
import { CriuImageError } from "../wire/errors.ts";
import { WireError } from "../wire/wire.ts";
import { pumpOptions } from "./options.ts";

/**
 * The entries of an image held in memory, read once for their framing and
 * a few key fields; any entry is decoded, with the fields asked for, only
 * when asked for. For an image of thousands of entries of which a reader
 * needs a handful (the files of files.img that a task maps, say).
 * Images whose entries carry payloads are not taken (a TypeError).
 *
 * @example The file with id 2 of files.img, found by its id
 * ```ts
 * import { LazyImage } from "@ckpt/crit";
 * const bytes = await Deno.readFile("tests/fixtures/01-sleep/files.img");
 * const files = new LazyImage(bytes, { id: true });
 * const at = files.keys.findIndex((k) => k.id === 2);
 * console.log(files.entry(at, { reg: { name: true } })); // { reg: { name: "/usr/lib/locale/C.utf8/LC_CTYPE" } }
 * ```
 */
export class LazyImage {
  /** The magic name of the image. */
  readonly magic: string;
  /** The key fields of each entry, in order. */
  readonly keys: readonly JsonObject[];
  #bytes: Uint8Array;
  #plans: MessagePlan[] = [];
  #bodies: Uint8Array[] = [];

  /**
   * Reads the framing of `bytes` and the `keyFields` of each entry; errors
   * are those of a whole decode, with the same offsets.
   */
  constructor(bytes: Uint8Array, keyFields: FieldSelection) {
    if (!(bytes instanceof Uint8Array)) {
      throw new TypeError("LazyImage expects a Uint8Array");
    }
    this.#bytes = bytes;
    const keys: JsonObject[] = [];
    const pump = new EntryPump(pumpOptions({ nopl: true }), {
      entry() {
        throw new CallerError(
          new TypeError("images with payloads are not read lazily"),
        );
      },
      message: (plan, body) => {
        let c;
        try {
          c = compileSelection(plan, keyFields);
        } catch (e) {
          throw new CallerError(e);
        }
        keys.push(decodeCompiled(c, body, 0, body.length));
        this.#plans.push(plan);
        // A body is a view of the input, unless the pump had to join pieces.
        this.#bodies.push(body.buffer === bytes.buffer ? body : body.slice());
      },
    });
    try {
      pump.push(bytes);
      pump.end();
    } catch (e) {
      throw e instanceof CallerError ? e.error : e;
    }
    this.magic = pump.magic!;
    this.keys = keys;
  }

  /**
   * Entry `index` with the fields of `fields` (see `decodeSelectedSync`);
   * a malformed entry is a CriuImageError naming it, as in a whole decode.
   */
  entry(index: number, fields: FieldSelection): JsonObject {
    if (!Number.isInteger(index) || index < 0 || index >= this.keys.length) {
      throw new RangeError(`no entry ${index} in ${this.keys.length}`);
    }
    const body = this.#bodies[index];
    const plan = this.#plans[index];
    try {
      return decodeSelected(plan, body, 0, body.length, fields);
    } catch (e) {
      if (!(e instanceof WireError)) throw e;
      const offset = body.buffer === this.#bytes.buffer
        ? body.byteOffset - this.#bytes.byteOffset - 4
        : -1;
      throw new CriuImageError(`${e.message} in the entry's message`, {
        offset,
        entryIndex: index,
        magic: this.magic,
        cause: e,
      });
    }
  }
}
