/**
 * The message layer: one protobuf message <-> crit's JSON for it, driven by
 * the plans of src/wire/plan.ts, in four directions:
 *
 * - bytes -> JSON value: {@link decodeMessage}
 * - bytes -> JSON text: {@link writeMessageJson} (after
 *   {@link isCanonicalMessage} when text is handed out as it is written);
 *   one-line text of integer fields also by WebAssembly
 *   ({@link loadWasmBytes}, {@link wasmMessageText})
 * - JSON value -> bytes: {@link encodeMessage}
 * - JSON text -> bytes: {@link encodeMessageText}
 *
 * The text directions take messages as crit writes them and leave anything
 * else to the value directions, which cover every case and word every error.
 *
 * @module
 */

export { decodeMessage } from "./decode_value.ts";
export { isCanonicalMessage, writeMessageJson } from "./decode_text.ts";
export { encodeMessage } from "./encode_value.ts";
export { encodeMessageText } from "./encode_text.ts";
export {
  loadWasmBytes,
  releaseWasmIntake,
  WASM_MAX_BYTES,
  wasmEntriesText,
  wasmIntake,
  wasmMessageText,
  wasmSupports,
} from "./wire_text_wasm.ts";
