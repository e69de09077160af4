/**
 * The command-line parser of `crit`. It reads options the way Python crit's
 * argparse does: `--name value`, `--name=value`, a unique prefix of a long
 * name (`--pre`), `-i value`, `-ivalue`, `-i=value`, grouped flags (`-qi x`),
 * options anywhere among the positionals and `--` before positionals that
 * start with a dash.
 *
 * It replaces `node:util`'s `parseArgs`, which loads Deno's Node
 * compatibility layer on every command: `crit --help` went from 107 to 80 ms
 * (median of 30 runs on a 2-core VM where an empty `deno run` takes 65 ms).
 */

/** One option: a flag, or one that takes a value. */
export interface OptionSpec {
  type: "string" | "boolean";
  /** A one-letter alias, used as `-x`. */
  short?: string;
  /**
   * A string option that may be given more than once (`--pid 1 --pid 2`):
   * its value is the array of every value given, in order.
   */
  multiple?: boolean;
}

/** What the command line said. */
export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** A command line the parser cannot read; the message says why. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * The options and positionals of `args`. Throws {@linkcode UsageError} on an
 * unknown or ambiguous option, a missing value, or a value given to a flag.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCommandLine } from "./args.ts";
 *
 * const { values, positionals } = parseCommandLine(
 *   ["-i", "core-1.img", "--pre", "extra"],
 *   { in: { type: "string", short: "i" }, pretty: { type: "boolean" } },
 * );
 * assert.deepEqual(values, { in: "core-1.img", pretty: true });
 * assert.deepEqual(positionals, ["extra"]);
 * ```
 */
export function parseCommandLine(
  args: readonly string[],
  options: Readonly<Record<string, OptionSpec>>,
): ParsedArgs {
  const values: ParsedArgs["values"] = {};
  const positionals: string[] = [];
  let i = 0;
  // The value of a string option given as the next argument.
  const next = (name: string): string => {
    const value = args[i + 1];
    if (value === undefined || (value.length > 1 && value[0] === "-")) {
      throw new UsageError(
        `argument ${label(name, options)}: expected one argument`,
      );
    }
    i++;
    return value;
  };
  const set = (name: string, value: string) => {
    if (!options[name].multiple) {
      values[name] = value;
      return;
    }
    const list = values[name];
    if (Array.isArray(list)) list.push(value);
    else values[name] = [value];
  };
  for (; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = longName(arg, eq < 0 ? arg : arg.slice(0, eq), options);
      if (options[name].type === "boolean") {
        if (eq >= 0) {
          throw new UsageError(
            `argument ${label(name, options)}: ignored explicit argument '${
              arg.slice(eq + 1)
            }'`,
          );
        }
        values[name] = true;
      } else {
        set(name, eq < 0 ? next(name) : arg.slice(eq + 1));
      }
      continue;
    }
    if (arg.length < 2 || arg[0] !== "-") {
      positionals.push(arg);
      continue;
    }
    for (let k = 1; k < arg.length; k++) {
      const name = shortName(arg[k], options);
      if (name === undefined) {
        throw new UsageError(`unrecognized arguments: ${arg}`);
      }
      if (options[name].type === "boolean") {
        values[name] = true;
        continue;
      }
      const rest = arg.slice(k + 1);
      set(
        name,
        rest === "" ? next(name) : rest[0] === "=" ? rest.slice(1) : rest,
      );
      break;
    }
  }
  return { values, positionals };
}

function longName(
  arg: string,
  flag: string,
  options: Readonly<Record<string, OptionSpec>>,
): string {
  const given = flag.slice(2);
  if (Object.hasOwn(options, given)) return given;
  const matches = Object.keys(options).filter((name) =>
    given !== "" && name.startsWith(given)
  );
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new UsageError(
      `ambiguous option: ${flag} could match ${
        matches.map((m) => `--${m}`).join(", ")
      }`,
    );
  }
  throw new UsageError(`unrecognized arguments: ${arg}`);
}

function shortName(
  letter: string,
  options: Readonly<Record<string, OptionSpec>>,
): string | undefined {
  for (const name in options) {
    if (options[name].short === letter) return name;
  }
  return undefined;
}

/** How argparse names an option in its messages: `-i/--in`. */
function label(
  name: string,
  options: Readonly<Record<string, OptionSpec>>,
): string {
  const short = options[name].short;
  return short === undefined ? `--${name}` : `-${short}/--${name}`;
}
