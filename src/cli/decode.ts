/** `crit decode`: image -> JSON, one file or a whole dump directory. */
import type { Command } from "./command.ts";
import { UsageError } from "./args.ts";
import { decodeDir, decodeFile } from "./convert.ts";
import { isDirectory, notes, progressWanted, sameFile } from "./_util.ts";

/** The `decode` command. */
export const command: Command = {
  name: "decode",
  synopsis: "[-i IN] [-o OUT] [--pretty] [--nopl] [-q]",
  summary: "convert criu image from binary type to json",
  help: `options:
  -i, --in IN           the image (default: stdin); a dump directory converts
                        every image into the -o directory (NAME.img ->
                        NAME.img.json; raw images are copied)
  -o, --out OUT         where the JSON goes (default: stdout); written to a
                        temporary file and renamed, so a failure leaves none
  --pretty              crit's human-readable values: hex addresses, flag
                        names, "major:minor" devices, IP addresses
  --nopl                payloads (pipe data, ghost files, ...) as
                        "... <SIZE>" instead of base64
  -q, --quiet           no progress bar or batch notes on stderr`,
  options: {
    in: { type: "string", short: "i" },
    out: { type: "string", short: "o" },
    pretty: { type: "boolean" },
    nopl: { type: "boolean" },
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
      pretty: values.pretty === true,
      nopl: values.nopl === true,
      progress: progressWanted(values.quiet),
    };
    if (input !== undefined && isDirectory(input)) {
      if (out === undefined) {
        throw new UsageError("decoding a directory needs -o OUTDIR");
      }
      const note = notes(values.quiet);
      const report = decodeDir(input, out, opts, note);
      note(
        `decoded ${report.converted} images, copied ${report.copied} raw files, skipped ${report.skipped}`,
      );
      return Promise.resolve(0);
    }
    decodeFile(input, out, opts);
    return Promise.resolve(0);
  },
};
