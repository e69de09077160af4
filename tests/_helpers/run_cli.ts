/**
 * The real CLI, spawned as a user runs it (`deno run -R -W cli.ts ...`), for
 * the tests of every layer that check what the command line shows.
 *
 * @module
 */

const cli = new URL("../../cli.ts", import.meta.url).pathname;

/**
 * A script for `deno eval SCRIPT ARGS_JSON`: runs the CLI's `main` on the
 * JSON array of arguments, then writes `peak <VmHWM in KiB>` to stderr, so a
 * test can bound the memory a command takes.
 */
export const PEAK_MEMORY_SCRIPT = `import { main } from ${
  JSON.stringify(new URL("../../cli.ts", import.meta.url).href)
};
const code = await main(JSON.parse(Deno.args[0]));
const status = Deno.readTextFileSync("/proc/self/status");
console.error("peak", /VmHWM:\\s+(\\d+)/.exec(status)[1]);
Deno.exit(code);`;

/** What one run of the CLI gave. */
export interface CliRun {
  /** Exit status. */
  code: number;
  /** Standard output as bytes. */
  stdout: Uint8Array;
  /** Standard output as UTF-8 text. */
  text: string;
  /** Standard error as UTF-8 text. */
  stderr: string;
}

/** How {@linkcode runCli} runs the CLI. */
export interface CliRunOptions {
  /** Bytes for the CLI's stdin; without them stdin is empty (/dev/null). */
  stdin?: Uint8Array;
  /** Deno's permission flags. Default `["-R", "-W"]`. */
  permissions?: readonly string[];
}

/** Runs `deno run PERMISSIONS cli.ts ...args` and collects what it wrote. */
export async function runCli(
  args: readonly string[],
  options: CliRunOptions = {},
): Promise<CliRun> {
  const { stdin, permissions = ["-R", "-W"] } = options;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...permissions, cli, ...args],
    stdin: stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin) {
    const w = child.stdin.getWriter();
    await w.write(stdin);
    await w.close();
  }
  const out = await child.output();
  const decoder = new TextDecoder();
  return {
    code: out.code,
    stdout: out.stdout,
    text: decoder.decode(out.stdout),
    stderr: decoder.decode(out.stderr),
  };
}

/** What one run of a command gave: {@linkcode runCommand}. */
export interface CommandRun {
  /** Exit status. */
  code: number;
  /** Standard output as UTF-8 text. */
  stdout: string;
  /** Standard error as UTF-8 text. */
  stderr: string;
  /** Standard output as bytes. */
  bytes: Uint8Array;
}

/** Runs any command (a bundle, tar, gdb, ...); fails the test if it cannot start. */
export async function runCommand(
  cmd: string,
  args: string[],
  cwd?: string,
): Promise<CommandRun> {
  const out = await new Deno.Command(cmd, {
    args,
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
    bytes: out.stdout,
  };
}
