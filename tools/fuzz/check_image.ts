/**
 * The checks on a (mutated) image: `decodeSync` in every mode must agree,
 * what decodes must survive the JSON round trip, `info` must count what
 * `--nopl` gives, and the stream and text paths must give the same text.
 *
 * @module
 */
import {
  decode,
  decodeSync,
  encodeSync,
  info,
  parse,
  stringify,
} from "../../mod.ts";
import type { CriuImage } from "../../mod.ts";
import { imageToJson } from "../../src/codec/image_to_json.ts";
import { Rng } from "../../tests/_helpers/prng.ts";
import type { Reporter } from "./reporter.ts";
import { attempt, firstDiff, orFinding } from "./verdict.ts";

const MODES = [
  ["plain", {}],
  ["pretty", { pretty: true }],
  ["nopl", { nopl: true }],
] as const;

type Mode = typeof MODES[number][0];

/** What `decodeSync` gave in each mode. */
interface Decoded {
  /** The JSON text by mode, where it decodes. */
  texts: Partial<Record<Mode, string>>;
  /** The failure's counter name by mode (`unexpected` for a finding). */
  fails: Partial<Record<Mode, string>>;
  /** Entries `--nopl` shows, as `info` counts them. */
  entries?: number;
}

/** Runs every check on `bytes`; `chunkSeed` drives the chunking. */
export async function checkImage(
  bytes: Uint8Array,
  chunkSeed: number,
  rep: Reporter,
): Promise<void> {
  const decoded = await decodeModes(bytes, rep);
  const { texts, fails } = decoded;
  const ok = MODES.map(([mode]) => texts[mode] !== undefined);
  if (ok.some((x) => x !== ok[0])) {
    rep.finding(
      "modes",
      MODES.map(([mode]) =>
        `${mode} ${texts[mode] ? "decodes" : `fails (${fails[mode]})`}`
      ).join(", "),
    );
  }
  await checkInfo(bytes, decoded.entries, rep);
  await checkStream(bytes, chunkSeed, decoded, rep);
  await checkTextPath(bytes, chunkSeed, decoded, rep);
}

/** decodeSync in every mode, with the JSON round trip of what decodes. */
async function decodeModes(bytes: Uint8Array, rep: Reporter) {
  const decoded: Decoded = { texts: {}, fails: {} };
  for (const [mode, opts] of MODES) {
    const got = await attempt(
      rep,
      "decode",
      `decode ${mode}`,
      `decodeSync ${mode}`,
      () => decodeSync(bytes, opts),
    );
    if (got.failure !== undefined) {
      decoded.fails[mode] = got.failure;
      continue;
    }
    const image: CriuImage = got.value;
    const text = stringify(image, { pretty: mode === "pretty" });
    decoded.texts[mode] = text;
    if (mode === "nopl") {
      decoded.entries = image.magic === "PAGEMAP"
        ? Math.max(0, image.entries.length - 1)
        : image.entries.length;
    } else {
      roundTrip(mode, text, decoded.texts.plain, rep);
    }
  }
  return decoded;
}

/** `info` counts the entries `--nopl` shows, and fails where it fails. */
async function checkInfo(
  bytes: Uint8Array,
  entries: number | undefined,
  rep: Reporter,
): Promise<void> {
  const got = await attempt(rep, "info", "info", "info", () => info(bytes));
  const counted = got.value?.count;
  if (entries !== counted) {
    rep.finding(
      "info",
      `info counts ${counted ?? "(fails)"}, decode --nopl gives ${
        entries ?? "(fails)"
      } entries`,
    );
  }
}

/** The stream path must agree with the buffer path, whatever the chunking. */
async function checkStream(
  bytes: Uint8Array,
  chunkSeed: number,
  { texts, fails }: Decoded,
  rep: Reporter,
): Promise<void> {
  const got = await attempt(
    rep,
    "decode",
    "decode stream",
    "decode (stream)",
    async () => stringify(await decode(chunked(bytes, chunkSeed))),
  );
  const streamed = got.value;
  if (streamed === texts.plain || fails.plain === "unexpected") return;
  rep.finding(
    "stream",
    streamed === undefined || texts.plain === undefined
      ? `decodeSync ${texts.plain ? "decodes" : "fails"}, ` +
        `decode on a chunked stream ${streamed ? "decodes" : "fails"}`
      : `decode on a chunked stream differs ${
        firstDiff(texts.plain, streamed)
      }`,
  );
}

/** The text path writes entries straight from the wire: same text. */
async function checkTextPath(
  bytes: Uint8Array,
  chunkSeed: number,
  { texts }: Decoded,
  rep: Reporter,
): Promise<void> {
  for (const [mode, opts] of MODES) {
    const got = await attempt(
      rep,
      "decode",
      `text ${mode}`,
      `text path ${mode}`,
      () => textPath(bytes, opts, chunkSeed),
    );
    const text = got.value;
    const expected = texts[mode];
    if (expected !== undefined && text !== expected) {
      rep.finding(
        "text",
        text === undefined
          ? `${mode}: decodeSync decodes, the text path fails`
          : `${mode}: the text path differs ${firstDiff(expected, text)}`,
      );
    }
  }
}

/** Splits `bytes` into a stream of chunks 1..97 bytes long. */
function chunked(bytes: Uint8Array, seed: number): ReadableStream<Uint8Array> {
  const r = Rng.stream(seed, 0x5eed);
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) return c.close();
      const n = 1 + r.int(r.chance(0.5) ? 8 : 97);
      c.enqueue(bytes.slice(at, at += n));
    },
  });
}

/** imageToJson's text, fed in pieces of 1-97 bytes. */
function textPath(
  bytes: Uint8Array,
  opts: { pretty?: boolean; nopl?: boolean },
  seed: number,
): string {
  const r = Rng.stream(seed, 0x7e47);
  let text = "";
  const converter = imageToJson(opts, (t) => text += t);
  for (let at = 0; at < bytes.length;) {
    const n = 1 + r.int(r.chance(0.5) ? 8 : 97);
    converter.push(bytes.subarray(at, at += n));
  }
  converter.end();
  return text;
}

/** decoded JSON -> parse -> encodeSync -> decodeSync must give the same JSON. */
function roundTrip(
  mode: "plain" | "pretty",
  text: string,
  plainText: string | undefined,
  rep: Reporter,
): void {
  const pretty = mode === "pretty";
  const back = orFinding(
    rep,
    "lossless",
    (e) => `${mode}: encodeSync(parse(stringify(decoded))) throws ${e}`,
    () => encodeSync(parse(text)),
  );
  if (!back) return;
  const again = orFinding(
    rep,
    "lossless",
    (e) => `${mode}: the re-encoded image does not decode: ${e}`,
    () => stringify(decodeSync(back, { pretty }), { pretty }),
  );
  if (again === undefined) return;
  if (again !== text) {
    rep.finding(
      "lossless",
      `${mode}: JSON differs after the round trip ${firstDiff(text, again)}`,
    );
  } else if (pretty && plainText !== undefined) {
    // Pretty values (hex, flags, devices, addresses) must not drop bits.
    const plainAgain = stringify(decodeSync(back));
    if (plainAgain !== plainText) {
      rep.finding(
        "lossless",
        `pretty JSON loses data: plain decode differs after the pretty ` +
          `round trip ${firstDiff(plainText, plainAgain)}`,
      );
    }
  }
}
