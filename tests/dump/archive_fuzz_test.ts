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

/** A random JSON value, often with the keys the metadata reader looks for. */
function randomJson(rand: () => number, depth = 0): unknown {
  const keys = [
    "name",
    "id",
    "rootfsImageName",
    "runtime",
    "createdTime",
    "checkpointedTime",
    "annotations",
    "mounts",
    "destination",
    "type",
    "source",
    "interfaces",
    "subnets",
    "ipnet",
    "gateway",
    "mac_address",
    "io.container.manager",
    "io.kubernetes.cri-o.Metadata",
    "podman",
  ];
  const pick = Math.floor(rand() * (depth > 3 ? 5 : 7));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return rand() < 0.5;
    case 2:
      return Math.floor(rand() * 1e6) - 5e5;
    case 3:
      return ["libpod", "cri-o", "", "x".repeat(3), "2026-01-01T00:00:00Z"][
        Math.floor(rand() * 5)
      ];
    case 4:
      return "{" + String(Math.floor(rand() * 100));
    case 5:
      return Array.from(
        { length: Math.floor(rand() * 4) },
        () => randomJson(rand, depth + 1),
      );
    default: {
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(rand() * 5); i > 0; i--) {
        o[keys[Math.floor(rand() * keys.length)]] = randomJson(rand, depth + 1);
      }
      return o;
    }
  }
}

Deno.test("fuzz: metadata files of any JSON shape", async () => {
  const rand = prng(0x5eed5);
  const text = new TextEncoder();
  for (let i = 0; i < 3000; i++) {
    const files: Record<string, Uint8Array> = {};
    for (const name of ["config.dump", "spec.dump", "network.status"]) {
      if (rand() < 0.9) {
        files[name] = text.encode(JSON.stringify(randomJson(rand)));
      }
    }
    try {
      const info = await checkpointInfo({
        members: Object.entries(files).map(([name, b]) => ({
          name,
          type: "file",
          size: b.length,
        })),
        read: (name) => Promise.resolve(files[name]),
      });
      if (info) {
        assert.equal(typeof info.containerName, "string");
        assert.ok(Array.isArray(info.networks) && Array.isArray(info.mounts));
      }
    } catch (e) {
      if (!(e instanceof ArchiveError)) throw e;
      assert.ok(!e.message.includes("\n"));
    }
  }
});

Deno.test("fuzz: mutated xz bytes", async () => {
  const xz = await Deno.readFile(
    new URL("../fixtures/archives/counter.tar.xz", import.meta.url),
  );
  const rand = prng(0x5eed6);
  for (let i = 0; i < 150; i++) {
    const bad = xz.slice();
    bad[6 + Math.floor(rand() * (bad.length - 6))] ^= 1 <<
      Math.floor(rand() * 8);
    await exercise(new Blob([bad as BufferSource]));
  }
});
