import { decompressStream } from "./mod.ts";
import { createTarDecoder } from "modern-tar";
for (const [path, c] of [["/tmp/abench/big.tar.zst", "zstd"], ["/tmp/abench/big.tar.gz", "gzip"]] as const) {
  let t = performance.now();
  let n = 0;
  const r = decompressStream((await Deno.open(path)).readable, c).getReader();
  while (true) { const { done, value } = await r.read(); if (done) break; n += value.length; }
  console.log(c, "decompress only", (performance.now() - t).toFixed(0), "ms", n);
  t = performance.now();
  for await (const e of decompressStream((await Deno.open(path)).readable, c).pipeThrough(createTarDecoder())) {
    const rr = e.body.getReader(); while (!(await rr.read()).done);
  }
  console.log(c, "decompress + tar", (performance.now() - t).toFixed(0), "ms");
}
