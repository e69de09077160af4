/**
 * aarch64 thread state for a core file, from a core image's `ti_aarch64`:
 * pr_reg (struct user_pt_regs: x0-x30, sp, pc, pstate), NT_PRFPREG
 * (struct user_fpsimd_state) and NT_ARM_TLS (tpidr_el0).
 *
 * @module
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import { int } from "../dump/dump.ts";
import type { Note } from "./_elf.ts";
import { NT_PRFPREG } from "./_notes.ts";

/** EM_AARCH64. */
export const EM_AARCH64 = 183;
const NT_ARM_TLS = 0x401;

const list = (v: JsonValue | undefined): JsonValue[] =>
  Array.isArray(v) ? v : [];

/** pr_reg: 34 words. */
export function aarch64Registers(ti: JsonObject): Uint8Array {
  const gp = (ti.gpregs ?? {}) as JsonObject;
  const regs = new Uint8Array(34 * 8);
  const view = new DataView(regs.buffer);
  const x = list(gp.regs);
  for (let i = 0; i < 31 && i < x.length; i++) {
    view.setBigUint64(i * 8, BigInt.asUintN(64, int(x[i])), true);
  }
  view.setBigUint64(31 * 8, BigInt.asUintN(64, int(gp.sp)), true);
  view.setBigUint64(32 * 8, BigInt.asUintN(64, int(gp.pc)), true);
  view.setBigUint64(33 * 8, BigInt.asUintN(64, int(gp.pstate)), true);
  return regs;
}

/** NT_PRFPREG (v0-v31, fpsr, fpcr) and NT_ARM_TLS. */
export function aarch64Notes(ti: JsonObject): Note[] {
  const fp = (ti.fpsimd ?? {}) as JsonObject;
  const desc = new Uint8Array(528);
  const view = new DataView(desc.buffer);
  const v = list(fp.vregs);
  for (let i = 0; i < 64 && i < v.length; i++) {
    view.setBigUint64(i * 8, BigInt.asUintN(64, int(v[i])), true);
  }
  view.setUint32(512, Number(int(fp.fpsr) & 0xffffffffn), true);
  view.setUint32(516, Number(int(fp.fpcr) & 0xffffffffn), true);
  const tls = new Uint8Array(8);
  new DataView(tls.buffer).setBigUint64(
    0,
    BigInt.asUintN(64, int(ti.tls)),
    true,
  );
  return [
    { name: "CORE", type: NT_PRFPREG, desc },
    { name: "LINUX", type: NT_ARM_TLS, desc: tls },
  ];
}
