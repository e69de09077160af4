/**
 * Which bytes each PT_LOAD of a core holds: one segment per VMA, decided the
 * way the kernel's vma_dump_size() does with the default coredump_filter,
 * with the dump standing in for the page tables.
 *
 * @module
 */
import type {
  MemoryExtent,
  MemoryMapping,
  MissingReason,
  ProcessMemory,
} from "../memory/memory.ts";
import { PF_R, PF_W, PF_X } from "./_elf.ts";

/** Why a segment holds no bytes in the core. */
export type LeftOutReason =
  | "special"
  | "dontdump"
  | "unwritten"
  | "shared-file"
  | "no-file";

/** A stretch of a segment's file bytes and where they come from. */
export interface Piece {
  address: bigint;
  length: number;
  source: "dump" | "zero" | "file" | "missing";
  reason?: MissingReason;
}

/** One PT_LOAD. */
export interface Segment {
  vaddr: bigint;
  memsz: number;
  flags: number;
  /** The file bytes (their lengths add up to p_filesz). */
  pieces: Piece[];
  /** Why p_filesz is 0 (for a non-empty VMA). */
  leftOut?: LeftOutReason;
  mapping: MemoryMapping;
}

const MADV_DONTDUMP_BIT = 1n << 16n;
const LAYOUT_STEP = 1 << 30;

function flagsOf(prot: number): number {
  return (prot & 1 ? PF_R : 0) | (prot & 2 ? PF_W : 0) |
    (prot & 4 ? PF_X : 0);
}

/** Where the bytes of a whole mapping come from (layout has a 1 GiB limit). */
function extents(mem: ProcessMemory, m: MemoryMapping): MemoryExtent[] {
  const out: MemoryExtent[] = [];
  for (let at = m.start; at < m.end; at += BigInt(LAYOUT_STEP)) {
    const left = m.end - at;
    const n = left < BigInt(LAYOUT_STEP) ? Number(left) : LAYOUT_STEP;
    out.push(...mem.layout(at, n));
  }
  return out;
}

/** Why the kernel's default filter would write nothing of `m`, if so. */
function emptyReason(
  m: MemoryMapping,
  madv: bigint,
  hasFiles: boolean,
): LeftOutReason | undefined {
  if (m.kind === "vvar" || m.kind === "vsyscall" || m.kind === "socket") {
    return "special";
  }
  if (madv & MADV_DONTDUMP_BIT) return "dontdump";
  if (m.kind === "shmem" || m.kind === "memfd" || m.kind === "sysv-shm") {
    return undefined;
  }
  if (m.kind === "file-shared") return hasFiles ? undefined : "shared-file";
  // Pages the dump should hold but does not (lazy, parent, pages file
  // missing) were written all the same.
  const written = m.dumped > 0 ||
    m.missingReasons.some((r) => r !== "file" && r !== "special");
  if (m.kind === "file" || m.kind === "memfd-private") {
    return written || hasFiles ? undefined : "no-file";
  }
  // Anonymous memory the process never touched has no anon_vma: 0 bytes.
  return written ? undefined : "unwritten";
}

/**
 * The segments of a process in address order. `madvise` gives each
 * mapping's `madv` bits from mm-PID.img, by start address.
 */
export function planSegments(
  mem: ProcessMemory,
  madvise: ReadonlyMap<bigint, bigint>,
  hasFiles: boolean,
): Segment[] {
  const out: Segment[] = [];
  for (const m of mem.mappings) {
    const memsz = Number(m.end - m.start);
    const flags = flagsOf(m.prot);
    const none = emptyReason(m, madvise.get(m.start) ?? 0n, hasFiles);
    if (none) {
      out.push({
        vaddr: m.start,
        memsz,
        flags,
        pieces: [],
        leftOut: none,
        mapping: m,
      });
      continue;
    }
    // File pages whose file was not given split the VMA: a PT_LOAD with no
    // bytes lets a debugger read them from the file it has.
    let current: Segment | undefined;
    for (const e of extents(mem, m)) {
      const absent = e.source === "missing" && e.reason === "file";
      if (!current || (current.leftOut !== undefined) !== absent) {
        current = {
          vaddr: e.address,
          memsz: 0,
          flags,
          pieces: [],
          leftOut: absent ? "no-file" : undefined,
          mapping: m,
        };
        out.push(current);
      }
      current.memsz += e.length;
      if (!absent) {
        current.pieces.push({
          address: e.address,
          length: e.length,
          source: e.source,
          reason: e.reason,
        });
      }
    }
  }
  return out;
}
