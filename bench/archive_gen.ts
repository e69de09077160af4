/**
 * Builds the archives of bench/archive.ts in DIR: the real Podman export
 * (counter.tar.gz) as a plain tar, and the same with 1 GiB more of memory
 * pages (`checkpoint/pages-99.img`, pages of 1 KiB random bytes and 3 KiB
 * zeros, so it compresses about as real memory does) as .tar, .tar.gz
 * (`gzip -1`) and .tar.zst (`zstd -1`).
 *
 *     deno run -A bench/archive_gen.ts DIR
 *
 * @module
 */
import { createTarPacker } from "modern-tar";
import { bytesSource, indexTar } from "../mod.ts";

const root = new URL("..", import.meta.url).pathname;
const GIB = 1 << 30;

/** The archives, by label. */
export interface BenchArchives {
  small: string;
  big: string;
  bigGz: string;
  bigZst: string;
}

function pages(total: number): ReadableStream<Uint8Array> {
  let x = 0x9e3779b9;
  let done = 0;
  return new ReadableStream({
    pull(controller) {
      if (done >= total) {
        controller.close();
        return;
      }
      const chunk = new Uint8Array(Math.min(8 << 20, total - done));
      const words = new Uint32Array(chunk.buffer);
      for (let page = 0; page < words.length; page += 1024) {
        for (let i = 0; i < 256; i++) {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          words[page + i] = x;
        }
      }
      done += chunk.length;
      controller.enqueue(chunk);
    },
  });
}

async function sh(cmd: string, args: string[]): Promise<void> {
  const r = await new Deno.Command(cmd, { args, stderr: "inherit" }).output();
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(" ")} failed`);
}

/** Writes the archives into `dir` (once: existing ones are kept). */
export async function generate(dir: string): Promise<BenchArchives> {
  const out: BenchArchives = {
    small: `${dir}/counter.tar`,
    big: `${dir}/big.tar`,
    bigGz: `${dir}/big.tar.gz`,
    bigZst: `${dir}/big.tar.zst`,
  };
  const exists = (p: string) => {
    try {
      return Deno.statSync(p).isFile;
    } catch {
      return false;
    }
  };
  if (!exists(out.small)) {
    const gz = await Deno.open(`${root}tests/fixtures/archives/counter.tar.gz`);
    const tar = gz.readable.pipeThrough(new DecompressionStream("gzip"));
    await Deno.writeFile(out.small, tar);
  }
  if (!exists(out.big)) {
    // counter.tar's members, then the big pages file, then the end blocks.
    const small = await Deno.readFile(out.small);
    const last = (await indexTar(bytesSource(small))).at(-1)!;
    const end = last.offset + Math.ceil(last.size / 512) * 512;
    const file = await Deno.open(out.big, {
      write: true,
      create: true,
      truncate: true,
    });
    await file.write(small.subarray(0, end));
    const { readable, controller } = createTarPacker();
    const body = controller.add({
      name: "checkpoint/pages-99.img",
      size: GIB,
      type: "file",
    });
    const piping = pages(GIB).pipeTo(body).then(() => controller.finalize());
    await readable.pipeTo(file.writable);
    await piping;
  }
  if (!exists(out.bigGz)) {
    await sh("sh", ["-c", `gzip -1 -c ${out.big} > ${out.bigGz}`]);
  }
  if (!exists(out.bigZst)) {
    await sh("zstd", ["-q", "-1", "-T0", out.big, "-o", out.bigZst]);
  }
  return out;
}

if (import.meta.main) {
  if (Deno.args.length !== 1) throw new Error("usage: archive_gen.ts DIR");
  console.log(await generate(Deno.args[0]));
}
