/**
 * Checkpoint archives: wall time and peak RSS of whole commands, medians of
 * `--runs` runs (default 3), on the archives of bench/archive_gen.ts.
 *
 * - `inspect --ps-tree` of a plain tar with 1 GiB of pages against the same
 *   archive without them (headers are read by seeking: the pages cost
 *   nothing);
 * - gzip and zstd archives read in one pass, against checkpointctl's
 *   approach of one decompressing pass per step (checkpointctl, in Go, is
 *   not installable here: its three passes for `inspect --ps-tree`, the
 *   `checkpoint/` check, the extraction of the needed files and the size
 *   count, are run with GNU tar, whose gzip and zstd are C);
 * - `x ARCHIVE args` on the 1 GiB gzip archive (pages spilled to a
 *   temporary file): its peak memory;
 * - in one process, the plain-tar index (hand-written, by seeking) against
 *   modern-tar's streaming decoder over the same file.
 *
 *     deno run -A bench/archive.ts [--runs 3] [--dir /tmp/crit-archive-bench]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { createTarDecoder } from "modern-tar";
import { generate } from "./archive_gen.ts";
import { indexTar } from "../mod.ts";
import { fileSource } from "../src/cli/archive_file.ts";

const args = parseArgs({
  args: Deno.args,
  options: {
    runs: { type: "string", default: "3" },
    dir: { type: "string", default: "/tmp/crit-archive-bench" },
  },
});
const RUNS = Number(args.values.runs);
const dir = args.values.dir!;
Deno.mkdirSync(dir, { recursive: true });
const a = await generate(dir);
const cli = new URL("../cli.ts", import.meta.url).pathname;
const crit = (...rest: string[]) =>
  [Deno.execPath(), "run", "-A", cli, ...rest].map((s) => `'${s}'`).join(" ");

/** Median wall seconds and peak RSS (MiB) of a shell command, by /usr/bin/time. */
async function measure(command: string): Promise<[number, number]> {
  const walls: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const out = await new Deno.Command("/usr/bin/time", {
      args: ["-f", "%e %M", "sh", "-c", `${command} >/dev/null`],
      stderr: "piped",
      stdout: "null",
    }).output();
    const last = new TextDecoder().decode(out.stderr).trimEnd().split("\n")
      .at(-1)!;
    if (out.code !== 0) throw new Error(`${command}: ${last}`);
    const [wall, kib] = last.split(" ").map(Number);
    walls.push(wall);
    rss.push(kib / 1024);
  }
  const median = (v: number[]) => v.sort((x, y) => x - y)[v.length >> 1];
  return [median(walls), median(rss)];
}

const rows: string[][] = [];
function row(what: string, input: string, [wall, rss]: [number, number]) {
  rows.push([what, input, wall.toFixed(2), rss.toFixed(0)]);
  console.error(rows.at(-1)!.join("  "));
}

const extract = Deno.makeTempDirSync();
/** checkpointctl's passes for `inspect --ps-tree`, each one decompressing all. */
const peer = (flag: string, archive: string) =>
  [
    `tar ${flag} -tf ${archive}`,
    `tar ${flag} -xf ${archive} -C ${extract} --wildcards spec.dump config.dump network.status checkpoint/pstree.img 'checkpoint/core-*'`,
    `tar ${flag} -tvf ${archive}`,
  ].join(" && ");

row(
  "crit inspect --ps-tree",
  "counter.tar (0.4 MiB)",
  await measure(crit("inspect", a.small, "--ps-tree")),
);
row(
  "crit inspect --ps-tree",
  "big.tar (1 GiB of pages)",
  await measure(crit("inspect", a.big, "--ps-tree")),
);
row(
  "crit inspect --ps-tree (1 pass)",
  "big.tar.gz",
  await measure(crit("inspect", a.bigGz, "--ps-tree")),
);
row(
  "checkpointctl's 3 passes (GNU tar)",
  "big.tar.gz",
  await measure(peer("-z", a.bigGz)),
);
row(
  "crit inspect --ps-tree (1 pass)",
  "big.tar.zst",
  await measure(crit("inspect", a.bigZst, "--ps-tree")),
);
row(
  "checkpointctl's 3 passes (GNU tar)",
  "big.tar.zst",
  await measure(peer("--zstd", a.bigZst)),
);
row(
  "crit x args (pages spilled)",
  "big.tar.gz",
  await measure(crit("x", a.bigGz, "args")),
);
row(
  "crit mem (memparse table)",
  "big.tar.gz",
  await measure(crit("mem", a.bigGz)),
);
Deno.removeSync(extract, { recursive: true });

// In one process: the index by seeking against modern-tar's streaming parse.
async function timed(f: () => Promise<number>): Promise<[number, number]> {
  const times: number[] = [];
  let members = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    members = await f();
    times.push(performance.now() - t);
  }
  return [times.sort((x, y) => x - y)[times.length >> 1], members];
}
const [seekMs, seekMembers] = await timed(async () => {
  const file = Deno.openSync(a.big);
  const n = (await indexTar(fileSource(file, file.statSync().size))).length;
  file.close();
  return n;
});
const [streamMs, streamMembers] = await timed(async () => {
  const file = await Deno.open(a.big);
  let n = 0;
  for await (const e of file.readable.pipeThrough(createTarDecoder())) {
    n++;
    const reader = e.body.getReader();
    while (!(await reader.read()).done) { /* drained */ }
  }
  return n;
});

console.log(`| command | input | wall s | peak RSS MiB |\n|---|---|---:|---:|`);
for (const r of rows) console.log(`| ${r.join(" | ")} |`);
console.log(
  `\nListing big.tar (${seekMembers} members, 1 GiB): index by seeking ${
    seekMs.toFixed(1)
  } ms; modern-tar's stream decoder ${
    streamMs.toFixed(0)
  } ms (${streamMembers} members): ${(streamMs / seekMs).toFixed(0)}x.`,
);
