/**
 * `crit`: the command line of this toolkit, compatible with CRIU's crit.
 *
 * ```sh
 * deno run -R -W jsr:@ckpt/crit/cli decode -i pstree.img --pretty
 * ```
 *
 * @module
 */
import { stringify } from "./src/codec/json.ts";
import {
  decodeDir,
  decodeFile,
  encodeDir,
  encodeFile,
  infoFile,
} from "./src/cli/convert.ts";
import {
  explore,
  exploreData,
  type Explorer,
  EXPLORERS,
} from "./src/explore/explore.ts";
import { denoDumpDir } from "./src/dump/deno_dump_dir.ts";
import {
  MEM_OPTIONS,
  MEM_USAGE,
  memUsageProblem,
  runMem,
} from "./src/cli/mem.ts";
import { encodeUtf8Lossless } from "./src/json/text.ts";
import {
  type OptionSpec,
  parseCommandLine,
  UsageError,
} from "./src/cli/args.ts";
import type { Command } from "./src/cli/command.ts";
import { command as report } from "./src/cli/report.ts";
import denoJson from "./deno.json" with { type: "json" };

/** The commands written as `Command` modules, one file each in src/cli/. */
const COMMANDS: readonly Command[] = [report];

/** Parses `args` for `command`, answers `--help`, and runs it. */
async function runCommand(command: Command, args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, {
    ...command.options,
    help: { type: "boolean", short: "h" },
  });
  if (parsed.values.help) {
    console.log(
      `usage: crit ${command.name} ${command.synopsis}\n\n${command.summary}\n\n${command.help}`,
    );
    return 0;
  }
  const names = command.positionals;
  const required = names.filter((n) => !n.startsWith("[")).length;
  const rest = names.length > 0 && names[names.length - 1].endsWith("...");
  const given = parsed.positionals;
  if (given.length < required) {
    throw new UsageError(
      `the following arguments are required: ${
        names.slice(given.length, required).join(", ")
      }`,
    );
  }
  if (!rest && given.length > names.length) {
    throw new UsageError(
      `unrecognized arguments: ${given.slice(names.length).join(" ")}`,
    );
  }
  return await command.run(parsed.values, given);
}

/** Version printed by `crit --version`. */
export const VERSION: string = denoJson.version;

const USAGE = `usage: crit [-h] [--version] {decode,encode,info,x,show} ...

CRiu Image Tool (TypeScript edition, crit 4.2 compatible)

commands:
  decode [-i IN] [-o OUT] [--pretty] [--nopl] [-q]
                        convert criu image from binary type to json
                        (IN a dump directory: every image, into OUT dir)
  encode [-i IN] [-o OUT] [-q]
                        convert criu image from json type to binary
                        (IN a directory of NAME.json: back into OUT dir)
  info IN               show info about image
  x DIR {${EXPLORERS.join(",")}} [--json]
                        explore image dir (--json: go-criu's field names)
  show IN [--nopl]      convert criu image from binary to human-readable json
${MEM_USAGE}

IN and OUT default to stdin and stdout. Options:
  -q, --quiet           no progress bar or batch notes on stderr
  --verbose             show a stack trace on errors
  -h, --help            show this help message and exit
  --version             show program's version number and exit

exit status: 0 ok, 1 bad input or failure, 2 usage error`;

async function writeAll(w: Deno.FsFile | typeof Deno.stdout, data: Uint8Array) {
  let at = 0;
  while (at < data.length) at += await w.write(data.subarray(at));
}

const encoder = new TextEncoder();

