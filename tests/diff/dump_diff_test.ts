/**
 * diffDumps on 16a-diff-pair against the scenario's own record of what
 * changed (truth/changes.json: the program's report and two /proc
 * snapshots), and on every fixture dump against itself.
 */
import assert from "node:assert/strict";
import { compareMemory, diffDumps, DumpMemory } from "../../mod.ts";
import { denoDumpDir } from "../../src/dump/deno_dump_dir.ts";

const fixtures = new URL("../fixtures/", import.meta.url).pathname;
const pair = `${fixtures}16a-diff-pair`;
const truth = JSON.parse(
  await Deno.readTextFile(`${pair}/truth/changes.json`),
);
const observed = truth.observed;
const steps = truth.program.b.steps;
const PID = truth.program.a.parent.pid as number;

/**
 * Pages that differ besides the rewritten heap pages (SCENARIO.md, "Things a
 * diff tool has to get right"; symbols from objdump of bin/diffpair): the
 * program's report text in .bss (`js`), its SIGUSR1 flag `go`, errno in the
 * TLS (EINTR from sigsuspend) on the heap's first page, and the two top
 * pages of the stack (the signal frame and the calls that made the changes).
 */
const NOISE_PAGES = [
  0x4ab000,
  0x4af000,
  0x1e33f000,
  0x7ffddcfd6000,
  0x7ffddcfd7000,
];

const hex = (n: number | bigint) => "0x" + n.toString(16);

/** Open flags as /proc/PID/fdinfo gives them (octal) -> our text. */
function flagText(octal: string): string {
  const n = parseInt(octal, 8);
  const mode = ["O_RDONLY", "O_WRONLY", "O_RDWR"][n & 3];
  return n & 0o100000 ? `${mode} | O_LARGEFILE` : mode;
}

const diff = await diffDumps(
  denoDumpDir(`${pair}/a`),
  denoDumpDir(`${pair}/b`),
);

Deno.test("16a: processes added and removed are the ones /proc saw come and go", () => {
  assert.deepEqual(
    diff.processes.added.map((p) => p.pid),
    observed.processes_added,
  );
  assert.deepEqual(
    diff.processes.removed.map((p) => p.pid),
    observed.processes_removed,
  );
  const comm = (list: { pid: number; comm: string }[], pid: number) =>
    list.find((p) => p.pid === pid)?.comm;
  for (const p of diff.processes.added) {
    assert.equal(p.comm, comm(observed.processes_b, p.pid));
  }
  for (const p of diff.processes.removed) {
    assert.equal(p.comm, comm(observed.processes_a, p.pid));
  }
});

Deno.test("16a: the surviving process changed its comm and cwd, nothing else", () => {
  const per = observed.per_process[String(PID)];
  assert.deepEqual(diff.processes.changed, [{
    pid: PID,
    comm: per.comm.b,
    changes: {
      comm: [per.comm.a, per.comm.b],
      cwd: [per.cwd.a, per.cwd.b],
    },
  }]);
  assert.deepEqual(per.threads_added, []);
  assert.deepEqual(diff.threads, { added: [], removed: [] });
});

Deno.test("16a: files added and changed are the fds /proc saw added and changed", () => {
  const per = observed.per_process[String(PID)];
  assert.deepEqual(
    diff.files.added.map((f) => [f.pid, f.fd, f.path]),
    per.fds_added.map((
      f: { fd: number; target: string },
    ) => [PID, f.fd, f.target]),
  );
  assert.deepEqual(diff.files.removed, per.fds_removed);
  assert.equal(diff.files.changed.length, per.fds_changed.length);
  const [seen] = per.fds_changed;
  const [ours] = diff.files.changed;
  assert.equal(ours.fd, seen.fd);
  assert.deepEqual(ours.changes.path, [seen.target.a, seen.target.b]);
  assert.deepEqual(ours.changes.flags, [
    flagText(seen.flags.a),
    flagText(seen.flags.b),
  ]);
  // A socket has no file position in the image (/proc shows 0).
  assert.deepEqual(ours.changes.pos, [Number(seen.pos.a), null]);
  assert.deepEqual(ours.changes.type, ["REG", "INETSK"]);
  assert.deepEqual(Object.keys(ours.changes).sort(), [
    "flags",
    "path",
    "pos",
    "type",
  ]);
});

