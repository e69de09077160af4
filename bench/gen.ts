/**
 * Builds big, realistic images for the benchmarks from real fixture entries:
 * a PAGEMAP with 200,000 entries, an MM with 50,000 VMAs, an FDINFO with
 * 100,000 entries, a FILES image with 20,000 entries and a directory of 2,000
 * CORE images. Entries are copies of those in tests/fixtures with their
 * addresses and ids varied, so every field kind of the real images is there.
 *
 *     deno run -R -W bench/gen.ts OUTDIR
 *
 * @module
 */
import { decodeSync, encodeSync, type JsonObject } from "../mod.ts";

const fixtures = new URL("../tests/fixtures", import.meta.url).pathname;
const load = (path: string) =>
  decodeSync(Deno.readFileSync(`${fixtures}/${path}`));

/** Writes the benchmark inputs into `dir`; returns their paths by name. */
export function generate(dir: string): Record<string, string> {
  Deno.mkdirSync(`${dir}/cores`, { recursive: true });
  const out: Record<string, string> = {};
  const write = (name: string, magic: string, entries: JsonObject[]) => {
    out[name] = `${dir}/${name}.img`;
    Deno.writeFileSync(out[name], encodeSync({ magic, entries }));
  };

  const pm = load("01-sleep/pagemap-25537.img").entries;
  const pagemap: JsonObject[] = [pm[0]];
  for (let i = 0; i < 200_000; i++) {
    const e = pm[1 + (i % (pm.length - 1))];
    pagemap.push({ ...e, vaddr: 0x7f0000000000 + i * 0x200000 });
  }
  write("pagemap", "PAGEMAP", pagemap);

  const mm = load("14a-memory-truth/mm-10726.img").entries[0];
  const real = mm.vmas as JsonObject[];
  const vmas: JsonObject[] = [];
  for (let i = 0; i < 50_000; i++) {
    const v = real[i % real.length];
    const start = 0x7f0000000000 + i * 0x10000;
    vmas.push({ ...v, start, end: start + 0x8000 });
  }
  write("mm", "MM", [{ ...mm, vmas }]);

  const fd =
    load("03d-eventfd-epoll-signalfd-timerfd-inotify-fanotify/fdinfo-2.img")
      .entries;
  const fdinfo: JsonObject[] = [];
  for (let i = 0; i < 100_000; i++) {
    fdinfo.push({ ...fd[i % fd.length], fd: i });
  }
  write("fdinfo", "FDINFO", fdinfo);

  const fl =
    load("03d-eventfd-epoll-signalfd-timerfd-inotify-fanotify/files.img")
      .entries;
  const files: JsonObject[] = [];
  for (let i = 0; i < 20_000; i++) {
    files.push({ ...fl[i % fl.length], id: i + 1 });
  }
  write("files", "FILES", files);

  const core = Deno.readFileSync(`${fixtures}/01-sleep/core-25537.img`);
  for (let i = 0; i < 2000; i++) {
    Deno.writeFileSync(`${dir}/cores/core-${1000 + i}.img`, core);
  }
  out.cores = `${dir}/cores`;
  out.core = `${dir}/cores/core-1000.img`;
  return out;
}

if (import.meta.main) {
  const dir = Deno.args[0];
  if (!dir) throw new TypeError("usage: bench/gen.ts OUTDIR");
  console.log(generate(dir));
}
