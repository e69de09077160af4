/**
 * The checks on a (mutated) crit JSON text: what `parse` or `encodeSync`
 * refuses the streamed encoder and the bytes encoder (encodeJsonBytes)
 * refuse too, what they take the streamed encoder writes byte for byte (and
 * the bytes encoder, when it takes it), and what encodeSync writes decodes
 * and encodes again to the same bytes.
 *
 * @module
 */
import {
  decodeSync,
  encodeSync,
  JsonShapeError,
  parse,
  stringify,
} from "../../mod.ts";
import { JsonImageReader } from "../../src/codec/json_image_reader.ts";
import { encodeJsonBytes } from "../../src/codec/_json_bytes.ts";
import { concatBytes } from "../../src/wire/bytes.ts";
import { Rng } from "../../tests/_helpers/prng.ts";
import { count, type Reporter } from "./reporter.ts";
import { allowed, attempt, describeError, orFinding } from "./verdict.ts";

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The bytes encoder's image of `text`, or undefined when it leaves it. */
function bytesEncode(text: string): Uint8Array | undefined {
  const image = encodeJsonBytes(new TextEncoder().encode(text));
  return image && concatBytes([image.head, image.entries]);
}

/** What parse or encodeSync rejects, both other encoders reject too. */
function streamedRejects(text: string, what: string, rep: Reporter): void {
  if (bytesEncode(text) !== undefined) {
    rep.finding("text", `${what} rejects the JSON, encodeJsonBytes takes it`);
  }
  try {
    streamedEncode(text, text.length);
  } catch (e) {
    const cls = allowed("parse", e) ?? allowed("encode", e);
    if (!cls) rep.finding("error", `streamed encode: ${describeError(e)}`);
    return;
  }
  rep.finding(
    "text",
    `${what} rejects the JSON, the streamed encoder takes it`,
  );
}

/** JsonImageReader's bytes, fed in pieces of 1-997 characters. */
function streamedEncode(text: string, seed: number): Uint8Array {
  const r = Rng.stream(seed, 0xe4c0);
  const parts: Uint8Array[] = [];
  // Half the time told the text's size, as the CLI tells it a file's.
  const reader = new JsonImageReader(
    (b) => parts.push(b.slice()),
    4096,
    undefined,
    r.chance(0.5) ? text.length : undefined,
  );
  for (let at = 0; at < text.length;) {
    const n = 1 + r.int(r.chance(0.5) ? 16 : 997);
    reader.push(text.slice(at, at += n));
  }
  reader.end();
  return concatBytes(parts);
}

/** Runs every check on `text`. */
export async function checkJson(text: string, rep: Reporter): Promise<void> {
  const parsed = await attempt(
    rep,
    "parse",
    "parse",
    "parse",
    () => parse(text),
  );
  if (parsed.failure !== undefined) return streamedRejects(text, "parse", rep);
  const encoded = await attempt(
    rep,
    "encode",
    "encode",
    "encodeSync",
    () => encodeSync(parsed.value),
  );
  if (encoded.failure !== undefined) {
    return streamedRejects(text, "encodeSync", rep);
  }
  const bytes = encoded.value;
  // The streamed encoder reads entries straight from the text: same bytes.
  let streamedBytes: Uint8Array | undefined;
  try {
    streamedBytes = streamedEncode(text, text.length);
  } catch (e) {
    // A documented limit (README): a streamed payload must end its entry.
    if (
      e instanceof JsonShapeError && e.message.includes('comes after "extra"')
    ) {
      count(rep.tally, "streamed encode: key after a streamed extra");
    } else {
      rep.finding("text", `streamed encode fails: ${describeError(e)}`);
    }
  }
  if (streamedBytes !== undefined && !sameBytes(streamedBytes, bytes)) {
    rep.finding(
      "text",
      `streamed encode writes ${streamedBytes.length} bytes, encodeSync ${bytes.length}`,
    );
  }
  const fromBytes = bytesEncode(text);
  if (fromBytes !== undefined && !sameBytes(fromBytes, bytes)) {
    rep.finding(
      "text",
      `encodeJsonBytes writes ${fromBytes.length} bytes, encodeSync ${bytes.length}`,
    );
  }
  if (fromBytes !== undefined) {
    count(rep.tally, "encodeJsonBytes took the JSON");
  }
  // What encode accepts it must write readably and canonically.
  const decoded = orFinding(
    rep,
    "encode",
    (e) =>
      `encodeSync accepted the JSON but wrote an image that does not decode: ${e}`,
    () => stringify(decodeSync(bytes)),
  );
  if (decoded === undefined) return;
  const again = encodeSync(parse(decoded));
  if (!sameBytes(again, bytes)) {
    rep.finding(
      "encode",
      `encodeSync output is not stable: decoding and encoding it again gives ${again.length} bytes instead of ${bytes.length}`,
    );
  }
}
