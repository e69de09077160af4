/**
 * Compares our decode/encode/info against crit 4.2's reference outputs of a
 * corpus laid out like ../shared/corpus (SCENARIO/F images + SCENARIO/ref/).
 * Decode is checked both ways: through objects (decodeSync, stringify) and
 * straight from bytes to text (imageToJson, what `crit decode` runs).
 * Used by tests/codec/corpus_test.ts on tests/fixtures and by
 * tools/conformance.ts on the full corpus.
 */
import { decodeSync, encodeSync, info, parse, stringify } from "../../mod.ts";
import { imageToJson } from "../../src/codec/image_to_json.ts";
import { JsonImageReader } from "../../src/codec/json_image_reader.ts";
import { encodeJsonBytes } from "../../src/codec/_json_bytes.ts";
import { concatBytes } from "../../src/wire/bytes.ts";

/** One check's outcome. */
export interface Outcome {
  /** Scenario directory name. */
  scenario: string;
  /** Image file name in it. */
  file: string;
  /** What was compared with crit's output. */
  check:
    | "raw"
    | "pretty"
    | "nopl"
    | "raw-text"
    | "pretty-text"
    | "nopl-text"
    | "info"
    | "encode-raw"
    | "encode-pretty";
  /** With critWrong: whether ours gives the right answer instead. */
  ok: boolean;
  /** Why crit's own output is not the oracle here (from ref/results.tsv). */
  critWrong?: string;
  /** Where ours and crit's part, or the error ours threw. */
  detail?: string;
}

/** crit's own results: file -> columns of results.tsv. */
function readResults(text: string): Map<string, Record<string, string>> {
  const [head, ...rows] = text.trimEnd().split("\n");
  const cols = head.split("\t");
  const out = new Map<string, Record<string, string>>();
  for (const row of rows) {
    const cells = row.split("\t");
    const r: Record<string, string> = Object.fromEntries(
      cols.map((c, i) => [c, cells[i] ?? ""]),
    );
    // Some scenarios use a second layout (decode_rc, reencode_from_*_json).
    const same = (v: string | undefined) =>
      v === undefined ? undefined : v === "identical" ? "yes" : v;
    r.decode_ok ??= r.decode_rc === "0" ? "yes" : "no";
    r.raw_roundtrip_identical ??= same(r.reencode_from_raw_json) ?? "";
    r.pretty_roundtrip_identical ??= same(r.reencode_from_pretty_json) ?? "";
    r.notes ??= "";
    out.set(cells[0], r);
  }
  return out;
}

function firstDiff(a: string | Uint8Array, b: string | Uint8Array): string {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) {
      return `first difference at ${i} (lengths ${a.length}/${b.length})`;
    }
  }
  return `lengths ${a.length}/${b.length}`;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

/** One image of a scenario, and where its outcomes go. */
interface ImageCheck {
  dir: string;
  file: string;
  /** Its row of crit's results.tsv. */
  row: Record<string, string>;
  bytes: Uint8Array;
  /** Why crit's own decode of it is not the oracle, where it is not. */
  decodeWrong?: string;
  push(
    check: Outcome["check"],
    ok: boolean,
    critWrong: string | undefined,
    detail?: string,
  ): void;
}

/** Runs every check on every image of one scenario directory. */
export async function checkScenario(dir: string): Promise<Outcome[]> {
  const scenario = dir.split("/").pop()!;
  const results = readResults(
    await Deno.readTextFile(`${dir}/ref/results.tsv`),
  );
  const outcomes: Outcome[] = [];
  for (const [file, row] of results) {
    if (row.decode_ok !== "yes") continue;
    const image: ImageCheck = {
      dir,
      file,
      row,
      bytes: await Deno.readFile(`${dir}/${file}`),
      decodeWrong: critDecodeWrong(file, row.notes ?? ""),
      push: (check, ok, critWrong, detail) =>
        outcomes.push({ scenario, file, check, ok, critWrong, detail }),
    };
    await checkDecodes(image);
    await checkInfo(image);
    await checkEncodes(image);
  }
  return outcomes;
}

/** Why crit's decode of `file` is wrong, from the notes of results.tsv. */
function critDecodeWrong(file: string, notes: string): string | undefined {
  const protobufWarnings = notes.includes("invalid UTF-8")
    ? "crit mangles non-UTF-8 strings"
    : undefined;
  const shmWrong =
    notes.includes("expected bytes-like") && file.startsWith("ipcns-shm")
      ? "crit ignores in_pagemaps"
      : undefined;
  return protobufWarnings ?? shmWrong;
}

