/**
 * The cold path: what one short command costs, each run in a new process
 * (start-up, parsing the bundle, code that never gets hot). Runs ours, and
 * `CRIT_BEFORE=DIR` (another checkout, bundled by its own bundle task) when given,
 * alternating, `--runs` times each, on `--help`, a decode of one small core
 * image and `x ps` of bench/gen.ts's dump, and prints the median and mean
 * CPU time (user + system, from /usr/bin/time, which counts in 10 ms steps:
 * the mean over many runs sees below that) and the bundle sizes.
 *
 *     deno run -A bench/cold.ts [--runs 30] [--fresh-cache]
 *
 * Deno keeps a V8 code cache of each script it runs (in DENO_DIR), stored
 * when a run gets that far: each bundle runs `--help` once, untimed, as a
 * user's first command, and the rows run in the order shown (`x ps` last).
 * `--fresh-cache` runs everything with an empty DENO_DIR of its own, where
 * the cache holds only what these runs store.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { generate, generateDump } from "./gen.ts";
import { bundleCheckout } from "./_bundle.ts";

const args = parseArgs({
  args: Deno.args,
  options: {
    runs: { type: "string", default: "30" },
    "fresh-cache": { type: "boolean", default: false },
  },
});
const RUNS = Number(args.values.runs);
const root = new URL("..", import.meta.url).pathname;
const dir = await Deno.makeTempDir({ prefix: "crit-cold-" });
const inputs = generate(dir);
const dump = generateDump(`${dir}/dump`);
const env: Record<string, string> = args.values["fresh-cache"]
  ? { DENO_DIR: `${dir}/deno-dir` }
  : {};

const tools: [string, string][] = [[
  "ours",
  await bundleCheckout(root, `${dir}/crit.js`),
]];
const before = Deno.env.get("CRIT_BEFORE");
if (before) {
  tools.push([
    "before",
    await bundleCheckout(before, `${dir}/crit-before.js`),
  ]);
}

/** CPU seconds (user + system) of one run. */
async function cpu(argv: string[]): Promise<number> {
  const out = await new Deno.Command("/usr/bin/time", {
    args: ["-f", "%U %S", ...argv],
    stdout: "null",
    stderr: "piped",
    env,
  }).output();
  const err = new TextDecoder().decode(out.stderr).trim().split("\n");
  if (out.code !== 0) throw new Error(`${argv.join(" ")}: ${err.join(" ")}`);
  const [user, sys] = err.at(-1)!.split(" ").map(Number);
  return user + sys;
}

const cases: [string, string[]][] = [
  ["--help", ["--help"]],
  ["decode one core", ["decode", "-i", inputs.core]],
  ["x DUMP ps", ["x", dump, "ps"]],
];
const run = (file: string, rest: string[]) =>
  cpu([Deno.execPath(), "run", "-R", "-W", file, ...rest]);
for (const [, file] of tools) await run(file, ["--help"]);

const load = () => Deno.loadavg().map((x) => x.toFixed(2)).join(" ");
const ms = (s: number) => `${(s * 1000).toFixed(1)} ms`;
console.log(
  `Deno ${Deno.version.deno}; load average ${load()} at the start; ${RUNS} runs each, tools alternating; CPU time (user + system)${
    args.values["fresh-cache"] ? "; fresh DENO_DIR" : ""
  }`,
);
for (const [name, file] of tools) {
  console.log(`${name}: bundle ${Deno.statSync(file).size} bytes`);
}
console.log();
console.log(
  `| command | ${
    tools.map(([n]) => `${n}: median | ${n}: mean`).join(" | ")
  } |`,
);
console.log(`| --- |${" --- | --- |".repeat(tools.length)}`);
for (const [name, rest] of cases) {
  const times = new Map<string, number[]>(tools.map(([n]) => [n, []]));
  for (let r = 0; r < RUNS; r++) {
    for (const [n, file] of tools) times.get(n)!.push(await run(file, rest));
  }
  const cells = tools.map(([n]) => {
    const t = times.get(n)!.toSorted((a, b) => a - b);
    const mean = t.reduce((a, b) => a + b, 0) / t.length;
    return `${ms(t[Math.floor(t.length / 2)])} | ${ms(mean)}`;
  });
  console.log(`| ${name} | ${cells.join(" | ")} |`);
}
console.log(`\nload average ${load()} at the end`);
await Deno.remove(dir, { recursive: true });
