/**
 * Large entries, end to end: gathered into one buffer as they arrive when
 * the input's size is known (ByteQueue.reserve), and their text handed out
 * as the WebAssembly writer writes it. The text is stringify()'s whatever
 * the chunking, also where the writer stops inside an element or refuses the
 * entry's own fields, and errors are decodeSync's.
 */
import assert from "node:assert/strict";
import {
  CriuImageError,
  decodeSync,
  ImageToJsonStream,
  stringify,
} from "../../mod.ts";
import { imageToJson } from "../../src/codec/image_to_json.ts";
import { ByteQueue } from "../../src/image/byte_queue.ts";
import {
  releaseWasmIntake,
  wasmIntake,
} from "../../src/message/wire_text_wasm.ts";
import { concatBytes } from "../../src/wire/bytes.ts";
import { entryImage } from "../_helpers/wire_builders.ts";
import { bigMm, mmParts, reversedVma } from "../_helpers/large_mm.ts";
import { runCli } from "../_helpers/run_cli.ts";
import { assertSameOutcome } from "../_helpers/same_outcome.ts";

const MiB = 2 ** 20;

/** Images of one large mm entry: as CRIU writes it, and three others. */
function cases(vmas: number): [string, Uint8Array][] {
  const { before, vmas: real, after } = mmParts();
  const list = Array.from({ length: vmas }, (_, k) => real[k % real.length]);
  // A VMA cut short: its length says more than its fields hold.
  const cut = (f: Uint8Array) => {
    const short = f.slice(0, f.length - 3);
    short[1] -= 3;
    return short;
  };
  return [
    ["as CRIU writes it", entryImage("MM", bigMm(vmas))],
    [
      "a VMA near the end out of field order",
      entryImage(
        "MM",
        bigMm(vmas, (k, f) => k === vmas - 50 ? reversedVma(f) : f),
      ),
    ],
    [
      "the entry's own fields out of order after the VMAs",
      entryImage(
        "MM",
        concatBytes([
          ...before.slice(0, -1),
          ...list,
          ...after,
          before[before.length - 1],
        ]),
      ),
    ],
    [
      "a VMA near the end cut short",
      entryImage("MM", bigMm(vmas, (k, f) => k === vmas - 50 ? cut(f) : f)),
    ],
  ];
}

/** What decodeSync and stringify make of `bytes`, or the error. */
function expected(bytes: Uint8Array, pretty: boolean): string | Error {
  try {
    return stringify(decodeSync(bytes, { pretty }), { pretty });
  } catch (e) {
    return e as Error;
  }
}

/**
 * imageToJson as the CLI drives it: the input size known, every chunk read
 * into the same buffer, or (`intoRoom`) into the converter's own when it
 * offers it (the WebAssembly writer's memory, as `crit decode` has it),
 * text out as bytes valid during the call.
 */
function cliWay(
  bytes: Uint8Array,
  size: number,
  pretty: boolean,
  intoRoom = false,
): string | Error {
  let out = "";
  const decoder = new TextDecoder();
  try {
    const converter = imageToJson(
      { pretty },
      (t) => out += t,
      (b) => out += decoder.decode(b),
      bytes.length,
      intoRoom,
    );
    const buf = new Uint8Array(size);
    for (let at = 0; at < bytes.length;) {
      const room = intoRoom ? converter.room() : undefined;
      const target = room ?? buf;
      const n = Math.min(size, target.length, bytes.length - at);
      target.set(bytes.subarray(at, at + n));
      converter.push(target.subarray(0, n));
      buf.fill(0xee); // what a reused buffer holds next is not the entry's
      at += n;
    }
    converter.end();
    return out;
  } catch (e) {
    return e as Error;
  }
}

Deno.test("a large entry's text handed out as it is written is stringify's, or decodeSync's error, in any chunking", async () => {
  let errors = 0;
  for (const [what, bytes] of cases(4000)) {
    for (const pretty of [false, true]) {
      const want = expected(bytes, pretty);
      if (want instanceof Error) errors++;
      for (const size of [bytes.length, 65536, 4096, 7]) {
        const label = `${what}, pretty=${pretty}, ${size}-byte chunks`;
        const parts: Uint8Array[] = [];
        for (let i = 0; i < bytes.length; i += size) {
          parts.push(bytes.slice(i, i + size));
        }
        let got: string | Error = "";
        try {
          for await (
            const t of ReadableStream.from(parts).pipeThrough(
              new ImageToJsonStream({ pretty }),
            )
          ) got += t;
        } catch (e) {
          got = e as Error;
        }
        assertSameOutcome(got, want, `stream: ${label}`);
        assertSameOutcome(
          cliWay(bytes, size, pretty),
          want,
          `CLI way: ${label}`,
        );
        assertSameOutcome(
          cliWay(bytes, size, pretty, true),
          want,
          `CLI way, read into the converter's room: ${label}`,
        );
      }
    }
  }
  assert.equal(errors, 2);
});

Deno.test("gathered as it arrives, a large entry fed a byte or a few at a time is whole", () => {
  const [[, bytes], [, reversed]] = cases(2000);
  assert.ok(bytes.length > 64 * 1024);
  for (const image of [bytes, reversed]) {
    for (const size of [1, 2, 7]) {
      assert.equal(cliWay(image, size, false), expected(image, false));
      assert.equal(cliWay(image, size, false, true), expected(image, false));
    }
  }
});

