/**
 * ProcessMemory.read into a reused buffer gives the bytes and the missing
 * ranges a fresh read gives, whatever the buffer held before.
 */
import assert from "node:assert/strict";
import { DumpMemory } from "../../mod.ts";
import { denoDumpDir } from "../../src/dump/deno_dump_dir.ts";

const dir = new URL("../fixtures/14a-memory-truth", import.meta.url).pathname;

Deno.test("read(address, length, into): the same as a fresh read, in the buffer given", async () => {
  const mem = await new DumpMemory(denoDumpDir(dir)).process(10726);
  const into = new Uint8Array(1 << 20);
  let ranges = 0;
  for (const m of mem.mappings) {
    // Each mapping with a page before it (unmapped or another mapping).
    const start = m.start - 4096n;
    const length = Math.min(Number(m.end - start), into.length);
    into.fill(0xaa);
    const fresh = await mem.read(start, length);
    const reused = await mem.read(start, length, into);
    assert.equal(reused.bytes.buffer, into.buffer);
    assert.deepEqual(reused.bytes, fresh.bytes, m.name);
    assert.deepEqual(reused.missing, fresh.missing, m.name);
    ranges++;
  }
  assert.ok(ranges > 20);
  await assert.rejects(
    () => mem.read(0x1000n, 10, new Uint8Array(5)),
    RangeError,
  );
});
