/**
 * What shell completion knows of `crit`, read from the commands themselves
 * (names, options, positionals, metavariables and descriptions in their
 * help), so a new command or option is completed without more code.
 */
import type { Command, Completion } from "./command.ts";

/** One option of a command, as completion sees it. */
export interface OptionModel {
  long: string;
  short?: string;
  /** Whether it takes a value (`--in IN`). */
  takesValue: boolean;
  /** What to propose for its value. */
  value: Completion;
  /** The first line of its description in `--help`, or "". */
  description: string;
}

/** One positional argument. */
export interface PositionalModel {
  name: string;
  value: Completion;
  /** It takes the rest of the arguments (`NAME...`). */
  rest: boolean;
}

/** One command, as completion sees it. */
export interface CommandModel {
  name: string;
  summary: string;
  options: OptionModel[];
  positionals: PositionalModel[];
}

/** The options every command takes, which `cli.ts` handles itself. */
export const COMMON_OPTIONS: readonly OptionModel[] = [
  {
    long: "help",
    short: "h",
    takesValue: false,
    value: "none",
    description: "show help and exit",
  },
  {
    long: "verbose",
    takesValue: false,
    value: "none",
    description: "show a stack trace on errors",
  },
];

/** The options of `crit` itself, before a command. */
export const TOP_OPTIONS: readonly OptionModel[] = [
  COMMON_OPTIONS[0],
  {
    long: "version",
    takesValue: false,
    value: "none",
    description: "show program's version number and exit",
  },
  COMMON_OPTIONS[1],
];

/**
 * What a metavariable or positional name stands for; `other` for the rest
 * (a positional such as A is a file, an option value such as PID is not).
 */
function byName(name: string, other: Completion): Completion {
  if (/^(DIR|OUTDIR|DUMP|DUMPDIR)$/.test(name)) return "dir";
  if (/^(IN|IMG|IMAGE)$/.test(name)) return "image";
  if (/^(OUT|FILES?|PATHS?)$/.test(name)) return "file";
  return other;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * What the synopsis or help shows after `--name`: a metavariable
 * (`--in IN`: what IN stands for) or the choices (`--format text|json`).
 */
function optionValue(command: Command, name: string): Completion {
  const re = new RegExp(
    `--${
      escapeRegExp(name)
    }[ =]([A-Z][A-Z0-9_]*\\b|[a-z0-9-]+(?:\\|[a-z0-9-]+)+)`,
  );
  const shown = re.exec(command.synopsis)?.[1] ?? re.exec(command.help)?.[1];
  if (shown === undefined) return "file";
  return shown.includes("|") ? shown.split("|") : byName(shown, "none");
}

/**
 * The help text of `--name` (`  -i, --in IN   text`, and the lines under it),
 * up to its first `;` or `:` and at most {@linkcode MAX_DESCRIPTION} long.
 */
function description(command: Command, name: string, short?: string): string {
  const flag = `${short ? `-${short}, ` : ""}--${escapeRegExp(name)}`;
  const re = new RegExp(
    `^ +${flag}(?:[ =](?:[A-Z][A-Z0-9_]*|[a-z0-9-]+(?:\\|[a-z0-9-]+)+))?(?:, --\\S+(?: [A-Z]+)?)? +(\\S.*(?:\\n {20,}\\S.*)*)`,
    "m",
  );
  const found = re.exec(command.help)?.[1];
  if (found === undefined) return "";
  const text = firstClause(found.replace(/\s+/g, " ").trim());
  if (text.length <= MAX_DESCRIPTION) return text;
  const cut = text.lastIndexOf(" ", MAX_DESCRIPTION - 3);
  return `${text.slice(0, cut)}...`;
}

/** `text` up to its first `; ` or `: ` outside parentheses. */
function firstClause(text: string): string {
  let depth = 0;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (depth === 0 && (c === ";" || c === ":") && text[i + 1] === " ") {
      return text.slice(0, i);
    }
  }
  return text;
}

/** The longest option description the shells show. */
const MAX_DESCRIPTION = 60;

/** The completion model of one command. */
export function commandModel(command: Command): CommandModel {
  const complete = command.complete ?? {};
  const options: OptionModel[] = Object.entries(command.options).map(
    ([long, spec]) => {
      const takesValue = spec.type === "string";
      return {
        long,
        short: spec.short,
        takesValue,
        value: complete[long] ??
          (takesValue ? optionValue(command, long) : "none"),
        description: description(command, long, spec.short),
      };
    },
  );
  const positionals = command.positionals.map((text) => {
    const bare = text.replace(/^\[/, "").replace(/\]$/, "");
    const name = bare.replace(/\.\.\.$/, "");
    return {
      name,
      value: complete[name] ?? byName(name, "file"),
      rest: bare !== name,
    };
  });
  return {
    name: command.name,
    summary: command.summary,
    options: [...options, ...COMMON_OPTIONS],
    positionals,
  };
}
