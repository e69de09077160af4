/**
 * The error for a container checkpoint archive that cannot be read.
 *
 * @module
 */

/**
 * A malformed, truncated or unsupported checkpoint archive. Its message is
 * one line that names what is wrong (and where, when known).
 *
 * @example
 * ```ts
 * import { ArchiveError } from "@ckpt/crit";
 * const e = new ArchiveError("truncated tar: member checkpoint/core-1.img ends early");
 * console.assert(e instanceof SyntaxError);
 * ```
 */
export class ArchiveError extends SyntaxError {
  /** Builds the error from its one-line message. */
  constructor(message: string) {
    super(message);
    this.name = "ArchiveError";
  }
}
