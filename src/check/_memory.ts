/**
 * Memory: VMAs, the files and shared memory behind them, pagemaps, the
 * size of the pages files, parent dumps and stats-dump.
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import { int, num } from "../dump/dump.ts";
import { buildPageMap, PageChain } from "../memory/pagemap.ts";
import { PE, VMA } from "../dump/constants.ts";
import { CriuImageError } from "../wire/errors.ts";
import { type Context, hex } from "./_context.ts";
import { type Files, needReg } from "./_files.ts";
import { isLive, type Task } from "./_tree.ts";

/** Above any user address of a 57-bit address space. */
const TASK_SIZE_MAX = 0x00fffffffffff000n;

/** Shared state of the memory pass. */
export interface MemoryPass {
  files: Files;
  pageSize: number;
  /** SysV segments by ipc namespace id: segment id -> ipcns-shm entry. */
  sysv: (nsId: number) => Promise<Map<number, JsonObject> | undefined>;
  /** Present pages of process pagemaps and of shmem pagemaps, for stats-dump. */
  written: { task: number; shmem: number };
  /** pagemap-shmem images checked already. */
  shmemDone: Set<string>;
}

/** CRIU's `VMA_AREA_SHSTK`: a shadow stack, dumped like private memory. */
const VMA_SHSTK = 1 << 15;

/**
 * CRIU's vma_entry_is_private(): the VMAs whose pages the task's pagemap
 * holds (the task size part is checked on its own).
 */
function isPrivate(status: number): boolean {
  return (status & VMA.REGULAR) !== 0 &&
      (status & (VMA.ANON_PRIVATE | VMA.FILE_PRIVATE)) !== 0 ||
    (status & (VMA_SHSTK | VMA.AIORING)) !== 0;
}

/**
 * A 64-bit field as decoded: a number up to 2^53 - 1, a bigint beyond.
 * Mixed comparisons are exact in JavaScript, so the checks compare these
 * as they are rather than turn every address into a bigint.
 */
type U64 = number | bigint;

const u64 = (v: JsonValue | undefined): U64 => (v ?? 0) as U64;

/** Whether `x` is a multiple of `pageSize` (a power of two). */
function aligned(x: U64, pageSize: number): boolean {
  return typeof x === "number"
    ? x % pageSize === 0
    : (x & BigInt(pageSize - 1)) === 0n;
}

/** A VMA with numbers ready for the checks. */
interface Area {
  start: U64;
  end: U64;
  /** The task's pagemap may hold its pages. */
  own: boolean;
}

/** Checks mm-<pid>.img and pagemap-<pid>.img of every live task. */
export async function checkMemory(
  cx: Context,
  tasks: Task[],
  pass: MemoryPass,
): Promise<void> {
  const seenVm = new Set<number>();
  for (const t of tasks) {
    if (!isLive(t)) continue;
    const mm = (await cx.entries(`mm-${t.pid}.img`))?.[0];
    if (mm === undefined) continue;
    needReg(
      cx,
      pass.files,
      `mm-${t.pid}.img`,
      "entries[0].exe_file_id",
      mm.exe_file_id,
      `executable of task ${t.pid}`,
    );
    const areas = await checkVmas(cx, t, mm, pass);
    // Tasks that share a vm_id (CLONE_VM) share one memory: check it once.
    const vm = num(t.ids?.vm_id);
    if (t.ids !== undefined && seenVm.has(vm)) continue;
    seenVm.add(vm);
    await checkTaskPagemap(cx, t, areas, pass);
  }
}

