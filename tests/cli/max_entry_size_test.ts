/** `--max-entry-size` of the commands that decode an image file, run as a user runs them. */
import assert from "node:assert/strict";
import { scratchDir, scratchFile } from "../_helpers/scratch.ts";

const root = new URL("../..", import.meta.url).pathname;
const sleep = `${root}tests/fixtures/01-sleep`;
// The one entry of this MM image is a 1409-byte message.
const mm = `${sleep}/mm-25537.img`;

async function crit(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-check", "-R", "-W", `${root}cli.ts`, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

const COMMANDS = [["decode", "-i", mm], ["show", mm], ["info", mm]];

Deno.test("--max-entry-size below an entry's size fails in one line that names the option", async () => {
  for (const size of ["1408", "1K", "1kib"]) {
    for (const args of COMMANDS) {
      const r = await crit([...args, "--max-entry-size", size]);
      assert.equal(r.code, 1, `${args[0]} ${size}: ${r.stderr}`);
      assert.match(
        r.stderr,
        /^crit: error: Cannot decode entry 0 of MM: entry size 1409 exceeds the limit of \d+ bytes \(--max-entry-size raises the limit\)\n$/,
      );
    }
  }
});

Deno.test("--max-entry-size at or above an entry's size reads it as without the option", async () => {
  for (const args of COMMANDS) {
    const plain = await crit(args);
    assert.equal(plain.code, 0, plain.stderr);
    for (const size of ["1409", "2K", "1M", "1G"]) {
      const r = await crit([...args, `--max-entry-size=${size}`]);
      assert.equal(r.code, 0, `${args[0]} ${size}: ${r.stderr}`);
      assert.equal(r.stdout, plain.stdout);
    }
  }
});

Deno.test("--max-entry-size raises the limit past the default of 64 MiB", async () => {
  // A PSTREE header, then an entry size of 64 MiB + 1 and no entry: over the
  // default limit it is refused before any reading; under a raised one the
  // image is read on and found truncated.
  const pstree = await Deno.readFile(`${sleep}/pstree.img`);
  const size = 64 * 1048576 + 1;
  const file = await scratchFile({ suffix: ".img" });
  try {
    await Deno.writeFile(
      file,
      Uint8Array.from([
        ...pstree.subarray(0, 8),
        size & 0xff,
        (size >>> 8) & 0xff,
        (size >>> 16) & 0xff,
        size >>> 24,
      ]),
    );
    for (
      const args of [["decode", "-i", file], ["show", file], ["info", file]]
    ) {
      const limited = await crit(args);
      assert.equal(limited.code, 1);
      assert.match(limited.stderr, /exceeds the limit of 67108864 bytes/);
      const raised = await crit([...args, "--max-entry-size", "65M"]);
      assert.equal(raised.code, 1);
      assert.match(raised.stderr, /truncated: 67108865 more bytes needed/);
    }
  } finally {
    await Deno.remove(file);
  }
});

Deno.test("a decode -i DIR over the limit names the file and the option", async () => {
  const out = await scratchDir();
  try {
    const r = await crit([
      "decode",
      "-q",
      "-i",
      sleep,
      "-o",
      `${out}/json`,
      "--max-entry-size",
      "1000",
    ]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /^crit: error: core-25537\.img: .*exceeds the limit of 1000 bytes \(--max-entry-size raises the limit\)\n$/,
    );
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("a bad --max-entry-size is a usage error (exit 2)", async () => {
  for (const size of ["", "12Q", "-1", "1.5M", "M", "99999999999999999999"]) {
    for (const args of COMMANDS) {
      const r = await crit([...args, `--max-entry-size=${size}`]);
      assert.equal(r.code, 2, `${args[0]} '${size}': ${r.stderr}`);
      assert.match(
        r.stderr,
        /crit: error: argument --max-entry-size: invalid size/,
      );
    }
  }
});

Deno.test("--help of decode, show and info lists --max-entry-size", async () => {
  for (const name of ["decode", "show", "info"]) {
    const r = await crit([name, "--help"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /--max-entry-size SIZE/);
    assert.match(r.stdout, /default 64M/);
  }
});
