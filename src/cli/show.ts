/** `crit show`: `decode --pretty` of one image to stdout. */
import type { Command } from "./command.ts";
import { UsageError } from "./args.ts";
import { decodeFile } from "./convert.ts";
import { progressWanted } from "./progress.ts";
import { isDirectory } from "./_util.ts";
import {
  MAX_ENTRY_SIZE_HELP,
  MAX_ENTRY_SIZE_OPTION,
  maxEntrySize,
  withLimitHint,
} from "./_size.ts";

/** The `show` command. */
export const command: Command = {
  name: "show",
  synopsis: "IN [--nopl] [--max-entry-size SIZE]",
  summary: "convert criu image from binary to human-readable json",
  help: `arguments:
  IN                    the image to show (crit's --pretty JSON on stdout)

options:
  --nopl                payloads as "... <SIZE>" instead of base64
${MAX_ENTRY_SIZE_HELP}`,
  options: { nopl: { type: "boolean" }, ...MAX_ENTRY_SIZE_OPTION },
  positionals: ["IN"],
  async run(values, [input]) {
    if (isDirectory(input)) {
      throw new UsageError(
        `${input} is a directory: show takes one image (decode -i DIR -o OUTDIR converts a dump)`,
      );
    }
    const opts = {
      pretty: true,
      nopl: values.nopl === true,
      progress: progressWanted(false, true),
      maxEntrySize: maxEntrySize(values),
    };
    await withLimitHint(() => decodeFile(input, undefined, opts));
    return 0;
  },
};
