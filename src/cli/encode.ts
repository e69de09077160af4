/** `crit encode`: JSON -> image, one file or a directory of NAME.json. */
import type { Command } from "./command.ts";
import { UsageError } from "./args.ts";
import { encodeDir, encodeFile } from "./convert.ts";
import { isDirectory, notes, progressWanted, sameFile } from "./_util.ts";

/** The `encode` command. */
export const command: Command = {
  name: "encode",
  synopsis: "[-i IN] [-o OUT] [-q]",
  summary: "convert criu image from json type to binary",
  help: `options:
  -i, --in IN           the JSON, plain or --pretty (default: stdin); a
                        directory of NAME.json files is encoded back into
                        the -o directory (other files are copied)
  -o, --out OUT         where the image goes (default: stdout, not a
                        terminal); written whole or not at all
  -q, --quiet           no progress bar or batch notes on stderr`,
  options: {
    in: { type: "string", short: "i" },
    out: { type: "string", short: "o" },
    quiet: { type: "boolean", short: "q" },
  },
  positionals: [],
  run(values) {
    const input = values.in as string | undefined;
    const out = values.out as string | undefined;
    if (sameFile(input, out)) {
      throw new UsageError("-o must not be the -i file");
    }
    const opts = {
      pretty: false,
      nopl: false,
      progress: progressWanted(values.quiet),
    };
    if (input !== undefined && isDirectory(input)) {
      if (out === undefined) {
        throw new UsageError("encoding a directory needs -o DUMPDIR");
      }
      const note = notes(values.quiet);
      const report = encodeDir(input, out, opts, note);
      note(
        `encoded ${report.converted} images, copied ${report.copied} files, skipped ${report.skipped}`,
      );
      return Promise.resolve(0);
    }
    if ((out === undefined || out === "-") && Deno.stdout.isTerminal()) {
      throw new UsageError(
        "refusing to write a binary image to a terminal; use -o FILE or a pipe",
      );
    }
    encodeFile(input, out, opts);
    return Promise.resolve(0);
  },
};
