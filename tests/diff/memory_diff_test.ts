/**
 * compareMemory on small dumps built here, and through shared memory and a
 * memfd of a real dump (14a-memory-truth) with one byte changed in a copy.
 */
import { mmImage, pstreeImage, vma } from "../_helpers/synthetic_dump.ts";
import assert from "node:assert/strict";
import {
  compareMemory,
  diffDumps,
  type DumpDir,
  DumpMemory,
  encodeSync,
} from "../../mod.ts";
import { denoDumpDir } from "../../src/dump/deno_dump_dir.ts";
import { scratchDir } from "../_helpers/scratch.ts";

const PS = 4096;
const BASE = 0x10000;

/**
 * A one-task dump with an anonymous mapping of `size` pages (8 unless
 * given) at BASE: `present` pages in its pages file, `inParent` ones
 * (PE_PARENT) in `parent`.
 */
function dump(
  present: number[],
  page: (n: number) => Uint8Array,
  inParent: number[] = [],
  parent?: DumpDir,
  size = 8,
): DumpDir {
  const files = new Map<string, Uint8Array>();
  files.set(
    "pstree.img",
    pstreeImage(1),
  );
  files.set(
    "mm-1.img",
    mmImage([vma(BASE, BASE + size * PS)]),
  );
  files.set(
    "pagemap-1.img",
    encodeSync({
      magic: "PAGEMAP",
      entries: [
        { pages_id: 1 },
        ...[...present, ...inParent].sort((x, y) => x - y).map((p) => ({
          vaddr: BASE + p * PS,
          compat_nr_pages: 0,
          flags: inParent.includes(p) ? 1 : 4,
          nr_pages: 1,
        })),
      ],
    }),
  );
  const pages = new Uint8Array(present.length * PS);
  present.forEach((p, i) => pages.set(page(p), i * PS));
  files.set("pages-1.img", pages);
  return {
    read: (name) =>
      name.startsWith("parent/")
        ? parent?.read(name.slice(7)) ?? Promise.resolve(undefined)
        : Promise.resolve(files.get(name)),
  };
}

const fill = (n: number) => new Uint8Array(PS).fill(n + 1);

Deno.test("compareMemory: changed pages and bytes, pages held by one side only", async () => {
  const a = dump([0, 1, 2, 3], fill);
  const b = dump([2, 3, 4, 5], (p) => {
    const bytes = fill(p);
    // Ten bytes of page 3 differ, two of them in the last word.
    if (p === 3) { for (let i = 0; i < 8; i++) bytes[100 + i * 7] = 0xee; }
    if (p === 3) bytes.fill(0xee, PS - 2);
    return bytes;
  });
  const ma = await new DumpMemory(a).process(1);
  const mb = await new DumpMemory(b).process(1);
  for (const chunkSize of [PS, 3 * PS, 4 << 20]) {
    const d = await compareMemory(
      ma,
      mb,
      BigInt(BASE),
      BigInt(BASE + 8 * PS),
      { chunkSize },
    );
    assert.deepEqual(d, {
      pagesChanged: 1,
      bytesChanged: 10,
      pagesOnlyInA: 2,
      pagesOnlyInB: 2,
      ranges: [[BigInt(BASE + 3 * PS), BigInt(BASE + 4 * PS)]],
      rangesTruncated: false,
    }, `chunk ${chunkSize}`);
  }
});

Deno.test("compareMemory: each side's own bounds (a mapping that grew)", async () => {
  const a = dump([0, 1, 2, 3, 4, 5], fill);
  const b = dump([0, 1, 2, 3, 4, 5, 6, 7], fill);
  const ma = await new DumpMemory(a).process(1);
  const mb = await new DumpMemory(b).process(1);
  // A's mapping ends after page 3: its pages 4 and 5 are not counted.
  const d = await compareMemory(ma, mb, BigInt(BASE), BigInt(BASE + 8 * PS), {
    endA: BigInt(BASE + 4 * PS),
  });
  assert.deepEqual(
    [d.pagesChanged, d.pagesOnlyInA, d.pagesOnlyInB],
    [0, 0, 4],
  );
});

Deno.test("compareMemory: 16 TiB reserved and a few pages written take no time", async () => {
  const size = 2 ** 32; // pages: 16 TiB
  const a = dump([0, 1, 2 ** 31], fill, [], undefined, size);
  const b = dump(
    [1, 2 ** 31, size - 1],
    (p) => fill(p === 1 ? 9 : p),
    [],
    undefined,
    size,
  );
  const ma = await new DumpMemory(a).process(1);
  const mb = await new DumpMemory(b).process(1);
  const t0 = performance.now();
  const d = await compareMemory(
    ma,
    mb,
    BigInt(BASE),
    BigInt(BASE) + BigInt(size) * BigInt(PS),
  );
  const ms = performance.now() - t0;
  assert.deepEqual(
    [d.pagesChanged, d.bytesChanged, d.pagesOnlyInA, d.pagesOnlyInB],
    [1, PS, 1, 1],
  );
  assert.deepEqual(d.ranges, [[BigInt(BASE + PS), BigInt(BASE + 2 * PS)]]);
  // 16384 windows of 1 GiB, none read but where pages are: well under 10 s.
  assert.ok(ms < 10000, `${ms} ms`);
});

