/**
 * Builds big, realistic images for the benchmarks from real fixture entries:
 * a PAGEMAP with 200,000 entries, an MM with 50,000 VMAs, an FDINFO with
 * 100,000 entries, a FILES image with 20,000 entries and a directory of 2,000
 * CORE images. Entries are copies of those in tests/fixtures with their
 * addresses and ids varied, so every field kind of the real images is there.
 * `generateDump` writes a whole dump of 200 processes for `crit x`.
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

/**
 * Writes a dump for the `crit x` benchmarks into `dir`: `tasks` processes
 * (a tree with four children per task), each with the images of the
 * 14a-memory-truth task (core, fs, pagemap), `vmas` mappings made from its
 * real ones and `fds` open regular files of their own, all listed in one
 * files.img. The defaults give 200 processes, 20,000 VMAs and 20,000 fds.
 */
export function generateDump(
  dir: string,
  { tasks = 200, vmas = 100, fds = 100 } = {},
): string {
  Deno.mkdirSync(dir, { recursive: true });
  const fix = `${fixtures}/14a-memory-truth`;
  const write = (name: string, magic: string, entries: JsonObject[]) =>
    Deno.writeFileSync(`${dir}/${name}`, encodeSync({ magic, entries }));
  const copy = (from: string, to: string) =>
    Deno.copyFileSync(`${fix}/${from}`, `${dir}/${to}`);
  // Everything the task's memory refers to, so `crit check` finds it whole.
  for (
    const name of [
      "inventory.img",
      "memfd.img",
      "pages-1.img",
      "pages-2.img",
      "pages-3.img",
      "pagemap-shmem-1526.img",
      "pagemap-shmem-1527.img",
    ]
  ) {
    copy(name, name);
  }
  const mm = load("14a-memory-truth/mm-10726.img").entries[0];
  const real = mm.vmas as JsonObject[];
  const ids = load("14a-memory-truth/ids-10726.img").entries[0];
  const files = load("14a-memory-truth/files.img").entries;
  const reg = files.find((f) => f.type === "REG")!;
  const pstree: JsonObject[] = [];
  const FIRST_FILE = 1000;
  for (let t = 0; t < tasks; t++) {
    const pid = 1000 + t;
    pstree.push({
      pid,
      ppid: t === 0 ? 0 : 1000 + ((t - 1) >> 2),
      pgid: 1000,
      sid: 1000,
      threads: [pid],
    });
    copy("core-10726.img", `core-${pid}.img`);
    copy("fs-10726.img", `fs-${pid}.img`);
    copy("pagemap-10726.img", `pagemap-${pid}.img`);
    write(`ids-${pid}.img`, "IDS", [{ ...ids, files_id: pid }]);
    // Past the real ones, copies at addresses of their own, below the real
    // ones (VMAs are in address order, as CRIU writes them).
    const copies: JsonObject[] = [];
    for (let i = real.length; i < vmas; i++) {
      const start = 0x500000000000 + i * 0x10000;
      copies.push({ ...real[i % real.length], start, end: start + 0x8000 });
    }
    const areas = [...copies, ...real.slice(0, vmas)];
    write(`mm-${pid}.img`, "MM", [{ ...mm, vmas: areas }]);
    const table: JsonObject[] = [];
    for (let fd = 0; fd < fds; fd++) {
      const id = FIRST_FILE + t * fds + fd;
      table.push({ id, flags: 0, type: "REG", fd });
      const r = reg.reg as JsonObject;
      files.push({
        type: "REG",
        id,
        reg: { ...r, id, name: `/var/lib/bench/task-${pid}/file-${fd}.dat` },
      });
    }
    write(`fdinfo-${pid}.img`, "FDINFO", table);
  }
  write("pstree.img", "PSTREE", pstree);
  write("files.img", "FILES", files);
  return dir;
}

if (import.meta.main) {
  const dir = Deno.args[0];
  if (!dir) throw new TypeError("usage: bench/gen.ts OUTDIR");
  console.log(generate(dir));
  console.log({ dump: generateDump(`${dir}/dump`) });
}

/**
 * PAGEMAP entries for `pages` dumped pages from `base`, cut every 256
 * pages as CRIU cuts them (PE_PRESENT, `page` bytes a page).
 */
export function pagemapRuns(
  base: number,
  pages: number,
  page = 4096,
): JsonObject[] {
  const entries: JsonObject[] = [];
  for (let p = 0; p < pages; p += 256) {
    entries.push({
      vaddr: base + p * page,
      compat_nr_pages: 0,
      flags: 4,
      nr_pages: Math.min(256, pages - p),
    });
  }
  return entries;
}
