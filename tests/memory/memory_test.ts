/**
 * Process memory from dumps: the 14a-memory-truth fixture against the ground
 * truth read from /proc before the dump (truth/truth.json, verify.json), and
 * small dumps built here with encodeSync for what that dump does not have
 * (incremental chains, lazy and old-layout pagemaps, SysV shm, memfd).
 */
import { ANON, mmImage, pstreeImage, vma } from "../_helpers/synthetic_dump.ts";
import { concatBytes } from "../../src/wire/bytes.ts";
import assert from "node:assert/strict";
import {
  CriuImageError,
  type DumpDir,
  DumpMemory,
  encodeSync,
  explore,
  exploreData,
  type JsonObject,
  type MemoryOptions,
} from "../../mod.ts";
import { denoDumpDir } from "../../src/dump/deno_dump_dir.ts";
import { hex, sha256Hex } from "../_helpers/hex.ts";
import { runCli } from "../_helpers/run_cli.ts";
import { scratchDir } from "../_helpers/scratch.ts";

const root = new URL("../..", import.meta.url).pathname;
const FIX = `${root}tests/fixtures/14a-memory-truth`;
const PID = 10726;
const PS = 4096;

interface Sample {
  addr: string;
  len: number;
  hex: string;
}
interface Truth {
  cmdline: string[];
  environ: string[];
  cmdline_b64: string;
  environ_b64: string;
  vmas: { start: string; end: string; path: string; sha256: string | null }[];
  regions: {
    name: string;
    start: string;
    len: number;
    sha256: string;
    samples: Sample[];
  }[];
  needles: { text: string; addr: string }[];
  b_touched_pages: string[];
  c_dirty_pages: string[];
  c_file: { path: string; copy: string };
}
const truth: Truth = JSON.parse(
  await Deno.readTextFile(`${FIX}/truth/truth.json`),
);
const verify: { vmas: { vma: string; dumped_pages?: number }[] } = JSON.parse(
  await Deno.readTextFile(`${FIX}/truth/verify.json`),
);
const cFile = await Deno.readFile(`${FIX}/truth/${truth.c_file.copy}`);

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const b64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

/** All bytes of a truth VMA, as the memory reader gives them. */
function readVma(
  mem: Awaited<ReturnType<DumpMemory["process"]>>,
  v: { start: string; end: string },
) {
  const start = BigInt(v.start);
  return mem.read(start, Number(BigInt(v.end) - start));
}

/** The data file of region C, which the truth keeps a copy of. */
const truthFiles: MemoryOptions = {
  readMappedFile: (path, offset, length) =>
    Promise.resolve(
      path === truth.c_file.path
        ? cFile.subarray(offset, offset + length)
        : undefined,
    ),
};

Deno.test("14a: every truth region reads back with its sha256 and every sample", async () => {
  const mem = await new DumpMemory(denoDumpDir(FIX), truthFiles).process(PID);
  assert.equal(truth.regions.length, 7);
  for (const r of truth.regions) {
    const got = await mem.read(BigInt(r.start), r.len);
    assert.deepEqual(got.missing, [], r.name);
    assert.equal(await sha256Hex(got.bytes), r.sha256, r.name);
    for (const s of r.samples) {
      const { bytes } = await mem.read(BigInt(s.addr), s.len);
      assert.equal(hex(bytes), s.hex, `${r.name} sample at ${s.addr}`);
    }
  }
});

Deno.test("14a: every VMA with a truth hash matches unless its file was not given; those are reported missing", async () => {
  const mem = await new DumpMemory(denoDumpDir(FIX), truthFiles).process(PID);
  let matched = 0;
  let needFile = 0;
  for (const v of truth.vmas) {
    if (v.sha256 === null) continue;
    const { bytes, missing } = await readVma(mem, v);
    if (missing.length === 0) {
      assert.equal(await sha256Hex(bytes), v.sha256, `${v.start} ${v.path}`);
      matched++;
    } else {
      // Clean pages of libc, ld.so and the program: only the file has them.
      assert.ok(v.path.startsWith("/"), v.path);
      assert.notEqual(v.path, truth.c_file.path);
      assert.ok(missing.every((m) => m.reason === "file"), v.path);
      needFile++;
    }
  }
  // 26 hashed VMAs: 17 complete from the dump (and the region C copy), 9 partly clean file pages.
  assert.equal(matched, 17);
  assert.equal(needFile, 9);
});

Deno.test("14a: dumped page counts per VMA equal verify.json's, B holds the touched and C the dirty pages", async () => {
  const mem = await new DumpMemory(denoDumpDir(FIX)).process(PID);
  const byRange = new Map(
    mem.mappings.map((
      m,
    ) => [`0x${m.start.toString(16)}-0x${m.end.toString(16)}`, m]),
  );
  let compared = 0;
  for (const v of verify.vmas) {
    const m = byRange.get(v.vma);
    // verify.json counts process pagemap pages; shared memory has its own pagemap.
    // 31 VMAs have a count: 29 private ones and the 2 shared ones.
    if (v.dumped_pages === undefined || m?.shmid !== undefined) continue;
    assert.equal(m?.dumped, v.dumped_pages, v.vma);
    compared++;
  }
  assert.equal(compared, 29);
  const dumpedPages = (start: string, len: number) =>
    mem.layout(BigInt(start), len).filter((e) => e.source === "dump")
      .flatMap((e) =>
        Array.from(
          { length: e.length / PS },
          (_, i) => `0x${(e.address + BigInt(i * PS)).toString(16)}`,
        )
      );
  const region = (n: string) => truth.regions.find((r) => r.name === n)!;
  const b = region("b_anon_sparse");
  assert.deepEqual(dumpedPages(b.start, b.len), truth.b_touched_pages);
  const c = region("c_file_private");
  assert.deepEqual(dumpedPages(c.start, c.len), truth.c_dirty_pages);
});

