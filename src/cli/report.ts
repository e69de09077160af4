/**
 * `crit report DUMP [-o report.html]`: one self-contained HTML page showing
 * a dump (summary, process tree, memory maps, files, sockets).
 *
 * @module
 */
import type { Command, OptionValues } from "./command.ts";
import { UsageError } from "./args.ts";
import { dumpImageNames, openDump } from "./open_dump.ts";
import { openOutput } from "./output.ts";
import { writeAll } from "./_util.ts";
import {
  buildReport,
  reportCheck,
  reportContainer,
} from "../report/build_report.ts";
import { checkDump } from "../check/check.ts";
import { renderReport } from "../report/render_report.ts";

/** The last part of a path, for the page title. */
function baseName(path: string): string {
  const parts = path.split("/").filter((p) => p !== "" && p !== ".");
  return parts[parts.length - 1] ?? path;
}

async function run(values: OptionValues, [path]: string[]): Promise<number> {
  const out = values.output as string | undefined;
  if ((out === undefined || out === "-") && Deno.stdout.isTerminal()) {
    throw new UsageError(
      "refusing to write a report page to a terminal; use -o FILE or a pipe",
    );
  }
  const dump = await openDump(path);
  let html: string;
  try {
    const info = dump.checkpoint;
    const container = info && reportContainer(info);
    // The summary says whether the dump is restorable.
    const check = reportCheck(
      await checkDump(dump.dir, { names: dumpImageNames(dump) }),
    );
    const data = await buildReport(dump.dir, {
      title: baseName(path),
      container,
      check,
    });
    html = renderReport(data);
  } finally {
    dump.close();
  }
  const bytes = new TextEncoder().encode(html);
  if (out === undefined || out === "-") {
    await writeAll(Deno.stdout, bytes);
    return 0;
  }
  const output = openOutput(out);
  try {
    await writeAll(output.file, bytes);
  } catch (e) {
    output.abort();
    throw e;
  }
  output.commit();
  return 0;
}

/** `crit report`. */
export const command: Command = {
  name: "report",
  synopsis: "DUMP [-o report.html]",
  summary: "write one self-contained HTML page showing a dump",
  help: `positional arguments:
  DUMP                  a dump directory

options:
  -o, --output FILE     where to write the page (default: standard output,
                        which must not be a terminal)

The page needs no network and no install: styles, script and data are inside
it. Open it in any browser, also from file://.`,
  options: { output: { type: "string", short: "o" } },
  positionals: ["DUMP"],
  run,
};