function sameFile(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined || a === "-" || b === "-") {
    return false;
  }
  try {
    const sa = Deno.statSync(a);
    const sb = Deno.statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

/** Batch notes go to stderr unless --quiet. */
function note(quiet: unknown): (line: string) => void {
  return (line) => {
    if (quiet !== true) console.error(`crit: ${line}`);
  };
}

type Values = Record<string, string | boolean | undefined>;

function parseCommand(
  args: string[],
  options: Record<string, OptionSpec>,
  positionals: string[],
): { values: Values; rest: string[] } {
  // --verbose was taken out by main().
  const parsed = parseCommandLine(args, {
    ...options,
    help: { type: "boolean", short: "h" },
  });
  const values = parsed.values as Values;
  if (values.help) return { values, rest: [] };
  const extra = parsed.positionals.slice(positionals.length);
  if (extra.length > 0) {
    throw new UsageError(`unrecognized arguments: ${extra.join(" ")}`);
  }
  if (parsed.positionals.length < positionals.length) {
    throw new UsageError(`expected ${positionals.join(" ")}`);
  }
  return { values, rest: parsed.positionals };
}

async function run(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case undefined:
      throw new UsageError("a command is required");
    case "-h":
    case "--help":
      console.log(USAGE);
      return 0;
    case "--version":
      console.log(VERSION);
      return 0;
    case "decode":
    case "show": {
      const isShow = command === "show";
      const { values, rest: pos } = parseCommand(
        rest,
        isShow ? { nopl: { type: "boolean" } } : {
          in: { type: "string", short: "i" },
          out: { type: "string", short: "o" },
          pretty: { type: "boolean" },
          nopl: { type: "boolean" },
          quiet: { type: "boolean", short: "q" },
        },
        isShow ? ["IN"] : [],
      );
      if (values.help) {
        console.log(USAGE);
        return 0;
      }
      const input = isShow ? pos[0] : values.in as string | undefined;
      const out = isShow ? undefined : values.out as string | undefined;
      if (sameFile(input, out)) {
        throw new UsageError("-o must not be the -i file");
      }
      const opts = {
        pretty: isShow || values.pretty === true,
        nopl: values.nopl === true,
        progress: values.quiet !== true && Deno.stderr.isTerminal(),
      };
      if (input !== undefined && isDirectory(input)) {
        if (isShow || out === undefined) {
          throw new UsageError("decoding a directory needs -o OUTDIR");
        }
        const report = decodeDir(input, out, opts, note(values.quiet));
        note(values.quiet)(
          `decoded ${report.converted} images, copied ${report.copied} raw files, skipped ${report.skipped}`,
        );
        return 0;
      }
      decodeFile(input, out, opts);
      return 0;
    }
    case "encode": {
      const { values } = parseCommand(rest, {
        in: { type: "string", short: "i" },
        out: { type: "string", short: "o" },
        quiet: { type: "boolean", short: "q" },
      }, []);
      if (values.help) {
        console.log(USAGE);
        return 0;
      }
      const input = values.in as string | undefined;
      const out = values.out as string | undefined;
      if (sameFile(input, out)) {
        throw new UsageError("-o must not be the -i file");
      }
      const opts = {
        pretty: false,
        nopl: false,
        progress: values.quiet !== true && Deno.stderr.isTerminal(),
      };
      if (input !== undefined && isDirectory(input)) {
        if (out === undefined) {
          throw new UsageError("encoding a directory needs -o DUMPDIR");
        }
        const report = encodeDir(input, out, opts, note(values.quiet));
        note(values.quiet)(
          `encoded ${report.converted} images, copied ${report.copied} files, skipped ${report.skipped}`,
        );
        return 0;
      }
      if ((out === undefined || out === "-") && Deno.stdout.isTerminal()) {
        throw new UsageError(
          "refusing to write a binary image to a terminal; use -o FILE or a pipe",
        );
      }
      encodeFile(input, out, opts);
      return 0;
    }
    case "info": {
      const { values, rest: pos } = parseCommand(rest, {}, ["IN"]);
      if (values.help) {
        console.log(USAGE);
        return 0;
      }
      console.log(stringify(infoFile(pos[0]) as never, { pretty: true }));
      return 0;
    }
    case "x": {
      const { values, rest: pos } = parseCommand(rest, {
        json: { type: "boolean" },
      }, ["DIR", "WHAT"]);
      if (values.help) {
        console.log(USAGE);
        return 0;
      }
      if (!EXPLORERS.includes(pos[1])) {
        throw new UsageError(
          `argument what: invalid choice: '${pos[1]}' (choose from ${
            EXPLORERS.map((e) => `'${e}'`).join(", ")
          })`,
        );
      }
      const dir = denoDumpDir(pos[0]);
      if (values.json) {
        const data = await exploreData(dir, pos[1] as Explorer);
        // JSON text is ASCII: undecodable name bytes stay \udcXX escapes, as Python writes them.
        await writeAll(
          Deno.stdout,
          encoder.encode(stringify(data as never, { pretty: true }) + "\n"),
        );
        return 0;
      }
      const text = await explore(dir, pos[1]);
      // Names that are not UTF-8 go out as their original bytes, like ls prints them.
      await writeAll(Deno.stdout, encodeUtf8Lossless(text));
      return 0;
    }
    case "mem": {
      const { values, rest: pos } = parseCommand(rest, MEM_OPTIONS, ["DIR"]);
      if (values.help) {
        console.log(USAGE);
        return 0;
      }
      const problem = memUsageProblem(values);
      if (problem !== undefined) throw new UsageError(problem);
      return await runMem(pos[0], values);
    }
    default: {
      const found = COMMANDS.find((c) => c.name === command);
      if (found !== undefined) return await runCommand(found, rest);
      throw new UsageError(`invalid command '${command}'`);
    }
  }
}

/**
 * Runs crit with the given arguments and returns the exit status: 0 ok,
 * 1 bad input or failure, 2 usage error. Errors print one line on stderr,
 * `crit: error: ...` (a stack trace too with `--verbose`).
 *
 * @example
 * ```ts ignore
 * import { main } from "@ckpt/crit/cli";
 * Deno.exit(await main(["info", "pstree.img"]));
 * ```
 */
export async function main(args: string[]): Promise<number> {
  const verbose = args.includes("--verbose");
  try {
    return await run(args.filter((a) => a !== "--verbose"));
  } catch (e) {
    // A reader that stops early (`| head`) is not an error of ours.
    if (e instanceof Deno.errors.BrokenPipe) return 0;
    if (e instanceof UsageError) {
      console.error(
        `usage: crit [-h] [--version] {decode,encode,info,x,show} ...`,
      );
      console.error(`crit: error: ${e.message}`);
      return 2;
    }
    let message = e instanceof Error ? e.message : String(e);
    if (e instanceof Deno.errors.NotFound) {
      message = message.replace(
        /^No such file or directory \(os error 2\)/,
        "no such file or directory",
      );
    }
    console.error(`crit: error: ${message.split("\n")[0]}`);
    if (verbose && e instanceof Error && e.stack) console.error(e.stack);
    return 1;
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
