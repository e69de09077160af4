/**
 * `--max-entry-size`: the entry size limit of the decoders, on the command
 * line of every command that decodes an image file (Deno).
 */
import type { OptionSpec } from "./args.ts";
import { UsageError } from "./args.ts";
import { DEFAULT_MAX_ENTRY_SIZE } from "../codec/options.ts";

/** The option, as the commands list it. */
export const MAX_ENTRY_SIZE_OPTION: Readonly<Record<string, OptionSpec>> = {
  "max-entry-size": { type: "string" },
};

const DEFAULT_TEXT = `${DEFAULT_MAX_ENTRY_SIZE / 1048576}M`;

/** Its lines for `--help`. */
export const MAX_ENTRY_SIZE_HELP =
  `  --max-entry-size SIZE largest entry message read, in bytes or with a K, M
                        or G (1024-based) suffix (default ${DEFAULT_TEXT}); a bigger
                        one is an error, not an allocation`;

const UNITS: Record<string, number> = {
  "": 1,
  K: 1024,
  M: 1048576,
  G: 1 << 30,
};

/**
 * Bytes given as `4096`, `64K`, `512M` or `2G` (`KiB`, `kb`... too: a
 * trailing `iB` or `B` is ignored, the unit letter may be lower case).
 */
export function parseSize(option: string, text: string): number {
  const m = /^(\d+)(?:([kmg])(?:i?b)?|b)?$/i.exec(text.trim());
  const n = m === null ? NaN : Number(m[1]) * UNITS[(m[2] ?? "").toUpperCase()];
  if (!Number.isSafeInteger(n)) {
    throw new UsageError(
      `argument --${option}: invalid size '${text}' (bytes, or a number with K, M or G)`,
    );
  }
  return n;
}

/** The limit the command line sets; `undefined` leaves the default. */
export function maxEntrySize(
  values: Record<string, unknown>,
): number | undefined {
  const text = values["max-entry-size"];
  return typeof text === "string"
    ? parseSize("max-entry-size", text)
    : undefined;
}

/**
 * Runs `f`; an entry over the limit gets the option that raises it added to
 * its message. The decoders throw RangeError for limits only, and the CLI
 * streams payloads, so the entry size is the one limit it can hit.
 */
export async function withLimitHint<T>(
  f: () => T | Promise<T>,
): Promise<T> {
  try {
    return await f();
  } catch (e) {
    // decode -i DIR names the file in an Error caused by the RangeError.
    if (
      e instanceof RangeError ||
      (e instanceof Error && e.cause instanceof RangeError)
    ) {
      throw new RangeError(
        `${e.message} (--max-entry-size raises the limit)`,
        { cause: e },
      );
    }
    throw e;
  }
}
