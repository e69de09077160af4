/**
 * The crit fuzzer as a function: the corpus, the cases and the checks of
 * this folder run in the process pool of `pool.ts`. Run as a script, this
 * module is one of the pool's children.
 *
 * @module
 */
import { CRAFTED, type Layout, layout, makeCase, sweepSize } from "./cases.ts";
import { checkImage } from "./check_image.ts";
import { checkJson } from "./check_json.ts";
import { type FuzzCase, serveCases } from "./child.ts";
import { analyse, type Corpus, readCorpusFiles } from "./corpus.ts";
import { runPool } from "./pool.ts";
import type { Finding, Tally } from "./reporter.ts";

/**
 * Options of {@linkcode runFuzz}.
 *
 * @example Every 10th systematic case and 5000 random ones
 * ```ts
 * import { type FuzzOptions } from "./run_fuzz.ts";
 * const options: FuzzOptions = { fixtures: "tests/fixtures", seed: 7, cases: 5000, stride: 10 };
 * ```
 */
export interface FuzzOptions {
  /** Fixture root, laid out like tests/fixtures. */
  fixtures: string;
  /** PRNG seed of the random cases (uint32). */
  seed: number;
  /** Number of random cases after the systematic ones. */
  cases: number;
  /** Run every `stride`-th systematic case only (1 = all). Default 1. */
  stride?: number;
  /** Run exactly these case numbers instead. */
  only?: number[];
  /** Child processes running cases. Default 2. */
  workers?: number;
  /** A case slower than this is a finding. Default 2000 ms. */
  caseMs?: number;
  /** A case still running after this is killed as a hang. Default 20000 ms. */
  hangMs?: number;
  /** A child whose RSS passes this is killed. Default 1 GiB. */
  rssBytes?: number;
  /** Called with a short progress line now and then. */
  progress?: (line: string) => void;
}

/**
 * What {@linkcode runFuzz} found.
 *
 * @example Replay case 0 alone
 * ```ts
 * import { runFuzz } from "./run_fuzz.ts";
 * const fixtures = new URL("../../tests/fixtures", import.meta.url).pathname;
 * const report = await runFuzz({ fixtures, seed: 7, cases: 0, only: [0] });
 * if (report.cases !== 1 || report.findings.length) throw new Error("case 0");
 * ```
 */
export interface FuzzReport {
  /** Cases run. */
  cases: number;
  /** Systematic cases among them. */
  systematic: number;
  /** Wall time in milliseconds. */
  ms: number;
  /** Outcome counts, e.g. `"decode pretty: CriuImageError": 1234`. */
  tally: Record<string, number>;
  /** Every problem, by case. */
  findings: Finding[];
  /** Highest RSS of one child process, in bytes (0 where /proc is missing). */
  peakRss: number;
}

/**
 * Resident memory of processes in bytes, by pid, from `ps` (reading /proc
 * takes --allow-all in Deno); empty when `ps` is missing.
 */

/**
 * Runs the fuzzer and reports what it found; see `main.ts` for what a case
 * checks.
 *
 * @example A short run: the crafted cases, a few systematic, 20 random
 * ```ts
 * import { runFuzz } from "./run_fuzz.ts";
 * const fixtures = new URL("../../tests/fixtures", import.meta.url).pathname;
 * const report = await runFuzz({ fixtures, seed: 1, cases: 20, stride: 50000 });
 * console.log(report.cases, report.findings.length);
 * ```
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const t0 = performance.now();
  const caseMs = options.caseMs ?? 2000;
  const tally: Tally = {};
  const findings = new Map<string, Finding>();
  const corpus = analyse(await readCorpusFiles(options.fixtures));
  const plan = layout(corpus);
  const cases: number[] = options.only ? [...options.only] : [];
  if (!options.only) {
    const stride = Math.max(1, options.stride ?? 1);
    const sweep = sweepSize(plan);
    // The crafted cases are few and each tests something else: all run.
    for (let i = 0; i < sweep; i++) {
      if (i < CRAFTED || i % stride === 0) cases.push(i);
    }
    for (let i = 0; i < options.cases; i++) cases.push(sweep + i);
  }
  const progress = options.progress;
  const peakRss = await runPool({
    childArgs: [
      "run",
      "--allow-read",
      new URL(import.meta.url).pathname,
      options.fixtures,
      String(options.seed),
      String(caseMs),
    ],
    cases,
    workers: options.workers ?? 2,
    hangMs: options.hangMs ?? 20000,
    rssBytes: options.rssBytes ?? 2 ** 30,
    label: (index) => makeCase(corpus, plan, options.seed, index).label,
    finding: (f) => findings.set(`${f.case} ${f.kind} ${f.detail}`, f),
    tally,
    progress: progress &&
      ((done, total) =>
        progress(`${done}/${total} cases, ${findings.size} findings`)),
  });
  return {
    cases: cases.length,
    systematic: options.only ? 0 : cases.length - options.cases,
    ms: performance.now() - t0,
    tally,
    findings: [...findings.values()].sort((a, b) => a.case - b.case),
    peakRss,
  };
}

/** The case of this number as a child runs it. */
function fuzzCase(
  corpus: Corpus,
  plan: Layout,
  seed: number,
  index: number,
): FuzzCase {
  const c = makeCase(corpus, plan, seed, index);
  return {
    label: c.label,
    check: (rep) =>
      c.image ? checkImage(c.image, c.chunkSeed, rep) : checkJson(c.json!, rep),
  };
}

/** A child: `run_fuzz.ts FIXTURES SEED CASE_MS`, case numbers on stdin. */
async function childMain([fixtures, seed, caseMs]: string[]): Promise<void> {
  const corpus = analyse(await readCorpusFiles(fixtures));
  const plan = layout(corpus);
  await serveCases(
    (index) => fuzzCase(corpus, plan, Number(seed), index),
    { caseMs: Number(caseMs), externalBytes: 512 * 2 ** 20 },
  );
}

if (import.meta.main) await childMain(Deno.args);
