/**
 * The checker's decode of an image whose kind it knows from the name, for
 * every kind whose entries are plain messages: the framing read straight off
 * the buffer, and each entry in one walk that checks it the way a whole
 * decode checks it while building only the fields the checks read, for the
 * kinds where that is a small part (cores are mostly registers, mm images
 * mostly VMA fields, files.img mostly file details no check reads).
 * Building whole entries and dropping most of them made most of the cost of
 * checking a big dump. Anything out of the ordinary (another magic, a cut or
 * oversized entry, a message that may not decode) gives undefined, and the
 * caller runs decodeSync, which words the exact error.
 */
import type { JsonObject } from "../json/types.ts";
import { headerWord, MAGICS } from "../image/magic.ts";
import { entryKind, entryMessage } from "../image/kinds.ts";
import { DEFAULT_MAX_ENTRY_SIZE } from "../codec/decode.ts";
import type { FieldSelection } from "../codec/decode_selected.ts";
import { type Compiled, compileSelection } from "../message/decode_selected.ts";
import { decodeCompiledChecked } from "../message/decode_checked.ts";
import { Kind, type MessagePlan, messagePlan } from "../wire/plan.ts";
import { decodeMessage } from "../message/decode_value.ts";

/** The registers of a core, by `mtype`: only whether they are there is checked. */
const REGISTERS: FieldSelection = {};

/**
 * What the checks read of the kinds that have many more fields than that.
 * Other kinds are decoded whole (fields from a newer CRIU, "@unknown", may
 * be left out: no check reads them).
 */
export const SELECTIONS: Readonly<Record<string, FieldSelection>> = {
  CORE: {
    mtype: true,
    tc: { task_state: true, cg_set: true },
    thread_core: { seccomp_mode: true, seccomp_filter: true },
    thread_info: REGISTERS,
    ti_arm: REGISTERS,
    ti_aarch64: REGISTERS,
    ti_ppc64: REGISTERS,
    ti_s390: REGISTERS,
    ti_mips: REGISTERS,
    ti_loongarch64: REGISTERS,
    ti_riscv64: REGISTERS,
  },
  MM: {
    exe_file_id: true,
    vmas: { start: true, end: true, shmid: true, status: true },
  },
  FDINFO: { fd: true, type: true, id: true },
  // Every kind's details by their id (checked against the entry's), and
  // what the references are checked with; see _files.ts and _file_refs.ts.
  FILES: {
    type: true,
    id: true,
    reg: { id: true, name: true, mnt_id: true, ext: true },
    isk: { id: true, ino: true, proto: true, dst_port: true },
    nsf: { id: true, ns_id: true, ns_cflag: true },
    psk: { id: true },
    nlsk: { id: true },
    efd: { id: true },
    epfd: { id: true, tfd: { tfd: true } },
    sgfd: { id: true },
    tunf: { id: true },
    tfd: { id: true },
    ify: { id: true },
    ffy: { id: true, mark: { type: true, me: { mnt_id: true } } },
    ext: { id: true },
    usk: { id: true, ino: true, peer: true, uflags: true },
    fifo: { id: true, pipe_id: true, regf_id: true },
    pipe: { id: true, pipe_id: true, flags: true },
    tty: { id: true, tty_info_id: true, regf_id: true },
    memfd: { id: true, inode_id: true },
    bpf: { id: true, map_id: true },
    pidfd: { id: true, nspid: true },
  },
  FS: { cwd_id: true, root_id: true },
};

/**
 * How entries of a kind are read: by selection in the one walk, or, for a
 * kind read whole that holds messages, by decodeMessage itself (which
 * checks what it decodes; the walk would go over those messages twice).
 */
type Reader = Compiled | MessagePlan;

/** Every field of a message of scalars, for kinds the checks read whole. */
function everything(plan: MessagePlan): FieldSelection | undefined {
  if (plan.fields.some((f) => f.kind === Kind.Message)) return undefined;
  return Object.fromEntries(plan.fields.map((f) => [f.name, true]));
}

/** The readers of the first and the other entries of each kind, or null. */
const readers = new Map<string, [Reader, Reader] | null>();

function readersOf(magic: string): [Reader, Reader] | null {
  let r = readers.get(magic);
  if (r !== undefined) return r;
  const kind = entryKind(magic);
  // Entries followed by payloads are framed by their handlers: decodeSync.
  if (kind === undefined || (kind.layout ?? "pagemap") !== "pagemap") {
    r = null;
  } else {
    const reader = (index: number): Reader => {
      const plan = messagePlan(entryMessage(kind, index));
      const sel = SELECTIONS[magic] ?? everything(plan);
      return sel === undefined ? plan : compileSelection(plan, sel);
    };
    r = [reader(0), reader(1)];
  }
  readers.set(magic, r);
  return r;
}

/** An entry, or undefined when it may not decode. */
function readEntry(
  reader: Reader,
  bytes: Uint8Array,
  start: number,
  end: number,
): JsonObject | undefined {
  if ("take" in reader) return decodeCompiledChecked(reader, bytes, start, end);
  try {
    return decodeMessage(reader, bytes, start, end, false);
  } catch {
    return undefined;
  }
}

/**
 * The entries of an image of `magic` (only the selected fields for kinds
 * in SELECTIONS), or undefined when decodeSync must decide.
 */
export function decodeKnown(
  bytes: Uint8Array,
  magic: string,
): JsonObject[] | undefined {
  const kinds = readersOf(magic);
  if (kinds === null || MAGICS[magic] === undefined) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  // The header CRIU writes: a header word (none for the inventory), then
  // the magic.
  const word = headerWord(magic);
  let at = word === undefined ? 4 : 8;
  if (
    bytes.length < at ||
    (word !== undefined && view.getUint32(0, true) !== word) ||
    view.getUint32(at - 4, true) !== MAGICS[magic]
  ) {
    return undefined;
  }
  const out: JsonObject[] = [];
  while (at < bytes.length) {
    if (bytes.length - at < 4) return undefined;
    const size = view.getUint32(at, true);
    const start = at + 4;
    const end = start + size;
    if (size > DEFAULT_MAX_ENTRY_SIZE || end > bytes.length) return undefined;
    const entry = readEntry(kinds[out.length === 0 ? 0 : 1], bytes, start, end);
    if (entry === undefined) return undefined;
    out.push(entry);
    at = end;
  }
  return out;
}
