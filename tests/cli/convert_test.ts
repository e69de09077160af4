/** The file side of `crit decode` / `crit encode` (src/_deno_convert.ts). */
import assert from "node:assert/strict";
import { readSize } from "../../src/cli/convert.ts";
import { scratchDir } from "../_helpers/scratch.ts";
import { runCli } from "../_helpers/run_cli.ts";

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

Deno.test("encode of a file (read whole, from its bytes) and of stdin (streamed) give the same image or the same error", async () => {
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
    // Refused by the fast path: the streamed path reads and words them.
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
