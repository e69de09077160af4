/**
 * A compressed archive far larger than the memory bound is read in bounded
 * memory: 384 MiB of pages in a gzip archive, spilled to a temporary file
 * (removed afterwards) or skipped, with the CLI's peak RSS under 200 MiB.
 */
import assert from "node:assert/strict";
import { createTarPacker } from "modern-tar";
import { bytesSource, indexTar } from "../../mod.ts";
import { counterTar } from "../dump/_archives.ts";
import { scratchDir } from "../_helpers/scratch.ts";
import { PEAK_MEMORY_SCRIPT } from "../_helpers/run_cli.ts";

const PAGES = 384 << 20;

async function bigGzip(path: string): Promise<void> {
  const small = await counterTar();
  const last = (await indexTar(bytesSource(small))).at(-1)!;
  const members = small.subarray(
    0,
    last.offset + Math.ceil(last.size / 512) * 512,
  );
  const { readable, controller } = createTarPacker();
  const body = controller.add({
    name: "checkpoint/pages-99.img",
    size: PAGES,
    type: "file",
  });
  const chunk = new Uint8Array(8 << 20).fill(0x5a);
  const writing = (async () => {
    const w = body.getWriter();
    for (let done = 0; done < PAGES; done += chunk.length) await w.write(chunk);
    await w.close();
    controller.finalize();
  })();
  const whole = new ReadableStream<BufferSource>({
    async start(c) {
      c.enqueue(members as BufferSource);
      for await (const part of readable) c.enqueue(part as BufferSource);
      c.close();
    },
  });
  await whole.pipeThrough(new CompressionStream("gzip")).pipeTo(
    (await Deno.open(path, { write: true, createNew: true })).writable,
  );
  await writing;
}

function spillFiles(): string[] {
  const tmp = Deno.env.get("TMPDIR") ?? "/tmp";
  return [...Deno.readDirSync(tmp)].map((e) => e.name).filter((n) =>
    n.startsWith("crit-archive-") && !n.startsWith("crit-archive-test")
  );
}

Deno.test("384 MiB of pages in a gzip archive: peak RSS under 200 MiB, spill file removed", async () => {
  const dir = await scratchDir({ prefix: "crit-archive-mem-" });
  const path = `${dir}/big.tar.gz`;
  await bigGzip(path);
  // The CLI in a process that then prints its own peak memory.
  const script = PEAK_MEMORY_SCRIPT;
  const before = spillFiles();
  for (const args of [["x", path, "args"], ["inspect", path, "--ps-tree"]]) {
    const r = await new Deno.Command(Deno.execPath(), {
      args: ["eval", script, JSON.stringify(args)],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(r.stderr);
    assert.equal(r.code, 0, stderr);
    const peak = Number(/peak (\d+)/.exec(stderr)?.[1]);
    assert.ok(peak > 0 && peak < 200 * 1024, `${args.join(" ")}: ${stderr}`);
    console.log(`${args[0]} ${args[2]}: peak ${(peak / 1024).toFixed(0)} MiB`);
    assert.match(new TextDecoder().decode(r.stdout), /sh|tick/);
  }
  assert.deepEqual(spillFiles(), before);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("SIGTERM while a gzip archive's pages are spilled: the spill file is removed", async () => {
  const dir = await scratchDir({ prefix: "crit-archive-sig-" });
  const path = `${dir}/big.tar.gz`;
  await bigGzip(path);
  const tmp = `${dir}/tmp`;
  await Deno.mkdir(tmp);
  // The archive on stdin, fed by this test: the command is stopped while
  // it waits for the rest, with pages already spilled.
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("../../cli.ts", import.meta.url).pathname,
      "x",
      "-",
      "args",
    ],
    env: { TMPDIR: tmp },
    stdin: "piped",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const spilled = () =>
    [...Deno.readDirSync(tmp)].some((e) =>
      e.name.startsWith("crit-archive-") &&
      Deno.statSync(`${tmp}/${e.name}`).size > 0
    );
  const bytes = await Deno.readFile(path);
  const writer = child.stdin.getWriter();
  for (let at = 0; at < bytes.length && !spilled(); at += 64 << 10) {
    await writer.write(bytes.subarray(at, at + (64 << 10)));
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.ok(spilled(), "pages were spilled before the input ended");
  child.kill("SIGTERM");
  const { code } = await child.status;
  await writer.close().catch(() => {});
  assert.equal(code, 143);
  assert.deepEqual([...Deno.readDirSync(tmp)], []);
  await Deno.remove(dir, { recursive: true });
});
