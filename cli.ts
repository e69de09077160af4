/**
 * `crit`: the command line of this toolkit, compatible with CRIU's crit.
 *
 * ```sh
 * deno run -R -W jsr:@ckpt/crit/cli decode -i pstree.img --pretty
 * ```
 *
 * @module
 */
import { parseCommandLine, UsageError } from "./src/cli/args.ts";
import type { Command } from "./src/cli/command.ts";
import { removeTemporaries } from "./src/cli/cleanup.ts";
import { COMMANDS } from "./src/cli/commands.ts";
import denoJson from "./deno.json" with { type: "json" };

/** Version printed by `crit --version`. */
export const VERSION: string = denoJson.version;

const USAGE_LINE = `usage: crit [-h] [--version] {${
  COMMANDS.map((c) => c.name).join(",")
}} ...`;

function usage(): string {
  const lines = [
    USAGE_LINE,
    "",
    "CRiu Image Tool (TypeScript edition, crit 4.2 compatible)",
    "",
    "commands:",
  ];
  for (const c of COMMANDS) lines.push(`  ${c.name.padEnd(21)} ${c.summary}`);
  lines.push(
    "",
    "`crit COMMAND --help` says more of each. Options of every command:",
    "  --verbose             show a stack trace on errors",
    "  -h, --help            show help and exit",
    "  --version             show program's version number and exit",
    "",
    "exit status: 0 ok, 1 bad input or failure, 2 usage error",
  );
  return lines.join("\n");
}

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

async function run(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  switch (name) {
    case undefined:
      throw new UsageError("a command is required");
    case "-h":
    case "--help":
      console.log(usage());
      return 0;
    case "--version":
      console.log(VERSION);
      return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (entry === undefined) {
    throw new UsageError(`invalid command '${name}'`);
  }
  const command = await entry.load();
  try {
    return await runCommand(command, rest);
  } catch (e) {
    if (command.errorStatus !== undefined) {
      throw new CommandError(e, command.errorStatus);
    }
    throw e;
  }
}

/** A failure of a command whose failures have their own exit status. */
class CommandError extends Error {
  constructor(readonly error: unknown, readonly status: number) {
    super("", { cause: error });
  }
}

/**
 * Runs crit with the given arguments and returns the exit status: 0 ok,
 * 1 bad input or failure, 2 usage error. Errors print one line on stderr,
 * `crit: error: ...` (a stack trace too with `--verbose`).
 *
 * @example
 * ```ts
 * import { main } from "@ckpt/crit/cli";
 * const status = await main(["info", "tests/fixtures/01-sleep/pstree.img"]);
 * console.log(status); // 0
 * ```
 */
export async function main(args: string[]): Promise<number> {
  const verbose = args.includes("--verbose");
  try {
    return await run(args.filter((a) => a !== "--verbose"));
  } catch (caught) {
    removeTemporaries();
    const e = caught instanceof CommandError ? caught.error : caught;
    const status = caught instanceof CommandError ? caught.status : 1;
    // A reader that stops early (`| head`) is not an error of ours.
    if (e instanceof Deno.errors.BrokenPipe) return 0;
    if (e instanceof UsageError) {
      console.error(USAGE_LINE);
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
    return status;
  }
}

if (import.meta.main) {
  const status = await main(Deno.args);
  // Deno writes a script's V8 code cache (compiled at load, written later)
  // when its event loop polls module loading. A command runs synchronously
  // inside this top-level await, so without a poll before Deno.exit() no
  // run stored the cache and each one compiled the bundle again (README,
  // Performance: the cold path). A dynamic import settles only after such a
  // poll; the module is a data: URL, so it costs no file and no permission
  // (the bundle task keeps it external: bundled, the import would settle at
  // once). This replaced a MessageChannel turn: its first use cost 2-3 ms.
  try {
    await import("data:text/javascript,");
  } finally {
    Deno.exit(status);
  }
} else if (runByNode()) {
  // A bundle run with `node` would otherwise print nothing at all.
  console.error(
    "crit: error: this CLI runs on Deno (it uses Deno's file APIs): deno run -R -W crit.js ...",
  );
  (globalThis as { process?: { exitCode?: number } }).process!.exitCode = 1;
}

/** Whether this file is the script Node was started with. */
function runByNode(): boolean {
  if (typeof Deno !== "undefined") return false;
  const argv = (globalThis as { process?: { argv?: string[] } }).process?.argv;
  const script = argv?.[1];
  if (script === undefined) return false;
  const here = decodeURIComponent(new URL(import.meta.url).pathname);
  return here === script || here.endsWith(`/${script.replace(/^\.\//, "")}`);
}
