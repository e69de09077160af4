/** The file side of `crit decode` / `crit encode` (src/_deno_convert.ts). */
import assert from "node:assert/strict";
import { readSize } from "../../src/cli/convert.ts";
import { scratchDir } from "../_helpers/scratch.ts";

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
