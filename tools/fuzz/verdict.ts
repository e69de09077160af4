/**
 * Which errors a stage may throw on bad input (our documented ones), and
 * how a check describes the others.
 *
 * @module
 */
import {
  CriuImageError,
  JsonShapeError,
  UnknownMagicError,
} from "../../mod.ts";
import { count, type Reporter } from "./reporter.ts";

/** The codec call that threw. */
export type Stage = "decode" | "info" | "parse" | "encode";

/** Messages of errors the JavaScript engine throws on its own: crashes. */
const ENGINE =
  /Cannot (read|set|convert|mix|access)|is not (a function|iterable|a constructor|defined|an object)|Maximum call stack|Invalid (array|typed array|string) length|allocation failed|out of memory|Do not know how|Unexpected token|Array buffer/;

function isLimit(e: unknown): boolean {
  return e instanceof RangeError && /limit|exceeds|deeper than/.test(e.message);
}

/** An engine error anywhere in the cause chain. */
function crashIn(e: unknown): Error | undefined {
  for (let c = e, k = 0; c instanceof Error && k < 8; c = c.cause, k++) {
    const ours = c instanceof CriuImageError || c instanceof JsonShapeError ||
      c.name === "WireError";
    if (!ours && (ENGINE.test(c.message) || c instanceof ReferenceError)) {
      return c;
    }
  }
  return undefined;
}

/** The counter name of an allowed error, or undefined for a finding. */
export function allowed(stage: Stage, e: unknown): string | undefined {
  if (crashIn(e)) return undefined;
  if (isLimit(e)) return "RangeError(limit)";
  switch (stage) {
    case "decode":
    case "info":
      if (e instanceof UnknownMagicError) return "UnknownMagicError";
      if (e instanceof CriuImageError) return "CriuImageError";
      return undefined;
    case "parse":
      // parse throws TypeError when the text is JSON but not an object.
      if (e instanceof SyntaxError || e instanceof TypeError) {
        return (e as Error).name;
      }
      return undefined;
    case "encode":
      return e instanceof JsonShapeError ? "JsonShapeError" : undefined;
  }
}

/** The error and, if different, the engine error that caused it. */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const crash = crashIn(e);
  const top = `${e.name}: ${e.message}`;
  if (crash && crash !== e) {
    return `${top} (caused by ${crash.name}: ${crash.message})`;
  }
  return top;
}

/** Where two texts part, with 30 characters of context. */
export function firstDiff(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const show = (s: string) =>
    JSON.stringify(s.slice(Math.max(0, i - 30), i + 30));
  return `at char ${i}: ${show(a)} vs ${show(b)}`;
}

/** What {@linkcode attempt} got: the value, or the failure's counter name. */
export type Attempt<T> =
  | { value: T; failure?: undefined }
  | { value?: undefined; failure: string };

/**
 * Runs one codec call of a check and counts its outcome under `key`: `ok`,
 * the allowed error's name, or `UNEXPECTED`, which is also a finding
 * (`what: error`). The failure is `"unexpected"` then.
 */
export async function attempt<T>(
  rep: Reporter,
  stage: Stage,
  key: string,
  what: string,
  work: () => T | Promise<T>,
): Promise<Attempt<T>> {
  try {
    const value = await work();
    count(rep.tally, `${key}: ok`);
    return { value };
  } catch (e) {
    const cls = allowed(stage, e);
    count(rep.tally, `${key}: ${cls ?? "UNEXPECTED"}`);
    if (!cls) rep.finding("error", `${what}: ${describeError(e)}`);
    return { failure: cls ?? "unexpected" };
  }
}

/**
 * `work()`, or undefined after a finding of `kind` whose detail is `detail`
 * given the error's description: for calls that must not fail at all.
 */
export function orFinding<T>(
  rep: Reporter,
  kind: string,
  detail: (error: string) => string,
  work: () => T,
): T | undefined {
  try {
    return work();
  } catch (e) {
    rep.finding(kind, detail(describeError(e)));
    return undefined;
  }
}