Deno.test("compareMemory: runs of changed pages, and the cap on them", async () => {
  const a = dump([0, 1, 2, 3, 4, 5, 6, 7], fill);
  const b = dump(
    [0, 1, 2, 3, 4, 5, 6, 7],
    (p) => fill(p === 1 || p === 2 || p === 5 ? 99 : p),
  );
  const ma = await new DumpMemory(a).process(1);
  const mb = await new DumpMemory(b).process(1);
  const d = await compareMemory(ma, mb, BigInt(BASE), BigInt(BASE + 8 * PS));
  assert.deepEqual(
    d.ranges.map((
      [x, y],
    ) => [Number(x - BigInt(BASE)) / PS, Number(y - BigInt(BASE)) / PS]),
    [[1, 3], [5, 6]],
  );
  assert.equal(d.bytesChanged, 3 * PS);
  const capped = await compareMemory(
    ma,
    mb,
    BigInt(BASE),
    BigInt(BASE + 8 * PS),
    { maxRanges: 1 },
  );
  assert.equal(capped.ranges.length, 1);
  assert.equal(capped.rangesTruncated, true);
  assert.equal(capped.pagesChanged, 3);
});

Deno.test("compareMemory: bad options are TypeError or RangeError", async () => {
  const m = await new DumpMemory(dump([0], fill)).process(1);
  const range = [BigInt(BASE), BigInt(BASE + PS)] as const;
  await assert.rejects(
    () => compareMemory(m, m, ...range, { chunkSize: 5000 }),
    TypeError,
  );
  await assert.rejects(
    () => compareMemory(m, m, ...range, { chunkSize: 2 ** 31 }),
    RangeError,
  );
  await assert.rejects(
    () => compareMemory(m, m, range[0] + 1n, range[1]),
    RangeError,
  );
});

Deno.test("compareMemory: pages of an incremental dump's parent count as its own", async () => {
  const a = dump([0, 1, 2, 3, 4, 5, 6, 7], fill);
  // B holds pages 4-7 itself (page 5 changed) and 0-3 in its parent, A.
  const own = (p: number) => fill(p === 5 ? 50 : p);
  const b = dump([4, 5, 6, 7], own, [0, 1, 2, 3], a);
  const ma = await new DumpMemory(a).process(1);
  const mb = await new DumpMemory(b).process(1);
  const range = [BigInt(BASE), BigInt(BASE + 8 * PS)] as const;
  const d = await compareMemory(ma, mb, ...range);
  assert.deepEqual(
    [d.pagesChanged, d.bytesChanged, d.pagesOnlyInA, d.pagesOnlyInB],
    [1, PS, 0, 0],
  );
  // Without its parent, B does not hold pages 0-3.
  const orphan = await new DumpMemory(dump([4, 5, 6, 7], own, [0, 1, 2, 3]))
    .process(1);
  const e = await compareMemory(ma, orphan, ...range);
  assert.deepEqual(
    [e.pagesChanged, e.bytesChanged, e.pagesOnlyInA, e.pagesOnlyInB],
    [1, PS, 4, 0],
  );
});

const truthDir =
  new URL("../fixtures/14a-memory-truth", import.meta.url).pathname;

Deno.test("14a: a byte changed in shared anonymous memory and in a memfd is found at its address", async () => {
  // SCENARIO.md of 14a: d_shared_anon at 0x7fdf74e85000 is shmem 1526,
  // offset 0 of pages-2.img; f_memfd_shared at 0x7fdf74e53000 is shmem
  // 1527, offset 0 of pages-1.img. No process pagemap entry covers either.
  const copy = await scratchDir({ prefix: "crit-diff-test-" });
  try {
    for await (const e of Deno.readDir(truthDir)) {
      if (e.isFile) {
        await Deno.copyFile(`${truthDir}/${e.name}`, `${copy}/${e.name}`);
      }
    }
    const flip = async (file: string, offset: number) => {
      const bytes = await Deno.readFile(`${copy}/${file}`);
      bytes[offset] ^= 0xff;
      await Deno.writeFile(`${copy}/${file}`, bytes);
    };
    await flip("pages-2.img", PS + 7);
    await flip("pages-1.img", 3 * PS + 100);
    const d = await diffDumps(denoDumpDir(truthDir), denoDumpDir(copy));
    assert.deepEqual(
      d.memory.map((
        m,
      ) => [m.start, m.pages_changed, m.bytes_changed, m.changed_ranges]),
      [
        ["0x7fdf74e53000", 1, 1, [["0x7fdf74e56000", "0x7fdf74e57000"]]],
        ["0x7fdf74e85000", 1, 1, [["0x7fdf74e86000", "0x7fdf74e87000"]]],
      ],
    );
  } finally {
    await Deno.remove(copy, { recursive: true });
  }
});
