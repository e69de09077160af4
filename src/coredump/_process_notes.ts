/**
 * The notes of one process's core file, from its core, pstree, mm and ids
 * images and its memory, in the order the kernel writes them: the main
 * thread's NT_PRSTATUS, NT_PRPSINFO, NT_SIGINFO, NT_AUXV, NT_FILE, the main
 * thread's other register sets, then each other thread's NT_PRSTATUS and
 * register sets.
 *
 * @module
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import { type Dump, int, num } from "../dump/dump.ts";
import { TASK_STATE } from "../dump/constants.ts";
import type { MemoryMapping, ProcessMemory } from "../memory/memory.ts";
import { encodeUtf8Lossless } from "../json/text.ts";
import { decodeBase64 } from "../json/base64.ts";
import type { Note } from "./_elf.ts";
import {
  auxvNote,
  type FileMapping,
  fileNote,
  prpsinfoNote,
  prstatusNote,
  siginfoNote,
} from "./_notes.ts";
import { EM_X86_64, x86FpNotes, x86Ip, x86Registers } from "./_x86_64.ts";
import { aarch64Notes, aarch64Registers, EM_AARCH64 } from "./_aarch64.ts";
import { armNotes, armRegisters, EM_ARM } from "./_arm.ts";
import { EM_386, i386Ip, i386Notes, i386Registers } from "./_i386.ts";

const SIGSTOP = 19;
const SI_KERNEL = 0x80;

/** What the notes say, for the report. */
export interface NotesInfo {
  notes: Note[];
  machine: number;
  /** ELF64 (or ELF32 for i386 and 32-bit ARM). */
  wide: boolean;
  threads: number[];
  /** Threads whose interrupted syscall was put back as the kernel shows it. */
  inSyscall: number[];
  signal: number;
}

/** The architectures a core can be made for, and their e_machine. */
const EM = {
  x86_64: EM_X86_64,
  i386: EM_386,
  aarch64: EM_AARCH64,
  arm: EM_ARM,
} as const;
type Arch = keyof typeof EM;

/** CRIU's mtype names and numbers. */
const MTYPES: Record<string, number> = { X86_64: 1, ARM: 2, AARCH64: 3 };

/** The architecture of a thread's core image (a compat task is i386). */
function archOf(core: JsonObject): Arch | undefined {
  const m = typeof core.mtype === "string"
    ? MTYPES[core.mtype]
    : num(core.mtype);
  if (m === 1) {
    const gp = (core.thread_info as JsonObject | undefined)?.gpregs as
      | JsonObject
      | undefined;
    return gp?.mode === "COMPAT" || gp?.mode === 2 ? "i386" : "x86_64";
  }
  return m === 2 ? "arm" : m === 3 ? "aarch64" : undefined;
}

/** The 64-bit mask of the signals in a signal queue. */
function queueMask(queue: JsonValue | undefined): bigint {
  let mask = 0n;
  const signals = (queue as JsonObject | undefined)?.signals;
  for (const s of Array.isArray(signals) ? signals : []) {
    const field = (s as JsonObject).siginfo;
    // Bytes fields are base64 text in crit's JSON objects.
    const raw = typeof field === "string" ? decodeBase64(field) : field;
    if (!(raw instanceof Uint8Array) || raw.length < 4) continue;
    const signo = new DataView(raw.buffer, raw.byteOffset).getInt32(0, true);
    if (signo >= 1 && signo <= 64) mask |= 1n << BigInt(signo - 1);
  }
  return mask;
}

/** The kernel's name of a mapped file, or undefined for anonymous memory. */
async function mappedName(
  m: MemoryMapping,
  sysvKey: (id: number) => Promise<number | undefined>,
): Promise<Uint8Array | undefined> {
  switch (m.kind) {
    case "file":
    case "file-shared":
      return m.name.startsWith("file id ")
        ? undefined
        : encodeUtf8Lossless(m.name);
    case "memfd":
    case "memfd-private":
      return m.name.startsWith("memfd:")
        ? encodeUtf8Lossless(`/${m.name} (deleted)`)
        : undefined;
    case "shmem":
      return encodeUtf8Lossless("/dev/zero (deleted)");
    case "sysv-shm": {
      const key = await sysvKey(m.shmid ?? -1) ?? 0;
      return encodeUtf8Lossless(
        `/SYSV${(key >>> 0).toString(16).padStart(8, "0")} (deleted)`,
      );
    }
    default:
      return undefined;
  }
}

