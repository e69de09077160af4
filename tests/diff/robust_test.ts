/**
 * diffDumps on damaged copies of a real dump: every image of 16a's B cut
 * short or with a byte flipped, one at a time. The diff either completes or
 * fails with an Error of one line; it never hangs or throws anything else.
 */
import assert from "node:assert/strict";
import { diffDumps, type DumpDir } from "../../mod.ts";
import { denoDumpDir } from "../../src/dump/deno_dump_dir.ts";

const pair = new URL("../fixtures/16a-diff-pair", import.meta.url).pathname;

/** B with one file replaced by `bytes`. */
function damaged(name: string, bytes: Uint8Array): DumpDir {
  const b = denoDumpDir(`${pair}/b`);
  return {
    read: (n) => n === name ? Promise.resolve(bytes) : b.read(n),
    readRange: async (n, offset, length, into) => {
      if (n !== name) return await b.readRange!(n, offset, length, into);
      return bytes.slice(offset, offset + length);
    },
  };
}

Deno.test("damaged images: a result or one line of error, never a crash", async () => {
  const a = denoDumpDir(`${pair}/a`);
  let failed = 0;
  let done = 0;
  for await (const e of Deno.readDir(`${pair}/b`)) {
    if (!e.isFile) continue;
    const bytes = await Deno.readFile(`${pair}/b/${e.name}`);
    const cuts = [0, 4, 8, 12, bytes.length >> 1, bytes.length - 1];
    const variants = cuts.filter((n) => n < bytes.length).map((n) =>
      bytes.slice(0, n)
    );
    for (const at of [8, 12, 16, bytes.length >> 1]) {
      if (at >= bytes.length) continue;
      const v = bytes.slice();
      v[at] ^= 0xff;
      variants.push(v);
    }
    for (const v of variants) {
      try {
        await diffDumps(a, damaged(e.name, v));
        done++;
      } catch (err) {
        assert.ok(err instanceof Error, `${e.name}: ${err}`);
        // Not a slip of ours, like reading a field of undefined.
        assert.ok(
          !(err instanceof TypeError || err instanceof ReferenceError),
          `${e.name}: ${err}`,
        );
        assert.ok(!err.message.includes("\n"), `${e.name}: ${err.message}`);
        assert.ok(err.message.length > 0);
        failed++;
      }
    }
  }
  // Both outcomes occur: damage that matters is reported, the rest is diffed.
  assert.ok(failed > 20 && done > 20, `${failed} errors, ${done} results`);
});
