/**
 * CRIU's numbers that the readers of a dump test: VMA status bits, mmap
 * flags and protections, pagemap entry flags and task states. Named once
 * here so no reader spells a bit as a raw number.
 *
 * @module
 */

/** `vma_entry.status` bits (CRIU's `VMA_AREA_*` and `VMA_*`). */
export const VMA = {
  REGULAR: 1 << 0,
  STACK: 1 << 1,
  VSYSCALL: 1 << 2,
  VDSO: 1 << 3,
  HEAP: 1 << 5,
  FILE_PRIVATE: 1 << 6,
  FILE_SHARED: 1 << 7,
  ANON_SHARED: 1 << 8,
  ANON_PRIVATE: 1 << 9,
  SYSVIPC: 1 << 10,
  SOCKET: 1 << 11,
  VVAR: 1 << 12,
  AIORING: 1 << 13,
  MEMFD: 1 << 14,
  UNSUPP: 1 << 31,
} as const;

/** `vma_entry.flags` bits that readers test (the kernel's `MAP_*`). */
export const MAP = {
  SHARED: 0x01,
  PRIVATE: 0x02,
  ANONYMOUS: 0x20,
  GROWSDOWN: 0x100,
} as const;

/** `vma_entry.prot` bits (the kernel's `PROT_*`). */
export const PROT = { READ: 0x1, WRITE: 0x2, EXEC: 0x4 } as const;

/**
 * `pagemap_entry.flags`: PE_PRESENT pages are in the pages file (only they
 * advance its offset), PE_PARENT pages in the previous dump of an
 * incremental chain, PE_LAZY pages were left for lazy restore.
 */
export const PE = { PARENT: 1, LAZY: 2, PRESENT: 4 } as const;

/**
 * `tc.task_state` values (compel's `COMPEL_TASK_*`). crit's pretty JSON
 * calls 3 "Zombie" and 6 "Stopped"; in CRIU it is the other way round.
 */
export const TASK_STATE = { ALIVE: 1, DEAD: 2, STOPPED: 3, ZOMBIE: 6 } as const;
