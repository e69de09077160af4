/** `crit info`: an image's magic and number of entries. */
import type { Command } from "./command.ts";
import { stringify } from "../codec/json.ts";
import { infoFile } from "./convert.ts";
import { isDirectory } from "./_util.ts";

/** The `info` command. */
export const command: Command = {
  name: "info",
  synopsis: "IN",
  summary: "show info about image",
  help: `arguments:
  IN                    the image ("-" for stdin); payloads are skipped by
                        their sizes, so images of any size are counted`,
  options: {},
  positionals: ["IN"],
  run(_values, [input]) {
    if (isDirectory(input)) {
      throw new Error(
        `${input} is a directory: info takes one image (crit x DIR ps explores a dump)`,
      );
    }
    console.log(stringify(infoFile(input) as never, { pretty: true }));
    return Promise.resolve(0);
  },
};
