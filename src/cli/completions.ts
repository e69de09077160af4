/** `crit completions`: shell completion scripts for bash, zsh and fish. */
import type { Command } from "./command.ts";
import { UsageError } from "./args.ts";
import { commandModel, TOP_OPTIONS } from "./_completion_model.ts";
import { writeAll } from "./_util.ts";
import { completionScript, type Shell, SHELLS } from "./_completion_scripts.ts";

/**
 * The `completions` command, completing the commands `commands()` gives:
 * `cli.ts` passes its own list, so every command, option and positional is
 * completed as soon as it is registered there.
 */
export function completionsCommand(
  commands: () => Promise<readonly Command[]>,
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
    async run(_values, [shell]) {
      if (!(SHELLS as readonly string[]).includes(shell)) {
        throw new UsageError(
          `argument shell: invalid choice: '${shell}' (choose from ${
            SHELLS.map((s) => `'${s}'`).join(", ")
          })`,
        );
      }
      const models = (await commands()).map(commandModel);
      const script = completionScript(shell as Shell, models, TOP_OPTIONS);
      await writeAll(Deno.stdout, new TextEncoder().encode(script));
      return 0;
    },
  };
}
