/**
 * `crit diff` over two synthetic dumps with SIZE MiB of pages each (one
 * anonymous mapping, pagemap entries cut every 256 pages like CRIU's), built
 * in a temporary directory: B is A with one byte changed in every 97th page
 * and every 16384th page rewritten. The floor is `cmp -l` on the two pages
 * files (every byte of both read; few differences, so its output costs
 * little). Wall time and
 * peak RSS come from /usr/bin/time; the run fails unless crit diff finds
 * exactly the pages changed.
 *
 *     deno run -A bench/diff.ts [SIZE_MIB=1024] [ROUNDS=3]
 *
 * With BENCH_KEEP=1 the dumps stay and their directory is printed.
 *
 * @module
 */
import { mmImage, pstreeImage, vma } from "../tests/_helpers/synthetic_dump.ts";
import { encodeSync } from "../mod.ts";
import { pagemapRuns } from "./gen.ts";

const PS = 4096;
const mib = Number(Deno.args[0] ?? 1024);
const rounds = Number(Deno.args[1] ?? 3);
const pages = mib * 256;
const base = 0x7f0000000000;
const root = new URL("..", import.meta.url).pathname;

/** Pages B changes: one byte of every 97th, all of every 16384th. */
const touched = (p: number) => p % 97 === 13 || p % 16384 === 511;

async function writeDump(dir: string, b: boolean): Promise<void> {
  await Deno.mkdir(dir);
  const entries = pagemapRuns(base, pages, PS);
  await Deno.writeFile(
    `${dir}/pagemap-1.img`,
    encodeSync({ magic: "PAGEMAP", entries: [{ pages_id: 1 }, ...entries] }),
  );
  await Deno.writeFile(
    `${dir}/pstree.img`,
    pstreeImage(1),
  );
  // Real images of one task do for the rest: both dumps get the same ones.
  const real = `${root}tests/fixtures/16a-diff-pair/a`;
  for (
    const [from, to] of [
      ["core-5692.img", "core-1.img"],
      ["ids-5692.img", "ids-1.img"],
      ["fs-5692.img", "fs-1.img"],
      ["fdinfo-2.img", "fdinfo-2.img"],
      ["files.img", "files.img"],
    ]
  ) {
    await Deno.copyFile(`${real}/${from}`, `${dir}/${to}`);
  }
  await Deno.writeFile(
    `${dir}/mm-1.img`,
    mmImage([vma(base, base + pages * PS)]),
  );
  // The same pseudo-random bytes on both sides (a fixed xorshift seed per MiB).
  const file = await Deno.open(`${dir}/pages-1.img`, {
    write: true,
    create: true,
  });
  const chunk = new Uint8Array(1 << 20);
  const words = new Uint32Array(chunk.buffer);
  for (let m = 0; m < mib; m++) {
    let x = (m + 1) * 2654435761 >>> 0 || 1;
    for (let i = 0; i < words.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      words[i] = x >>> 0;
    }
    if (b) {
      for (let p = m * 256; p < (m + 1) * 256; p++) {
        if (!touched(p)) continue;
        const at = (p - m * 256) * PS;
        if (p % 16384 === 511) chunk.fill(0x5a, at, at + PS);
        else chunk[at + 100] ^= 0xff;
      }
    }
    let off = 0;
    while (off < chunk.length) off += await file.write(chunk.subarray(off));
  }
  file.close();
}

/**
 * Runs a command under /usr/bin/time: wall and CPU (user + system) seconds,
 * peak RSS in MiB, stdout. On a shared machine CPU time is the steadier
 * measure: wall time includes waiting for a core.
 */
async function timed(argv: string[], ok: number[]) {
  const out = await new Deno.Command("/usr/bin/time", {
    args: ["-f", "%e %U %S %M", ...argv],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const err = new TextDecoder().decode(out.stderr).trimEnd().split("\n");
  const [wall, user, sys, kb] = err.at(-1)!.split(" ").map(Number);
  if (!ok.includes(out.code)) {
    throw new Error(`${argv.join(" ")}: exit ${out.code}: ${err.join("\n")}`);
  }
  return { s: wall, cpu: user + sys, mib: kb / 1024, stdout: out.stdout };
}

const dir = await Deno.makeTempDir({ prefix: "crit-diff-bench-" });
try {
  await writeDump(`${dir}/a`, false);
  await writeDump(`${dir}/b`, true);
  let expected = 0;
  for (let p = 0; p < pages; p++) if (touched(p)) expected++;
  const bytes = mib * (1 << 20);
  console.log(
    `${mib} MiB of pages per dump, ${expected} pages changed; ${navigator.hardwareConcurrency} CPUs, Deno ${Deno.version.deno}`,
  );
  const rate = (s: number) => `${(bytes / 1e6 / s).toFixed(0)} MB/s`;
  for (let r = 0; r < rounds; r++) {
    const cmp = await timed(
      ["cmp", "-l", `${dir}/a/pages-1.img`, `${dir}/b/pages-1.img`],
      [1],
    );
    const ours = await timed([
      Deno.execPath(),
      "run",
      "-A",
      `${root}cli.ts`,
      "diff",
      `${dir}/a`,
      `${dir}/b`,
      "--format",
      "json",
    ], [1]);
    const found = JSON.parse(new TextDecoder().decode(ours.stdout)).memory[0]
      .pages_changed;
    if (found !== expected) {
      throw new Error(
        `crit diff found ${found} changed pages, not ${expected}`,
      );
    }
    console.log(
      `round ${r + 1}: cmp -l ${cmp.s.toFixed(2)} s wall (${rate(cmp.s)}), ${
        cmp.cpu.toFixed(2)
      } s CPU, ${cmp.mib.toFixed(0)} MiB; crit diff ${
        ours.s.toFixed(2)
      } s wall (${rate(ours.s)}), ${ours.cpu.toFixed(2)} s CPU, ${
        ours.mib.toFixed(0)
      } MiB; crit diff / cmp: wall ${(ours.s / cmp.s).toFixed(2)}x, CPU ${
        (ours.cpu / cmp.cpu).toFixed(2)
      }x`,
    );
  }
} finally {
  if (Deno.env.get("BENCH_KEEP")) console.log(dir);
  else await Deno.remove(dir, { recursive: true });
}
