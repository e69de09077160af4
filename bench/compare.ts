/**
 * Times whole commands, ours against Python crit (when `crit` is on PATH,
 * e.g. Debian's `criu` package), on the inputs of bench/gen.ts, in one run,
 * and prints wall time, peak RSS and the ratio. Each command runs `--runs`
 * times, alternating tools; the median is reported.
 *
 *     deno run -A bench/compare.ts [--runs 3]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { generate } from "./gen.ts";

const args = parseArgs({
  args: Deno.args,
  options: { runs: { type: "string", default: "3" } },
});
const RUNS = Number(args.values.runs);
const root = new URL("..", import.meta.url).pathname;
const dir = await Deno.makeTempDir({ prefix: "crit-bench-" });
const inputs = generate(dir);

// Ours as users get it: one bundled file (what `deno compile` embeds too).
const bundle = `${dir}/crit.js`;
const b = await new Deno.Command(Deno.execPath(), {
  args: ["bundle", "-o", bundle, `${root}cli.ts`],
  stderr: "null",
  stdout: "null",
}).output();
if (b.code !== 0) throw new Error("deno bundle failed");
const ours = [Deno.execPath(), "run", "-R", "-W", bundle];
const hasCrit = await new Deno.Command("crit", {
  args: ["-h"],
  stdout: "null",
  stderr: "null",
}).output()
  .then((o) => o.code === 0).catch(() => false);

async function time(
  argv: string[],
  stdout = "/dev/null",
): Promise<{ s: number; mib: number }> {
  const t = performance.now();
  const out = await new Deno.Command("/usr/bin/time", {
    args: ["-f", "%M", "sh", "-c", `"$@" > ${stdout}`, "sh", ...argv],
    stderr: "piped",
  }).output();
  const s = (performance.now() - t) / 1000;
  const err = new TextDecoder().decode(out.stderr).trim().split("\n");
  if (out.code !== 0) throw new Error(`${argv.join(" ")}: ${err.join(" ")}`);
  return { s, mib: Number(err.at(-1)) / 1024 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface Case {
  name: string;
  ours: string[];
  crit?: string[];
}

const json = (name: string) => `${dir}/${name}.json`;
// JSON inputs for encode: our own plain output (crit reads it the same way).
for (const name of ["pagemap", "mm", "fdinfo", "files"]) {
  await time([...ours, "decode", "-i", inputs[name], "-o", json(name)]);
}
const cases: Case[] = [];
for (const name of ["pagemap", "mm", "fdinfo", "files"]) {
  cases.push({
    name: `decode ${name}`,
    ours: [...ours, "decode", "-i", inputs[name]],
    crit: ["crit", "decode", "-i", inputs[name]],
  });
  cases.push({
    name: `decode --pretty ${name}`,
    ours: [...ours, "decode", "--pretty", "-i", inputs[name]],
    crit: ["crit", "decode", "--pretty", "-i", inputs[name]],
  });
  cases.push({
    name: `encode ${name}`,
    ours: [...ours, "encode", "-i", json(name)],
    crit: ["crit", "encode", "-i", json(name)],
  });
}
cases.push({
  name: "decode one small core",
  ours: [...ours, "decode", "-i", inputs.core],
  crit: ["crit", "decode", "-i", inputs.core],
});
cases.push({
  name: "batch decode 2000 cores",
  ours: [
    ...ours,
    "decode",
    "-q",
    "-i",
    inputs.cores,
    "-o",
    `${dir}/cores-json`,
  ],
});

console.log(
  `| command | input | ours | peak RSS | ${
    hasCrit ? "Python crit | peak RSS | crit / ours |" : ""
  }`,
);
console.log(`| --- | --- | --- | --- | ${hasCrit ? "--- | --- | --- |" : ""}`);
for (const c of cases) {
  const o: { s: number; mib: number }[] = [];
  const p: { s: number; mib: number }[] = [];
  for (let r = 0; r < RUNS; r++) {
    o.push(await time(c.ours));
    if (hasCrit && c.crit) p.push(await time(c.crit));
  }
  const input = c.name.startsWith("batch")
    ? "2000 files"
    : c.name.includes("core")
    ? "1 file"
    : c.name.split(" ").at(-1)!;
  const size = (name: string) =>
    (Deno.statSync(inputs[name] ?? inputs.core).size / 1e6).toFixed(1) + " MB";
  const key = c.name.split(" ").at(-1)!;
  const label = inputs[key] ? size(key) : input;
  const os = median(o.map((x) => x.s));
  const om = median(o.map((x) => x.mib));
  let row = `| ${c.name} | ${label} | ${os.toFixed(3)} s | ${
    om.toFixed(0)
  } MiB |`;
  if (hasCrit) {
    if (p.length) {
      const ps = median(p.map((x) => x.s));
      row += ` ${ps.toFixed(3)} s | ${
        median(p.map((x) => x.mib)).toFixed(0)
      } MiB | ${(ps / os).toFixed(1)}x |`;
    } else row += " - | - | - |";
  }
  console.log(row);
}
await Deno.remove(dir, { recursive: true });
