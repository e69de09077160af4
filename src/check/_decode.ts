/**
 * The checker's decode of an image whose kind it knows from the name: the
 * framing read straight off the buffer, every entry checked the way a whole
 * decode checks it, and only the fields the checks read built for the
 * biggest kinds (cores are mostly registers, mm images mostly VMA fields
 * nobody checks). Building and then dropping whole entries made most of the
 * cost of checking a big dump. Anything out of the ordinary (another magic,
 * a cut or oversized entry, a message that may not decode) gives undefined,
 * and the caller runs decodeSync, which words the exact error.
 */
import type { JsonObject } from "../json/types.ts";
import { headerWord, MAGICS } from "../image/magic.ts";
import { entryKind, entryMessage } from "../image/kinds.ts";
import { DEFAULT_MAX_ENTRY_SIZE } from "../codec/decode.ts";
import type { FieldSelection } from "../codec/decode_selected.ts";
import { type Compiled, compileSelection } from "../message/decode_selected.ts";
import { decodeCompiledChecked } from "../message/decode_checked.ts";
import { type MessagePlan, messagePlan } from "../wire/plan.ts";

/** The registers of a core, by `mtype`: only whether they are there is checked. */
const REGISTERS: FieldSelection = {};

/**
 * What the checks read of the kinds that have many more fields than that.
 * Other kinds are decoded whole (all their fields; "@unknown" fields from a
 * newer CRIU are left out, the checks have no use for them).
 */
export const SELECTIONS: Readonly<Record<string, FieldSelection>> = {
  CORE: {
    mtype: true,
    tc: { task_state: true, exit_code: true, cg_set: true },
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
    vmas: { start: true, end: true, shmid: true, status: true, flags: true },
  },
  FDINFO: { fd: true, type: true, id: true },
  FS: { cwd_id: true, root_id: true },
};

/** Every field of a message, for kinds the checks read whole. */
function everything(plan: MessagePlan): FieldSelection {
  return Object.fromEntries(plan.fields.map((f) => [f.name, true]));
}

/** How the first and the other entries of each kind are read, or null. */
const readers = new Map<string, [Compiled, Compiled] | null>();

function readersOf(magic: string): [Compiled, Compiled] | null {
  let r = readers.get(magic);
  if (r !== undefined) return r;
  const kind = entryKind(magic);
  // Entries followed by payloads are framed by their handlers: decodeSync.
  if (kind === undefined || (kind.layout ?? "pagemap") !== "pagemap") {
    r = null;
  } else {
    const reader = (index: number): Compiled => {
      const plan = messagePlan(entryMessage(kind, index));
      return compileSelection(plan, SELECTIONS[magic] ?? everything(plan));
    };
    r = [reader(0), reader(1)];
  }
  readers.set(magic, r);
  return r;
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
    const entry = decodeCompiledChecked(
      kinds[out.length === 0 ? 0 : 1],
      bytes,
      start,
      end,
    );
    if (entry === undefined) return undefined;
    out.push(entry);
    at = end;
  }
  return out;
}
