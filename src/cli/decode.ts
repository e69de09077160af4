/** `crit decode`: image -> JSON, one file or a whole dump directory. */
import type { Command } from "./command.ts";
import { UsageError } from "./args.ts";
import { decodeFile } from "./convert.ts";
import { isCheckpointPath } from "./checkpoint_path.ts";
import { progressWanted } from "./progress.ts";
import { isDirectory, notes, sameFile } from "./_util.ts";
import {
  MAX_ENTRY_SIZE_HELP,
  MAX_ENTRY_SIZE_OPTION,
  maxEntrySize,
  withLimitHint,
} from "./_size.ts";

/** The `decode` command. */
export const command: Command = {
  name: "decode",
  synopsis:
    "[-i IN] [-o OUT] [--pretty] [--nopl] [-q] [--keep-going] [--max-entry-size SIZE]",
  summary: "convert criu image from binary type to json",
  help: `options:
  -i, --in IN           the image (default: stdin); a dump directory converts
                        every image into the -o directory (NAME.img ->
                        NAME.img.json; raw images are copied); a checkpoint
                        archive (tar, tar.gz, tar.zst, tar.xz) or an
                        extracted one: its images and metadata files into
                        the -o directory. One image of an archive, without
                        extracting: crit inspect ARCHIVE --image NAME
  -o, --out OUT         where the JSON goes (default: stdout); written to a
                        temporary file and renamed, so a failure leaves none
  --pretty              crit's human-readable values: hex addresses, flag
                        names, "major:minor" devices, IP addresses
  --nopl                payloads (pipe data, ghost files, ...) as
                        "... <SIZE>" instead of base64
  -q, --quiet           no progress bar or batch notes on stderr
  --keep-going          in a directory, convert what can be converted, list
                        each file that fails, and exit 1 if any did
                        (without it the first failure stops the run and
                        nothing is written)
${MAX_ENTRY_SIZE_HELP}`,
  options: {
    in: { type: "string", short: "i" },
    out: { type: "string", short: "o" },
    pretty: { type: "boolean" },
    nopl: { type: "boolean" },
    quiet: { type: "boolean", short: "q" },
    "keep-going": { type: "boolean" },
    ...MAX_ENTRY_SIZE_OPTION,
  },
  positionals: [],
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
      pretty: values.pretty === true,
      nopl: values.nopl === true,
      progress: progressWanted(values.quiet, toStdout),
      maxEntrySize: maxEntrySize(values),
    };
    if (input !== undefined && isCheckpointPath(input)) {
      if (toStdout) {
        throw new UsageError("decoding an archive needs -o OUTDIR");
      }
      // Loaded here: decoding one image (the common case) loads no archive
      // or batch code.
      const [{ openDump }, { decodeArchive }, { intoNewDirectory }] =
        await Promise.all([
          import("./open_dump.ts"),
          import("./decode_archive.ts"),
          import("./batch.ts"),
        ]);
      const note = notes(values.quiet);
      const opened = await openDump(input);
      try {
        // Built beside OUTDIR and renamed, as in batch mode.
        const report = await intoNewDirectory(
          out!,
          (dir) => decodeArchive(opened, dir, opts, note),
        );
        note(
          `decoded ${report.converted} images, copied ${report.copied} files`,
        );
      } finally {
        opened.close();
      }
      return 0;
    }
    if (input !== undefined && isDirectory(input)) {
      if (toStdout) {
        throw new UsageError("decoding a directory needs -o OUTDIR");
      }
      const { batchNotes, decodeDir } = await import("./batch.ts");
      const note = notes(values.quiet);
      const report = await withLimitHint(() =>
        decodeDir(input, out!, {
          ...opts,
          keepGoing: values["keep-going"] === true,
          note,
        })
      );
      batchNotes("decoded", report).forEach(note);
      return report.failed.length > 0 ? 1 : 0;
    }
    await withLimitHint(() => decodeFile(input, out, opts));
    return 0;
  },
};
