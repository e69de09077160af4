/** `crit encode`: JSON -> image, one file or a directory of NAME.json. */
import type { Command } from "./command.ts";
import { UsageError } from "./args.ts";
import { encodeFile } from "./encode_file.ts";
import { batchNotes, encodeDir } from "./batch.ts";
import { progressWanted } from "./progress.ts";
import { isDirectory, notes, sameFile } from "./_util.ts";

/** The `encode` command. */
export const command: Command = {
  name: "encode",
  synopsis: "[-i IN] [-o OUT] [-q] [--keep-going]",
  summary: "convert criu image from json type to binary",
  help: `options:
  -i, --in IN           the JSON, plain or --pretty (default: stdin); a
                        directory of NAME.json files is encoded back into
                        the -o directory (other files are copied)
  -o, --out OUT         where the image goes (default: stdout, not a
                        terminal); written whole or not at all
  -q, --quiet           no progress bar or batch notes on stderr
  --keep-going          in a directory, encode what can be encoded, list
                        each file that fails, and exit 1 if any did`,
  options: {
    in: { type: "string", short: "i" },
    out: { type: "string", short: "o" },
    quiet: { type: "boolean", short: "q" },
    "keep-going": { type: "boolean" },
  },
  positionals: [],
  complete: { in: "json" },
  async run(values) {
    const input = values.in as string | undefined;
    const out = values.out as string | undefined;
    if (out === "" || input === "") {
      throw new UsageError(`${out === "" ? "-o" : "-i"} needs a path`);
    }
    if (sameFile(input, out)) {
      throw new UsageError("-o must not be the -i file");
    }
    const toStdout = out === undefined || out === "-";
    const opts = {
      pretty: false,
      nopl: false,
      progress: progressWanted(values.quiet, toStdout),
    };
    if (input !== undefined && isDirectory(input)) {
      if (toStdout) {
        throw new UsageError("encoding a directory needs -o DUMPDIR");
      }
      const note = notes(values.quiet);
      const report = await encodeDir(input, out!, {
        ...opts,
        keepGoing: values["keep-going"] === true,
        note,
      });
      batchNotes("encoded", report).forEach(note);
      return report.failed.length > 0 ? 1 : 0;
    }
    if (toStdout && Deno.stdout.isTerminal()) {
      throw new UsageError(
        "refusing to write a binary image to a terminal; use -o FILE or a pipe",
      );
    }
    await encodeFile(input, out, opts);
    return 0;
  },
};
