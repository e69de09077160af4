/**
 * Read and write CRIU checkpoint images the way CRIU's `crit` does, byte for
 * byte, from Deno, Node, Bun or a browser.
 *
 * An image is decoded into crit's JSON object (`{magic, entries}`), which
 * {@linkcode stringify} turns into exactly the text `crit decode` writes, and
 * {@linkcode parse} + {@linkcode encode} turn back into the original bytes.
 * 64-bit integers stay exact: a `number` up to 2^53 - 1 and a `bigint`
 * beyond, or always a `bigint` with the `bigint: "always"` option. Plain
 * `JSON.stringify` throws on a bigint: give it {@linkcode jsonReplacer}, or
 * use {@linkcode stringify} for crit's text. With the `magic` option the
 * entries are typed: `decodeSync(bytes, { magic: "MM" })` gives
 * {@linkcode MmEntry} objects, one type per message of CRIU's schema.
 *
 * @example Decode an image and print crit's pretty JSON
 * ```ts
 * import { decode, stringify } from "@ckpt/crit";
 * const file = await Deno.open("tests/fixtures/01-sleep/pstree.img");
 * const image = await decode(file.readable, { pretty: true });
 * console.log(stringify(image, { pretty: true }));
 * ```
 *
 * @example Edit JSON and write the image back
 * ```ts
 * import { encode, parse } from "@ckpt/crit";
 * const image = parse(
 *   await Deno.readTextFile("tests/fixtures/01-sleep/ref/core-25537.img.json"),
 * );
 * await Deno.writeFile(await Deno.makeTempFile(), await encode(image));
 * ```
 *
 * @module
 */
export type { CriuImage, JsonObject, JsonValue } from "./src/json/types.ts";
export {
  decode,
  type DecodeOptions,
  decodeSync,
  DEFAULT_MAX_ENTRY_SIZE,
  type TypedDecodeOptions,
} from "./src/codec/decode.ts";
export { jsonReplacer } from "./src/json/json_replacer.ts";
export type {
  CriuImageOf,
  ImageEntries,
  ImageMagic,
} from "./src/image/entries.generated.ts";
export type * from "./src/wire/messages.generated.ts";
export { encode, encodeSync } from "./src/codec/encode.ts";
export {
  decodeSelectedSync,
  type FieldSelection,
} from "./src/codec/decode_selected.ts";
export { ImageDecoderStream } from "./src/codec/image_decoder_stream.ts";
export { ImageEncoderStream } from "./src/codec/image_encoder_stream.ts";
export {
  type ImageToJsonOptions,
  ImageToJsonStream,
} from "./src/codec/image_to_json_stream.ts";
export {
  type JsonToImageOptions,
  JsonToImageStream,
} from "./src/codec/json_to_image_stream.ts";
export { parse, stringify, type StringifyOptions } from "./src/codec/json.ts";
export { type ImageInfo, info } from "./src/codec/info.ts";
export { describeRawImage } from "./src/image/raw_image.ts";
export * from "./src/explore/mod.ts";
export * from "./src/dump/mod.ts";
export * from "./src/memory/mod.ts";
export * from "./src/check/mod.ts";
export {
  headerWord,
  IMG_COMMON,
  IMG_SERVICE,
  magicName,
  MAGICS,
} from "./src/image/magic.ts";
export {
  CriuImageError,
  type ImageErrorInfo,
  JsonShapeError,
  UnknownMagicError,
} from "./src/wire/errors.ts";
export {
  diffDumps,
  type DiffOptions,
  type DumpDiff,
  type Fact,
  type FieldChanges,
  type FileRef,
  hasDifferences,
  type MappingRef,
  type MemoryChange,
  type ProcessRef,
  type Section,
  type SocketRef,
  type ThreadRef,
} from "./src/diff/dump_diff.ts";
export {
  compareMemory,
  type CompareMemoryOptions,
  type MemoryDelta,
} from "./src/diff/memory_diff.ts";
export { diffImages, type ImageChange } from "./src/diff/image_diff.ts";
export {
  type DiffTextOptions,
  dumpDiffText,
  imageDiffText,
} from "./src/diff/diff_text.ts";
export * from "./src/coredump/mod.ts";
export { ArchiveError } from "./src/dump/archive_error.ts";
export {
  blobSource,
  type ByteSource,
  bytesSource,
} from "./src/dump/byte_source.ts";
export {
  type ArchiveMember,
  type ArchiveOptions,
  CheckpointArchive,
  cleanMemberName,
  METADATA_FILES,
  openCheckpointArchive,
} from "./src/dump/checkpoint_archive.ts";
export {
  type CheckpointInfo,
  checkpointInfo,
  type CheckpointNetwork,
  type DumpStatistics,
  type MetadataFiles,
  type NetworkInterface,
  rfc3339,
} from "./src/dump/checkpoint_info.ts";
export {
  type DecompressOptions,
  decompressStream,
  DEFAULT_MAX_DECOMPRESSED,
} from "./src/dump/compression.ts";
export {
  type Compression,
  detectCompression,
} from "./src/dump/detect_compression.ts";
export { memorySpill, type SpillStore } from "./src/dump/spill_store.ts";
export {
  indexTar,
  isTarHeader,
  MAX_MEMBERS,
  type MemberType,
  type TarMember,
} from "./src/dump/tar_index.ts";
export { memorySizes, type TaskMemorySize } from "./src/memory/memory_sizes.ts";
export {
  inspectData,
  type InspectOptions,
  type InspectProcess,
  type InspectResult,
  type InspectSocket,
} from "./src/explore/inspect.ts";
export { inspectTree } from "./src/explore/inspect_tree.ts";
export { byteSize, duration } from "./src/explore/byte_size.ts";
export {
  buildReport,
  type ReportCheck,
  type ReportContainer,
  type ReportCounts,
  type ReportData,
  type ReportExtras,
  type ReportMapping,
  type ReportProcess,
} from "./src/report/build_report.ts";
export { renderReport } from "./src/report/render_report.ts";
export { blobDumpDir, dumpFileNames } from "./src/report/blob_dump_dir.ts";