Deno.test("14a: shared anonymous memory and the memfd are read through files.img, memfd.img and pagemap-shmem", async () => {
  const mem = await new DumpMemory(denoDumpDir(FIX)).process(PID);
  const at = (addr: string) =>
    mem.mappings.find((m) => m.start === BigInt(addr))!;
  const d = at("0x7fdf74e85000");
  assert.deepEqual([d.kind, d.name, d.shmid, d.dumped, d.pages], [
    "shmem",
    "/dev/zero",
    1526,
    128,
    128,
  ]);
  const f = at("0x7fdf74e53000");
  assert.deepEqual([f.kind, f.name, f.shmid, f.dumped, f.pages], [
    "memfd",
    "memfd:memtruth-s1",
    1527,
    50,
    50,
  ]);
  const { bytes } = await mem.read(0x7fdf74e53000n, 24);
  assert.equal(text(bytes), "MEMFD-CONTENT-S1-204800\0");
});

Deno.test("14a: each needle is found exactly once in the whole dump, at its truth address", async () => {
  const dump = new DumpMemory(denoDumpDir(FIX), truthFiles);
  for (const n of truth.needles) {
    const hits = [];
    for await (const m of dump.search(n.text)) hits.push(m);
    assert.deepEqual(hits.map((h) => h.address), [BigInt(n.addr)], n.text);
    assert.equal(hits[0].pid, PID);
    assert.equal(text(hits[0].bytes), n.text);
  }
});

Deno.test("14a: argv and environment equal /proc's cmdline and environ", async () => {
  const mem = await new DumpMemory(denoDumpDir(FIX)).process(PID);
  const a = await mem.args();
  assert.deepEqual(a.argv.map(text), truth.cmdline);
  assert.deepEqual(a.env.map(text), truth.environ);
  assert.deepEqual(a.missing, []);
  const raw = b64(truth.cmdline_b64);
  const start = 0x7ffc683d2f46n; // mm.arg_start in truth.json
  assert.deepEqual((await mem.read(start, raw.length)).bytes, raw);
  assert.deepEqual(
    (await mem.read(start + BigInt(raw.length), b64(truth.environ_b64).length))
      .bytes,
    b64(truth.environ_b64),
  );
});

Deno.test("14a: x args prints argv as a shell line and one env line per variable", async () => {
  const dir = denoDumpDir(FIX);
  assert.equal(
    await explore(dir, "args"),
    "10726\n\targv  /opt/critfix/bin/memtruth --seed 1 --label 'hello world'\n" +
      truth.environ.map((e) => `\tenv   ${e}\n`).join(""),
  );
  assert.deepEqual(await exploreData(dir, "args"), [
    { pId: PID, argv: truth.cmdline, env: truth.environ },
  ]);
});

/** The fixture as a DumpDir that counts ranged reads and refuses whole pages files. */
function streamingDir(log: number[]): DumpDir {
  const disk = denoDumpDir(FIX);
  return {
    read: (name) => {
      if (/pages-\d+\.img$/.test(name)) {
        throw new Error(`whole read of ${name}`);
      }
      return disk.read(name);
    },
    readRange: (name, offset, length) => {
      log.push(length);
      return disk.readRange!(name, offset, length);
    },
  };
}

Deno.test("14a: pages files are only read in ranges no larger than the chunk size", async () => {
  const log: number[] = [];
  const dump = new DumpMemory(streamingDir(log), { chunkSize: 64 * 1024 });
  const hits = [];
  for await (const m of dump.search("NEEDLE-stack-9c01")) hits.push(m.address);
  assert.deepEqual(hits, [0x7ffc683d1b10n]);
  const a = truth.regions[0];
  const mem = await dump.process(PID);
  assert.equal(
    await sha256Hex((await mem.read(BigInt(a.start), a.len)).bytes),
    a.sha256,
  );
  assert.ok(log.length > 0);
  // The region read asks for exactly its bytes; the search never more than a chunk.
  assert.ok(log.every((n) => n <= 64 * 1024 || n === a.len), String(log));
});

Deno.test("14a: a DumpDir without readRange gives the same bytes", async () => {
  const disk = denoDumpDir(FIX);
  const mem = await new DumpMemory({ read: (n) => disk.read(n) }, truthFiles)
    .process(PID);
  for (const r of truth.regions) {
    assert.equal(
      await sha256Hex((await mem.read(BigInt(r.start), r.len)).bytes),
      r.sha256,
    );
  }
});

// ---- synthetic dumps -------------------------------------------------------

/** A page whose bytes say which page it is: `tag` then the tag's first byte repeated. */
function page(tag: string): Uint8Array {
  const p = new Uint8Array(PS).fill(tag.charCodeAt(0));
  p.set(new TextEncoder().encode(tag));
  return p;
}

function cat(...parts: Uint8Array[]): Uint8Array {
  return concatBytes(parts);
}

