/**
 * The public conversions: image bytes to crit's objects and JSON text and
 * back, whole or streamed, and `info`.
 *
 * @module
 */
export {
  decode,
  type DecodeOptions,
  decodeSync,
  DEFAULT_MAX_ENTRY_SIZE,
  type TypedDecodeOptions,
} from "./decode.ts";
export { encode, encodeSync } from "./encode.ts";
export { decodeSelectedSync, type FieldSelection } from "./decode_selected.ts";
export { ImageDecoderStream } from "./image_decoder_stream.ts";
export { ImageEncoderStream } from "./image_encoder_stream.ts";
export {
  type ImageToJsonOptions,
  ImageToJsonStream,
} from "./image_to_json_stream.ts";
export {
  type JsonToImageOptions,
  JsonToImageStream,
} from "./json_to_image_stream.ts";
export { parse, stringify, type StringifyOptions } from "./json.ts";
export { type ImageInfo, info } from "./info.ts";
