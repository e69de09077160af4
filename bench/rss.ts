/**
 * Peak memory of whole `crit decode` / `crit encode` / `crit info` runs on huge generated
 * images: a PAGEMAP-like image of 1 GiB and GHOST_FILE / PIPES_DATA images
 * with a 1 GiB payload. Prints input size, wall time and peak RSS, and checks
 * that decode -> encode gives the original bytes back.
 *
 *     deno run -A bench/rss.ts [--size-mib 1024] [--keep]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { encodeSync, IMG_COMMON, type JsonObject, MAGICS } from "../mod.ts";
import { encodeMessage } from "../src/message/mod.ts";
import { messagePlan } from "../src/wire/plan.ts";
import { WireWriter } from "../src/wire/wire.ts";

const args = parseArgs({
  args: Deno.args,
  options: {
    "size-mib": { type: "string", default: "1024" },
    keep: { type: "boolean" },
  },
});
const SIZE = Number(args.values["size-mib"]) * 1024 * 1024;
const cli = new URL("../cli.ts", import.meta.url).pathname;
const dir = await Deno.makeTempDir({ prefix: "crit-rss-" });

/** Appends `total` pseudo-random bytes in 1 MiB pieces. */
async function writeBytes(file: Deno.FsFile, total: number, seed: number) {
  const chunk = new Uint8Array(1 << 20);
  let x = seed >>> 0 || 1;
  for (let done = 0; done < total; done += chunk.length) {
    for (let i = 0; i < chunk.length; i += 4) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      chunk[i] = x;
      chunk[i + 1] = x >>> 8;
      chunk[i + 2] = x >>> 16;
      chunk[i + 3] = x >>> 24;
    }
    const piece = chunk.subarray(0, Math.min(chunk.length, total - done));
    let at = 0;
    while (at < piece.length) at += await file.write(piece.subarray(at));
  }
}

async function payloadImage(
  path: string,
  magic: string,
  entry: Record<string, unknown>,
) {
  // The entry announces a payload encode would check against `extra`: write
  // its header and message by hand, then the payload.
  const w = new WireWriter(64);
  w.fixed32(IMG_COMMON);
  w.fixed32(MAGICS[magic]);
  w.fixed32(0);
  const kind = magic === "GHOST_FILE" ? "ghost_file_entry" : "pipe_data_entry";
  encodeMessage(messagePlan(kind), entry as JsonObject, w, "");
  const head = w.finish();
  new DataView(head.buffer).setUint32(8, head.length - 12, true);
  const file = await Deno.create(path);
  await file.write(head);
  await writeBytes(file, SIZE, 12345);
  file.close();
}

async function pagemapImage(path: string) {
  const file = await Deno.create(path);
  // A block of 65,536 entries of the usual shape, written over and over.
  const entries: Record<string, unknown>[] = [{ pages_id: 1 }];
  for (let i = 0; i < 65536; i++) {
    entries.push({
      vaddr: 0x7f0000000000 + i * 0x100000,
      compat_nr_pages: 0,
      flags: i % 3 ? 6 : 4,
      nr_pages: 1 + (i & 255),
    });
  }
  const whole = encodeSync({ magic: "PAGEMAP", entries: entries as never });
  const head = 8 + 4 + 2; // header words, size, pagemap_head message
  await file.write(whole.subarray(0, head));
  const block = whole.subarray(head);
  for (let written = head; written < SIZE; written += block.length) {
    await file.write(block);
  }
  file.close();
}

/** Runs a command, sampling its peak RSS (VmHWM) until it exits. */
async function measure(
  argv: string[],
): Promise<{ ms: number; peakMiB: number }> {
  const start = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: argv,
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  let peak = 0;
  const timer = setInterval(() => {
    try {
      const status = Deno.readTextFileSync(`/proc/${child.pid}/status`);
      const m = /VmHWM:\s+(\d+) kB/.exec(status);
      if (m) peak = Math.max(peak, Number(m[1]));
    } catch {
      // exited
    }
  }, 20);
  const { code } = await child.status;
  clearInterval(timer);
  if (code !== 0) throw new Error(`${argv.join(" ")} failed with ${code}`);
  return { ms: performance.now() - start, peakMiB: peak / 1024 };
}

async function sameFiles(a: string, b: string): Promise<boolean> {
  const [fa, fb] = await Promise.all([Deno.open(a), Deno.open(b)]);
  const ba = new Uint8Array(1 << 20);
  const bb = new Uint8Array(1 << 20);
  try {
    for (;;) {
      const [na, nb] = await Promise.all([fa.read(ba), fb.read(bb)]);
      if (na !== nb) return false;
      if (na === null) return true;
      for (let i = 0; i < na; i++) if (ba[i] !== bb[i]) return false;
    }
  } finally {
    fa.close();
    fb.close();
  }
}

const cases: [string, (p: string) => Promise<void>][] = [
  ["pagemap-1.img", pagemapImage],
  [
    "ghost-file-1.img",
    (p) =>
      payloadImage(p, "GHOST_FILE", {
        uid: 0,
        gid: 0,
        mode: 33188,
        size: SIZE,
      }),
  ],
  [
    "pipes-data.img",
    (p) => payloadImage(p, "PIPES_DATA", { pipe_id: 7, bytes: SIZE }),
  ],
];

console.log("| image | size | step | wall | peak RSS |");
console.log("| --- | --- | --- | --- | --- |");
for (const [name, make] of cases) {
  const img = `${dir}/${name}`;
  await make(img);
  const size = (await Deno.stat(img)).size;
  const json = `${img}.json`;
  const back = `${img}.back`;
  const dec = await measure([
    "run",
    "-R",
    "-W",
    cli,
    "decode",
    "-q",
    "-i",
    img,
    "-o",
    json,
  ]);
  const enc = await measure([
    "run",
    "-R",
    "-W",
    cli,
    "encode",
    "-q",
    "-i",
    json,
    "-o",
    back,
  ]);
  const inf = await measure(["run", "-R", cli, "info", img]);
  const same = await sameFiles(img, back);
  const mib = (size / 1048576).toFixed(0);
  console.log(
    `| ${name} | ${mib} MiB | decode | ${(dec.ms / 1000).toFixed(1)} s | ${
      dec.peakMiB.toFixed(0)
    } MiB |`,
  );
  console.log(
    `| ${name} | ${mib} MiB | encode${same ? "" : " (MISMATCH)"} | ${
      (enc.ms / 1000).toFixed(1)
    } s | ${enc.peakMiB.toFixed(0)} MiB |`,
  );
  console.log(
    `| ${name} | ${mib} MiB | info | ${(inf.ms / 1000).toFixed(1)} s | ${
      inf.peakMiB.toFixed(0)
    } MiB |`,
  );
  if (!args.values.keep) {
    await Deno.remove(img);
    await Deno.remove(json);
    await Deno.remove(back);
  }
  if (!same) Deno.exitCode = 1;
}
if (!args.values.keep) await Deno.remove(dir, { recursive: true });
