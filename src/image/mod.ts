/**
 * Image kinds: magics and header words, and what a file without a magic is.
 *
 * @module
 */
export {
  headerWord,
  IMG_COMMON,
  IMG_SERVICE,
  magicName,
  MAGICS,
} from "./magic.ts";
export { describeRawImage } from "./raw_image.ts";
export type {
  CriuImageOf,
  ImageEntries,
  ImageMagic,
} from "./entries.generated.ts";
