/** What a VMA of mm-PID.img is and where the pages of it come from. */
import type { MappingKind, MemoryMapping } from "./types.ts";
import { big, type Loader, num } from "./_loader.ts";
import { MAP, PROT, VMA } from "../dump/constants.ts";
import type { JsonObject } from "../json/types.ts";
import type { PageChain } from "./pagemap.ts";

/** How pages of a VMA that the process pagemap does not hold are read. */
export type Fill = "zero" | "file" | "shmem" | "special" | "image";

export interface Vma {
  /** First page and the page after the last. */
  first: number;
  last: number;
  mapping: MemoryMapping;
  /** Whether the process pagemap can hold its pages (private mappings). */
  own: boolean;
  fill: Fill;
  path?: string;
  shmem?: PageChain;
}

type Described = Omit<Vma, "first" | "last">;
type Base = Described["mapping"];

/** What a VMA of mm-PID.img is, and where the pages the pagemap lacks come from. */
export async function describeVma(
  loader: Loader,
  v: JsonObject,
): Promise<Described> {
  const status = num(v.status);
  const flags = num(v.flags);
  const prot = num(v.prot);
  const perms = (prot & PROT.READ ? "r" : "-") +
    (prot & PROT.WRITE ? "w" : "-") + (prot & PROT.EXEC ? "x" : "-") +
    (flags & MAP.SHARED ? "s" : "p");
  const base: Base = {
    start: big(v.start),
    end: big(v.end),
    perms,
    offset: big(v.pgoff),
    prot,
    flags,
    status,
    pages: 0,
    dumped: 0,
    zero: 0,
    file: 0,
    missing: 0,
    missingReasons: [],
    kind: "anon",
    name: "",
  };
  const special = (kind: MappingKind, name: string): Described => ({
    mapping: { ...base, kind, name },
    own: false,
    fill: "special",
  });
  if (status & VMA.VSYSCALL) return special("vsyscall", "[vsyscall]");
  if (status & VMA.VVAR) return special("vvar", "[vvar]");
  if (status & VMA.SOCKET) return special("socket", "packet socket ring");
  if (status & VMA.SYSVIPC) {
    const shmid = num(v.shmid);
    return await shared(
      loader,
      base,
      "sysv-shm",
      `SysV shm ${shmid}`,
      shmid,
      false,
    );
  }
  if (status & VMA.MEMFD) return await memfd(loader, base, v);
  if (status & VMA.ANON_SHARED) {
    return await shared(
      loader,
      base,
      "shmem",
      "/dev/zero",
      num(v.shmid),
      false,
    );
  }
  if (status & (VMA.FILE_PRIVATE | VMA.FILE_SHARED)) {
    return await fileBacked(loader, base, v);
  }
  const [kind, name]: [MappingKind, string] = status & VMA.VDSO
    ? ["vdso", "[vdso]"]
    : status & VMA.HEAP
    ? ["heap", "[heap]"]
    : status & VMA.AIORING
    ? ["aio", "[aio]"]
    : status & VMA.STACK || flags & MAP.GROWSDOWN
    ? ["stack", "[stack]"]
    : ["anon", ""];
  return { mapping: { ...base, kind, name }, own: true, fill: "zero" };
}

/** Memory kept in a pagemap-shmem image: SysV, shared anonymous, memfd. */
async function shared(
  loader: Loader,
  base: Base,
  kind: MappingKind,
  name: string,
  shmid: number,
  own: boolean,
): Promise<Described> {
  const shmem = await loader.chain(`pagemap-shmem-${shmid}.img`);
  return {
    mapping: { ...base, kind, name, shmid },
    own,
    fill: shmem.map ? "shmem" : "image",
    shmem,
  };
}

/**
 * A memfd mapping. CRIU 4.2 dumps MAP_SHARED|MAP_ANONYMOUS memory as a memfd
 * named /dev/zero; the VMA's shmid is the files.img id, the inode has the
 * shmid of the pagemap-shmem image.
 */
async function memfd(
  loader: Loader,
  base: Base,
  v: JsonObject,
): Promise<Described> {
  const inode = await loader.dump.memfdInode(v.shmid);
  const isPrivate = !(base.status & VMA.FILE_SHARED);
  if (!inode) {
    return {
      mapping: {
        ...base,
        kind: isPrivate ? "memfd-private" : "memfd",
        name: `memfd file id ${num(v.shmid)}`,
      },
      own: isPrivate,
      fill: "image",
    };
  }
  const name = String(inode.name);
  const anon = name === "/dev/zero" && !isPrivate;
  return await shared(
    loader,
    base,
    isPrivate ? "memfd-private" : (anon ? "shmem" : "memfd"),
    anon ? name : `memfd:${name}`,
    num(inode.shmid),
    isPrivate,
  );
}

/** A mapping of a regular file: absent pages are the file's, when it is given. */
async function fileBacked(
  loader: Loader,
  base: Base,
  v: JsonObject,
): Promise<Described> {
  const reg = await loader.dump.file("reg", v.shmid ?? 0);
  const path = reg?.name === undefined ? undefined : String(reg.name);
  const isPrivate = !(base.status & VMA.FILE_SHARED);
  let fill: Fill = "image";
  // Pages of a private /dev/zero mapping that were never written are zeros.
  if (isPrivate && path === "/dev/zero") fill = "zero";
  else if (
    path !== undefined &&
    await loader.mappedFileAvailable(
      path,
      reg?.size === undefined ? undefined : Number(reg.size),
    )
  ) fill = "file";
  return {
    mapping: {
      ...base,
      kind: isPrivate ? "file" : "file-shared",
      name: path ?? `file id ${num(v.shmid)}`,
    },
    own: isPrivate,
    fill,
    path,
  };
}