async function checkVmas(
  cx: Context,
  t: Task,
  mm: JsonObject,
  pass: MemoryPass,
): Promise<Area[]> {
  const img = `mm-${t.pid}.img`;
  const vmas = (mm.vmas ?? []) as JsonObject[];
  const areas: Area[] = [];
  let prevEnd: U64 = 0;
  if (vmas.length > 0) cx.count("vmas", vmas.length);
  for (let i = 0; i < vmas.length; i++) {
    const v = vmas[i];
    const start = u64(v.start);
    const end = u64(v.end);
    const status = num(v.status);
    if (
      end <= start || !aligned(start, pass.pageSize) ||
      !aligned(end, pass.pageSize)
    ) {
      cx.error(
        img,
        vmaPath(i),
        `${
          vmaText(start, end)
        } is empty or not page aligned; restore fails to map it`,
      );
    } else if (start < prevEnd) {
      cx.error(
        img,
        vmaPath(i),
        `${vmaText(start, end)} starts before the previous VMA ends (${
          hex(prevEnd)
        }): VMAs are not sorted or overlap; restore fails to map them`,
      );
    } else if (!(status & VMA.VSYSCALL) && end > TASK_SIZE_MAX) {
      cx.error(
        img,
        vmaPath(i),
        `${
          vmaText(start, end)
        } ends above the largest task size; restore fails to map it`,
      );
    }
    if (end > prevEnd) prevEnd = end;
    areas.push({ start, end, own: isPrivate(status) });
    // Most VMAs are private memory or files: no await for those.
    const backing = checkVmaBacking(cx, t, img, i, v, pass);
    if (backing !== undefined) await backing;
  }
  return areas;
}

const vmaPath = (i: number) => `entries[0].vmas[${i}]`;
const vmaText = (start: U64, end: U64) => `VMA ${hex(start)}-${hex(end)}`;

/**
 * The file or shared memory VMA `i` maps; a promise only for shared memory,
 * which may take reading more images.
 */
function checkVmaBacking(
  cx: Context,
  t: Task,
  img: string,
  i: number,
  v: JsonObject,
  pass: MemoryPass,
): Promise<void> | undefined {
  const status = num(v.status);
  if (status & (VMA.SYSVIPC | VMA.MEMFD | VMA.ANON_SHARED)) {
    return checkSharedBacking(cx, t, img, vmaPath(i), v, pass);
  }
  if (!(status & (VMA.FILE_PRIVATE | VMA.FILE_SHARED))) return undefined;
  // Looked up here so the texts of the error are made only for one.
  if (pass.files.get("REG", v.shmid) !== undefined) return undefined;
  needReg(
    cx,
    pass.files,
    img,
    `${vmaPath(i)}.shmid`,
    v.shmid,
    `mapped file of ${`VMA ${hex(v.start)}`}`,
  );
}

/** SysV, memfd and anonymous shared memory behind a VMA. */
async function checkSharedBacking(
  cx: Context,
  t: Task,
  img: string,
  at: string,
  v: JsonObject,
  pass: MemoryPass,
) {
  const status = num(v.status);
  const shmid = v.shmid;
  if (status & VMA.SYSVIPC) {
    const nsId = num(t.ids?.ipc_ns_id);
    const segments = await pass.sysv(nsId);
    if (segments === undefined) return;
    const seg = segments.get(num(shmid));
    if (seg === undefined) {
      cx.error(
        img,
        `${at}.shmid`,
        `SysV shared memory ${
          num(shmid)
        } is not in ipcns-shm-${nsId}.img; restore fails to attach it`,
      );
    } else if (seg.in_pagemaps === true) {
      await checkShmemPagemap(cx, img, at, num(shmid), pass, int(seg.size));
    }
  } else if (status & VMA.MEMFD) {
    if (!pass.files.present) return;
    const f = pass.files.get("MEMFD", shmid);
    if (f === undefined) {
      cx.error(
        img,
        `${at}.shmid`,
        `memfd mapping: no MEMFD file ${
          hex(shmid)
        } in files.img; restore fails: No entry for the memfd`,
      );
      return;
    }
    const inodes = await cx.entries("memfd.img");
    const inodeId = int((f.memfd as JsonObject).inode_id);
    const inode = inodes?.find((e) => int(e.inode_id) === inodeId);
    // A MEMFD file without its inode is reported with files.img.
    if (inode === undefined) return;
    if (int(inode.size) > 0n) {
      await checkShmemPagemap(
        cx,
        "memfd.img",
        at,
        num(inode.shmid),
        pass,
        int(inode.size),
      );
    }
  } else {
    await checkShmemPagemap(cx, img, at, num(shmid), pass);
  }
}

