/**
 * Runs the crit 4.2 conformance checks over a whole corpus and prints counts
 * per check, plus every failure where crit itself is right.
 *
 *     deno run -R tools/conformance.ts ../shared/corpus
 *
 * @module
 */
import {
  bytesTaken,
  checkScenario,
  type Outcome,
  scenarios,
} from "../tests/_helpers/conformance.ts";

const root = Deno.args[0] ?? "../shared/corpus";
const all: Outcome[] = [];
for (const dir of await scenarios(root)) all.push(...await checkScenario(dir));
const checks = [
  "raw",
  "pretty",
  "nopl",
  "raw-text",
  "pretty-text",
  "nopl-text",
  "info",
  "encode-raw",
  "encode-pretty",
] as const;
let failures = 0;
for (const check of checks) {
  const rows = all.filter((o) => o.check === check);
  const oracle = rows.filter((o) => !o.critWrong);
  const ok = oracle.filter((o) => o.ok).length;
  const beyond = rows.filter((o) => o.critWrong);
  console.log(
    `${check.padEnd(14)} ${ok}/${oracle.length} identical to crit` +
      (beyond.length
        ? `; ${beyond.length} where crit is wrong (ours differs on purpose or crit failed)`
        : ""),
  );
  for (const o of oracle.filter((o) => !o.ok)) {
    failures++;
    console.log(`  FAIL ${o.scenario}/${o.file}: ${o.detail}`);
  }
}
console.log(
  `(encode: ${bytesTaken} of crit's texts taken from their bytes by WebAssembly, the others left to the streamed reader)`,
);
Deno.exit(failures ? 1 : 0);
