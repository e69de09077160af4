/**
 * crit 4.2 parity on the fixture corpus: every image decodes to crit's exact
 * JSON text (plain, --pretty, --nopl), `info` matches, and crit's JSON
 * encodes back to the original bytes. Where crit itself is wrong
 * (ref/results.tsv), the beyond-crit tests own the expectation.
 */
import assert from "node:assert/strict";
import {
  checkScenario,
  type Outcome,
  scenarios,
} from "../_helpers/conformance.ts";

const root = new URL("../fixtures", import.meta.url).pathname;
const dirs = await scenarios(root);

Deno.test("the fixture corpus has every scenario with crit references", () => {
  assert.ok(dirs.length >= 19, `only ${dirs.length} scenarios`);
});

for (const dir of dirs) {
  const name = dir.split("/").pop()!;
  Deno.test(`${name}: decode, info and encode match crit 4.2 byte for byte`, async () => {
    const outcomes: Outcome[] = await checkScenario(dir);
    const graded = outcomes.filter((o) => !o.critWrong);
    assert.ok(graded.length > 0, "no checks ran");
    const failures = graded.filter((o) => !o.ok).map((o) =>
      `${o.file} ${o.check}: ${o.detail}`
    );
    assert.deepEqual(failures, []);
  });
}
