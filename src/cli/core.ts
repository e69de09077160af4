/**
 * `crit core DUMP [--pid PID]... [-o OUTDIR] [--files DIR]` (Deno): an ELF
 * core file per process, OUTDIR/core.PID, written sparse (holes for zero
 * pages) through a temporary file.
 *
 * @module
 */
import type { Command, OptionValues } from "./command.ts";
import { UsageError } from "./args.ts";
import { openDump } from "./open_dump.ts";
import { openOutput } from "./output.ts";
import { filesReader } from "./mem.ts";
import {
  type CoreReport,
  coreTasks,
  notATask,
  prepareCore,
} from "../coredump/prepare_core.ts";
import { Dump } from "../dump/dump.ts";
import { encodeUtf8Lossless } from "../json/text.ts";

function parsePid(text: string): number {
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`--pid must be a process id, got '${text}'`);
  }
  return Number(text);
}

const LEFT_OUT_TEXT: Record<string, string> = {
  "no-file": "file pages (--files DIR)",
  "shared-file": "shared file mappings",
  special: "[vvar]/[vsyscall]",
  unwritten: "never written",
  dontdump: "MADV_DONTDUMP",
};

/** The report line of one core. */
export function reportLine(name: string, r: CoreReport): string {
  const b = r.bytes;
  const byReason = new Map<string, number>();
  for (const l of r.leftOut) {
    byReason.set(
      l.reason,
      (byReason.get(l.reason) ?? 0) + Number(l.end - l.start),
    );
  }
  const out = [...byReason].map(([k, n]) => `${n} ${LEFT_OUT_TEXT[k] ?? k}`);
  return `${name}: ${r.machine}, ${r.threads.length} thread${
    r.threads.length === 1 ? "" : "s"
  }, ${r.segments} segments, ${r.size} bytes; memory: ${b.dump} from the dump, ${b.file} from files, ${b.zero} zeros, ${b.missing} missing (zeros)${
    out.length ? `; not in the core: ${out.join(", ")}` : ""
  }`;
}

async function writeAll(
  to: { write(p: Uint8Array): Promise<number> },
  data: Uint8Array,
): Promise<void> {
  let at = 0;
  while (at < data.length) at += await to.write(data.subarray(at));
}

/** Writes one core file, sparse, whole or not at all. */
async function writeSparse(
  dir: Dump,
  pid: number,
  path: string,
  files: string | undefined,
  registers: "kernel" | "criu",
): Promise<CoreReport> {
  const core = await prepareCore(dir, pid, {
    readMappedFile: files === undefined ? undefined : filesReader(files),
    registers,
  });
  const out = openOutput(path);
  try {
    for await (const c of core.chunks()) {
      if ("bytes" in c) await writeAll(out.file, c.bytes);
      else out.file.seekSync(c.hole, Deno.SeekMode.Current);
    }
    // A hole at the end needs the size set.
    out.file.truncateSync(core.report.size);
    out.commit();
  } catch (e) {
    out.abort();
    throw e;
  }
  return core.report;
}

async function run(values: OptionValues, positionals: string[]) {
  const pids = ((values.pid ?? []) as string[]).map(parsePid);
  const outDir = (values.out as string | undefined) ?? ".";
  const registers = (values.registers as string | undefined) ?? "kernel";
  if (registers !== "kernel" && registers !== "criu") {
    throw new UsageError(
      `--registers must be kernel or criu, got '${registers}'`,
    );
  }
  const dump = await openDump(positionals[0]);
  try {
    // One model for every core: images shared by the tasks decode once.
    const model = new Dump(dump.dir);
    const tasks = await coreTasks(model);
    for (const pid of pids) {
      const t = tasks.find((t) => t.pid === pid);
      if (!t) throw new Error(notATask(tasks, pid));
      if (!t.convertible) throw new Error(t.reason);
    }
    const chosen = pids.length
      ? tasks.filter((t) => pids.includes(t.pid))
      : tasks;
    if (!chosen.some((t) => t.convertible)) {
      throw new Error(`${dump.path}: no live task to make a core of`);
    }
    Deno.mkdirSync(outDir, { recursive: true });
    for (const t of chosen) {
      if (!t.convertible) {
        console.log(`skipped ${t.pid}: ${t.reason}`);
        continue;
      }
      const path = `${outDir}/core.${t.pid}`;
      const report = await writeSparse(
        model,
        t.pid,
        path,
        values.files as string | undefined,
        registers,
      );
      await writeAll(
        Deno.stdout,
        encodeUtf8Lossless(reportLine(path, report) + "\n"),
      );
    }
  } finally {
    dump.close();
  }
  return 0;
}

/** `crit core`. */
export const command: Command = {
  name: "core",
  synopsis:
    "DUMP [--pid PID]... [-o OUTDIR] [--files DIR] [--registers kernel|criu]",
  summary: "write an ELF core file of each process, for gdb, lldb, eu-stack",
  help: `arguments:
  DUMP                  the dump

options:
  --pid PID             only this process (repeatable); default: every live
                        or stopped task (zombies and dead tasks are listed
                        and skipped)
  -o, --out OUTDIR      where the core.PID files go (created), default .
  --files DIR           files behind file mappings, by path or base name
                        under DIR; without it the file pages the dump does
                        not hold are left out, as the kernel's
                        coredump_filter leaves them out
  --registers MODE      kernel (default): a thread in an interrupted syscall
                        as the kernel shows it (rip after the syscall
                        instruction, rax -ERESTART*); criu: as CRIU saved it
                        (rax = orig_rax, rip - 2)

One line per process says how many bytes of memory came from where.`,
  options: {
    pid: { type: "string", multiple: true },
    out: { type: "string", short: "o" },
    files: { type: "string" },
    registers: { type: "string" },
  },
  positionals: ["DUMP"],
  run,
};
