/**
 * A truncated image names the same entry and offset whichever decoder
 * reads it: objects, streamed text (payloads streamed), --nopl and info.
 */
import assert from "node:assert/strict";
import {
  CriuImageError,
  decodeSync,
  ImageToJsonStream,
  info,
} from "../../mod.ts";

const fixtures = new URL("../fixtures", import.meta.url).pathname;

/** Images whose entries carry payloads, from real dumps. */
const IMAGES = [
  "03a-pipes-fifo/pipes-data.img",
  "05a-ghost-small/ghost-file-3.img",
  "04-tcp-udp/tcp-stream-38d52.img",
];

function where(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof CriuImageError, String(e));
    return `entry ${e.entryIndex} at ${e.offset}`;
  }
  return "no error";
}

async function whereStreamed(bytes: Uint8Array): Promise<string> {
  try {
    const text = ReadableStream.from([bytes]).pipeThrough(
      new ImageToJsonStream(),
    );
    for await (const _ of text) { /* drain */ }
  } catch (e) {
    assert.ok(e instanceof CriuImageError, String(e));
    return `entry ${e.entryIndex} at ${e.offset}`;
  }
  return "no error";
}

Deno.test("a truncated payload image: one entry numbering in every decoder", async () => {
  let cuts = 0;
  for (const name of IMAGES) {
    const whole = Deno.readFileSync(`${fixtures}/${name}`);
    for (const cut of [1, 3, 17, 100, 1000, 4000]) {
      if (cut >= whole.length - 12) continue;
      const bytes = whole.subarray(0, whole.length - cut);
      const want = where(() => decodeSync(bytes));
      assert.match(want, /^entry \d+ at \d+$/, `${name} -${cut}`);
      assert.equal(where(() => decodeSync(bytes, { nopl: true })), want);
      assert.equal(where(() => info(bytes)), want, `${name} -${cut} info`);
      assert.equal(await whereStreamed(bytes), want, `${name} -${cut} stream`);
      cuts++;
    }
  }
  assert.ok(cuts >= 10);
});
