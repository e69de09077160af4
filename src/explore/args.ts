/**
 * `crit x DIR args`: each task's argv and environment, read from its
 * memory (mm_arg_start..mm_arg_end, mm_env_start..mm_env_end of mm-PID.img).
 */
import { type Dump, MM_MAP } from "../dump/dump.ts";
import { DumpMemory } from "../memory/memory.ts";
import { decodeUtf8Lossless } from "../json/text.ts";
import { MISSING_TEXT } from "../memory/pagemap.ts";
import { type ExplorerDef, note } from "./_common.ts";
import type { TaskArgs } from "./types.ts";

const text = (b: Uint8Array) => decodeUtf8Lossless(b);

async function argsData(dump: Dump): Promise<TaskArgs[]> {
  const memory = new DumpMemory(dump);
  const out: TaskArgs[] = [];
  for (const pId of await dump.pids()) {
    if (!(await dump.entries(`mm-${pId}.img`, MM_MAP))) {
      out.push({ pId, ...await dump.status(pId), argv: [], env: [] });
      continue;
    }
    const a = await (await memory.process(pId)).args();
    const t: TaskArgs = { pId, argv: a.argv.map(text), env: a.env.map(text) };
    if (a.missing.length) {
      t.missing = a.missing.map((m) => ({
        address: m.address.toString(16),
        length: m.length,
        reason: m.reason,
      }));
    }
    out.push(t);
  }
  return out;
}

/** A string on one line: control characters and backslashes escaped. */
function escapeText(s: string): string {
  // deno-lint-ignore no-control-regex
  return s.replace(/[\x00-\x1f\x7f\\]/g, (c) => {
    switch (c) {
      case "\\":
        return "\\\\";
      case "\n":
        return "\\n";
      case "\t":
        return "\\t";
      case "\r":
        return "\\r";
      default:
        return `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
    }
  });
}

/** An argument the way a shell reads it back. */
function shellWord(s: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  // deno-lint-ignore no-control-regex
  if (/[\x00-\x1f\x7f]/.test(s)) {
    return `$'${escapeText(s).replace(/'/g, "\\'")}'`;
  }
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The explorer's lines: the pid, then `argv` as a shell line, one `env` line each. */
function argsText(tasks: TaskArgs[]): string[] {
  return tasks.flatMap((t) => {
    const n = note(t, "memory");
    if (n !== undefined) return [`${t.pId}`, n];
    const lines = [`${t.pId}`];
    if (t.argv.length) lines.push(`\targv  ${t.argv.map(shellWord).join(" ")}`);
    for (const e of t.env) lines.push(`\tenv   ${escapeText(e)}`);
    if (t.missing) {
      const bytes = t.missing.reduce((n, m) => n + m.length, 0);
      const why = [...new Set(t.missing.map((m) => m.reason))]
        .map((r) => MISSING_TEXT[r]).join("; ");
      lines.push(
        `\t(${bytes} bytes of the argument and environment areas cannot be read: ${why})`,
      );
    }
    return lines;
  });
}

/** The `args` explorer. */
export const args: ExplorerDef<TaskArgs[]> = {
  data: argsData,
  text: argsText,
};
