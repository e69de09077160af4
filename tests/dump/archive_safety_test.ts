/**
 * Untrusted archives: names that reach outside, links, devices, truncation
 * at every kind of place, wrong or unsupported compression, no images,
 * declared sizes larger than the archive, and a decompression bound.
 */
import assert from "node:assert/strict";
import {
  ArchiveError,
  bytesSource,
  cleanMemberName,
  openCheckpointArchive,
} from "../../mod.ts";
import { counterEntries, counterTar, file, gzip, tar } from "./_archives.ts";

const plain = await counterTar();
const gz = await gzip(plain);

async function fails(bytes: Uint8Array, pattern: RegExp) {
  for (const input of [new Blob([bytes as BufferSource]), bytesSource(bytes)]) {
    await assert.rejects(
      () => openCheckpointArchive(input),
      (e: Error) => {
        assert.ok(e instanceof ArchiveError, `${e.name}: ${e.message}`);
        assert.match(e.message, pattern);
        assert.ok(!e.message.includes("\n"), "one line");
        return true;
      },
    );
  }
}

Deno.test("member names with .. or a leading / are refused, never read", async () => {
  assert.equal(cleanMemberName("../x"), undefined);
  assert.equal(cleanMemberName("checkpoint/../../x"), undefined);
  assert.equal(cleanMemberName("/etc/passwd"), undefined);
  assert.equal(
    cleanMemberName("./checkpoint//core-1.img"),
    "checkpoint/core-1.img",
  );
  const entries = await counterEntries();
  const bytes = await tar([
    ...entries,
    file("../../evil", "x"),
    file("checkpoint/../../../evil.img", "x"),
  ]);
  const archive = await openCheckpointArchive(
    new Blob([bytes as BufferSource]),
  );
  assert.deepEqual(archive.refused, [
    "../../evil",
    "checkpoint/../../../evil.img",
  ]);
  assert.equal(archive.members.find((m) => m.name.includes("evil")), undefined);
});

Deno.test("links and devices are members, never followed or read", async () => {
  const entries = await counterEntries();
  const bytes = await tar([
    ...entries.filter((e) => e.header.name !== "checkpoint/pstree.img"),
    {
      header: {
        name: "checkpoint/pstree.img",
        type: "symlink",
        linkname: "/etc/passwd",
        size: 0,
      },
    },
    {
      header: {
        name: "checkpoint/core-1.img",
        type: "link",
        linkname: "../../etc/shadow",
        size: 0,
      },
    },
    {
      header: {
        name: "checkpoint/fs-1.img",
        type: "character-device",
        size: 0,
      },
    },
  ]);
  for (
    const input of [
      new Blob([bytes as BufferSource]),
      (new Blob([await gzip(bytes) as BufferSource])).stream(),
    ]
  ) {
    const archive = await openCheckpointArchive(input);
    assert.equal(archive.member("checkpoint/pstree.img")?.type, "symlink");
    assert.equal(
      archive.member("checkpoint/pstree.img")?.linkname,
      "/etc/passwd",
    );
    assert.equal(await archive.dir.read("pstree.img"), undefined);
    assert.equal(await archive.dir.read("core-1.img"), undefined);
    assert.equal(await archive.dir.read("fs-1.img"), undefined);
  }
});

Deno.test("a plain tar cut anywhere: one-line error, never a short image", async () => {
  // Cuts inside the first header, inside a member's data, inside a later header.
  for (const cut of [100, 700, 30000, 150000, plain.length - 2000]) {
    const bytes = plain.subarray(0, cut);
    let message = "";
    try {
      const archive = await openCheckpointArchive(bytesSource(bytes));
      // Only a cut in the end blocks may open; then every image is whole.
      for (const m of archive.members) {
        if (m.type === "file") {
          assert.equal((await archive.read(m.name))?.length, m.size);
        }
      }
    } catch (e) {
      assert.ok(e instanceof ArchiveError, String(e));
      message = (e as Error).message;
      assert.match(message, /truncated|not a tar/);
    }
    assert.ok(message !== "" || cut > plain.length - 1024, `cut ${cut} opened`);
  }
});

Deno.test("a gzip archive cut short, or with a flipped byte: one-line error", async () => {
  await fails(gz.subarray(0, gz.length >> 1), /truncated|corrupt/);
  const flipped = gz.slice();
  flipped[gz.length >> 1] ^= 0xff;
  await fails(flipped, /corrupt|truncated/);
});

