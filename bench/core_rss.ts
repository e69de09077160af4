/**
 * `crit core` on synthetic dumps with SIZES MiB of dumped anonymous memory
 * (pseudo-random bytes, so no page is a hole), written to a temporary
 * directory: the core's size, the wall time and the peak RSS of the whole
 * CLI process (GNU time's maximum resident set size), and the time `cp`
 * takes to copy the pages file in the same run (files in the page cache).
 *
 *     deno run -A bench/core_rss.ts [SIZE_MIB...]   (default 64 256 1024)
 *
 * @module
 */
import { mmImage, pstreeImage, vma } from "../tests/_helpers/synthetic_dump.ts";
import { encodeSync } from "../mod.ts";
import { pagemapRuns } from "./gen.ts";

const PS = 4096;
const PID = 77;
const base = 0x7f0000000000;
const sizes = Deno.args.length ? Deno.args.map(Number) : [64, 256, 1024];
const cli = new URL("../cli.ts", import.meta.url).pathname;
// Any x86_64 core image will do: the registers do not change the cost.
const coreImage = new URL(
  "../tests/fixtures/15a-coredump-static/core-7844.img",
  import.meta.url,
);

async function writeRandom(path: string, total: number) {
  const file = await Deno.create(path);
  const chunk = new Uint8Array(1 << 20);
  let x = 0x9e3779b9;
  for (let done = 0; done < total; done += chunk.length) {
    for (let i = 0; i < chunk.length; i += 4) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      new DataView(chunk.buffer).setUint32(i, x >>> 0, true);
    }
    let at = 0;
    while (at < chunk.length) at += await file.write(chunk.subarray(at));
  }
  file.close();
}

async function makeDump(dir: string, mib: number) {
  const pages = mib * 256;
  const entries = pagemapRuns(base, pages, PS);
  // 64 MiB per VMA, like a heap and a few arenas.
  const vmas = [];
  for (let p = 0; p < pages; p += 16384) {
    vmas.push(vma(base + p * PS, base + Math.min(pages, p + 16384) * PS));
  }
  const files: Record<string, Uint8Array> = {
    "pstree.img": pstreeImage(PID),
    [`mm-${PID}.img`]: mmImage(vmas),
    [`pagemap-${PID}.img`]: encodeSync({
      magic: "PAGEMAP",
      entries: [{ pages_id: 1 }, ...entries],
    }),
    [`core-${PID}.img`]: await Deno.readFile(coreImage),
  };
  for (const [name, bytes] of Object.entries(files)) {
    await Deno.writeFile(`${dir}/${name}`, bytes);
  }
  await writeRandom(`${dir}/pages-1.img`, pages * PS);
}

console.log(
  "| dumped memory | core size | wall | peak RSS | cp of pages-1.img | ratio |",
);
console.log("|---|---|---|---|---|---|");
for (const mib of sizes) {
  const dir = await Deno.makeTempDir({ prefix: "crit-core-bench-" });
  try {
    await makeDump(dir, mib);
    const out = await new Deno.Command("/usr/bin/time", {
      args: [
        "-f",
        "%M %e",
        Deno.execPath(),
        "run",
        "-A",
        cli,
        "core",
        dir,
        "-o",
        `${dir}/out`,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const err = new TextDecoder().decode(out.stderr).trim().split("\n");
    if (out.code !== 0) throw new Error(err.join("\n"));
    const [kib, seconds] = err.at(-1)!.split(" ").map(Number);
    const size = (await Deno.stat(`${dir}/out/core.${PID}`)).size;
    // The peer: copying the pages file, the bytes the core is made of.
    const start = performance.now();
    const cp = await new Deno.Command("cp", {
      args: [`${dir}/pages-1.img`, `${dir}/copy`],
    }).output();
    if (cp.code !== 0) throw new Error("cp failed");
    const cpSeconds = (performance.now() - start) / 1000;
    console.log(
      `| ${mib} MiB | ${(size / 2 ** 20).toFixed(1)} MiB | ${
        seconds.toFixed(2)
      } s | ${(kib / 1024).toFixed(0)} MiB | ${cpSeconds.toFixed(2)} s | ${
        (seconds / cpSeconds).toFixed(1)
      }x |`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
