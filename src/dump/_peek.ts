/**
 * Looking at the first bytes of a stream without losing them (folder-internal).
 *
 * @module
 */

/**
 * The first `n` bytes of `stream` (fewer if it is shorter) and the whole
 * stream again, those bytes included.
 */
export async function peek(
  stream: ReadableStream<Uint8Array>,
  n: number,
): Promise<[Uint8Array, ReadableStream<Uint8Array>]> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let have = 0;
  while (have < n) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    have += value.length;
  }
  const head = new Uint8Array(have);
  let at = 0;
  for (const c of chunks) {
    head.set(c, at);
    at += c.length;
  }
  const whole = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return [head.subarray(0, Math.min(n, have)), whole];
}