Deno.test("zstd cut short: one-line error", async () => {
  const zst = await Deno.readFile(
    new URL("../fixtures/archives/counter.tar.zst", import.meta.url),
  );
  await fails(zst.subarray(0, 5000), /zstd|truncated|corrupt/);
});

Deno.test("bzip2 is named, not misread as tar; xz that is not xz fails in one line", async () => {
  await fails(
    new Uint8Array([0x42, 0x5a, 0x68, 0x39, 0x31, 0x41, 0, 0]),
    /bzip2-compressed archives are not supported/,
  );
  await fails(
    new Uint8Array([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 0]),
    /xz/,
  );
});

Deno.test("xz cut short, flipped, or asking for a 4 GiB dictionary", async () => {
  const xz = await Deno.readFile(
    new URL("../fixtures/archives/counter.tar.xz", import.meta.url),
  );
  await fails(xz.subarray(0, xz.length >> 1), /truncated xz archive/);
  const flipped = xz.slice();
  flipped[xz.length >> 1] ^= 0xff;
  await fails(flipped, /corrupt xz data/);
  // Byte 16: the LZMA2 dictionary size of the first block (40: 4 GiB - 1).
  assert.equal(xz[14], 0x21, "LZMA2 filter id where the test expects it");
  const big = xz.slice();
  big[16] = 40;
  await assert.rejects(
    () => openCheckpointArchive(new Blob([big as BufferSource])),
    /asks for a 4294967295-byte dictionary/,
  );
});

Deno.test("not an archive at all, or empty", async () => {
  await fails(
    new TextEncoder().encode("hello world\n".repeat(100)),
    /not a tar archive/,
  );
  await fails(new Uint8Array(0), /empty|not a tar|no CRIU images/);
});

Deno.test("no images in checkpoint/: says CRIU may have written them elsewhere", async () => {
  const entries = (await counterEntries()).filter((e) =>
    !e.header.name.startsWith("checkpoint/") || e.header.type === "directory"
  );
  const bytes = await tar(entries);
  await fails(
    bytes,
    /no CRIU images in checkpoint\/ \(CRIU may have written them elsewhere/,
  );
  await fails(await gzip(bytes), /no CRIU images in checkpoint\//);
});

Deno.test("a header declaring more bytes than the archive has fails before any allocation", async () => {
  const bytes = plain.slice(0, 4096);
  // First member's size field: 8 GiB in octal, checksum recomputed.
  const header = bytes.subarray(0, 512);
  header.set(new TextEncoder().encode("100000000000\0"), 124);
  header.fill(0x20, 148, 156);
  const sum = header.reduce((a, b) => a + b, 0);
  header.set(
    new TextEncoder().encode(sum.toString(8).padStart(6, "0") + "\0 "),
    148,
  );
  await fails(bytes, /needs 8589934592 bytes, the archive ends first/);
});

Deno.test("decompression is bounded: maxBytes stops an archive that expands too far", async () => {
  await assert.rejects(
    () =>
      openCheckpointArchive(new Blob([gz as BufferSource]), {
        maxBytes: 100_000,
      }),
    RangeError,
  );
  await assert.rejects(
    () =>
      openCheckpointArchive(new Blob([gz as BufferSource]), {
        maxKeptBytes: 10_000,
      }),
    RangeError,
  );
});

Deno.test("a zstd frame asking for a 2 GiB window is refused before allocating it", async () => {
  const zst = await Deno.readFile(
    new URL("../fixtures/archives/counter.tar.zst", import.meta.url),
  );
  const bad = zst.slice();
  bad[4] &= ~0x20; // not a single segment: the window descriptor follows
  bad[5] = 21 << 3; // 2^(10+21) bytes
  await assert.rejects(
    () => openCheckpointArchive(new Blob([bad as BufferSource])),
    /asks for a 2147483648-byte window/,
  );
});

Deno.test("the number of members is bounded, plain and compressed", async () => {
  // counter.tar.gz has 53 members.
  for (const input of [bytesSource(plain), new Blob([gz as BufferSource])]) {
    await assert.rejects(
      () => openCheckpointArchive(input, { maxMembers: 20 }),
      /the archive has more than 20 members/,
    );
    const archive = await openCheckpointArchive(input, { maxMembers: 53 });
    assert.equal(archive.members.length, 53);
  }
});
