/**
 * The errors every layer throws for malformed input, and the generated
 * types of CRIU's messages. (The wire format itself, `wire.ts` and
 * `plan.ts`, is internal.)
 *
 * @module
 */
export {
  CriuImageError,
  type ImageErrorInfo,
  JsonShapeError,
  UnknownMagicError,
} from "./errors.ts";
export type * from "./messages.generated.ts";
