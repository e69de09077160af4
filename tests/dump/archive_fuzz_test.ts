/**
 * Fuzzing the tar and metadata readers with seeded mutations of the real
 * archive: every outcome is an opened archive whose files read back at
 * their declared sizes, or a one-line ArchiveError / RangeError. Never
 * another error, a hang or a crash.
 */
import assert from "node:assert/strict";
import {
  ArchiveError,
  bytesSource,
  checkpointInfo,
  openCheckpointArchive,
} from "../../mod.ts";
import { counterTar, gzip } from "./_archives.ts";

/** xorshift32: the same mutations on every run. */
function prng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const plain = await counterTar();
/** Offsets of the member headers: where a mutation means most. */
const headers: number[] = [];
for (let at = 0; at + 512 <= plain.length;) {
  const block = plain.subarray(at, at + 512);
  if (block.every((b) => b === 0)) break;
  headers.push(at);
  const size = parseInt(new TextDecoder().decode(block.subarray(124, 136)), 8);
  at += 512 + Math.ceil(size / 512) * 512;
}

function mutate(bytes: Uint8Array, rand: () => number): Uint8Array {
  const out = bytes.slice();
  const kind = Math.floor(rand() * 4);
  if (kind === 0) return out.subarray(0, Math.floor(rand() * out.length));
  const n = 1 + Math.floor(rand() * 8);
  for (let i = 0; i < n; i++) {
    const base = kind === 3
      ? Math.floor(rand() * out.length)
      : headers[Math.floor(rand() * headers.length)] +
        (kind === 1 ? 124 + Math.floor(rand() * 12) : Math.floor(rand() * 512));
    out[base] = Math.floor(rand() * 256);
  }
  return out;
}

async function exercise(input: Blob | ReturnType<typeof bytesSource>) {
  try {
    const archive = await openCheckpointArchive(input, { maxBytes: 8 << 20 });
    for (const m of archive.members) {
      if (m.type !== "file") continue;
      try {
        assert.equal((await archive.read(m.name))?.length, m.size, m.name);
      } catch (e) {
        // Members a pass skipped say so; nothing else may go wrong.
        if (!/skipped/.test((e as Error).message)) throw e;
      }
    }
    await checkpointInfo({
      members: archive.members,
      read: (n) => archive.read(n),
    });
    archive.close();
  } catch (e) {
    if (e instanceof ArchiveError || e instanceof RangeError) {
      assert.ok(!e.message.includes("\n"), e.message);
      return;
    }
    throw e;
  }
}

Deno.test("fuzz: plain tar headers, sizes and bytes, read by seeking", async () => {
  const rand = prng(0x5eed1);
  for (let i = 0; i < 2000; i++) {
    await exercise(bytesSource(mutate(plain, rand)));
  }
});

Deno.test("fuzz: the same mutations through gzip, in one streaming pass", async () => {
  const rand = prng(0x5eed2);
  for (let i = 0; i < 150; i++) {
    await exercise(new Blob([await gzip(mutate(plain, rand)) as BufferSource]));
  }
});

Deno.test("fuzz: mutated gzip bytes", async () => {
  const gz = await gzip(plain);
  const rand = prng(0x5eed3);
  for (let i = 0; i < 150; i++) {
    const bad = gz.slice();
    bad[10 + Math.floor(rand() * (bad.length - 10))] ^= 1 <<
      Math.floor(rand() * 8);
    await exercise(new Blob([bad as BufferSource]));
  }
});

Deno.test("fuzz: mutated zstd bytes", async () => {
  const zst = await Deno.readFile(
    new URL("../fixtures/archives/counter.tar.zst", import.meta.url),
  );
  const rand = prng(0x5eed4);
  for (let i = 0; i < 150; i++) {
    const bad = zst.slice();
    bad[4 + Math.floor(rand() * (bad.length - 4))] ^= 1 <<
      Math.floor(rand() * 8);
    await exercise(new Blob([bad as BufferSource]));
  }
});