async function fileMappings(
  dump: Dump,
  pid: number,
  mem: ProcessMemory,
  pageSize: number,
): Promise<FileMapping[]> {
  let keys: Map<number, number> | undefined;
  const sysvKey = async (id: number) => {
    if (!keys) {
      keys = new Map();
      const ids = (await dump.entries(`ids-${pid}.img`))?.[0];
      const shm = ids
        ? await dump.entries(`ipcns-shm-${num(ids.ipc_ns_id)}.img`)
        : undefined;
      for (const s of shm ?? []) {
        const d = s.desc as JsonObject | undefined;
        if (d) keys.set(num(d.id), num(d.key));
      }
    }
    return keys.get(id);
  };
  const out: FileMapping[] = [];
  for (const m of mem.mappings) {
    const name = await mappedName(m, sysvKey);
    if (name === undefined) continue;
    out.push({
      start: m.start,
      end: m.end,
      pageOffset: m.offset / BigInt(pageSize),
      name,
    });
  }
  return out;
}

/** Up to 79 bytes of the argument area, NULs turned into spaces. */
async function psargs(mm: JsonObject, mem: ProcessMemory): Promise<Uint8Array> {
  const start = int(mm.mm_arg_start);
  const end = int(mm.mm_arg_end);
  if (end <= start) return new Uint8Array(0);
  const length = Number(end - start > 79n ? 79n : end - start);
  const { bytes, missing } = await mem.read(start, length);
  const have = missing.length
    ? bytes.subarray(0, Number(missing[0].address - start))
    : bytes;
  return have.map((b) => (b === 0 ? 0x20 : b));
}

/** One thread's core image, checked for the architecture. */
async function threadCore(dump: Dump, tid: number): Promise<JsonObject> {
  return await dump.first(`core-${tid}.img`);
}

async function insnAt(
  mem: ProcessMemory,
  address: bigint,
): Promise<Uint8Array | undefined> {
  if (address > (1n << 64n) - 2n) return undefined;
  const { bytes, missing } = await mem.read(address, 2);
  return missing.length ? undefined : bytes;
}

/** The threads' register notes: [prstatus, others] per thread. */
async function threadNotes(
  core: JsonObject,
  tid: number,
  ids: { pid: number; ppid: number; pgrp: number; sid: number },
  signal: number,
  blockedFallback: JsonValue | undefined,
  mem: ProcessMemory,
  kernelView: boolean,
): Promise<{ status: Note; rest: Note[]; inSyscall: boolean }> {
  const tcore = (core.thread_core ?? {}) as JsonObject;
  const common = {
    signal,
    pending: queueMask(tcore.signals_p),
    blocked: int(tcore.blk_sigset ?? blockedFallback),
    pid: tid,
    ppid: ids.ppid,
    pgrp: ids.pgrp,
    sid: ids.sid,
  };
  const arch = archOf(core);
  if (arch === "x86_64" || arch === "i386") {
    const ti = core.thread_info as JsonObject | undefined;
    if (!ti) throw new Error(`core-${tid}.img has no x86 thread_info`);
    const gp = (ti.gpregs ?? {}) as JsonObject;
    if (arch === "i386") {
      const regs = i386Registers(
        gp,
        kernelView,
        kernelView ? await insnAt(mem, i386Ip(gp)) : undefined,
      );
      return {
        status: prstatusNote({ ...common, regs: regs.regs }, false),
        rest: i386Notes(ti),
        inSyscall: regs.inSyscall,
      };
    }
    const regs = x86Registers(
      gp,
      kernelView,
      kernelView ? await insnAt(mem, x86Ip(gp)) : undefined,
    );
    return {
      status: prstatusNote({ ...common, regs: regs.regs }, true),
      rest: x86FpNotes(ti.fpregs as JsonObject | undefined),
      inSyscall: regs.inSyscall,
    };
  }
  if (arch === "aarch64") {
    const ti = core.ti_aarch64 as JsonObject | undefined;
    if (!ti) throw new Error(`core-${tid}.img has no ti_aarch64`);
    return {
      status: prstatusNote({ ...common, regs: aarch64Registers(ti) }, true),
      rest: aarch64Notes(ti),
      inSyscall: false,
    };
  }
  if (arch === "arm") {
    const ti = core.ti_arm as JsonObject | undefined;
    if (!ti) throw new Error(`core-${tid}.img has no ti_arm`);
    return {
      status: prstatusNote({ ...common, regs: armRegisters(ti) }, false),
      rest: armNotes(ti),
      inSyscall: false,
    };
  }
  throw new Error(
    `core-${tid}.img: architecture ${
      String(core.mtype)
    } is not supported (x86_64, aarch64 and arm are)`,
  );
}

