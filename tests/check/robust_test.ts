/**
 * Untrusted input: checkDump reports on images cut short or with bytes
 * changed anywhere, and never throws, for every fixture dump.
 */
import assert from "node:assert/strict";
import { checkDump } from "../../src/check/check.ts";
import type { DumpDir } from "../../src/dump/dump_dir.ts";
import { Rng } from "../_helpers/prng.ts";
import { fileNames, fixtureDumps, FIXTURES } from "./_dumps.ts";

Deno.test("checkDump never throws on cut or changed images", async () => {
  const rng = new Rng(20261202);
  const rnd = (n: number) => rng.int(n);
  let runs = 0;
  for (const d of fixtureDumps()) {
    const files = new Map<string, Uint8Array>();
    for (const name of fileNames(FIXTURES + d)) {
      files.set(name, Deno.readFileSync(`${FIXTURES}${d}/${name}`));
    }
    const names = [...files.keys()].filter((n) => n.endsWith(".img"));
    if (names.length === 0) continue;
    for (let k = 0; k < 25; k++) {
      const victim = names[rnd(names.length)];
      const bytes = files.get(victim)!.slice();
      let broken = bytes;
      if (k % 2 === 0) broken = bytes.subarray(0, rnd(bytes.length + 1));
      else if (bytes.length > 0) {
        for (let j = 0; j <= rnd(4); j++) bytes[rnd(bytes.length)] = rnd(256);
      }
      const pick = (n: string) => n === victim ? broken : files.get(n);
      const dir: DumpDir = {
        read: (n) => Promise.resolve(pick(n)),
        readRange: (n, off, len) =>
          Promise.resolve(pick(n)?.subarray(off, off + len)),
      };
      const what = `${d}/${victim} (${k % 2 ? "changed" : "cut"})`;
      const report = await checkDump(dir, { names: [...files.keys()] });
      assert.equal(typeof report.ok, "boolean", what);
      runs++;
    }
  }
  assert.ok(runs >= 400, `${runs} runs`);
});
