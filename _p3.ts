import { RegexSearcher, LiteralSearcher } from "./src/memory/search.ts";
const blocks: Uint8Array[] = [];
for (let i = 0; i < 64; i++) { const b = new Uint8Array(1<<20); for (let a=0;a<b.length;a+=65536) crypto.getRandomValues(b.subarray(a,a+65536)); blocks.push(b); }
const needle = new TextEncoder().encode("bench-needle-7a3f");
blocks[10].set(needle, 5000); blocks[30].set(needle, 500000); blocks[50].set(needle, 900000);
for (let r = 0; r < 4; r++) {
  for (const s of [new LiteralSearcher(needle), new RegexSearcher(/bench-needle-[0-9a-f]{4}/, 4096)]) {
    const t0 = performance.now(); let n = 0; let addr = 0n;
    for (const b of blocks) { n += s.feed(addr, b).length; addr += BigInt(b.length); }
    n += s.finish().length;
    console.log(s.constructor.name, n, (performance.now() - t0).toFixed(1));
  }
}
