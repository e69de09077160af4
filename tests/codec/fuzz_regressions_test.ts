/**
 * Bad input the fuzzer (tools/fuzz) found or aims at, pinned down: size
 * fields claiming 4 GiB are refused before anything that big exists, and the
 * bugs fuzzing found stay fixed.
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
} from "../../mod.ts";
import { entryImage, repeatBytes } from "../_helpers/wire_builders.ts";

const fixtures = new URL("../fixtures", import.meta.url).pathname;

// ---------------------------------------------------------------------------
// Size fields claiming 4 GiB are refused before anything that big exists.
// ---------------------------------------------------------------------------

function externalGrowth(work: () => void): number {
  const before = Deno.memoryUsage().external;
  work();
  return Deno.memoryUsage().external - before;
}

const MiB = 2 ** 20;

Deno.test("an entry size of 4 GiB - 1 is a RangeError by default and a truncation error past the limit, without allocating", () => {
  const bytes = entryImage("PSTREE", [0x08, 1], 0xffffffff);
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
  const bytes = entryImage("PSTREE", [], 0xffffffff);
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
  const bytes = entryImage("PSTREE", body);
  for (const options of [{}, { pretty: true }, { nopl: true }]) {
    assert.throws(() => decodeSync(bytes, options), CriuImageError);
  }
});

Deno.test("a pipe payload size of 4 GiB - 1 is a truncation error, also with --nopl", () => {
  // pipe_data_entry: pipe_id 1, bytes 0xffffffff; no payload follows.
  const body = [8, 1, 0x10, 0xff, 0xff, 0xff, 0xff, 0x0f];
  const bytes = entryImage("PIPES_DATA", body);
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
  const bytes = entryImage("PSTREE", [8, 7], 2);
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
    () => decodeSync(entryImage("CORE", core)),
    /missing required field comm of task_core_entry/,
  );
});

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
    ...repeatBytes([0x1a, 2, 8, 6], 300_000),
  ];
  const bytes = entryImage("CORE", body);
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
  const unknown = repeatBytes([0xf8, 0x3e, 0], 300_000);
  const body = [8, 1, 0x10, 0, 0x18, 1, 0x20, 1, ...unknown];
  const bytes = entryImage("PSTREE", body);
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