/** Every note of the core of `pid`, and what they say. */
export async function processNotes(
  dump: Dump,
  pid: number,
  mem: ProcessMemory,
  pageSize: number,
  kernelView: boolean,
): Promise<NotesInfo> {
  const task = (await dump.tasks()).find((t) => t.pid === pid);
  if (!task) throw new Error(`task ${pid} is not in pstree.img`);
  const ids = { pid, ppid: task.ppid, pgrp: task.pgid, sid: task.sid };
  const threads = [pid, ...task.threads.filter((t) => t !== pid)];
  const main = await threadCore(dump, pid);
  const arch = archOf(main);
  // 32-bit x86 and ARM have 4-byte words.
  const wide = arch !== "arm" && arch !== "i386";
  const tc = (main.tc ?? {}) as JsonObject;
  const mcore = (main.thread_core ?? {}) as JsonObject;
  const stopped = num(tc.task_state) === TASK_STATE.STOPPED;
  const signal = stopped && num(tc.stop_signo) > 0
    ? num(tc.stop_signo)
    : SIGSTOP;
  const mm = await dump.first(`mm-${pid}.img`);
  // Images older than CRIU 1.5 keep credentials in creds-PID.img.
  const creds = (mcore.creds ??
    (await dump.entries(`creds-${pid}.img`))?.[0] ?? {}) as JsonObject;
  const comm = String(tc.comm ?? mcore.comm ?? "");
  const head: Note[] = [
    prpsinfoNote({
      state: stopped ? 3 : 0,
      nice: num(mcore.sched_nice),
      flags: int(tc.flags),
      uid: num(creds.uid),
      gid: num(creds.gid),
      ...ids,
      fname: encodeUtf8Lossless(comm),
      psargs: await psargs(mm, mem),
    }, wide),
    siginfoNote(signal, SI_KERNEL),
    auxvNote(
      (Array.isArray(mm.mm_saved_auxv) ? mm.mm_saved_auxv : []).map(int),
      wide,
    ),
    fileNote(await fileMappings(dump, pid, mem, pageSize), pageSize, wide),
  ];
  const notes: Note[] = [];
  const inSyscall: number[] = [];
  for (const tid of threads) {
    const core = tid === pid ? main : await threadCore(dump, tid);
    if (archOf(core) !== arch) {
      throw new Error(`core-${tid}.img is of another architecture`);
    }
    const t = await threadNotes(
      core,
      tid,
      ids,
      signal,
      tid === pid ? tc.blk_sigset : undefined,
      mem,
      kernelView,
    );
    notes.push(t.status);
    if (tid === pid) notes.push(...head);
    notes.push(...t.rest);
    if (t.inSyscall) inSyscall.push(tid);
  }
  return {
    notes,
    machine: arch ? EM[arch] : 0,
    wide,
    threads,
    inSyscall,
    signal,
  };
}
