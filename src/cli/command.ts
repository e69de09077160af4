/**
 * The shape of one `crit` command. `cli.ts` keeps a list of them and does
 * the rest once for all: parsing the command line, `--help`, the usage
 * line, errors and exit statuses.
 *
 * @module
 */
import type { OptionSpec } from "./args.ts";

/** What the command line gave: flags, values, and arrays for `multiple` options. */
export type OptionValues = Record<
  string,
  string | boolean | string[] | undefined
>;

/**
 * Values a shell proposes: these words, or files: `"image"` (`*.img`),
 * `"json"` (`*.json`), `"dir"` (directories), `"file"` (any), or `"none"`.
 */
export type Completion =
  | readonly string[]
  | "image"
  | "json"
  | "dir"
  | "file"
  | "none";

/** One command: its words for `--help`, its options and what it does. */
export interface Command {
  /** The word after `crit`: `decode`, `x`, `core`, ... */
  readonly name: string;
  /** Its arguments as the usage line shows them: `DUMP [--pid PID]... [-o OUTDIR]`. */
  readonly synopsis: string;
  /** One line for the command list of `crit --help`. */
  readonly summary: string;
  /** The rest of `crit NAME --help`: what each option and argument means. */
  readonly help: string;
  /** Its options; `-h/--help` is added for every command. */
  readonly options: Readonly<Record<string, OptionSpec>>;
  /**
   * Names of its positional arguments, required ones first; a name in
   * `[brackets]` may be left out, and one ending in `...` takes the rest.
   */
  readonly positionals: readonly string[];
  /**
   * The exit status of a failure (bad input, an unreadable file). Default
   * 1; `diff` uses 2, as diff and cmp do, since its 1 means "different".
   */
  readonly errorStatus?: number;
  /**
   * What `crit completions` proposes for a positional (by its name, without
   * brackets or dots) or an option's value (by the option's name), when the
   * names do not say: DIR is a directory, IN an image, OUT a file, choices
   * shown as `--format text|json` are proposed, other option values (PID,
   * N) get nothing and other positionals get files.
   */
  readonly complete?: Readonly<Record<string, Completion>>;
  /**
   * Runs the command and returns the exit status. It throws `UsageError`
   * for a bad command line (exit 2) and any other error for bad input
   * (one line, exit 1).
   */
  run(values: OptionValues, positionals: string[]): Promise<number>;
}
