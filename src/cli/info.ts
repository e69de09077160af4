/** `crit info`: an image's magic and number of entries. */
import type { Command } from "./command.ts";
import { stringify } from "../codec/json.ts";
import { infoFile } from "./info_file.ts";
import { isDirectory } from "./_util.ts";
import {
  MAX_ENTRY_SIZE_HELP,
  MAX_ENTRY_SIZE_OPTION,
  maxEntrySize,
  withLimitHint,
} from "./_size.ts";

/** The `info` command. */
export const command: Command = {
  name: "info",
  synopsis: "IN [--max-entry-size SIZE]",
  summary: "show info about image",
  help: `arguments:
  IN                    the image ("-" for stdin); payloads are skipped by
                        their sizes, so images of any size are counted

options:
${MAX_ENTRY_SIZE_HELP}`,
  options: MAX_ENTRY_SIZE_OPTION,
  positionals: ["IN"],
  async run(values, [input]) {
    if (isDirectory(input)) {
      throw new Error(
        `${input} is a directory: info takes one image (crit x DIR ps explores a dump)`,
      );
    }
    const limit = maxEntrySize(values);
    const info = await withLimitHint(() => infoFile(input, limit));
    console.log(stringify(info as never, { pretty: true }));
    return 0;
  },
};
