/**
 * Fuzzer for the decoder and encoder: mutated fixture images go through
 * `decodeSync` (plain, pretty, nopl), `decode` on a chunked stream, the text
 * path (JSON written straight from the wire) and `info`; mutated crit JSON
 * goes through `parse` and `encodeSync`, and through the streamed encoder
 * (JSON read straight to the wire), which must give the same bytes.
 *
 *     deno task fuzz [--cases N] [--seed S] [--stride K] [--workers W]
 *     deno task fuzz --seed S --case I [--save FILE]   # replay one case
 *
 * A case passes when every failure is one of our documented errors
 * (CriuImageError and subclasses, RangeError from a limit, JsonShapeError from
 * encode, SyntaxError from parse), it finishes within the time limit, memory
 * stays within bounds, and whatever decodes survives
 * `encodeSync(parse(stringify(image)))` and decodes back to the same JSON.
 *
 * Cases are numbered. The first ones are systematic and the same for every
 * seed: size fields set to 4 GiB and beyond, then truncation of every small
 * image at every byte. The rest are random, each drawn from its own PRNG
 * seeded with (seed, case number), so any case can be replayed alone. Cases
 * run in child processes; this one kills those that hang or grow too big.
 *
 * The folder: `corpus.ts` (fixtures and the places worth corrupting),
 * `byte_mutations.ts` and `json_mutations.ts`, `cases.ts` (case numbers to
 * inputs), `check_image.ts` and `check_json.ts` with `verdict.ts` (which
 * errors are allowed), `run_fuzz.ts` (all of it as one function); the
 * framework under it, not tied to crit: `pool.ts` (child processes and the
 * watchdog), `child.ts`, `reporter.ts`, and the PRNG in
 * tests/_helpers/prng.ts.
 *
 * @module
 */
import { analyse, readCorpusFiles } from "./corpus.ts";
import { layout, makeCase } from "./cases.ts";
import { type FuzzReport, runFuzz } from "./run_fuzz.ts";

/** Prints the report like the CLI does; returns the exit status. */
function printReport(report: FuzzReport, seed: number): number {
  const lines = [
    `${report.cases} cases (${report.systematic} systematic) in ${
      (report.ms / 1000).toFixed(1)
    } s, seed ${seed}, peak RSS of a process ${
      Math.round(report.peakRss / 2 ** 20)
    } MiB`,
    "",
    "outcomes:",
  ];
  for (const k of Object.keys(report.tally).sort()) {
    lines.push(`  ${k.padEnd(40)} ${report.tally[k]}`);
  }
  lines.push("", `${report.findings.length} findings`);
  for (const f of report.findings) {
    lines.push(
      `  [${f.kind}] case ${f.case}: ${f.input}`,
      `      ${f.detail}`,
      `      replay: deno task fuzz --seed ${seed} --case ${f.case}`,
    );
  }
  console.log(lines.join("\n"));
  return report.findings.length ? 1 : 0;
}

/** `deno task fuzz ARGS`: runs or replays cases; returns the exit status. */
async function cli(args: string[]): Promise<number> {
  const opts: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const m = /^--(cases|seed|stride|workers|case|save|fixtures)$/.exec(
      args[i],
    );
    if (!m || i + 1 >= args.length) {
      console.error(
        "usage: deno task fuzz [--cases N] [--seed S] [--stride K] [--workers W] [--fixtures DIR]\n" +
          "       deno task fuzz --seed S --case I [--save FILE]",
      );
      return 2;
    }
    opts[m[1]] = args[++i];
  }
  const seed = opts.seed === undefined
    ? Math.floor(Math.random() * 2 ** 32)
    : Number(opts.seed) >>> 0;
  const fixtures = opts.fixtures ??
    new URL("../../tests/fixtures", import.meta.url).pathname;
  if (opts.case !== undefined) {
    const index = Number(opts.case);
    const corpus = analyse(await readCorpusFiles(fixtures));
    const c = makeCase(corpus, layout(corpus), seed, index);
    console.log(`case ${index}: ${c.label}`);
    if (opts.save) {
      await Deno.writeFile(
        opts.save,
        c.image ?? new TextEncoder().encode(c.json),
      );
      console.log(`input written to ${opts.save}`);
    }
  }
  const report = await runFuzz({
    fixtures,
    seed,
    cases: Number(opts.cases ?? 20000),
    stride: Number(opts.stride ?? 1),
    workers: Number(opts.workers ?? 2),
    only: opts.case === undefined ? undefined : [Number(opts.case)],
    progress: (line) => console.error(line),
  });
  return printReport(report, seed);
}

if (import.meta.main) Deno.exit(await cli(Deno.args));
