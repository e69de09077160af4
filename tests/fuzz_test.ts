/**
 * Bad input never crashes, hangs, over-allocates or loses data: a fixed-seed
 * quick run of tools/fuzz.ts (the long run is `deno task fuzz --cases N`),
 * size fields claiming 4 GiB, and the bugs fuzzing found, pinned down.
 */
import assert from "node:assert/strict";
import {
  CriuImageError,
  decode,
  decodeSync,
  encodeSync,
  type JsonObject,
  parse,
  stringify,
} from "../mod.ts";
import { type Finding, runFuzz } from "../tools/fuzz.ts";

const root = new URL("..", import.meta.url).pathname;
const fixtures = `${root}tests/fixtures`;

/**
 * Findings the quick run still has, each reported and waiting for a change
 * outside the fuzzer's reach. Remove an entry once its cause is fixed.
 */
/** Findings that are known and reported; empty now that both groups are fixed. */
const KNOWN: { why: string; matches(f: Finding): boolean }[] = [];

Deno.test("fuzzing: a fixed-seed quick run finds nothing beyond the known, reported problems", async () => {
  const report = await runFuzz({
    fixtures,
    seed: 1,
    cases: 15000,
    stride: 4,
    // Generous, so a busy machine makes no noise: the linear-time tests
    // below pin down the slow paths fuzzing found.
    caseMs: 5000,
  });
  // The run really decoded and encoded things.
  for (const key of ["decode plain: ok", "decode pretty: ok", "encode: ok"]) {
    assert.ok((report.tally[key] ?? 0) > 100, `${key}: ${report.tally[key]}`);
  }
  assert.ok((report.tally["decode plain: CriuImageError"] ?? 0) > 1000);
  const unknown = report.findings.filter((f) =>
    !KNOWN.some((k) => k.matches(f))
  );
  assert.deepEqual(
    unknown.map((f) =>
      `[${f.kind}] case ${f.case}: ${f.input}: ${f.detail} ` +
      `(replay: deno task fuzz --seed 1 --case ${f.case})`
    ),
    [],
  );
});

Deno.test("fuzzing: a case is replayed from its seed and number alone", async () => {
  const dir = await Deno.makeTempDir();
  const save = async (name: string) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-R",
        "-W",
        "--allow-run",
        `${root}tools/fuzz.ts`,
        "--seed",
        "77",
        "--case",
        "500000",
        "--save",
        `${dir}/${name}`,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    return await Deno.readFile(`${dir}/${name}`);
  };
  const a = await save("a");
  assert.ok(a.length > 0);
  assert.deepEqual(await save("b"), a);
});

// ---------------------------------------------------------------------------
// Size fields claiming 4 GiB are refused before anything that big exists.
// ---------------------------------------------------------------------------

/** An image of `magic` with one entry whose size word says `size`. */
function claiming(magic: string, size: number, body: number[] = []) {
  const head = encodeSync({ magic, entries: [] });
  const out = new Uint8Array(head.length + 4 + body.length);
  out.set(head);
  new DataView(out.buffer).setUint32(head.length, size, true);
  out.set(body, head.length + 4);
  return out;
}

function externalGrowth(work: () => void): number {
  const before = Deno.memoryUsage().external;
  work();
  return Deno.memoryUsage().external - before;
}

const MiB = 2 ** 20;

Deno.test("an entry size of 4 GiB - 1 is a RangeError by default and a truncation error past the limit, without allocating", () => {
  const bytes = claiming("PSTREE", 0xffffffff, [0x08, 1]);
  assert.throws(
    () => decodeSync(bytes),
    (e) => e instanceof RangeError && /limit/.test(e.message),
  );
  let error: unknown;
  const grown = externalGrowth(() => {
    try {
      decodeSync(bytes, { maxEntrySize: 2 ** 32 });
    } catch (e) {
      error = e;
    }
  });
  assert.ok(error instanceof CriuImageError, String(error));
  assert.ok(grown < 64 * MiB, `external memory grew by ${grown} bytes`);
});

Deno.test("a stream announcing a 4 GiB entry and then ending is refused without buffering 4 GiB", async () => {
  const bytes = claiming("PSTREE", 0xffffffff);
  const chunks = [
    bytes,
    ...Array.from({ length: 3 }, () => new Uint8Array(MiB)),
  ];
  const before = Deno.memoryUsage().external;
  await assert.rejects(
    decode(ReadableStream.from(chunks), { maxEntrySize: 2 ** 32 }),
    CriuImageError,
  );
  const grown = Deno.memoryUsage().external - before;
  assert.ok(grown < 64 * MiB, `external memory grew by ${grown} bytes`);
});

Deno.test("a nested length prefix of 4 GiB - 1 is a CriuImageError", () => {
  // pstree_entry: pid 1, ppid 0, pgid 1, sid 1, then field 6 (unknown,
  // length-delimited) claiming 0xffffffff bytes.
  const body = [
    8,
    1,
    0x10,
    0,
    0x18,
    1,
    0x20,
    1,
    0x32,
    0xff,
    0xff,
    0xff,
    0xff,
    0x0f,
  ];
  const bytes = claiming("PSTREE", body.length, body);
  for (const options of [{}, { pretty: true }, { nopl: true }]) {
    assert.throws(() => decodeSync(bytes, options), CriuImageError);
  }
});

