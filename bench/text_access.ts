/**
 * What the streaming JSON reader's buffer costs to read char by char, on
 * the fdinfo JSON of bench/gen.ts (5.5 MB): the same scan over the bytes,
 * over one flat string, over the string a reader gets by appending 64 KiB
 * pieces (`+=`: a rope, timed on its second read, once V8 has flattened
 * it), and over the pieces joined with `Array.prototype.join` (flat).
 * Medians of `--runs` runs, one process; making the inputs is not timed.
 *
 *     deno run -A bench/text_access.ts [--runs 9]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { decodeSync, stringify } from "../mod.ts";
import { generate } from "./gen.ts";

const args = parseArgs({
  args: Deno.args,
  options: { runs: { type: "string", default: "9" } },
});
const RUNS = Number(args.values.runs);

const dir = Deno.makeTempDirSync({ prefix: "crit-text-" });
const inputs = generate(dir);
const text = stringify(decodeSync(Deno.readFileSync(inputs.fdinfo)));
Deno.removeSync(dir, { recursive: true });
const bytes = new TextEncoder().encode(text);
const PIECE = 64 * 1024;
const pieces: string[] = [];
for (let i = 0; i < bytes.length; i += PIECE) {
  pieces.push(new TextDecoder().decode(bytes.subarray(i, i + PIECE)));
}

function countBytes(b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < b.length; i++) if (b[i] === 0x22) n++;
  return n;
}

function countChars(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 0x22) n++;
  return n;
}

function rope(): string {
  let s = "";
  for (const p of pieces) s += p;
  return s;
}

// Each input is made (and, for the rope, read once to flatten it) before
// its timed read.
const ways: [string, () => Uint8Array | string][] = [
  ["bytes (Uint8Array)", () => bytes],
  ["flat string (one TextDecoder call)", () => text],
  ["rope of 64 KiB pieces (+=), flattened", () => {
    const s = rope();
    countChars(s);
    return s;
  }],
  ['pieces joined (join(""))', () => pieces.join("")],
];
const times = ways.map(() => [] as number[]);
const want = countBytes(bytes);
for (let r = 0; r < RUNS; r++) {
  ways.forEach(([name, make], k) => {
    const input = make();
    const t = performance.now();
    const got = typeof input === "string"
      ? countChars(input)
      : countBytes(input);
    times[k].push(performance.now() - t);
    if (got !== want) throw new Error(`${name}: wrong count`);
  });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const base = median(times[1]);
console.log(
  `${
    (bytes.length / 1e6).toFixed(1)
  } MB of fdinfo JSON, Deno ${Deno.version.deno}, median of ${RUNS}; load ${
    Deno.loadavg().map((x) => x.toFixed(2)).join(" ")
  }`,
);
console.log("| read over | ms | / flat string |\n| --- | --- | --- |");
ways.forEach(([name], k) => {
  const m = median(times[k]);
  console.log(`| ${name} | ${m.toFixed(1)} | ${(m / base).toFixed(2)}x |`);
});
