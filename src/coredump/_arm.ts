/**
 * 32-bit ARM (armv7l) thread state for a core file, from a core image's
 * `ti_arm`: pr_reg (r0-r10, fp, ip, sp, lr, pc, cpsr, orig_r0), NT_PRFPREG
 * (the FPA area, which the kernel writes and no EABI program uses) and
 * NT_ARM_VFP (d0-d31 and fpscr).
 *
 * @module
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import { int } from "../dump/dump.ts";
import type { Note } from "./_elf.ts";
import { NT_PRFPREG } from "./_notes.ts";

/** EM_ARM. */
export const EM_ARM = 40;
const NT_ARM_VFP = 0x400;

/** user_arm_regs_entry's fields in pr_reg order. */
const GPREGS = [
  "r0",
  "r1",
  "r2",
  "r3",
  "r4",
  "r5",
  "r6",
  "r7",
  "r8",
  "r9",
  "r10",
  "fp",
  "ip",
  "sp",
  "lr",
  "pc",
  "cpsr",
  "orig_r0",
] as const;

const u32 = (v: JsonValue | undefined) => Number(int(v) & 0xffffffffn);

/** pr_reg: 18 words. */
export function armRegisters(ti: JsonObject): Uint8Array {
  const gp = (ti.gpregs ?? {}) as JsonObject;
  const regs = new Uint8Array(GPREGS.length * 4);
  const view = new DataView(regs.buffer);
  GPREGS.forEach((k, i) => view.setUint32(i * 4, u32(gp[k]), true));
  return regs;
}

/** NT_PRFPREG (116 bytes of FPA state, zeros) and NT_ARM_VFP. */
export function armNotes(ti: JsonObject): Note[] {
  const fp = (ti.fpstate ?? {}) as JsonObject;
  const vfp = new Uint8Array(32 * 8 + 4);
  const view = new DataView(vfp.buffer);
  const d = Array.isArray(fp.vfp_regs) ? fp.vfp_regs : [];
  for (let i = 0; i < 32 && i < d.length; i++) {
    view.setBigUint64(i * 8, BigInt.asUintN(64, int(d[i])), true);
  }
  view.setUint32(256, u32(fp.fpscr), true);
  return [
    { name: "CORE", type: NT_PRFPREG, desc: new Uint8Array(116) },
    { name: "LINUX", type: NT_ARM_VFP, desc: vfp },
  ];
}