/** One run of a pagemap image, as it is in the image. */
interface Entry {
  page: number;
  count: number;
  flags: number;
  index: number;
  /** It starts before the previous entry ends (reported once, not walked). */
  overlaps: boolean;
}

/** Reads the entries of a pagemap image; reports their shape. */
function readEntries(
  cx: Context,
  img: string,
  entries: JsonObject[],
  pageSize: number,
): Entry[] {
  const out: Entry[] = [];
  const shift = Math.log2(pageSize);
  let prevEnd = -1;
  if (entries.length > 1) cx.count("pagemap_entries", entries.length - 1);
  for (let i = 1; i < entries.length; i++) {
    const e = entries[i];
    const n = num(e.nr_pages ?? e.compat_nr_pages);
    let flags = e.flags === undefined ? PE.PRESENT : num(e.flags);
    if (e.in_parent === true) flags = (flags & ~PE.PRESENT) | PE.PARENT;
    const vaddr = u64(e.vaddr);
    if (!aligned(vaddr, pageSize)) {
      cx.error(
        img,
        `entries[${i}].vaddr`,
        `${hex(vaddr)} is not page aligned; restore reads the wrong pages`,
      );
    }
    const page = typeof vaddr === "number"
      ? Math.floor(vaddr / pageSize)
      : Number(vaddr >> BigInt(shift));
    if (n === 0) continue;
    const overlaps = page < prevEnd;
    if (overlaps) {
      cx.error(
        img,
        `entries[${i}]`,
        `pages at ${
          hex(vaddr)
        } come before the end of the previous entry: entries are not ascending or overlap; restore reads pages into the wrong places`,
      );
    }
    prevEnd = Math.max(prevEnd, page + n);
    out.push({ page, count: n, flags, index: i, overlaps });
  }
  return out;
}

/** Checks that the pages file holds exactly the PE.PRESENT pages. */
async function checkPagesFile(
  cx: Context,
  img: string,
  pagesId: JsonValue | undefined,
  entries: Entry[],
  pageSize: number,
): Promise<number> {
  let pages = 0;
  for (const e of entries) if (e.flags & PE.PRESENT) pages += e.count;
  cx.count("pages", pages);
  const file = `pages-${num(pagesId)}.img`;
  cx.referenced.add(file);
  const want = pages * pageSize;
  const size = await sizeIs(cx, file, want);
  if (size === "missing") {
    if (pages > 0) {
      cx.error(
        img,
        "entries[0].pages_id",
        `its pages file ${file} is missing (${pages} pages expected); restore fails reading pages`,
      );
    }
  } else if (size !== "equal") {
    cx.error(
      file,
      "",
      `is ${size} than the ${pages} pages (${want} bytes) ${img} lists; ${
        size === "shorter"
          ? "restore fails reading pages (the file was cut short)"
          : "pages after those are never read: the pagemap and pages file do not match"
      }`,
    );
  }
  return pages;
}

/** Compares a file's size with `want` without reading the file. */
async function sizeIs(
  cx: Context,
  name: string,
  want: number,
): Promise<"missing" | "equal" | "shorter" | "longer"> {
  const probe = want === 0 ? 0 : want - 1;
  const bytes = cx.dir.readRange
    ? await cx.dir.readRange(name, probe, 2)
    : (await cx.dir.read(name))?.subarray(probe, probe + 2);
  if (bytes === undefined) return "missing";
  const expect = want === 0 ? 0 : 1;
  if (bytes.length === expect) return "equal";
  return bytes.length < expect ? "shorter" : "longer";
}