Deno.test("16a: the one socket added is the listener of /proc/net/tcp", () => {
  // "0: 0100007F:238B 00000000:0000 0A ..." = 127.0.0.1:9099, LISTEN.
  const line = observed.net_b.tcp[1].trim().split(/\s+/);
  const [ip, port] = line[1].split(":");
  const addr = ip.match(/../g)!.reverse().map((b: string) => parseInt(b, 16))
    .join(".");
  assert.equal(line[3], "0A");
  const listen = steps.find((s: { step: number }) => s.step === 4).tcp_listen;
  assert.deepEqual(diff.sockets, {
    added: [{
      pid: PID,
      fd: listen.fd,
      protocol: "TCP",
      state: "LISTEN",
      src: addr,
      src_port: parseInt(port, 16),
      dst: "0.0.0.0",
      dst_port: 0,
    }],
    removed: [],
    changed: [],
  });
  assert.equal(addr, listen.addr);
  assert.equal(parseInt(port, 16), listen.port);
});

Deno.test("16a: mappings added and removed are the VMAs /proc saw mapped and unmapped", () => {
  const per = observed.per_process[String(PID)];
  const vma = (v: { start: string; end: string; perms: string }) => [
    PID,
    hex(BigInt(v.start)),
    hex(BigInt(v.end)),
    v.perms,
  ];
  const ours = (
    m: { pid: number; start: string; end: string; prot: string },
  ) => [
    m.pid,
    m.start,
    m.end,
    m.prot,
  ];
  assert.deepEqual(diff.mappings.added.map(ours), per.vmas_added.map(vma));
  assert.deepEqual(diff.mappings.removed.map(ours), per.vmas_removed.map(vma));
  assert.deepEqual(diff.mappings.changed, []);
  // Every page of the new 64 KiB and the old 32 KiB region was written.
  const step5 = steps.find((s: { step: number }) => s.step === 5);
  assert.equal(diff.mappings.added[0].pages, step5.mmap_new.len / 4096);
  assert.equal(diff.mappings.removed[0].pages, step5.munmap.len / 4096);
});

Deno.test("16a: the changed pages are the rewritten heap pages and the known bookkeeping", () => {
  const step5 = steps.find((s: { step: number }) => s.step === 5);
  const expected = [
    ...step5.heap_pages_rewritten.map((p: { addr: string }) =>
      parseInt(p.addr, 16)
    ),
    ...NOISE_PAGES,
  ].sort((a, b) => a - b);
  const pages: number[] = [];
  for (const m of diff.memory) {
    assert.equal(m.pid, PID);
    assert.equal(m.pages_only_in_a, 0);
    assert.equal(m.pages_only_in_b, 0);
    let n = 0;
    for (const [from, to] of m.changed_ranges) {
      for (let p = parseInt(from, 16); p < parseInt(to, 16); p += 4096) {
        pages.push(p);
        n++;
      }
    }
    assert.equal(n, m.pages_changed);
  }
  assert.deepEqual(pages.sort((a, b) => a - b), expected);
});

Deno.test("16a: bytes changed in the heap buffer are those of the two patterns", async () => {
  const a = truth.program.a.heap_buffer;
  const step5 = steps.find((s: { step: number }) => s.step === 5);
  // The patterns of SCENARIO.md: header DIFF-A/B-HEAP-PAGE-<k>, then
  // byte[i] = (i*7 + k) & 0xff in A and (i*11 + k + 0x80) & 0xff in B.
  const page = (k: number, b: boolean) => {
    const bytes = new Uint8Array(4096);
    bytes.set(new TextEncoder().encode(`DIFF-${b ? "B" : "A"}-HEAP-PAGE-${k}`));
    for (let i = 32; i < 4096; i++) {
      bytes[i] = b ? (i * 11 + k + 0x80) & 0xff : (i * 7 + k) & 0xff;
    }
    return bytes;
  };
  let expected = 0;
  for (const p of step5.heap_pages_rewritten) {
    const x = page(p.page, false);
    const y = page(p.page, true);
    for (let i = 0; i < 4096; i++) if (x[i] !== y[i]) expected++;
  }
  const ma = await new DumpMemory(denoDumpDir(`${pair}/a`)).process(PID);
  const mb = await new DumpMemory(denoDumpDir(`${pair}/b`)).process(PID);
  // The reader gives the pattern back: the bytes compared are the right ones.
  const k = step5.heap_pages_rewritten[0].page;
  const at = BigInt(step5.heap_pages_rewritten[0].addr);
  assert.deepEqual((await mb.read(at, 4096)).bytes, page(k, true));
  assert.deepEqual((await ma.read(at, 4096)).bytes, page(k, false));
  const start = BigInt(a.start);
  const d = await compareMemory(ma, mb, start, start + BigInt(a.len), {
    chunkSize: 8192,
  });
  assert.equal(d.pagesChanged, step5.heap_pages_rewritten.length);
  assert.equal(d.bytesChanged, expected);
});