type Entry = Record<string, number | boolean>;
const pm = (id: number, entries: Entry[]) =>
  encodeSync({ magic: "PAGEMAP", entries: [{ pages_id: id }, ...entries] });
/** A 4.2 entry. */
const e42 = (vaddr: number, n: number, flags: number): Entry => ({
  vaddr,
  compat_nr_pages: 0,
  flags,
  nr_pages: n,
});

const mm = mmImage;
const pstree = (pid: number) => pstreeImage(pid);

function memDir(files: Record<string, Uint8Array>): DumpDir {
  return {
    read: (name) => Promise.resolve(files[name]),
    readRange: (name, offset, length) =>
      Promise.resolve(files[name]?.subarray(offset, offset + length)),
  };
}

const PE_PARENT = 1;
const PE_LAZY = 2;
const PE_PRESENT = 4;

Deno.test("PE_PARENT pages come from parent/ dumps, two levels down, and do not advance the pages offset", async () => {
  const dir = memDir({
    "pstree.img": pstree(1),
    "mm-1.img": mm([vma(0x10000, 0x14000, ANON)]),
    "pagemap-1.img": pm(3, [
      e42(0x10000, 1, PE_PRESENT),
      e42(0x11000, 1, PE_PARENT),
      e42(0x12000, 1, PE_PRESENT | PE_LAZY),
      e42(0x13000, 1, PE_PARENT),
    ]),
    "pages-3.img": cat(page("A-now"), page("C-now")),
    "parent/pagemap-1.img": pm(2, [
      e42(0x11000, 1, PE_PARENT),
      e42(0x13000, 1, PE_PRESENT),
    ]),
    "parent/pages-2.img": page("D-parent"),
    "parent/parent/pagemap-1.img": pm(1, [e42(0x11000, 1, PE_PRESENT)]),
    "parent/parent/pages-1.img": page("B-grandparent"),
  });
  const mem = await new DumpMemory(dir).process(1);
  const { bytes, missing } = await mem.read(0x10000, 4 * PS);
  assert.deepEqual(missing, []);
  assert.deepEqual(
    bytes,
    cat(page("A-now"), page("B-grandparent"), page("C-now"), page("D-parent")),
  );
  assert.equal(mem.mappings[0].dumped, 4);
});

