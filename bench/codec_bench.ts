/**
 * Micro benchmarks of the hot paths on a 200,000-entry PAGEMAP and a 50,000-VMA
 * MM built from real fixture entries (see gen.ts for the whole-command
 * inputs).
 *
 *     deno bench -R bench/codec_bench.ts
 */
import {
  decodeSync,
  encodeSync,
  ImageToJsonStream,
  type JsonObject,
  JsonToImageStream,
  parse,
  stringify,
} from "../mod.ts";

const fixtures = new URL("../tests/fixtures", import.meta.url).pathname;
const pm =
  decodeSync(Deno.readFileSync(`${fixtures}/01-sleep/pagemap-25537.img`))
    .entries;
const entries: JsonObject[] = [pm[0]];
for (let i = 0; i < 200_000; i++) {
  entries.push({
    ...pm[1 + (i % (pm.length - 1))],
    vaddr: 0x7f0000000000 + i * 0x200000,
  });
}
const pagemap = encodeSync({ magic: "PAGEMAP", entries });
const pagemapJson = stringify(decodeSync(pagemap));
const mm =
  decodeSync(Deno.readFileSync(`${fixtures}/14a-memory-truth/mm-10726.img`))
    .entries[0];
const vmas = Array.from(
  { length: 50_000 },
  (_, i) => (mm.vmas as JsonObject[])[i % 20],
);
const mmImage = encodeSync({ magic: "MM", entries: [{ ...mm, vmas }] });

Deno.bench("decodeSync pagemap 200k (plain)", { group: "decode" }, () => {
  decodeSync(pagemap);
});
Deno.bench("decodeSync pagemap 200k (pretty)", { group: "decode" }, () => {
  decodeSync(pagemap, { pretty: true });
});
Deno.bench("decodeSync mm 50k vmas (pretty)", { group: "decode" }, () => {
  decodeSync(mmImage, { pretty: true });
});
Deno.bench("ImageToJsonStream pagemap 200k", { group: "text" }, async () => {
  for await (
    const _ of ReadableStream.from([pagemap]).pipeThrough(
      new ImageToJsonStream(),
    )
  ) {
    // drain
  }
});
Deno.bench("parse + encodeSync pagemap 200k", { group: "encode" }, () => {
  encodeSync(parse(pagemapJson));
});
Deno.bench("JsonToImageStream pagemap 200k", { group: "encode" }, async () => {
  for await (
    const _ of ReadableStream.from([pagemapJson]).pipeThrough(
      new JsonToImageStream(),
    )
  ) {
    // drain
  }
});
