/**
 * The archive reader against GNU tar: the same members, sizes and bytes
 * from a plain tar (read by seeking), gzip and zstd (one streaming pass),
 * a Blob and a byte stream; pages skipped or spilled on request.
 */
import assert from "node:assert/strict";
import {
  ArchiveError,
  blobSource,
  bytesSource,
  indexTar,
  memorySpill,
  openCheckpointArchive,
} from "../../mod.ts";
import { explore } from "../../src/explore/explore.ts";
import { denoDumpDir } from "../../src/dump/deno_dump_dir.ts";
import {
  counterEntries,
  counterGz,
  counterTar,
  counterXz,
  counterZst,
  file,
  gzip,
  run,
  tar,
} from "./_archives.ts";
import { scratchDir, scratchFile } from "../_helpers/scratch.ts";

/** GNU tar's listing: name -> size, for regular files ("./" and "/" trimmed). */
async function tarListing(path: string): Promise<Map<string, number>> {
  const r = await run("tar", ["-tvf", path]);
  assert.equal(r.code, 0, r.stderr);
  const out = new Map<string, number>();
  for (const line of r.stdout.trimEnd().split("\n")) {
    const cols = line.split(/\s+/);
    if (!cols[0].startsWith("-")) continue;
    out.set(cols.slice(5).join(" ").replace(/^\.\//, ""), Number(cols[2]));
  }
  return out;
}

async function extracted(path: string): Promise<string> {
  const dir = await scratchDir({ prefix: "crit-archive-test-" });
  const r = await run("tar", ["-xf", path, "-C", dir]);
  assert.equal(r.code, 0, r.stderr);
  return dir;
}

const plainPath = await scratchFile({ suffix: ".tar" });
await Deno.writeFile(plainPath, await counterTar());
const truth = await tarListing(counterGz);
const extractedDir = await extracted(counterGz);

const inputs: [string, () => Promise<Blob | ReadableStream<Uint8Array>>][] = [
  ["tar Blob", async () => new Blob([await Deno.readFile(plainPath)])],
  ["tar.gz Blob", async () => new Blob([await Deno.readFile(counterGz)])],
  ["tar.zst Blob", async () => new Blob([await Deno.readFile(counterZst)])],
  ["tar.xz Blob", async () => new Blob([await Deno.readFile(counterXz)])],
  ["tar.gz stream", async () => (await Deno.open(counterGz)).readable],
  ["tar stream", async () => (await Deno.open(plainPath)).readable],
];

for (const [label, input] of inputs) {
  Deno.test(`${label}: members and bytes are GNU tar's`, async () => {
    const archive = await openCheckpointArchive(await input());
    const files = new Map(
      archive.members.filter((m) => m.type === "file").map((
        m,
      ) => [m.name, m.size]),
    );
    assert.deepEqual(files, truth);
    assert.equal(archive.imagesPrefix, "checkpoint/");
    for (const name of truth.keys()) {
      if (name === "rootfs-diff.tar" || name === "devshm-checkpoint.tar") {
        continue; // skipped in a pass by default: no command reads them
      }
      const expected = await Deno.readFile(`${extractedDir}/${name}`);
      assert.deepEqual(await archive.read(name), expected, name);
    }
    archive.close();
  });
}

Deno.test("plain tar: every member, even the skipped kinds, is read by seeking", async () => {
  const archive = await openCheckpointArchive(
    blobSource(new Blob([await Deno.readFile(plainPath)])),
  );
  assert.equal(archive.compression, "none");
  assert.deepEqual(
    await archive.read("rootfs-diff.tar"),
    await Deno.readFile(`${extractedDir}/rootfs-diff.tar`),
  );
});

Deno.test("plain tar: headers only are read, 512 bytes each", async () => {
  const bytes = await Deno.readFile(plainPath);
  const reads: [number, number][] = [];
  const source = {
    size: bytes.length,
    read(offset: number, length: number) {
      reads.push([offset, length]);
      return Promise.resolve(bytes.subarray(offset, offset + length));
    },
  };
  const members = await indexTar(source);
  assert.equal(members.length, reads.length - 1); // one more read: the end block
  assert.ok(reads.every(([, n]) => n === 512));
  const bytesRead = reads.length * 512;
  assert.ok(bytesRead < bytes.length / 10, `${bytesRead} of ${bytes.length}`);
});

Deno.test("the explorers give the same text on archives and on GNU tar's extraction", async () => {
  const dirText = denoDumpDir(`${extractedDir}/checkpoint`);
  for (const [label, input] of inputs.slice(0, 3)) {
    const archive = await openCheckpointArchive(await input());
    for (const what of ["ps", "fds", "mems", "rss", "sk", "args"]) {
      assert.equal(
        await explore(archive.dir, what),
        await explore(dirText, what),
        `${label} ${what}`,
      );
    }
  }
});

Deno.test("pages: false skips the pages of a compressed archive, and says so when read", async () => {
  const archive = await openCheckpointArchive(
    new Blob([await Deno.readFile(counterGz)]),
    { pages: false },
  );
  assert.equal(archive.member("checkpoint/pages-1.img")?.size, 77824);
  await assert.rejects(() => archive.dir.read("pages-1.img"), /skipped/);
  assert.equal(
    await explore(archive.dir, "ps"),
    await explore(denoDumpDir(`${extractedDir}/checkpoint`), "ps"),
  );
});

Deno.test("large members go to the spill store and read back exactly", async () => {
  let spilled = 0;
  const archive = await openCheckpointArchive(
    new Blob([await Deno.readFile(counterZst)]),
    {
      spillAbove: 4096,
      spill: () => {
        const s = memorySpill();
        return {
          ...s,
          write: (c: Uint8Array) => {
            spilled += c.length;
            return s.write(c);
          },
        };
      },
    },
  );
  // Kept by default: everything but the tars (rootfs-diff, devshm).
  const big = [...truth].filter(([n, size]) =>
    size > 4096 && !n.endsWith(".tar")
  );
  assert.equal(spilled, big.reduce((a, [, s]) => a + s, 0));
  for (const [name] of big) {
    const expected = await Deno.readFile(`${extractedDir}/${name}`);
    assert.deepEqual(await archive.read(name), expected);
    assert.deepEqual(
      await archive.readRange(name, 4000, 300),
      expected.subarray(4000, 4300),
    );
  }
});

Deno.test("GNU tar's pax and gnu formats: long names and ./ prefixes", async () => {
  const dir = await scratchDir();
  const long = "checkpoint/" + "d".repeat(120) + "/x.json";
  await Deno.mkdir(`${dir}/src/checkpoint/${"d".repeat(120)}`, {
    recursive: true,
  });
  await Deno.writeTextFile(`${dir}/src/${long}`, "{}");
  await Deno.copyFile(
    `${extractedDir}/checkpoint/inventory.img`,
    `${dir}/src/checkpoint/inventory.img`,
  );
  for (const format of ["pax", "gnu", "ustar"]) {
    const out = `${dir}/${format}.tar`;
    const r = await run("tar", [
      `--format=${format}`,
      "-cf",
      out,
      "-C",
      `${dir}/src`,
      ".",
    ]);
    if (format === "ustar") {
      assert.notEqual(r.code, 0); // ustar cannot hold the long name: GNU tar says so
      continue;
    }
    assert.equal(r.code, 0, r.stderr);
    const archive = await openCheckpointArchive(
      bytesSource(await Deno.readFile(out)),
    );
    assert.deepEqual(new TextDecoder().decode(await archive.read(long)), "{}");
    assert.ok(await archive.dir.read("inventory.img"));
  }
});

Deno.test("a tar of a bare dump (images at the root) is a dump too", async () => {
  const out = await scratchFile({ suffix: ".tar" });
  const r = await run("tar", [
    "-cf",
    out,
    "-C",
    `${extractedDir}/checkpoint`,
    ".",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const archive = await openCheckpointArchive(
    bytesSource(await Deno.readFile(out)),
  );
  assert.equal(archive.imagesPrefix, "");
  assert.equal(
    await explore(archive.dir, "ps"),
    await explore(denoDumpDir(`${extractedDir}/checkpoint`), "ps"),
  );
});

Deno.test("ArchiveError is a SyntaxError", () => {
  assert.ok(new ArchiveError("x") instanceof SyntaxError);
});

Deno.test("parent/: CRIU's parent link to pre-checkpoint/ resolves inside the archive, never outside", async () => {
  const entries = await counterEntries();
  const pstree = await Deno.readFile(`${extractedDir}/checkpoint/pstree.img`);
  const pages = await Deno.readFile(`${extractedDir}/checkpoint/pages-1.img`);
  const withLink = (target: string) =>
    tar([
      ...entries,
      {
        header: {
          name: "checkpoint/parent",
          type: "symlink",
          linkname: target,
          size: 0,
        },
      },
      file("pre-checkpoint/pstree.img", pstree),
      file("pre-checkpoint/pages-1.img", pages),
    ]);
  const good = await withLink("../pre-checkpoint");
  for (
    const input of [
      new Blob([good as BufferSource]),
      new Blob([await gzip(good) as BufferSource]),
    ]
  ) {
    const archive = await openCheckpointArchive(input);
    assert.equal(archive.parentPrefix, "pre-checkpoint/");
    assert.deepEqual(await archive.dir.read("parent/pstree.img"), pstree);
    assert.deepEqual(
      await archive.dir.readRange!("parent/pages-1.img", 4096, 16),
      pages.subarray(4096, 4112),
    );
  }
  for (
    const target of ["../../pre-checkpoint", "/pre-checkpoint", "../nowhere"]
  ) {
    const archive = await openCheckpointArchive(
      new Blob([await withLink(target) as BufferSource]),
    );
    assert.equal(archive.parentPrefix, undefined, target);
    assert.equal(await archive.dir.read("parent/pstree.img"), undefined);
  }
});

Deno.test("a compressed archive is read once: every byte, one time, whatever is read after", async () => {
  for (const path of [counterGz, counterZst]) {
    const bytes = await Deno.readFile(path);
    const seen = new Uint8Array(bytes.length);
    const source = {
      size: bytes.length,
      read(offset: number, length: number) {
        const end = Math.min(bytes.length, offset + length);
        for (let i = offset; i < end; i++) seen[i]++;
        return Promise.resolve(bytes.subarray(offset, end));
      },
    };
    const archive = await openCheckpointArchive(source);
    for (const what of ["ps", "fds", "mems", "rss", "sk", "args"]) {
      await explore(archive.dir, what);
    }
    // The first 512 bytes are read once more: the magic is looked at first.
    assert.ok(seen.subarray(512).every((n) => n === 1), path);
    assert.ok(seen.subarray(0, 512).every((n) => n === 2), path);
  }
});

Deno.test("a member name that starts with a byte-order mark keeps it", async () => {
  // TextDecoder strips a leading U+FEFF unless told not to: the member
  // would have been indexed as "config.dump".
  const bytes = await tar([file("\ufeffconfig.dump", "{}"), file("x", "")]);
  const source = {
    size: bytes.length,
    read: (offset: number, length: number) =>
      Promise.resolve(bytes.subarray(offset, offset + length)),
  };
  const names = (await indexTar(source)).map((m) => m.name);
  assert.deepEqual(names, ["\ufeffconfig.dump", "x"]);
});
