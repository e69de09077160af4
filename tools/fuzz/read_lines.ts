/**
 * Lines of text from a byte stream, for the JSON lines the fuzzer's parent
 * and children send each other.
 *
 * @module
 */

/** The stream's complete lines, without their `\n`; a last partial line is dropped. */
export async function* readLines(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<string> {
  let rest = "";
  for await (const text of stream.pipeThrough(new TextDecoderStream())) {
    const lines = (rest + text).split("\n");
    rest = lines.pop()!;
    yield* lines;
  }
}
