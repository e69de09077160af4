/**
 * The proof of `crit core` on x86_64: the 15a-coredump-static dump (a real
 * CRIU 4.2 dump of a static, -g, three-thread program) converted by the real
 * CLI and read by gdb with the program's binary, against what gdb printed on
 * the live process just before the dump (truth/gdb-live*.txt), the /proc
 * maps (truth/maps.txt), crit 4.2's JSON of the core images
 * (ref/core-*.img.raw.json) and gdb's own gcore of the process
 * (truth/gcore.json, derived by truth/derive_gcore.py).
 */
import assert from "node:assert/strict";
import { sha256Hex } from "../_helpers/hex.ts";
import { crit, fixtures, gdb, run, tempDir } from "./_tools.ts";

const FIX = `${fixtures}/15a-coredump-static`;
const EXE = `${FIX}/bin/coretarget`;
const TIDS = [7844, 7845, 7846];

/** Frame lines (`#0 ...`) of each thread of `thread apply all bt`, by LWP. */
function backtraces(text: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  let lwp = 0;
  for (const line of text.split("\n")) {
    const head = line.match(/^Thread \d+ \(Thread 0x[0-9a-f]+ \(LWP (\d+)\)/);
    if (head) {
      lwp = Number(head[1]);
      out.set(lwp, []);
    } else if (lwp && /^#\d+ /.test(line)) {
      out.get(lwp)!.push(line.replace(/\s+/g, " "));
    } else if (line.trim() === "") lwp = 0;
  }
  return out;
}

/** `name value ...` register lines per thread, by LWP. */
function registers(text: string): Map<number, Map<string, string>> {
  const out = new Map<number, Map<string, string>>();
  let regs: Map<string, string> | undefined;
  for (const line of text.split("\n")) {
    const head = line.match(/^Thread \d+ \(Thread 0x[0-9a-f]+ \(LWP (\d+)\)/);
    if (head) {
      regs = out.get(Number(head[1])) ?? new Map();
      out.set(Number(head[1]), regs);
      continue;
    }
    const m = line.match(/^([a-z][a-z0-9_]*)\s+(.*)$/);
    if (regs && m && !line.startsWith("Thread")) {
      regs.set(m[1], m[2].replace(/\s+/g, " ").trim());
    }
  }
  return out;
}

/** Thread pointers of `info threads`, by LWP. */
function threadPointers(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const m of text.matchAll(/Thread (0x[0-9a-f]+) \(LWP (\d+)\)/g)) {
    out.set(Number(m[2]), m[1]);
  }
  return out;
}

const truth = (name: string) => Deno.readTextFileSync(`${FIX}/truth/${name}`);

async function convert(extra: string[]): Promise<[string, string, () => void]> {
  const [dir, clean] = tempDir();
  const r = await crit(["core", FIX, "-o", dir, ...extra]);
  assert.equal(r.code, 0, r.stderr);
  return [`${dir}/core.7844`, r.stdout, clean];
}

Deno.test("crit core 15a: the report line says where the bytes came from", async () => {
  const [, out, clean] = await convert(["--files", `${FIX}/bin`]);
  try {
    // pages-1.img holds 211 pages; the five mappings of the binary are
    // 181 pages, 2 + 2 + 3 of them dumped; [vvar] 6 and [vsyscall] 1 page.
    assert.match(
      out,
      /core\.7844: x86_64, 3 threads, 15 segments, \d+ bytes; memory: 864256 from the dump, 741376 from files, 0 zeros, 0 missing \(zeros\); not in the core: 28672 \[vvar\]\/\[vsyscall\]\n$/,
    );
  } finally {
    clean();
  }
});

for (const files of [true, false]) {
  const how = files ? "with --files" : "without --files";
  Deno.test(`crit core 15a ${how}: gdb shows the live threads, backtraces, registers, markers`, async () => {
    const [core, , clean] = await convert(
      files ? ["--files", `${FIX}/bin`] : [],
    );
    try {
      const live = truth("gdb-live.txt");
      const ours = await gdb(EXE, core, [
        "info threads",
        "thread apply all bt",
        "thread apply all info registers",
        "thread apply all info registers fs_base",
        "x/s 0x4b90f0",
        "x/s 0x124d710",
        "x/s 0x7fffa70aa610",
        "x/gx 0x7f4c9f7ee200",
      ]);
      const pointers = threadPointers(ours);
      assert.deepEqual(pointers, threadPointers(live));
      assert.deepEqual(backtraces(ours), backtraces(live));
      const liveRegs = registers(live);
      const ourRegs = registers(ours);
      for (const tid of TIDS) {
        const want = liveRegs.get(tid)!;
        const got = ourRegs.get(tid)!;
        assert.ok(want.size >= 24, `truth has the registers of ${tid}`);
        for (const [name, value] of want) {
          // Opmask registers: checked against the image in the vector test.
          if (/^k[0-7]$/.test(name)) continue;
          assert.equal(got.get(name), value, `${tid} ${name}`);
        }
        // gdb 13 printed no fs_base live; the thread pointer is fs_base.
        assert.equal(got.get("fs_base")?.split(" ")[0], pointers.get(tid));
      }
      assert.match(
        ours,
        /0x4b90f0 <global_marker>:\s+"CORE-MARKER-GLOBAL-1234"/,
      );
      assert.match(ours, /0x124d710:\s+"CORE-MARKER-HEAP-5678"/);
      assert.match(ours, /0x7fffa70aa610:\s+"CORE-MARKER-STACK-9abc"/);
      assert.match(ours, /0x7f4c9f7ee200:\s+0x44dfe185ca57c517/);
      assert.match(ours, /Program terminated with signal SIGSTOP/);
      assert.match(
        ours,
        /Core was generated by `\/tmp\/fixture-core\/coretarget'/,
      );
    } finally {
      clean();
    }
  });
}

Deno.test("crit core 15a: info proc mappings lists the file mappings of /proc/PID/maps", async () => {
  const [core, , clean] = await convert([]);
  try {
    const ours = await gdb(EXE, core, ["info proc mappings"]);
    const rows = (text: string) =>
      [...text.matchAll(
        /^\s*0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\/\S+)/gm,
      )].map((
        m,
      ) => [
        BigInt(`0x${m[1]}`),
        BigInt(`0x${m[2]}`),
        BigInt(`0x${m[3]}`),
        m[4],
      ]);
    const maps = [
      ...truth("maps.txt").matchAll(
        /^([0-9a-f]+)-([0-9a-f]+) \S+ ([0-9a-f]+) \S+ [1-9]\d*\s+(\/\S+)/gm,
      ),
    ].map((
      m,
    ) => [BigInt(`0x${m[1]}`), BigInt(`0x${m[2]}`), BigInt(`0x${m[3]}`), m[4]]);
    assert.equal(maps.length, 5);
    assert.deepEqual(rows(ours), maps);
  } finally {
    clean();
  }
});

/** JSON with every integer as a bigint, exact above 2^53. */
function parseExact(text: string) {
  // The reviver's third argument (the source text) is newer than the
  // TypeScript library's signature.
  const reviver = (_k: string, v: unknown, ctx?: { source?: string }) =>
    typeof v === "number" && /^-?\d+$/.test(ctx?.source ?? "")
      ? BigInt(ctx!.source!)
      : v;
  return JSON.parse(text, reviver as (k: string, v: unknown) => unknown);
}

/** The 8 qwords of zmmN as gdb prints them (v8_int64). */
function zmmWords(value: string): bigint[] {
  const m = value.match(/v8_int64 = \{([^}]*)\}/);
  assert.ok(m, value);
  return m[1].split(",").map((s) => BigInt(s.trim()));
}

Deno.test("crit core 15a: gdb's vector, x87 and opmask registers are the image's", async () => {
  const [core, , clean] = await convert(["--files", `${FIX}/bin`]);
  try {
    const ours = registers(
      await gdb(EXE, core, ["thread apply all info all-registers"]),
    );
    const live = registers(truth("gdb-live-extra.txt"));
    for (const tid of TIDS) {
      const got = ours.get(tid)!;
      // crit 4.2's JSON of the thread's core image.
      const image =
        parseExact(Deno.readTextFileSync(`${FIX}/ref/core-${tid}.img.raw.json`))
          .entries[0];
      const fp = image.thread_info.fpregs;
      const xs = fp.xsave;
      const bv = BigInt(xs.xstate_bv);
      const u32 = (list: bigint[], i: number) => list[i] ?? 0n;
      const pair = (list: bigint[], i: number) =>
        u32(list, i) | (u32(list, i + 1) << 32n);
      for (let n = 0; n < 32; n++) {
        const want: bigint[] = [];
        if (n < 16) {
          const sse = bv & 2n;
          want.push(
            sse ? pair(fp.xmm_space, 4 * n) : 0n,
            sse ? pair(fp.xmm_space, 4 * n + 2) : 0n,
          );
          const avx = bv & 4n;
          want.push(
            avx ? pair(xs.ymmh_space, 4 * n) : 0n,
            avx ? pair(xs.ymmh_space, 4 * n + 2) : 0n,
          );
          for (let k = 0; k < 4; k++) {
            want.push(bv & 64n ? BigInt(xs.zmm_upper[4 * n + k]) : 0n);
          }
        } else {
          for (let k = 0; k < 8; k++) {
            want.push(
              bv & 128n ? BigInt(xs.hi16_zmm[8 * (n - 16) + k]) : 0n,
            );
          }
        }
        assert.deepEqual(zmmWords(got.get(`zmm${n}`)!), want, `${tid} zmm${n}`);
      }
      for (let k = 0; k < 8; k++) {
        const want = bv & 32n ? BigInt(xs.opmask_reg[k]) : 0n;
        assert.equal(got.get(`k${k}`)?.split(" ")[0], `0x${want.toString(16)}`);
      }
      // Everything else gdb showed live (x87, mxcsr, general registers)
      // is the same. The live opmask and zmm16-31 values are zeros where
      // the image has values (see the README, "Core files for gdb"), so they are checked
      // against the image above only.
      for (const [name, value] of live.get(tid)!) {
        if (/^(k[0-7]|zmm(1[6-9]|2\d|3[01]))$/.test(name)) continue;
        assert.equal(got.get(name), value, `${tid} ${name}`);
      }
    }
    // The marker double of thread 7845 in xmm7.
    assert.equal(
      zmmWords(ours.get(7845)!.get("zmm7")!)[0],
      0x44dfe185ca57c517n,
    );
  } finally {
    clean();
  }
});

interface Load {
  offset: number;
  vaddr: bigint;
  filesz: number;
  memsz: number;
  flags: string;
}

/** PT_LOAD headers as readelf prints them. */
async function loads(core: string): Promise<Load[]> {
  const r = await run("readelf", ["-lW", core]);
  assert.equal(r.code, 0, r.stderr);
  return [...r.stdout.matchAll(
    /^\s*LOAD\s+0x([0-9a-f]+) 0x([0-9a-f]+) 0x[0-9a-f]+ 0x([0-9a-f]+) 0x([0-9a-f]+) (.{3}) 0x/gm,
  )].map((m) => ({
    offset: parseInt(m[1], 16),
    vaddr: BigInt(`0x${m[2]}`),
    filesz: parseInt(m[3], 16),
    memsz: parseInt(m[4], 16),
    flags: m[5],
  }));
}

Deno.test("crit core 15a: PT_LOADs and writable memory are gcore's", async () => {
  const [core, , clean] = await convert(["--files", `${FIX}/bin`]);
  try {
    const gcore = JSON.parse(truth("gcore.json")).loads as {
      vaddr: string;
      memsz: string;
      filesz: string;
      pages?: string[];
    }[];
    const ours = await loads(core);
    const bytes = Deno.readFileSync(core);
    for (const g of gcore) {
      // CRIU does not dump [vsyscall]; gdb read the page through ptrace.
      if (g.vaddr === "0xffffffffff600000") continue;
      const mine = ours.find((l) => l.vaddr === BigInt(g.vaddr));
      assert.ok(mine, `gcore's segment at ${g.vaddr}`);
      assert.equal(mine.memsz, parseInt(g.memsz, 16), g.vaddr);
      // gdb reads every VMA through ptrace, so every byte is there.
      assert.equal(mine.filesz, parseInt(g.filesz, 16), g.vaddr);
      for (const [i, hash] of (g.pages ?? []).entries()) {
        const at: number = mine.offset + i * 4096;
        assert.equal(
          await sha256Hex(bytes.subarray(at, at + 4096)),
          hash,
          `page ${BigInt(g.vaddr) + BigInt(i * 4096)}`,
        );
      }
    }
    // Ours has two more: the binary's .rodata mapping (gcore's filter left
    // it out) and [vvar] (not dumped, as by the kernel).
    const extra = ours.filter((l) =>
      !gcore.some((g) => BigInt(g.vaddr) === l.vaddr)
    ).map((l) => [`0x${l.vaddr.toString(16)}`, l.filesz, l.memsz]);
    assert.deepEqual(extra, [
      ["0x48b000", 0x2a000, 0x2a000],
      ["0x7f4c9f7ef000", 0, 0x6000],
    ]);
  } finally {
    clean();
  }
});

Deno.test("crit core 15a: --registers criu keeps CRIU's restart state", async () => {
  const [dir, clean] = tempDir();
  try {
    const r = await crit(["core", FIX, "-o", dir, "--registers", "criu"]);
    assert.equal(r.code, 0, r.stderr);
    const regs = registers(
      await gdb(EXE, `${dir}/core.7844`, ["thread apply all info registers"]),
    );
    // core-*.img: rax = orig_rax = the syscall number, rip - 2.
    assert.equal(regs.get(7844)!.get("rax"), "0x22 34");
    assert.match(regs.get(7844)!.get("rip")!, /^0x43b170 /);
    assert.equal(regs.get(7846)!.get("rax"), "0xca 202");
    assert.match(regs.get(7846)!.get("rip")!, /^0x4017bc /);
  } finally {
    clean();
  }
});

Deno.test("crit core 15a: eu-stack unwinds the live call chains", async () => {
  const [core, , clean] = await convert([]);
  try {
    const r = await run("eu-stack", ["--core", core, "--executable", EXE]);
    // It exits 1 when an unwind ends below the first frame of a thread
    // (static glibc's entry points have no CFI); anything else is wrong.
    for (const line of r.stderr.split("\n").filter((l) => l)) {
      assert.match(line, /No DWARF information found$/);
    }
    const stacks = new Map<number, string[]>();
    let tid = 0;
    for (const line of r.stdout.split("\n")) {
      const head = line.match(/^TID (\d+):/);
      if (head) stacks.set(tid = Number(head[1]), []);
      const frame = line.match(/^#\d+\s+(0x[0-9a-f]+)/);
      if (frame && tid) stacks.get(tid)!.push(frame[1]);
    }
    // Every frame gdb showed live, in order, at the top of eu-stack's.
    for (const [lwp, frames] of backtraces(truth("gdb-live.txt"))) {
      const live = frames.map((f) => f.match(/^#\d+ (0x[0-9a-f]+)/)![1]);
      assert.deepEqual(
        stacks.get(lwp)!.slice(0, live.length).map((a) => BigInt(a)),
        live.map((a) => BigInt(a)),
        `thread ${lwp}`,
      );
    }
    assert.equal(stacks.size, 3);
  } finally {
    clean();
  }
});