Deno.test("ByteQueue.reserve: the chunks after it arrive in one buffer, and what a chunk has past it is still owned", () => {
  const q = new ByteQueue();
  q.push(new Uint8Array([1, 2, 3]));
  q.skip(1);
  q.reserve(6);
  const reused = new Uint8Array([4, 5, 6, 7, 8, 9]);
  q.push(reused);
  q.own(reused);
  reused.fill(0);
  assert.equal(q.length, 8);
  const whole = q.take(6);
  assert.deepEqual([...whole], [2, 3, 4, 5, 6, 7]);
  // One buffer of the reserved size: nothing was copied again to take it.
  assert.equal(whole.buffer.byteLength, 6);
  // The two bytes past the reserve were copied before the chunk was reused.
  assert.deepEqual([...q.take(2)], [8, 9]);
  assert.equal(q.length, 0);
});

Deno.test("ByteQueue.room: input read into it is taken in place, mixed with chunks pushed as usual", () => {
  const q = new ByteQueue();
  assert.equal(q.room, undefined);
  q.push(new Uint8Array([1, 2]));
  q.reserve(8);
  // As the pump pushes: each chunk then owned, as if its buffer were reused.
  const push = (chunk: Uint8Array) => {
    q.push(chunk);
    q.own(chunk);
  };
  const room = q.room!;
  assert.equal(room.length, 6);
  room.set([3, 4]);
  push(room.subarray(0, 2));
  push(new Uint8Array([5])); // a chunk of the caller's: copied in
  const rest = q.room!;
  assert.equal(rest.length, 3);
  rest.set([6, 7, 8]);
  push(rest.subarray(0, 3));
  assert.equal(q.room, undefined);
  const whole = q.take(8);
  assert.deepEqual([...whole], [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(whole.buffer, room.buffer);
  assert.equal(q.length, 0);
});

Deno.test("a large entry read into the WebAssembly writer's memory leaves another converter meanwhile to the JavaScript writers", () => {
  const [[, bytes]] = cases(4000);
  const want = expected(bytes, false);
  const decoder = new TextDecoder();
  let a = "";
  let b = "";
  const alone = imageToJson(
    {},
    (t) => a += t,
    (x) => a += decoder.decode(x),
    bytes.length,
    true,
  );
  const other = imageToJson({}, (t) => b += t, (x) => b += decoder.decode(x));
  // Half of the entry into the module's memory; then the other converter
  // writes all of its own, then the first goes on.
  const half = bytes.length >> 1;
  alone.push(bytes.subarray(0, 100));
  const room = alone.room()!;
  assert.ok(room.length > half);
  room.set(bytes.subarray(100, half));
  alone.push(room.subarray(0, half - 100));
  // The memory is the first converter's until its entry is written.
  assert.equal(wasmIntake(16), undefined);
  other.push(bytes);
  other.end();
  const rest = alone.room()!;
  rest.set(bytes.subarray(half));
  alone.push(rest.subarray(0, bytes.length - half));
  alone.end();
  assert.equal(a, want);
  assert.equal(b, want);
  const free = wasmIntake(16);
  assert.ok(free);
  releaseWasmIntake(free);
});

Deno.test("a converter that fails while gathering into the WebAssembly writer's memory gives it back", () => {
  const [[, bytes]] = cases(4000);
  const cut = bytes.subarray(0, bytes.length - 10);
  for (let round = 0; round < 2; round++) {
    const converter = imageToJson({}, () => {}, undefined, bytes.length, true);
    converter.push(cut);
    assert.ok(converter.room() !== undefined);
    assert.equal(wasmIntake(16), undefined);
    assert.throws(() => converter.end(), CriuImageError);
    const free = wasmIntake(16);
    assert.ok(free, `round ${round}: the memory was not given back`);
    releaseWasmIntake(free);
  }
  assert.equal(cliWay(bytes, 65536, false, true), expected(bytes, false));
});

Deno.test("an entry announcing more than the input holds allocates nothing that big", () => {
  const bytes = entryImage("PSTREE", [0x08, 1], 0xffffffff);
  const before = Deno.memoryUsage().external;
  const converter = imageToJson(
    { maxEntrySize: 2 ** 32 },
    () => {},
    undefined,
    bytes.length,
  );
  converter.push(bytes);
  assert.throws(() => converter.end(), CriuImageError);
  const grown = Deno.memoryUsage().external - before;
  assert.ok(grown < 64 * MiB, `external memory grew by ${grown} bytes`);
});

Deno.test("crit decode of a large entry, and of one its writer stops inside, prints stringify's text", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    for (const [what, bytes] of cases(4000).slice(0, 2)) {
      const path = `${dir}/mm-1.img`;
      Deno.writeFileSync(path, bytes);
      for (const pretty of [false, true]) {
        const run = await runCli([
          "decode",
          ...(pretty ? ["--pretty"] : []),
          "-i",
          path,
        ]);
        assert.equal(run.code, 0, run.stderr);
        assert.equal(run.text, expected(bytes, pretty) + "\n", what);
      }
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
