/**
 * Search throughput over a synthetic dump: a pagemap whose entries cover
 * SIZE MiB (cut every 256 pages, like CRIU's page pipes) and the pages file
 * behind it, written to a temporary directory. Needles are planted across
 * pagemap entry boundaries; the run fails unless every pattern finds every
 * one. Prints the median MB/s of each pattern over the rounds, which
 * alternate the patterns.
 *
 *     deno run -A bench/mem_search.ts [SIZE_MIB=512] [ROUNDS=3]
 *
 * @module
 */
import { mmImage, pstreeImage, vma } from "../tests/_helpers/synthetic_dump.ts";
import { DumpMemory, encodeSync } from "../mod.ts";
import { denoDumpDir } from "../src/dump/deno_dump_dir.ts";
import { pagemapRuns } from "./gen.ts";

const PS = 4096;
const mib = Number(Deno.args[0] ?? 512);
const rounds = Number(Deno.args[1] ?? 3);
const pages = mib * 256;
const base = 0x7f0000000000;
const needle = new TextEncoder().encode("bench-needle-7a3f");

const dir = await Deno.makeTempDir({ prefix: "crit-mem-bench-" });
try {
  const entries = pagemapRuns(base, pages, PS);
  await Deno.writeFile(
    `${dir}/pagemap-1.img`,
    encodeSync({ magic: "PAGEMAP", entries: [{ pages_id: 1 }, ...entries] }),
  );
  await Deno.writeFile(
    `${dir}/pstree.img`,
    pstreeImage(1),
  );
  await Deno.writeFile(
    `${dir}/mm-1.img`,
    mmImage([vma(base, base + pages * PS)]),
  );

  // Random bytes with every 8th page zero, like memory that is partly
  // written; a needle straddles every 64th entry boundary.
  const file = await Deno.open(`${dir}/pages-1.img`, {
    write: true,
    create: true,
  });
  const chunk = new Uint8Array(1 << 20);
  const planted: number[] = [];
  for (let m = 0; m < mib; m++) {
    for (let at = 0; at < chunk.length; at += 65536) {
      crypto.getRandomValues(chunk.subarray(at, at + 65536));
    }
    for (let p = 0; p < 256; p += 8) chunk.fill(0, p * PS, (p + 1) * PS);
    if (m % 64 === 63 && m + 1 < mib) {
      // 9 bytes at the end of this MiB, the rest at the start of the next.
      chunk.set(needle.subarray(0, 9), chunk.length - 9);
      planted.push(base + (m + 1) * (1 << 20) - 9);
    }
    if (m > 0 && (m - 1) % 64 === 63) chunk.set(needle.subarray(9), 0);
    let off = 0;
    while (off < chunk.length) off += await file.write(chunk.subarray(off));
  }
  file.close();

  const bytes = mib * (1 << 20);
  console.log(
    `${mib} MiB of pages in ${entries.length} pagemap entries, ${planted.length} needles; ${navigator.hardwareConcurrency} CPUs, Deno ${Deno.version.deno}`,
  );
  if (Deno.env.get("BENCH_KEEP")) console.log(dir);
  // The literal, a RegExp holding a literal of 13 bytes (bounded: tried on
  // windows around the literal; unbounded: on whole blocks holding it), the
  // same RegExp where no literal can be read (the previous way: the RegExp
  // scans every byte), and a RegExp with no literal at all.
  const patterns: [string, Uint8Array | RegExp][] = [
    ["literal", needle],
    ["regex with a literal", /bench-needle-[0-9a-f]{4}/],
    ["same, unbounded", /bench-needle-[0-9a-f]+/],
    ["same, no prefilter", /(?:bench-needle-[0-9a-f]{4}|(?!))/],
    ["regex without literal", /[a-z]{5}-[a-z]{6}-[0-9a-f]{4}/],
  ];
  const times = new Map<string, number[]>();
  for (let r = 0; r < rounds; r++) {
    for (const [name, pattern] of patterns) {
      const dump = new DumpMemory(denoDumpDir(dir));
      const t0 = performance.now();
      const found: number[] = [];
      for await (const hit of dump.search(pattern)) {
        found.push(Number(hit.address));
      }
      const s = (performance.now() - t0) / 1000;
      if (found.join() !== planted.join()) {
        throw new Error(
          `${name}: found ${found.length} needles, planted ${planted.length}`,
        );
      }
      times.set(name, [...times.get(name) ?? [], s]);
    }
  }
  const median = (a: number[]) => a.toSorted((x, y) => x - y)[a.length >> 1];
  const lit = median(times.get("literal")!);
  for (const [name, pattern] of patterns) {
    const s = median(times.get(name)!);
    console.log(
      `${name.padEnd(22)} ${
        (pattern instanceof RegExp
          ? String(pattern)
          : JSON.stringify(new TextDecoder().decode(pattern))).padEnd(40)
          .padEnd(40)
      } ${s.toFixed(3)} s  ${(bytes / 1e6 / s).toFixed(0).padStart(5)} MB/s  ${
        (lit / s).toFixed(2)
      }x the literal's speed`,
    );
  }
} finally {
  if (!Deno.env.get("BENCH_KEEP")) await Deno.remove(dir, { recursive: true });
}