Deno.test("on disk, the parent symlink of an incremental dump is followed", async () => {
  const tmp = await scratchDir();
  try {
    await Deno.mkdir(`${tmp}/1`);
    await Deno.mkdir(`${tmp}/2`);
    await Deno.writeFile(
      `${tmp}/1/pagemap-1.img`,
      pm(1, [e42(0x10000, 2, PE_PRESENT)]),
    );
    await Deno.writeFile(
      `${tmp}/1/pages-1.img`,
      cat(page("old0"), page("old1")),
    );
    await Deno.writeFile(
      `${tmp}/2/mm-1.img`,
      mm([vma(0x10000, 0x12000, ANON)]),
    );
    await Deno.writeFile(
      `${tmp}/2/pagemap-1.img`,
      pm(1, [e42(0x10000, 1, PE_PARENT), e42(0x11000, 1, PE_PRESENT)]),
    );
    await Deno.writeFile(`${tmp}/2/pages-1.img`, page("new1"));
    // criu dump --prev-images-dir ../1 leaves this link.
    await Deno.symlink("../1", `${tmp}/2/parent`);
    const mem = await new DumpMemory(denoDumpDir(`${tmp}/2`)).process(1);
    const r = await mem.read(0x10000, 2 * PS);
    assert.deepEqual(r.missing, []);
    assert.deepEqual(r.bytes, cat(page("old0"), page("new1")));
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("PE_PARENT pages without a parent dump are missing with reason parent", async () => {
  const dir = memDir({
    "mm-1.img": mm([vma(0x10000, 0x12000, ANON)]),
    "pagemap-1.img": pm(1, [
      e42(0x10000, 1, PE_PARENT),
      e42(0x11000, 1, PE_PRESENT),
    ]),
    "pages-1.img": page("B"),
  });
  const mem = await new DumpMemory(dir).process(1);
  const r = await mem.read(0x10000, 2 * PS);
  assert.deepEqual(r.missing, [{
    address: 0x10000n,
    length: PS,
    reason: "parent",
  }]);
  assert.deepEqual(r.bytes, cat(new Uint8Array(PS), page("B")));
});

Deno.test("entries without PE_PRESENT take no room in the pages file; lazy-only pages are missing, unlisted ones zero", async () => {
  const dir = memDir({
    "mm-1.img": mm([vma(0x10000, 0x16000, ANON)]),
    "pagemap-1.img": pm(1, [
      e42(0x10000, 1, PE_PRESENT),
      e42(0x11000, 2, PE_LAZY),
      e42(0x13000, 1, PE_PRESENT | PE_LAZY),
    ]),
    "pages-1.img": cat(page("first"), page("second")),
  });
  const mem = await new DumpMemory(dir).process(1);
  const r = await mem.read(0x10000, 6 * PS);
  assert.deepEqual(r.missing, [{
    address: 0x11000n,
    length: 2 * PS,
    reason: "lazy",
  }]);
  assert.deepEqual(
    r.bytes,
    cat(
      page("first"),
      new Uint8Array(2 * PS),
      page("second"),
      new Uint8Array(2 * PS),
    ),
  );
  const m = mem.mappings[0];
  assert.deepEqual([m.dumped, m.zero, m.missing, m.missingReasons], [2, 2, 2, [
    "lazy",
  ]]);
});

Deno.test("pre-4.2 pagemaps (count in field 2, in_parent, no flags) read like 4.2 ones", async () => {
  const files = (entries: Entry[]) =>
    memDir({
      "mm-1.img": mm([vma(0x10000, 0x14000, ANON)]),
      "pagemap-1.img": pm(1, entries),
      "pages-1.img": cat(page("a"), page("b"), page("c")),
      "parent/pagemap-1.img": pm(1, [e42(0x12000, 1, PE_PRESENT)]),
      "parent/pages-1.img": page("from parent"),
    });
  const old = files([
    { vaddr: 0x10000, compat_nr_pages: 2 },
    { vaddr: 0x12000, compat_nr_pages: 1, in_parent: true },
    { vaddr: 0x13000, compat_nr_pages: 1 },
  ]);
  const now = files([
    e42(0x10000, 2, PE_PRESENT),
    e42(0x12000, 1, PE_PARENT),
    e42(0x13000, 1, PE_PRESENT),
  ]);
  const want = cat(page("a"), page("b"), page("from parent"), page("c"));
  for (const dir of [old, now]) {
    const r = await (await new DumpMemory(dir).process(1)).read(
      0x10000,
      4 * PS,
    );
    assert.deepEqual(r.missing, []);
    assert.deepEqual(r.bytes, want);
  }
});

Deno.test("a match straddling two pagemap entries (one in a parent dump) is found once", async () => {
  const first = page("x");
  first.set(new TextEncoder().encode("SECRET-"), PS - 7);
  const second = page("y");
  second.set(new TextEncoder().encode("VALUE"), 0);
  const dir = memDir({
    "pstree.img": pstree(1),
    "mm-1.img": mm([vma(0x10000, 0x12000, ANON)]),
    "pagemap-1.img": pm(1, [
      e42(0x10000, 1, PE_PRESENT),
      e42(0x11000, 1, PE_PARENT),
    ]),
    "pages-1.img": first,
    "parent/pagemap-1.img": pm(1, [e42(0x11000, 1, PE_PRESENT)]),
    "parent/pages-1.img": second,
  });
  const want = 0x10000n + BigInt(PS - 7);
  for (const chunkSize of [PS, 1 << 20]) {
    const dump = new DumpMemory(dir, { chunkSize });
    const lit = [];
    for await (const m of dump.search("SECRET-VALUE", { context: 3 })) {
      lit.push(m);
    }
    assert.deepEqual(lit.map((m) => m.address), [want]);
    assert.equal(text(lit[0].before), "xxx");
    assert.equal(text(lit[0].after), "yyy");
    const re = [];
    for await (const m of dump.search(/SECRET-[A-Z]+/)) re.push(m);
    assert.deepEqual(re.map((m) => [m.address, text(m.bytes)]), [[
      want,
      "SECRET-VALUE",
    ]]);
  }
});

Deno.test("literal search reports overlapping hits, hits reaching into never-written pages, and crosses adjacent VMAs", async () => {
  const a = page("q");
  a.set(new TextEncoder().encode("abab"), PS - 4);
  const b = page("r");
  b.set(new TextEncoder().encode("ab"), 0);
  const c = page("s");
  c.set(new TextEncoder().encode("END"), PS - 3);
  const dir = memDir({
    "mm-1.img": mm([
      vma(0x10000, 0x11000, ANON),
      vma(0x11000, 0x13000, ANON),
      vma(0x13000, 0x1000_0000, ANON),
    ]),
    "pagemap-1.img": pm(1, [
      e42(0x10000, 1, PE_PRESENT),
      e42(0x11000, 1, PE_PRESENT),
      e42(0x13000, 1, PE_PRESENT),
    ]),
    "pages-1.img": cat(a, b, c),
  });
  const mem = await new DumpMemory(dir).process(1);
  const hits = async (p: string | Uint8Array) => {
    const out = [];
    for await (const m of mem.search(p)) out.push(m.address);
    return out;
  };
  // "abab" + "ab" across the VMA boundary at 0x11000: "ab" at -4, -2 and 0.
  assert.deepEqual(await hits("abab"), [0x10ffcn, 0x10ffen]);
  assert.deepEqual(await hits("baba"), [0x10ffdn]);
  // END then zeros: page 0x14000 on is never written (not in the dump).
  assert.deepEqual(await hits(new TextEncoder().encode("END\0\0\0\0\0")), [
    0x13ffdn,
  ]);
  // The 256 MiB of zeros are not scanned byte by byte; a miss is quick.
  const t0 = performance.now();
  assert.deepEqual(await hits("not there"), []);
  assert.ok(performance.now() - t0 < 2000);
});

Deno.test("SysV shm, shared anonymous memory and a private memfd mapping read their pagemap-shmem images", async () => {
  const fown = { uid: 0, euid: 0, signum: 0, pid_type: 0, pid: 0 };
  const dir = memDir({
    "mm-1.img": mm([
      vma(0x10000, 0x12000, 0x401 | 0x100, { shmid: 7, flags: 0x01 }), // REGULAR|ANON_SHARED|SYSVIPC
      vma(0x20000, 0x22000, 0x101, { shmid: 99, flags: 0x21, pgoff: PS }), // REGULAR|ANON_SHARED
      vma(0x30000, 0x33000, 0x4041, { shmid: 5, flags: 0x02, prot: 1 }), // REGULAR|FILE_PRIVATE|MEMFD
    ]),
    "pagemap-1.img": pm(1, [e42(0x31000, 1, PE_PRESENT)]),
    "pages-1.img": page("private copy"),
    "pagemap-shmem-7.img": pm(2, [e42(0, 1, PE_PRESENT)]),
    "pages-2.img": page("sysv"),
    "pagemap-shmem-99.img": pm(3, [e42(0, 2, PE_PRESENT)]),
    "pages-3.img": cat(page("shm0"), page("shm1")),
    "files.img": encodeSync({
      magic: "FILES",
      entries: [{
        type: "MEMFD",
        id: 5,
        memfd: { id: 5, flags: 0, pos: 0, fown, inode_id: 1 },
      }],
    }),
    "memfd.img": encodeSync({
      magic: "MEMFD_INODE",
      entries: [{
        name: "buf",
        uid: 0,
        gid: 0,
        size: 3 * PS,
        shmid: 42,
        seals: 0,
        inode_id: 1,
      }],
    }),
    "pagemap-shmem-42.img": pm(4, [e42(0, 2, PE_PRESENT)]),
    "pages-4.img": cat(page("memfd0"), page("memfd1")),
  });
  const mem = await new DumpMemory(dir).process(1);
  assert.deepEqual(
    mem.mappings.map((m) => [m.kind, m.name, m.shmid, m.dumped, m.zero]),
    [
      ["sysv-shm", "SysV shm 7", 7, 1, 1],
      ["shmem", "/dev/zero", 99, 1, 1],
      ["memfd-private", "memfd:buf", 42, 2, 1],
    ],
  );
  const read = async (a: number, n: number) =>
    (await mem.read(a, n * PS)).bytes;
  assert.deepEqual(
    await read(0x10000, 2),
    cat(page("sysv"), new Uint8Array(PS)),
  );
  // pgoff is one page into the shmem object.
  assert.deepEqual(
    await read(0x20000, 2),
    cat(page("shm1"), new Uint8Array(PS)),
  );
  assert.deepEqual(
    await read(0x30000, 3),
    cat(page("memfd0"), page("private copy"), new Uint8Array(PS)),
  );
});

Deno.test("private file mappings read clean pages from the file given, at pgoff, else report them missing", async () => {
  const fown = { uid: 0, euid: 0, signum: 0, pid_type: 0, pid: 0 };
  const file = cat(
    page("f0"),
    page("f1"),
    page("f2"),
    new Uint8Array(100).fill(0x41),
  );
  const files = {
    "mm-1.img": mm([
      vma(0x10000, 0x14000, 0x41, { shmid: 3, pgoff: PS, flags: 0x02 }),
    ]),
    "pagemap-1.img": pm(1, [e42(0x11000, 1, PE_PRESENT)]),
    "pages-1.img": page("dirty"),
    "files.img": encodeSync({
      magic: "FILES",
      entries: [{
        type: "REG",
        id: 3,
        reg: { id: 3, flags: 0, pos: 0, fown, name: "/data/f.bin" },
      }],
    }),
  };
  const without = await new DumpMemory(memDir(files)).process(1);
  assert.deepEqual(
    (await without.read(0x10000, 4 * PS)).missing.map((
      m,
    ) => [m.address, m.length, m.reason]),
    [[0x10000n, PS, "file"], [0x12000n, 2 * PS, "file"]],
  );
  const withFile = await new DumpMemory(memDir(files), {
    readMappedFile: (path, offset, length) =>
      Promise.resolve(
        path === "/data/f.bin"
          ? file.subarray(offset, offset + length)
          : undefined,
      ),
  }).process(1);
  const r = await withFile.read(0x10000, 4 * PS);
  assert.deepEqual(r.missing, []);
  // Past the end of the file the mapping reads zeros.
  const tail = new Uint8Array(PS);
  tail.fill(0x41, 0, 100);
  assert.deepEqual(
    r.bytes,
    cat(page("f1"), page("dirty"), tail, new Uint8Array(PS)),
  );
  assert.deepEqual([withFile.mappings[0].dumped, withFile.mappings[0].file], [
    1,
    3,
  ]);
});

Deno.test("unmapped addresses, [vvar] and a missing pages file are reported missing with their reason", async () => {
  const dir = memDir({
    "mm-1.img": mm([
      vma(0x10000, 0x11000, ANON),
      vma(0x12000, 0x13000, 0x1201),
    ]), // REGULAR|ANON_PRIVATE|VVAR
    "pagemap-1.img": pm(9, [e42(0x10000, 1, PE_PRESENT)]),
  });
  const mem = await new DumpMemory(dir).process(1);
  const r = await mem.read(0xff00, 0x3200);
  assert.deepEqual(r.missing.map((m) => [m.address, m.length, m.reason]), [
    [0xff00n, 0x100, "unmapped"],
    [0x10000n, PS, "image"],
    [0x11000n, PS, "unmapped"],
    [0x12000n, PS, "special"],
    [0x13000n, 0x100, "unmapped"],
  ]);
  assert.deepEqual(mem.mappings.map((m) => m.kind), ["anon", "vvar"]);
});

Deno.test("a pages file shorter than its pagemap needs is a CriuImageError", async () => {
  const dir = memDir({
    "mm-1.img": mm([vma(0x10000, 0x12000, ANON)]),
    "pagemap-1.img": pm(1, [e42(0x10000, 2, PE_PRESENT)]),
    "pages-1.img": page("only one"),
  });
  const mem = await new DumpMemory(dir).process(1);
  await assert.rejects(() => mem.read(0x10000, 10), (e) => {
    assert.ok(e instanceof CriuImageError);
    assert.equal(e.entryIndex, 1);
    assert.match(e.message, /pages-1\.img is shorter than the 8192 bytes/);
    return true;
  });
});

Deno.test("overlapping pagemap entries are a CriuImageError naming both", async () => {
  const dir = memDir({
    "mm-1.img": mm([vma(0x10000, 0x12000, ANON)]),
    "pagemap-1.img": pm(1, [
      e42(0x10000, 2, PE_PRESENT),
      e42(0x11000, 1, PE_PRESENT),
    ]),
  });
  await assert.rejects(() => new DumpMemory(dir).process(1), (e) => {
    assert.ok(e instanceof CriuImageError);
    assert.match(e.message, /entry 2 overlaps entry 1/);
    return true;
  });
});

Deno.test("bad arguments are TypeErrors, reads over 1 GiB RangeErrors", async () => {
  const dir = memDir({ "mm-1.img": mm([]), "pagemap-1.img": pm(1, []) });
  assert.throws(() => new DumpMemory(dir, { pageSize: 3000 }), TypeError);
  assert.throws(() => new DumpMemory(dir, { chunkSize: 10 }), RangeError);
  const mem = await new DumpMemory(dir).process(1);
  await assert.rejects(() => mem.read(-1, 1), TypeError);
  await assert.rejects(() => mem.read(0, 1.5), TypeError);
  await assert.rejects(() => mem.read(0, 2 ** 31), RangeError);
  await assert.rejects(() => mem.search("").next(), TypeError);
  await assert.rejects(() => new DumpMemory(dir).process(2), /no mm-2\.img/);
});

// ---- the CLI ---------------------------------------------------------------

const crit = (args: string[]) => runCli(args);

Deno.test("cli: mem DIR --pid lists each VMA with dumped and absent pages and what backs it", async () => {
  const r = await crit(["mem", FIX, "--pid", "10726"]);
  assert.equal(r.code, 0, r.stderr);
  const rows = r.text.split("\n").map((l) => l.split(/\s+/).join(" "));
  assert.equal(rows[0], "ADDRESS PERM KIND PAGES DUMPED ABSENT ABSENT AS NAME");
  // Region B: 256 pages, the 86 touched ones dumped, the rest never written.
  assert.ok(
    rows.includes(
      "7fdf74f46000-7fdf75046000 rw-p anon 256 86 170 zeros [anon]",
    ),
  );
  assert.ok(
    rows.includes("7fdf74e85000-7fdf74f05000 rw-s shmem 128 128 0 - /dev/zero"),
  );
  assert.ok(
    rows.includes(
      "7fdf74e53000-7fdf74e85000 rw-s memfd 50 50 0 - memfd:memtruth-s1",
    ),
  );
  // Region C: 5 dirty pages; the 59 clean ones need the file.
  assert.ok(
    rows.includes(
      "7fdf74f05000-7fdf74f45000 rw-p file 64 5 59 no-file /tmp/fixture-mem/memtruth-s1.dat",
    ),
  );
  const withFiles = await crit([
    "mem",
    FIX,
    "--pid",
    "10726",
    "--files",
    `${FIX}/truth/files`,
  ]);
  assert.ok(
    withFiles.text.split("\n").map((l) => l.split(/\s+/).join(" "))
      .includes(
        "7fdf74f05000-7fdf74f45000 rw-p file 64 5 59 file /tmp/fixture-mem/memtruth-s1.dat",
      ),
  );
});

Deno.test("cli: mem --addr --len -o writes the raw bytes", async () => {
  const dir = await scratchDir();
  // Region C across the boundary from a clean file page to a dirty, dumped one.
  const s = truth.regions[2].samples[1];
  const args = [
    "mem",
    FIX,
    "--pid",
    "10726",
    "--addr",
    s.addr,
    "--len",
    String(s.len),
    "-o",
    `${dir}/out.bin`,
  ];
  const r = await crit([...args, "--files", `${FIX}/truth/files`]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(hex(await Deno.readFile(`${dir}/out.bin`)), s.hex);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("cli: mem --hexdump prints hexdump -C lines at the virtual addresses", async () => {
  const r = await crit([
    "mem",
    FIX,
    "--pid",
    "10726",
    "--addr",
    "0x7ffc683d1b10",
    "--len",
    "18",
    "--hexdump",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.text,
    "7ffc683d1b10  4e 45 45 44 4c 45 2d 73  74 61 63 6b 2d 39 63 30  |NEEDLE-stack-9c0|\n" +
      "7ffc683d1b20  31 00" + " ".repeat(45) + "|1.|\n" +
      "7ffc683d1b22\n",
  );
});

Deno.test("cli: bytes the dump does not have fail the read unless --zeros", async () => {
  const args = [
    "mem",
    FIX,
    "--pid",
    "10726",
    "--addr",
    "0x7fdf7534c000",
    "--len",
    "16",
  ];
  const r = await crit(args);
  assert.equal(r.code, 1);
  assert.equal(r.text, "");
  assert.match(
    r.stderr,
    /^crit: error: 0x7fdf7534c000 \(16 bytes\) cannot be read: the mapped file was not given/,
  );
  const z = await crit([...args, "--zeros", "-o", "-"]);
  assert.equal(z.code, 0, z.stderr);
  assert.deepEqual(z.stdout, new Uint8Array(16));
});

Deno.test("cli: mem --search finds each needle in every task, with context", async () => {
  const r = await crit([
    "mem",
    FIX,
    "--search",
    "NEEDLE-7f3a-in-heap",
    "--context",
    "2",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.text.trimEnd().split("\n").map((l) =>
    l.split(/\s+/).join(" ").trim()
  );
  assert.deepEqual(lines, [
    "PID ADDRESS MAPPING MATCH",
    "10726 55c8e829b2a0 [heap] \\x00\\x00[NEEDLE-7f3a-in-heap]\\x00\\x00",
  ]);
  const re = await crit([
    "mem",
    FIX,
    "--pid",
    "10726",
    "--regex",
    "NEEDLE-stack-[0-9a-f]{4}",
  ]);
  assert.match(re.text, /10726 +7ffc683d1b10 +\[stack\] +NEEDLE-stack-9c01\n$/);
});

Deno.test("cli: mem usage errors exit 2", async () => {
  for (
    const args of [
      ["mem", FIX, "--addr", "0x1000", "--len", "1"],
      ["mem", FIX, "--pid", "10726", "--addr", "0x1000"],
      ["mem", FIX, "--search", "a", "--regex", "b"],
      ["mem", FIX, "--pid", "x"],
      ["mem", FIX, "--regex", "("],
      ["mem", FIX, "--pid", "10726", "--search", ""],
    ]
  ) {
    const r = await crit(args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, /crit: error: /);
    assert.equal(r.text, "", "nothing on stdout");
  }
});

Deno.test("cli: x DIR args prints each task's argv and environment", async () => {
  const r = await crit(["x", FIX, "args"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.text,
    "10726\n\targv  /opt/critfix/bin/memtruth --seed 1 --label 'hello world'\n" +
      "\tenv   PATH=/usr/local/bin:/usr/bin:/bin\n\tenv   HOME=/root\n\tenv   LANG=C.UTF-8\n" +
      "\tenv   MEMTRUTH_A=alpha\n\tenv   MEMTRUTH_B=beta gamma\n",
  );
});

/** The build id words of files.img, as the 20 bytes of each file's ELF note. */
async function buildIds(): Promise<Map<string, string>> {
  const { decodeSync } = await import("../../mod.ts");
  const files = decodeSync(await Deno.readFile(`${FIX}/files.img`)).entries;
  const out = new Map<string, string>();
  for (const f of files) {
    const reg = f.reg as JsonObject | undefined;
    const words = reg?.build_id as number[] | undefined;
    if (words) {
      out.set(
        reg!.name as string,
        hex(new Uint8Array(new Uint32Array(words).buffer)),
      );
    }
  }
  return out;
}

/**
 * The files behind the dump's file mappings, when this machine has the very
 * same builds: the host's libc and ld.so, and the program rebuilt from its
 * source (gcc -O2 reproduces it bit for bit).
 */
async function sameBuildFiles(): Promise<Map<string, Uint8Array>> {
  const ids = await buildIds();
  const out = new Map<string, Uint8Array>();
  const take = (path: string, bytes: Uint8Array) => {
    const id = ids.get(path);
    if (id !== undefined && hex(bytes).includes(id)) out.set(path, bytes);
  };
  for (const path of ids.keys()) {
    if (!path.startsWith("/usr/lib/")) continue;
    try {
      take(path, await Deno.readFile(path));
    } catch {
      // not on this machine
    }
  }
  const program = [...ids.keys()].find((p) => p.endsWith("/memtruth"));
  if (program) {
    const dir = await scratchDir();
    try {
      const gcc = await new Deno.Command("gcc", {
        args: [
          "-O2",
          "-Wall",
          "-pthread",
          "-o",
          `${dir}/memtruth`,
          `${FIX}/truth/memtruth.c`,
        ],
        stderr: "null",
      }).output();
      if (gcc.code === 0) take(program, await Deno.readFile(`${dir}/memtruth`));
    } catch {
      // no compiler
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  }
  return out;
}

const sameBuilds = await sameBuildFiles();

Deno.test({
  name:
    "14a: all 26 hashed VMAs match the truth with the files behind them (same build ids)",
  // Needs this machine's libc/ld.so and gcc to be the dump's very builds;
  // elsewhere it shows as ignored, not passed.
  ignore: sameBuilds.size < 3,
  fn: async () => {
    const mem = await new DumpMemory(denoDumpDir(FIX), {
      readMappedFile: (path, offset, length) => {
        const file = path === truth.c_file.path ? cFile : sameBuilds.get(path);
        return Promise.resolve(file?.subarray(offset, offset + length));
      },
    }).process(PID);
    let checked = 0;
    for (const v of truth.vmas) {
      if (v.sha256 === null) continue;
      const { bytes, missing } = await readVma(mem, v);
      assert.deepEqual(missing, [], `${v.start} ${v.path}`);
      assert.equal(await sha256Hex(bytes), v.sha256, `${v.start} ${v.path}`);
      checked++;
    }
    assert.equal(checked, 26);
  },
});

Deno.test("a file given for a mapping whose size differs from the dump's record is refused", async () => {
  const fown = { uid: 0, euid: 0, signum: 0, pid_type: 0, pid: 0 };
  const files = {
    "mm-1.img": mm([vma(0x10000, 0x12000, 0x41, { shmid: 3, flags: 0x02 })]),
    "pagemap-1.img": pm(1, []),
    "files.img": encodeSync({
      magic: "FILES",
      entries: [{
        type: "REG",
        id: 3,
        reg: {
          id: 3,
          flags: 0,
          pos: 0,
          fown,
          name: "/data/f.bin",
          size: 2 * PS,
        },
      }],
    }),
  };
  const given = (size: number) => ({
    readMappedFile: (path: string, offset: number, length: number) => {
      const bytes = new Uint8Array(size).fill(7);
      return Promise.resolve(
        path === "/data/f.bin"
          ? bytes.subarray(offset, offset + length)
          : undefined,
      );
    },
  });
  for (const size of [1000, 2 * PS - 1, 2 * PS + 1]) {
    await assert.rejects(
      new DumpMemory(memDir(files), given(size)).process(1),
      /\/data\/f\.bin: the file given for it is not the one that was mapped \(the dump records 8192 bytes\)/,
    );
  }
  const right = await new DumpMemory(memDir(files), given(2 * PS)).process(1);
  const r = await right.read(0x10000, 2 * PS);
  assert.deepEqual([r.missing, r.bytes.every((b) => b === 7)], [[], true]);
});

Deno.test("untouched pages of a private /dev/zero mapping are zeros, not a missing file", async () => {
  const fown = { uid: 0, euid: 0, signum: 0, pid_type: 0, pid: 0 };
  const files = {
    "mm-1.img": mm([vma(0x10000, 0x13000, 0x41, { shmid: 4, flags: 0x02 })]),
    "pagemap-1.img": pm(1, [e42(0x11000, 1, PE_PRESENT)]),
    "pages-1.img": page("written"),
    "files.img": encodeSync({
      magic: "FILES",
      entries: [{
        type: "REG",
        id: 4,
        reg: { id: 4, flags: 2, pos: 0, fown, name: "/dev/zero" },
      }],
    }),
  };
  const mem = await new DumpMemory(memDir(files)).process(1);
  const r = await mem.read(0x10000, 3 * PS);
  assert.deepEqual(r.missing, []);
  assert.deepEqual(
    r.bytes,
    cat(new Uint8Array(PS), page("written"), new Uint8Array(PS)),
  );
});

Deno.test("cli: an option that goes with --addr is named as typed", async () => {
  const r = await crit(["mem", FIX, "--pid", "10726", "-o", "/tmp/x"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /crit: error: -o goes with --addr\n$/);
});

Deno.test("cli: mem search: -i, --hex, --max-count, --json, grep's exit status, no header without a match", async () => {
  const blind = await crit(["mem", FIX, "--search", "needle-STACK-9c01", "-i"]);
  assert.equal(blind.code, 0, blind.stderr);
  assert.match(blind.text, /7ffc683d1b10 {2}\[stack\] +NEEDLE-stack-9c01\n$/);
  const hex = await crit([
    "mem",
    FIX,
    "--hex",
    "4e 45 45 44 4c 45 2d 73 74 61 63 6b",
    "--json",
  ]);
  assert.equal(hex.code, 0, hex.stderr);
  const items = JSON.parse(hex.text);
  assert.ok(
    items.some((m: { address: string }) => m.address === "0x7ffc683d1b10"),
  );
  assert.ok(items.every((m: { match: string }) => m.match === "NEEDLE-stack"));
  const two = await crit(["mem", FIX, "--search", "NEEDLE", "-m", "2"]);
  assert.equal(two.text.trimEnd().split("\n").length, 3, two.text);
  const none = await crit(["mem", FIX, "--search", "no-such-bytes-anywhere"]);
  assert.deepEqual([none.code, none.text], [1, ""]);
  const bad = await crit([
    "mem",
    FIX,
    "--search",
    "x",
    "--files",
    "/nonexistent",
  ]);
  assert.deepEqual([bad.code, bad.text], [1, ""]);
  assert.match(bad.stderr, /--files \/nonexistent: no such directory/);
});

Deno.test("cli: mem --pid takes a thread id for its process", async () => {
  const dir = `${root}tests/fixtures/07-threads`;
  const byPid = await crit(["mem", dir, "--pid", "26138"]);
  const byTid = await crit(["mem", dir, "--pid", "26141"]);
  assert.equal(byPid.code, 0, byPid.stderr);
  assert.equal(byTid.text, byPid.text);
});

Deno.test("cli: mem --pid summary fails on a pages file cut short", async () => {
  const dir = await scratchDir();
  for (const e of Deno.readDirSync(FIX)) {
    if (e.isFile) await Deno.copyFile(`${FIX}/${e.name}`, `${dir}/${e.name}`);
  }
  const pages = await Deno.readFile(`${dir}/pages-1.img`);
  await Deno.writeFile(`${dir}/pages-1.img`, pages.subarray(0, PS));
  const r = await crit(["mem", dir, "--pid", String(PID)]);
  assert.equal(r.code, 1);
  assert.equal(r.text, "");
  assert.match(
    r.stderr,
    /pages-1\.img is shorter than the \d+ bytes its PE_PRESENT entries need/,
  );
});
