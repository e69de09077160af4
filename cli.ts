/**
 * `crit`: the command line of this toolkit, compatible with CRIU's crit.
 *
 * ```sh
 * deno run -R -W jsr:@ckpt/crit/cli decode -i pstree.img --pretty
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { decodeSync } from "./src/decode.ts";
import { encodeSync } from "./src/encode.ts";
import { parse, stringify } from "./src/json.ts";
import { info } from "./src/info.ts";
import { CriuImageError, UnknownMagicError } from "./src/errors.ts";
import { describeRawImage } from "./src/raw_image.ts";
import { explore, EXPLORERS } from "./src/explore.ts";
import { denoDumpDir } from "./src/_deno_dir.ts";
import { encodeUtf8Lossless } from "./src/_text.ts";
import denoJson from "./deno.json" with { type: "json" };

/** Version printed by `crit --version`. */
export const VERSION: string = denoJson.version;

const USAGE = `usage: crit [-h] [--version] {decode,encode,info,x,show} ...

CRiu Image Tool (TypeScript edition, crit 4.2 compatible)

commands:
  decode [-i IN] [-o OUT] [--pretty] [--nopl]
                        convert criu image from binary type to json
  encode [-i IN] [-o OUT]
                        convert criu image from json type to binary
  info IN               show info about image
  x DIR {${EXPLORERS.join(",")}}
                        explore image dir
  show IN [--nopl]      convert criu image from binary to human-readable json

IN and OUT default to stdin and stdout. Options:
  --verbose             show a stack trace on errors
  -h, --help            show this help message and exit
  --version             show program's version number and exit

exit status: 0 ok, 1 bad input or failure, 2 usage error`;

class UsageError extends Error {}

async function readInput(path: string | undefined): Promise<Uint8Array> {
  if (path === undefined || path === "-") {
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const c of Deno.stdin.readable) {
      chunks.push(c);
      total += c.length;
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
  return await Deno.readFile(path);
}

async function writeAll(w: Deno.FsFile | typeof Deno.stdout, data: Uint8Array) {
  let at = 0;
  while (at < data.length) at += await w.write(data.subarray(at));
}

/** Writes next to the target and renames, so a failed run leaves no partial file. */
async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  const slash = path.lastIndexOf("/");
  const dir = slash < 0 ? "." : (slash === 0 ? "/" : path.slice(0, slash));
  const tmp = await Deno.makeTempFile({
    dir,
    prefix: ".crit-",
    suffix: ".tmp",
  });
  try {
    await Deno.writeFile(tmp, data);
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}

const encoder = new TextEncoder();

async function output(
  path: string | undefined,
  data: Uint8Array | string,
  textNewlineOnStdout: boolean,
): Promise<void> {
  if (path === undefined || path === "-") {
    const bytes = typeof data === "string"
      ? encoder.encode(textNewlineOnStdout ? data + "\n" : data)
      : data;
    await writeAll(Deno.stdout, bytes);
    return;
  }
  await writeFileAtomic(
    path,
    typeof data === "string" ? encoder.encode(data) : data,
  );
}

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

/** Runs `work`; a file without a magic that CRIU writes raw gets a sentence saying what it is. */
function explainRaw<T>(
  path: string | undefined,
  bytes: Uint8Array,
  work: () => T,
): T {
  try {
    return work();
  } catch (e) {
    const noMagic = e instanceof UnknownMagicError ||
      (e instanceof CriuImageError && e.entryIndex < 0 && bytes.length < 8);
    const raw = noMagic ? describeRawImage(path ?? "stdin", bytes) : undefined;
    if (raw !== undefined) throw new Error(raw, { cause: e });
    throw e;
  }
}

type Values = Record<string, string | boolean | undefined>;

function parseCommand(
  args: string[],
  options: Record<string, { type: "string" | "boolean"; short?: string }>,
  positionals: string[],
): { values: Values; rest: string[] } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        ...options,
        help: { type: "boolean", short: "h" },
        verbose: { type: "boolean" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const values = parsed.values as Values;
  if (values.help) return { values, rest: [] };
  if (parsed.positionals.length !== positionals.length) {
    throw new UsageError(
      positionals.length
        ? `expected ${positionals.join(" ")}`
        : `unexpected argument ${parsed.positionals[0]}`,
    );
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
      const pretty = isShow || values.pretty === true;
      const bytes = await readInput(input);
      const image = explainRaw(
        input,
        bytes,
        () => decodeSync(bytes, { pretty, nopl: values.nopl === true }),
      );
      await output(out, stringify(image, { pretty }), true);
      return 0;
    }
    case "encode": {
      const { values } = parseCommand(rest, {
        in: { type: "string", short: "i" },
        out: { type: "string", short: "o" },
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
      const bytes = await readInput(input);
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        throw new Error(
          "cannot read JSON: the input is not UTF-8 text (encode expects JSON, not an image)",
        );
      }
      await output(out, encodeSync(parse(text)), false);
      return 0;
    }
    case "info": {
      const { values, rest: pos } = parseCommand(rest, {}, ["IN"]);
      if (values.help) {
        console.log(USAGE);
        return 0;
      }
      const bytes = await readInput(pos[0]);
      const result = explainRaw(pos[0], bytes, () => info(bytes));
      console.log(stringify(result as never, { pretty: true }));
      return 0;
    }
    case "x": {
      const { values, rest: pos } = parseCommand(rest, {}, ["DIR", "WHAT"]);
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
      const text = await explore(denoDumpDir(pos[0]), pos[1]);
      // Names that are not UTF-8 go out as their original bytes, like ls prints them.
      await writeAll(Deno.stdout, encodeUtf8Lossless(text));
      return 0;
    }
    default:
      throw new UsageError(`invalid command '${command}'`);
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
