/**
 * A big dump held in memory, for measuring `crit report` and its page: by
 * default 200 tasks (a root, 10 children, 19 grandchildren each) with 100
 * VMAs and 13 sockets each, 20,000 VMAs in all. Every image is made of real
 * entries from tests/fixtures: 01-sleep's core, mm, pagemap and pages (its
 * 36 VMAs, then anonymous VMAs of 1 page to 4 GiB), 04-tcp-udp's sockets.
 *
 *     deno run -R bench/report_gen.ts        # prints the image count and bytes
 *
 * @module
 */
import {
  decodeSync,
  type DumpDir,
  encodeSync,
  type JsonObject,
} from "../mod.ts";

const fixtures = new URL("../tests/fixtures", import.meta.url).pathname;
const load = (path: string) =>
  decodeSync(Deno.readFileSync(`${fixtures}/${path}`));

/** Socket files of 04-tcp-udp get ids above those of 01-sleep's files. */
const SOCKET_ID_BASE = 1000;

/** The images of a generated dump of `tasks` tasks, by name. */
export function reportDump(
  tasks = 200,
  vmasPerTask = 100,
): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const put = (name: string, magic: string, entries: JsonObject[]) =>
    files.set(name, encodeSync({ magic, entries }));
  const sleep = "01-sleep";
  for (const name of ["inventory.img", "pages-1.img", "stats-dump"]) {
    files.set(name, Deno.readFileSync(`${fixtures}/${sleep}/${name}`));
  }
  const tcp = "04-tcp-udp";
  const sockets = load(`${tcp}/files.img`).entries
    .filter((f) => f.type === "INETSK")
    .map((f) => ({ ...f, id: SOCKET_ID_BASE + Number(f.id) }));
  put("files.img", "FILES", [
    ...load(`${sleep}/files.img`).entries,
    ...sockets,
  ]);
  const fdinfo = load(`${sleep}/fdinfo-2.img`).entries;
  const tcpFds = load(`${tcp}/fdinfo-2.img`).entries
    .filter((f) => f.type === "INETSK")
    .map((f) => ({ ...f, id: SOCKET_ID_BASE + Number(f.id) }));
  put("fdinfo-2.img", "FDINFO", [...fdinfo, ...tcpFds]);

  const core = load(`${sleep}/core-25537.img`).entries[0];
  const mm = load(`${sleep}/mm-25537.img`).entries[0];
  const realVmas = mm.vmas as JsonObject[];
  // A private anonymous VMA (VMA_AREA_REGULAR | VMA_ANON_PRIVATE, MAP_PRIVATE | MAP_ANONYMOUS).
  const anon = realVmas.find((v) =>
    Number(v.status) === 513 && Number(v.flags) === 34
  )!;
  const pagemap = load(`${sleep}/pagemap-25537.img`).entries;
  const other = (name: string) => load(`${sleep}/${name}-25537.img`).entries;
  const pstree: JsonObject[] = [];
  for (let i = 0; i < tasks; i++) {
    const pid = 1000 + i;
    const ppid = i === 0 ? 0 : i <= 10 ? 1000 : 1000 + 1 + ((i - 11) % 10);
    pstree.push({ pid, ppid, pgid: 1000, sid: 1000, threads: [pid] });
    const tc = { ...core.tc as JsonObject, comm: `worker-${i}` };
    put(`core-${pid}.img`, "CORE", [{ ...core, tc }]);
    put(`ids-${pid}.img`, "IDS", other("ids"));
    put(`fs-${pid}.img`, "FS", other("fs"));
    put(`pagemap-${pid}.img`, "PAGEMAP", pagemap);
    const vmas = [...realVmas];
    for (let k = 0; vmas.length < vmasPerTask; k++) {
      // Sizes from 1 page to 4 GiB, each VMA in its own 8 GiB slot.
      const start = 0x7e0000000000 + k * 0x200000000;
      const pages = 2 ** (k % 21);
      vmas.push({ ...anon, start, end: start + pages * 4096 });
    }
    // The real VMAs are at 0x55.. and 0x7f..: keep address order.
    vmas.sort((a, b) => Number(a.start) - Number(b.start));
    put(`mm-${pid}.img`, "MM", [{ ...mm, vmas }]);
  }
  put("pstree.img", "PSTREE", pstree);
  return files;
}

/** A {@linkcode DumpDir} over images held in a map. */
export function mapDumpDir(files: Map<string, Uint8Array>): DumpDir {
  return {
    read: (name) => Promise.resolve(files.get(name)),
    readRange: (name, offset, length) =>
      Promise.resolve(files.get(name)?.subarray(offset, offset + length)),
  };
}

if (import.meta.main) {
  const files = reportDump();
  let bytes = 0;
  for (const b of files.values()) bytes += b.length;
  console.log(`${files.size} images, ${bytes} bytes`);
}