Deno.test("16a: --no-memory leaves memory out and the rest as it is", async () => {
  const d = await diffDumps(
    denoDumpDir(`${pair}/a`),
    denoDumpDir(`${pair}/b`),
    {
      memory: false,
    },
  );
  assert.deepEqual(d.memory, []);
  assert.deepEqual({ ...d, memory: [] }, { ...diff, memory: [] });
});

Deno.test("16a: showUnchanged lists every mapping /proc saw in both moments", async () => {
  const d = await diffDumps(
    denoDumpDir(`${pair}/a`),
    denoDumpDir(`${pair}/b`),
    {
      showUnchanged: true,
    },
  );
  const starts = async (name: string) =>
    (await Deno.readTextFile(`${pair}/truth/${name}`)).trim().split("\n")
      // CRIU keeps [vvar_vclock] inside the [vvar] VMA before it.
      .filter((l) => !l.endsWith("[vvar_vclock]"))
      .map((l) => "0x" + BigInt("0x" + l.split("-")[0]).toString(16));
  const a = await starts("maps-a.txt");
  const both = (await starts("maps-b.txt")).filter((s) => a.includes(s));
  assert.deepEqual(d.memory.map((m) => m.start), both);
  assert.deepEqual(d.memory.filter((m) => m.pages_changed > 0), diff.memory);
});

/** Every dump directory among the fixtures (16a's two dumps included). */
async function fixtureDumps(): Promise<string[]> {
  const out: string[] = [];
  const visit = async (dir: string, depth: number) => {
    try {
      await Deno.stat(`${dir}/pstree.img`);
      out.push(dir);
    } catch {
      // Not a dump.
    }
    if (depth === 0) return;
    for await (const e of Deno.readDir(dir)) {
      if (e.isDirectory && e.name !== "ref" && e.name !== "truth") {
        await visit(`${dir}/${e.name}`, depth - 1);
      }
    }
  };
  await visit(fixtures.replace(/\/$/, ""), 2);
  return out.sort();
}

Deno.test("every fixture dump diffed with itself: nothing", async () => {
  const dumps = await fixtureDumps();
  assert.ok(dumps.length >= 19, `found ${dumps.length} dumps`);
  for (const path of dumps) {
    const d = await diffDumps(denoDumpDir(path), denoDumpDir(path), {
      showUnchanged: true,
    });
    const name = path.slice(fixtures.length);
    for (const s of [d.processes, d.files, d.sockets, d.mappings]) {
      assert.deepEqual([s.added, s.removed, s.changed], [[], [], []], name);
    }
    assert.deepEqual(d.threads, { added: [], removed: [] }, name);
    for (const m of d.memory) {
      assert.deepEqual(
        [
          m.pages_changed,
          m.bytes_changed,
          m.pages_only_in_a,
          m.pages_only_in_b,
        ],
        [0, 0, 0, 0],
        `${name} ${m.pid} ${m.start}`,
      );
    }
  }
});

Deno.test("16a: B against A is A against B turned round", async () => {
  const r = await diffDumps(denoDumpDir(`${pair}/b`), denoDumpDir(`${pair}/a`));
  for (const k of ["processes", "files", "sockets", "mappings"] as const) {
    assert.deepEqual(r[k].added, diff[k].removed, k);
    assert.deepEqual(r[k].removed, diff[k].added, k);
  }
  assert.deepEqual(
    r.processes.changed.map((c) => Object.entries(c.changes)),
    diff.processes.changed.map((c) =>
      Object.entries(c.changes).map(([k, [x, y]]) => [k, [y, x]])
    ),
  );
  assert.deepEqual(
    r.memory.map((m) => [m.pages_changed, m.bytes_changed, m.changed_ranges]),
    diff.memory.map((
      m,
    ) => [m.pages_changed, m.bytes_changed, m.changed_ranges]),
  );
});

Deno.test("dumps of different workloads diff without errors", async () => {
  const names = [
    "01-sleep",
    "07-threads",
    "13d-zombie-stopped-dead",
    "03b-unix-sockets",
  ];
  for (const x of names) {
    for (const y of names) {
      if (x === y) continue;
      const d = await diffDumps(
        denoDumpDir(`${fixtures}${x}`),
        denoDumpDir(`${fixtures}${y}`),
      );
      // Different runs share no pid here: all added and removed.
      assert.equal(d.processes.changed.length, 0, `${x} ${y}`);
      assert.ok(d.processes.added.length > 0 && d.processes.removed.length > 0);
    }
  }
});
