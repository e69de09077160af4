/**
 * `crit check DUMP [--json] [--strict]`: is this dump restorable?
 *
 * @module
 */
import type { Command } from "./command.ts";
import { dumpImageNames, openDump } from "./open_dump.ts";
import { checkDump } from "../check/check.ts";
import { formatCheckReport } from "../check/format.ts";
import { stringify } from "../codec/json.ts";
import { encodeUtf8Lossless } from "../json/text.ts";
import { writeAll } from "./_util.ts";

/** `crit check`. */
export const command: Command = {
  name: "check",
  synopsis: "DUMP [--json] [--strict]",
  summary: "check that a dump is complete and consistent enough to restore",
  help: `Decodes every image of DUMP and checks every reference CRIU follows at
restore (process tree, per-task images, files, memory and pages files,
namespaces), without restoring. DUMP is a dump directory, or what else
the commands open (an extracted or packed container checkpoint archive).
One line per problem:
  SEVERITY: IMAGE: JSON PATH: what is wrong; what restore would do
error = restore would fail, warning = suspicious, note = needs a restore option.

options:
  --json      {"ok", "problems": [{"severity", "image", "path", "message"}], "checked"}
  --strict    also warn about images nothing refers to

exit status: 0 no errors, 1 errors found (or DUMP unreadable), 2 usage error`,
  options: {
    json: { type: "boolean" },
    strict: { type: "boolean" },
  },
  positionals: ["DUMP"],
  async run(values, positionals) {
    const path = positionals[0];
    const dump = await openDump(path);
    try {
      const report = await checkDump(dump.dir, {
        names: dumpImageNames(dump),
        strict: values.strict === true,
      });
      if (values.json) {
        // JSON text is ASCII: undecodable name bytes stay \udcXX escapes.
        const json = stringify(report as never, { pretty: true }) + "\n";
        await writeAll(Deno.stdout, new TextEncoder().encode(json));
      } else {
        // File names that are not UTF-8 go out as their original bytes.
        const text = formatCheckReport(report) + "\n";
        await writeAll(Deno.stdout, encodeUtf8Lossless(text));
      }
      return report.ok ? 0 : 1;
    } finally {
      dump.close();
    }
  },
};