async function checkTaskPagemap(
  cx: Context,
  t: Task,
  areas: Area[],
  pass: MemoryPass,
) {
  const img = `pagemap-${t.pid}.img`;
  const all = await cx.entries(img);
  if (all === undefined) return;
  const head = all[0];
  if (head === undefined || head.pages_id === undefined) {
    cx.error(img, "entries[0]", "has no head; restore fails: Unexpected EOF");
    return;
  }
  const entries = readEntries(cx, img, all, pass.pageSize);
  checkInsideVmas(cx, img, entries, areas, pass.pageSize);
  pass.written.task += await checkPagesFile(
    cx,
    img,
    head.pages_id,
    entries,
    pass.pageSize,
  );
  await checkParentPages(cx, img, entries, pass.pageSize);
  if (entries.some((e) => e.flags & PE.LAZY && !(e.flags & PE.PRESENT))) {
    cx.note(
      img,
      "",
      "lazy pages are not in the images: restore needs --lazy-pages and a page server",
    );
  }
}

/** Every pagemap page lies in a VMA whose pages the task pagemap holds. */
function checkInsideVmas(
  cx: Context,
  img: string,
  entries: Entry[],
  areas: Area[],
  pageSize: number,
) {
  const sorted = [...areas].sort((a, b) => (a.start < b.start ? -1 : 1));
  for (const e of entries) {
    // Overlapping entries could each walk every VMA: they are errors already.
    if (e.overlaps) continue;
    // Exact as doubles: pages are below 2^53 and pageSize a power of two.
    let at: U64 = e.page * pageSize;
    const end = (e.page + e.count) * pageSize;
    let ok = true;
    // Entries may span adjacent VMAs: walk them until the run is covered.
    while (at < end) {
      const a = areaAt(sorted, at);
      if (a === undefined || !a.own) {
        ok = false;
        break;
      }
      at = a.end;
    }
    if (ok) continue;
    cx.error(
      img,
      `entries[${e.index}]`,
      `page ${
        hex(at)
      } is in no private VMA of the task; restore fails: the page has no mapping to go to`,
    );
  }
}

/** The area holding `addr` in areas sorted by start, by binary search. */
function areaAt(sorted: Area[], addr: U64): Area | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid].start <= addr) lo = mid + 1;
    else hi = mid;
  }
  const a = sorted[lo - 1];
  return a !== undefined && addr < a.end ? a : undefined;
}

/** PE.PARENT pages must be in the parent dump (chains of any depth). */
async function checkParentPages(
  cx: Context,
  img: string,
  entries: Entry[],
  pageSize: number,
) {
  const wanted = entries.filter((e) => e.flags & PE.PARENT);
  if (wanted.length === 0) return;
  const parent = await parentChain(cx, img, "parent/", pageSize);
  if (parent === undefined) {
    cx.error(
      img,
      `entries[${wanted[0].index}]`,
      `${wanted.length} entries have their pages in the parent dump, but there is no parent/${img}; restore fails: No parent for snapshot pagemap`,
    );
    return;
  }
  for (const e of wanted) {
    const out: Parameters<PageChain["resolve"]>[3] = [];
    parent.resolve(e.page, e.count, 0, out, pageSize, true);
    const gap = out.find((x) => x.kind === "missing");
    if (gap === undefined) continue;
    cx.error(
      img,
      `entries[${e.index}]`,
      `page ${
        hex(BigInt(gap.page) * BigInt(pageSize))
      } is marked in the parent, which lacks it; restore fails: Missing ${
        (BigInt(gap.page) * BigInt(pageSize)).toString(16)
      } in parent pagemap`,
    );
  }
}

async function parentChain(
  cx: Context,
  img: string,
  prefix: string,
  pageSize: number,
): Promise<PageChain | undefined> {
  // A chain of parents is as deep as the dumps on disk; 64 is plenty.
  if (prefix.length > 64 * "parent/".length) return undefined;
  const entries = await cx.entries(prefix + img);
  if (entries === undefined) return undefined;
  try {
    const map = buildPageMap(img, prefix, entries, [], Math.log2(pageSize));
    const size = await sizeIs(cx, map.pagesFile, map.pagesBytes);
    if (size === "shorter" || (size === "missing" && map.pagesBytes > 0)) {
      cx.error(
        map.pagesFile,
        "",
        `${
          size === "missing" ? "is missing" : "is shorter than"
        } the ${map.pagesBytes} bytes ${
          prefix + img
        } lists; restore fails reading the pages the child dump takes from it`,
      );
    }
    const up = await parentChain(cx, img, prefix + "parent/", pageSize);
    return new PageChain(map, up);
  } catch (e) {
    if (!(e instanceof CriuImageError)) throw e;
    cx.error(prefix + img, "", e.message);
    return undefined;
  }
}

