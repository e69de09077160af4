/** `crit completions`: shell completion scripts for bash, zsh and fish. */
import type { Command } from "./command.ts";
import { UsageError } from "./args.ts";
import { commandModel } from "./_completion_model.ts";
import { completionScript, type Shell, SHELLS } from "./_completion_scripts.ts";

/** The options of `crit` itself, before a command. */
const TOP_OPTIONS = [
  {
    long: "help",
    short: "h",
    takesValue: false,
    value: "none" as const,
    description: "show help and exit",
  },
  {
    long: "version",
    takesValue: false,
    value: "none" as const,
    description: "show program's version number and exit",
  },
  {
    long: "verbose",
    takesValue: false,
    value: "none" as const,
    description: "show a stack trace on errors",
  },
];

/**
 * The `completions` command, completing the commands `commands()` gives:
 * `cli.ts` passes its own list, so every command, option and positional is
 * completed as soon as it is registered there.
 */
export function completionsCommand(
  commands: () => readonly Command[],
): Command {
  return {
    name: "completions",
    synopsis: `{${SHELLS.join(",")}}`,
    summary: "print a shell completion script",
    help: `arguments:
  SHELL                 bash, zsh or fish: completes commands, options, the
                        views of x, image files for -i and directories for
                        dumps

install:
  bash                  source <(crit completions bash) in ~/.bashrc, or
                        crit completions bash >
                          ~/.local/share/bash-completion/completions/crit
  zsh                   crit completions zsh > DIR/_crit, DIR being in
                        $fpath before compinit runs (or source <(...) after)
  fish                  crit completions fish >
                          ~/.config/fish/completions/crit.fish`,
    options: {},
    positionals: ["SHELL"],
    complete: { SHELL: SHELLS },
    run(_values, [shell]) {
      if (!(SHELLS as readonly string[]).includes(shell)) {
        throw new UsageError(
          `argument shell: invalid choice: '${shell}' (choose from ${
            SHELLS.map((s) => `'${s}'`).join(", ")
          })`,
        );
      }
      const models = commands().map(commandModel);
      const script = completionScript(shell as Shell, models, TOP_OPTIONS);
      // One write: console.log would add a line break of its own.
      const bytes = new TextEncoder().encode(script);
      let at = 0;
      while (at < bytes.length) {
        at += Deno.stdout.writeSync(bytes.subarray(at));
      }
      return Promise.resolve(0);
    },
  };
}