Deno.test("a pipe payload size of 4 GiB - 1 is a truncation error, also with --nopl", () => {
  // pipe_data_entry: pipe_id 1, bytes 0xffffffff; no payload follows.
  const body = [8, 1, 0x10, 0xff, 0xff, 0xff, 0xff, 0x0f];
  const bytes = claiming("PIPES_DATA", body.length, body);
  for (const options of [{}, { nopl: true }]) {
    let error: unknown;
    const grown = externalGrowth(() => {
      try {
        decodeSync(bytes, options);
      } catch (e) {
        error = e;
      }
    });
    assert.ok(error instanceof CriuImageError, String(error));
    assert.ok(grown < 64 * MiB, `external memory grew by ${grown} bytes`);
  }
});

// ---------------------------------------------------------------------------
// Regressions found by fuzzing.
// ---------------------------------------------------------------------------

Deno.test("an entry missing a required field is a CriuImageError, not JSON that encode refuses", () => {
  // pstree_entry with pid only: ppid, pgid and sid are required.
  const bytes = claiming("PSTREE", 2, [8, 7]);
  assert.throws(
    () => decodeSync(bytes),
    (e) =>
      e instanceof CriuImageError &&
      /missing required field ppid of pstree_entry/.test(e.message),
  );
  // Also inside a nested message: task_core_entry without comm.
  const tc = [8, 1, 0x10, 0, 0x18, 0, 0x20, 0, 0x28, 0];
  const core = [8, 1, 0x1a, tc.length, ...tc];
  assert.throws(
    () => decodeSync(claiming("CORE", core.length, core)),
    /missing required field comm of task_core_entry/,
  );
});

function repeat(piece: number[], times: number): number[] {
  const out = new Array(piece.length * times);
  for (let i = 0; i < out.length; i++) out[i] = piece[i % piece.length];
  return out;
}

Deno.test("a message field given many times is merged as protobuf says, in linear time", () => {
  // core_entry: mtype 1, then tc (field 3) in full with task_state 1 and
  // comm "a", then 300000 more tc pieces setting task_state 6: the last
  // value of a scalar wins, everything else is kept.
  const full = [8, 1, 0x10, 0, 0x18, 0, 0x20, 0, 0x28, 0, 0x32, 1, 0x61];
  const body = [
    8,
    1,
    0x1a,
    full.length,
    ...full,
    ...repeat([0x1a, 2, 8, 6], 300_000),
  ];
  const bytes = claiming("CORE", body.length, body);
  const t0 = performance.now();
  const image = decodeSync(bytes);
  const ms = performance.now() - t0;
  assert.deepEqual((image.entries[0] as JsonObject).tc, {
    task_state: 6,
    exit_code: 0,
    personality: 0,
    flags: 0,
    blk_sigset: 0,
    comm: "a",
  });
  assert.ok(ms < 3000, `took ${Math.round(ms)} ms`);
});

Deno.test("300000 unknown fields decode in linear time and keep their exact bytes", () => {
  const unknown = repeat([0xf8, 0x3e, 0], 300_000);
  const body = [8, 1, 0x10, 0, 0x18, 1, 0x20, 1, ...unknown];
  const bytes = claiming("PSTREE", body.length, body);
  const t0 = performance.now();
  const image = decodeSync(bytes);
  const ms = performance.now() - t0;
  const kept = atob(String((image.entries[0] as JsonObject)["@unknown"]));
  assert.equal(kept.length, unknown.length);
  assert.ok([...kept].every((c, i) => c.charCodeAt(0) === unknown[i]));
  assert.ok(ms < 3000, `took ${Math.round(ms)} ms`);
});

Deno.test("--pretty shows an address field as text only for 1 or 4 words; other counts stay numbers and encode back", async () => {
  const text = await Deno.readTextFile(
    `${fixtures}/04-tcp-udp/ref/files.img.raw.json`,
  );
  const image = parse(text);
  const entry = image.entries.find((e) => e.isk !== undefined)!;
  const isk = entry.isk as JsonObject;
  const cases: [number[], unknown][] = [
    [[0x0100007f], ["127.0.0.1"]],
    [[0, 0, 0, 0x01000000], ["::1"]],
    [[1, 2], [1, 2]],
    [[1, 2, 3], [1, 2, 3]],
    [[1, 2, 3, 4, 5], [1, 2, 3, 4, 5]],
  ];
  for (const [words, shown] of cases) {
    isk.src_addr = words;
    const bytes = encodeSync({ magic: "FILES", entries: [entry] });
    const pretty = decodeSync(bytes, { pretty: true });
    const back = (pretty.entries[0].isk as JsonObject).src_addr;
    assert.deepEqual(back, shown);
    assert.deepEqual(
      encodeSync(parse(stringify(pretty, { pretty: true }))),
      bytes,
    );
  }
});