/** A pagemap-shmem-<id>.img some mapping needs, and its pages file. */
export async function checkShmemPagemap(
  cx: Context,
  from: string,
  at: string,
  shmid: number,
  pass: MemoryPass,
  size?: bigint,
): Promise<void> {
  const img = `pagemap-shmem-${shmid}.img`;
  if (pass.shmemDone.has(img)) return;
  pass.shmemDone.add(img);
  const l = await cx.load(img);
  if (l.state === "missing") {
    cx.error(
      from,
      at,
      `shared memory ${shmid}: ${img} is missing; restore fails to read its contents`,
    );
    return;
  }
  if (l.state === "broken") return;
  const head = l.entries[0];
  if (head === undefined || head.pages_id === undefined) {
    cx.error(img, "entries[0]", "has no head; restore fails: Unexpected EOF");
    return;
  }
  const entries = readEntries(cx, img, l.entries, pass.pageSize);
  if (size !== undefined) {
    const pages = Number(
      (size + BigInt(pass.pageSize - 1)) / BigInt(pass.pageSize),
    );
    const over = entries.find((e) => e.page + e.count > pages);
    if (over !== undefined) {
      cx.error(
        img,
        `entries[${over.index}]`,
        `pages up to offset ${
          hex(BigInt(over.page + over.count) * BigInt(pass.pageSize))
        } lie beyond the ${size}-byte shared memory (${from}); restore fails writing them`,
      );
    }
  }
  pass.written.shmem += await checkPagesFile(
    cx,
    img,
    head.pages_id,
    entries,
    pass.pageSize,
  );
}

/**
 * Shared memory not reached through a mapping: every memfd inode with
 * contents and every SysV segment kept in pagemaps.
 */
export async function checkAllShmem(
  cx: Context,
  ipcIds: number[],
  pass: MemoryPass,
): Promise<void> {
  const wanted: [string, string, number, bigint][] = [];
  (await cx.entries("memfd.img"))?.forEach((inode, i) => {
    if (int(inode.size) > 0n) {
      wanted.push([
        "memfd.img",
        `entries[${i}].shmid`,
        num(inode.shmid),
        int(inode.size),
      ]);
    }
  });
  for (const nsId of ipcIds) {
    const img = `ipcns-shm-${nsId}.img`;
    (await cx.entries(img))?.forEach((seg, i) => {
      if (seg.in_pagemaps === true) {
        wanted.push([
          img,
          `entries[${i}].desc.id`,
          num((seg.desc as JsonObject).id),
          int(seg.size),
        ]);
      }
    });
  }
  for (const [from, at, shmid, size] of wanted) {
    await checkShmemPagemap(cx, from, at, shmid, pass, size);
  }
}

/** stats-dump's pages written against the pagemaps. */
export async function checkStats(cx: Context, pass: MemoryPass): Promise<void> {
  const stats = (await cx.entries("stats-dump"))?.[0]?.dump as
    | JsonObject
    | undefined;
  if (stats === undefined) return;
  for (
    const [key, have] of [
      ["pages_written", pass.written.task],
      ["shpages_written", pass.written.shmem],
    ] as const
  ) {
    if (stats[key] === undefined) continue;
    const said = num(stats[key]);
    if (said === have) continue;
    cx.warning(
      "stats-dump",
      `entries[0].dump.${key}`,
      `is ${said}, but the pagemaps hold ${have} present pages: pages were lost or added after the dump`,
    );
  }
}
