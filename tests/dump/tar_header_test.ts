/**
 * isTarHeader, which `crit decode` asks of every file it is given: the
 * headers of the real Podman export and of GNU tar's old (v7) format are
 * headers; the first block of every image in the fixtures is not.
 */
import assert from "node:assert/strict";
import { bytesSource, indexTar, isTarHeader } from "../../mod.ts";
import { counterTar, root } from "./_archives.ts";

const BLOCK = 512;

/** Every member's header block of a plain tar. */
async function headers(archive: Uint8Array): Promise<Uint8Array[]> {
  const members = await indexTar(bytesSource(archive));
  assert.ok(members.length > 10);
  // A member's data starts at the block after its header (no pax or long
  // names in this archive: the test below checks that each is a header).
  return members.map((m) => archive.subarray(m.offset - BLOCK, m.offset));
}

/** Writes the checksum tar computes (unsigned sum) into a header block. */
function withChecksum(block: Uint8Array): Uint8Array {
  const out = block.slice();
  out.fill(0x20, 148, 156);
  const sum = out.reduce((a, b) => a + b, 0);
  out.set(new TextEncoder().encode(sum.toString(8).padStart(6, "0")), 148);
  out[154] = 0;
  return out;
}

Deno.test("isTarHeader: every header of a real Podman export", async () => {
  for (const h of await headers(await counterTar())) {
    assert.ok(isTarHeader(h));
  }
});

Deno.test("isTarHeader: a v7 header (no ustar magic) is one; a checksum with any other byte is not", async () => {
  const [first] = await headers(await counterTar());
  const v7 = first.slice();
  v7.fill(0, 257, 265);
  assert.ok(isTarHeader(withChecksum(v7)));
  for (const b of [0x38, 0x41, 0x2b, 0x09, 0x7f]) {
    const bad = first.slice();
    bad[150] = b;
    assert.equal(isTarHeader(bad), false, `byte ${b}`);
  }
  // A wrong sum in well-formed digits is not one either.
  const off = first.slice();
  off[153] = off[153] === 0x30 ? 0x31 : 0x30;
  assert.equal(isTarHeader(off), false);
});

Deno.test("isTarHeader: the first block of every fixture image is no tar header", async () => {
  let images = 0;
  const walk = async (dir: string) => {
    for await (const e of Deno.readDir(dir)) {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory) await walk(path);
      else if (e.name.endsWith(".img")) {
        const head = (await Deno.readFile(path)).subarray(0, BLOCK);
        if (head.length < BLOCK) continue;
        assert.equal(isTarHeader(head), false, path);
        images++;
      }
    }
  };
  await walk(`${root}tests/fixtures`);
  assert.ok(images > 100, `only ${images} images of 512 bytes or more`);
});
