/**
 * Errors raised for malformed images.
 *
 * @module
 */

/** Where in an image a problem was found. */
export interface ImageErrorInfo {
  /** Byte offset in the image where the failing entry (or read) starts. */
  offset: number;
  /** Index of the entry being read, counting from 0; -1 for the header. */
  entryIndex: number;
  /** Magic name of the image, when the header was read. */
  magic?: string;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * A malformed or truncated image. The message reads like
 * `Cannot decode entry 3 of PAGEMAP: truncated varint (at byte 140)`.
 *
 * @example Tell bad images from other failures
 * ```ts
 * import { CriuImageError, decode } from "@ckpt/crit";
 * try {
 *   await decode(new Uint8Array([1, 2, 3]));
 * } catch (e) {
 *   if (e instanceof CriuImageError) console.log(e.offset, e.entryIndex);
 * }
 * ```
 */
export class CriuImageError extends SyntaxError {
  /** Byte offset of the failing entry or read. */
  readonly offset: number;
  /** Index of the failing entry, -1 for the header. */
  readonly entryIndex: number;
  /** Magic name of the image, if known. */
  readonly magic?: string;

  /** Builds the error; `detail` is the reason without location. */
  constructor(detail: string, info: ImageErrorInfo) {
    const where = info.entryIndex < 0
      ? `Cannot read the image header`
      : `Cannot decode entry ${info.entryIndex} of ${info.magic ?? "image"}`;
    const at = info.entryIndex < 0 ? "at byte" : "entry at byte";
    super(`${where}: ${detail} (${at} ${info.offset})`, {
      cause: info.cause,
    });
    this.name = "CriuImageError";
    this.offset = info.offset;
    this.entryIndex = info.entryIndex;
    this.magic = info.magic;
  }
}

/**
 * The first words of the input are not a CRIU magic: a raw image (pages,
 * tarballs, iptables dumps) or not an image at all.
 *
 * @example
 * ```ts
 * import { decode, UnknownMagicError } from "@ckpt/crit";
 * try {
 *   await decode(new Uint8Array(8));
 * } catch (e) {
 *   if (e instanceof UnknownMagicError) console.log(e.value.toString(16));
 * }
 * ```
 */
export class UnknownMagicError extends CriuImageError {
  /** The magic word that was found. */
  readonly value: number;

  /** Builds the error for `value` found at `offset`. */
  constructor(value: number, offset: number) {
    super(`unknown magic 0x${value.toString(16)}`, {
      offset,
      entryIndex: -1,
    });
    this.name = "UnknownMagicError";
    this.value = value;
    // The location is always the start; the hex value is what users search for.
    this.message = `unknown magic 0x${value.toString(16)}: not a CRIU image ` +
      `with a magic (raw images such as pages-*.img have none)`;
  }
}

/**
 * JSON that does not fit the image schema; `path` names the value, as in
 * `entries[3].tc.comm: expected a string, got 5`.
 *
 * @example
 * ```ts
 * import { encodeSync, JsonShapeError } from "@ckpt/crit";
 * try {
 *   encodeSync({ magic: "PSTREE", entries: [{ pid: "x" }] });
 * } catch (e) {
 *   if (e instanceof JsonShapeError) console.log(e.path); // entries[0].pid
 * }
 * ```
 */
export class JsonShapeError extends TypeError {
  /** Where in the JSON document, e.g. `entries[3].tc.comm`. */
  readonly path: string;
  /** Builds the error for the value at `path`. */
  constructor(path: string, message: string, options?: ErrorOptions) {
    super(`${path}: ${message}`, options);
    this.name = "JsonShapeError";
    this.path = path;
  }
}