/** decodeSync plain, pretty and nopl against crit's texts. */
async function checkDecodes(image: ImageCheck): Promise<void> {
  const { dir, file, bytes, push } = image;
  for (
    const [check, suffix, opts] of [
      ["raw", "raw.json", {}],
      ["pretty", "json", { pretty: true }],
      ["nopl", "nopl.json", { pretty: true, nopl: true }],
    ] as const
  ) {
    let want = await readText(`${dir}/ref/${file}.${suffix}`);
    if (want === undefined && check === "nopl") {
      // Fixtures drop nopl files that equal the pretty text plus crit's stdout newline.
      const pretty = await readText(`${dir}/ref/${file}.json`);
      if (pretty !== undefined) want = pretty + "\n";
    }
    if (want === undefined) continue;
    let wrong = image.decodeWrong;
    if (
      check === "nopl" &&
      (file.startsWith("ghost-file") || file.startsWith("bpfmap-data"))
    ) {
      wrong ??= "crit drops or crashes on this payload with --nopl";
    }
    // Both ways of decoding: through objects, and bytes straight to text
    // (imageToJson, what `crit decode` runs).
    const ways: [Outcome["check"], () => string][] = [
      [
        check,
        () => stringify(decodeSync(bytes, opts), { pretty: check !== "raw" }),
      ],
      [`${check}-text`, () => {
        const parts: string[] = [];
        const converter = imageToJson(opts, (t) => parts.push(t));
        converter.push(bytes);
        converter.end();
        return parts.join("");
      }],
    ];
    for (const [name, decode] of ways) {
      let got: string;
      try {
        got = decode() + (check === "nopl" ? "\n" : "");
      } catch (e) {
        push(name, false, image.decodeWrong, String(e));
        continue;
      }
      const ok = got === want;
      push(name, ok, wrong, ok ? undefined : firstDiff(got, want));
    }
  }
}

/** info against crit's info, or against the entries crit decodes. */
async function checkInfo(image: ImageCheck): Promise<void> {
  const { dir, file, bytes, push, decodeWrong } = image;
  const infoWant = await readText(`${dir}/ref/${file}.info.json`);
  const infoErr = await readText(`${dir}/ref/${file}.info.err`);
  const rawRef = await readText(`${dir}/ref/${file}.raw.json`);
  if (
    rawRef === undefined || (infoWant === undefined && infoErr === undefined)
  ) {
    return;
  }
  // The true count is the number of entries crit itself decodes (PAGEMAP: without the head).
  const decoded = (parse(rawRef).entries.length) -
    (file.startsWith("pagemap") ? 1 : 0);
  const critCount = infoWant === undefined
    ? undefined
    : Number(JSON.parse(infoWant).count);
  const wrong = critCount === decoded || decodeWrong
    ? decodeWrong
    : `crit info says ${
      critCount ?? infoErr?.trim().split("\n").pop()
    }, crit decode has ${decoded} entries`;
  try {
    const result = info(bytes);
    const got = stringify(result as never, { pretty: true }) + "\n";
    const ok = wrong ? result.count === decoded : got === infoWant;
    push(
      "info",
      ok,
      wrong,
      ok
        ? undefined
        : `${got.trim()} vs ${infoWant?.trim()} (decoded ${decoded})`,
    );
  } catch (e) {
    push("info", false, wrong, String(e));
  }
}

/**
 * What the CLI's encode does: the text read in 64 KiB pieces by the
 * streaming reader, told the text's size as for a file.
 */
function encodeStreamed(text: string): Uint8Array {
  const parts: Uint8Array[] = [];
  const reader = new JsonImageReader(
    (b) => parts.push(b.slice()),
    undefined,
    undefined,
    text.length,
  );
  for (let i = 0; i < text.length; i += 65536) {
    reader.push(text.slice(i, i + 65536));
  }
  reader.end();
  return concatBytes(parts);
}

/** How many of crit's texts encodeJsonBytes took (the others it left). */
export let bytesTaken = 0;

/**
 * encodeSync of crit's raw and pretty texts gives the image's bytes, and so
 * do the streaming reader and, when it takes the text, encodeJsonBytes.
 */
async function checkEncodes(image: ImageCheck): Promise<void> {
  const { dir, file, row, bytes, push } = image;
  for (
    const [check, suffix, col] of [
      ["encode-raw", "raw.json", "raw_roundtrip_identical"],
      ["encode-pretty", "json", "pretty_roundtrip_identical"],
    ] as const
  ) {
    const text = await readText(`${dir}/ref/${file}.${suffix}`);
    if (text === undefined) continue;
    const wrong = row[col] === "yes"
      ? undefined
      : `crit round trip: ${row[col]}`;
    try {
      const got = encodeSync(parse(text));
      const streamed = encodeStreamed(text);
      // The CLI's encode of a file, when it takes crit's text from its bytes.
      const fromBytes = encodeJsonBytes(new TextEncoder().encode(text));
      if (fromBytes !== undefined) bytesTaken++;
      const ok = equalBytes(got, bytes) && equalBytes(streamed, bytes) &&
        (fromBytes === undefined ||
          equalBytes(concatBytes([fromBytes.head, fromBytes.entries]), bytes));
      push(
        check,
        ok,
        wrong,
        ok
          ? undefined
          : firstDiff(equalBytes(got, bytes) ? streamed : got, bytes),
      );
    } catch (e) {
      push(check, false, wrong, String(e));
    }
  }
}

/** Scenario directories (those with ref/results.tsv) under `root`. */
export async function scenarios(root: string): Promise<string[]> {
  const dirs: string[] = [];
  for await (const e of Deno.readDir(root)) {
    if (!e.isDirectory) continue;
    try {
      await Deno.stat(`${root}/${e.name}/ref/results.tsv`);
      dirs.push(`${root}/${e.name}`);
    } catch {
      // not a scenario
    }
  }
  return dirs.sort();
}
