/** The file side of `crit decode` / `crit encode` (src/_deno_convert.ts). */
import assert from "node:assert/strict";
import { readSize } from "../../src/cli/convert.ts";
import { scratchDir } from "../_helpers/scratch.ts";
import { runCli } from "../_helpers/run_cli.ts";
import { decodeSync, encodeSync, parse, stringify } from "../../mod.ts";

Deno.test("reads size a buffer by the file: small files whole, pipes and devices 64 KiB", () => {
  assert.equal(readSize({ isFile: true, size: 10 }), 11);
  assert.equal(readSize({ isFile: true, size: 0 }), 1);
  assert.equal(readSize({ isFile: true, size: 10 << 20 }), 65536);
  // A FIFO or /dev/stdin says size 0; sized from that, every read was 1 byte.
  assert.equal(readSize({ isFile: false, size: 0 }), 65536);
});

Deno.test("decode reads a FIFO named by -i (as -i <(...) and -i /dev/stdin do)", async () => {
  const dir = await scratchDir();
  const fifo = `${dir}/in`;
  const mk = await new Deno.Command("mkfifo", { args: [fifo] }).output();
  assert.equal(mk.code, 0);
  const image = new URL("../fixtures/01-sleep/core-25537.img", import.meta.url)
    .pathname;
  const cli = new URL("../../cli.ts", import.meta.url).pathname;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-check", "-R", cli, "decode", "-i", fifo],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  await Deno.writeFile(fifo, await Deno.readFile(image));
  const out = await child.output();
  assert.equal(new TextDecoder().decode(out.stderr), "");
  assert.equal(out.code, 0);
  const direct = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-check", "-R", cli, "decode", "-i", image],
    stdout: "piped",
  }).output();
  assert.deepEqual(out.stdout, direct.stdout);
});

Deno.test("encode of a file and of stdin give the same image or the same error, taken from the bytes or streamed", async () => {
  const dir = await scratchDir();
  const fixtures = new URL("../fixtures/01-sleep", import.meta.url).pathname;
  const mm = await runCli([
    "decode",
    "--pretty",
    "-i",
    `${fixtures}/mm-25537.img`,
  ]);
  const pagemap = await runCli([
    "decode",
    "-i",
    `${fixtures}/pagemap-25537.img`,
  ]);
  assert.equal(mm.code, 0, mm.stderr);
  // What each case is, its text, and whether it encodes.
  const cases: [string, string, boolean][] = [
    ["mm", mm.text, true],
    ["pagemap", pagemap.text, true],
    // Refused from the bytes: the streamed path reads and words them.
    ["a bad flag name", mm.text.replace('"PROT_READ', '"PROT_BOGUS'), false],
    [
      "a value out of range",
      pagemap.text.replace(/"nr_pages": \d+\}\]/, '"nr_pages": -1}]'),
      false,
    ],
    ["a syntax error", pagemap.text.replace(/\}\]\}\s*$/, "},]}"), false],
    ["an escape", mm.text.replace('"PROT_READ', '"\\u0050ROT_READ'), true],
  ];
  for (const [what, text, encodes] of cases) {
    if (what.startsWith("a")) {
      assert.ok(text !== mm.text && text !== pagemap.text, what);
    }
    await Deno.writeTextFile(`${dir}/in.json`, text);
    const file = await runCli([
      "encode",
      "-i",
      `${dir}/in.json`,
      "-o",
      `${dir}/a.img`,
    ]);
    const stdin = await runCli(["encode", "-o", `${dir}/b.img`], {
      stdin: new TextEncoder().encode(text),
    });
    assert.equal(file.stderr, stdin.stderr, what);
    assert.equal(file.code, stdin.code, what);
    assert.equal(file.code, encodes ? 0 : 1, `${what}: ${file.stderr}`);
    if (encodes) {
      assert.deepEqual(
        await Deno.readFile(`${dir}/a.img`),
        await Deno.readFile(`${dir}/b.img`),
        what,
      );
    } else {
      assert.match(file.stderr, /^crit: error: .+\n$/, what);
    }
  }
  // crit's own text goes back to the image it came from.
  await Deno.writeTextFile(`${dir}/in.json`, mm.text);
  await runCli(["encode", "-i", `${dir}/in.json`, "-o", `${dir}/a.img`]);
  assert.deepEqual(
    await Deno.readFile(`${dir}/a.img`),
    await Deno.readFile(`${fixtures}/mm-25537.img`),
  );
});

Deno.test("encode of stdin larger than the first room it is given, taken from the bytes or refused at its end", async () => {
  const dir = await scratchDir();
  const fixtures = new URL("../fixtures/01-sleep", import.meta.url).pathname;
  const image = decodeSync(
    await Deno.readFile(`${fixtures}/pagemap-25537.img`),
  );
  // About 3 MiB of text: the first room of 1 MiB is doubled twice.
  const [head, ...rest] = image.entries;
  const many = { ...image, entries: [head, ...Array(40_000).fill(rest[0])] };
  const text = stringify(many);
  assert.ok(text.length > 2.5 * (1 << 20));
  const escaped = text.replace(/"nr_pages": 1\}\]\}$/, '"nr_pages": 1 }]}')
    .replace(
      /"vaddr": (\d+), "nr_pages": 1 \}\]\}$/,
      '"vaddr": $1, "nr\\u005fpages": 1 }]}',
    );
  assert.notEqual(escaped, text);
  for (const t of [text, escaped]) {
    const r = await runCli(["encode", "-o", `${dir}/out.img`], {
      stdin: new TextEncoder().encode(t),
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      await Deno.readFile(`${dir}/out.img`),
      encodeSync(parse(t)),
    );
  }
});
