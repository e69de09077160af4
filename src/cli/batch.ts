/**
 * Batch mode of `crit decode` and `crit encode` (Deno): a whole dump
 * directory in one process. Images become NAME.json (the text `decode -o`
 * writes) and back; every other file (raw images, a checkpoint's JSON
 * metadata) is copied unchanged, so decoding and encoding again gives the
 * directory back byte for byte.
 *
 * The output is built in a temporary directory beside OUTDIR and renamed
 * at the end: a failed or interrupted run leaves nothing. With `keepGoing`,
 * files that fail are listed and the rest is converted.
 */
import { encodeSync } from "../codec/encode.ts";
import { parseJson } from "../json/mod.ts";
import type { CriuImage } from "../json/types.ts";
import {
  type ConvertOptions,
  decodeFile,
  explainRaw,
  imageJsonBytes,
  notAnImage,
} from "./convert.ts";
import { encodeFile } from "./encode_file.ts";
import { Progress } from "./progress.ts";
import {
  kept,
  removeTemporaries,
  temporary,
  yieldToSignals,
} from "./cleanup.ts";

/** Options of a batch run. */
export interface BatchOptions extends ConvertOptions {
  /** Convert what can be converted and list the failures. */
  keepGoing: boolean;
  /** Where notes go (stderr unless --quiet). */
  note: (line: string) => void;
}

/** What a batch run did. */
export interface BatchReport {
  converted: number;
  /** Files copied as they are. */
  copied: string[];
  /** Entries that are not converted nor copied, with why. */
  skipped: string[];
  /** Files that failed (only with keepGoing), with the error. */
  failed: string[];
}

/** Files this large are streamed; smaller ones are converted in memory. */
const SMALL = 16 * 1024 * 1024;

/** How one file of a batch went. */
type Outcome = "converted" | "copied";

type Each = (
  name: string,
  from: string,
  to: string,
  size: number,
) => Promise<Outcome>;

/** `crit decode -i DIR -o OUTDIR`. */
export function decodeDir(
  input: string,
  output: string,
  opts: BatchOptions,
): Promise<BatchReport> {
  const single = { ...opts, progress: false };
  return runBatch(
    "decode",
    input,
    output,
    opts,
    async (name, from, to, size) => {
      if (size > SMALL) {
        try {
          await decodeFile(from, `${to}/${name}.json`, single);
          return "converted";
        } catch (e) {
          if (!notAnImage(e)) throw e;
          Deno.copyFileSync(from, `${to}/${name}`);
          return "copied";
        }
      }
      const bytes = Deno.readFileSync(from);
      let text: Uint8Array;
      try {
        text = imageJsonBytes(bytes, opts);
      } catch (e) {
        if (!notAnImage(explainRaw(e, from, bytes))) throw e;
        writeNew(`${to}/${name}`, bytes);
        return "copied";
      }
      writeNew(`${to}/${name}.json`, text);
      return "converted";
    },
  );
}

/** `crit encode -i DIR -o OUTDIR`: the reverse of {@linkcode decodeDir}. */
export function encodeDir(
  input: string,
  output: string,
  opts: BatchOptions,
): Promise<BatchReport> {
  const single = { ...opts, progress: false };
  return runBatch(
    "encode",
    input,
    output,
    opts,
    async (name, from, to, size) => {
      const image = `${to}/${name.slice(0, -".json".length)}`;
      if (!name.endsWith(".json")) {
        Deno.copyFileSync(from, `${to}/${name}`);
        return "copied";
      }
      if (size > SMALL) {
        // Only crit's JSON grows this large; anything else fails with its reason.
        await encodeFile(from, image, single);
        return "converted";
      }
      const text = Deno.readTextFileSync(from);
      const value = critJson(text);
      if (value === undefined) {
        // JSON that is not an image (a checkpoint's descriptors.json) came
        // from the dump as it is.
        writeNew(`${to}/${name}`, new TextEncoder().encode(text));
        return "copied";
      }
      writeNew(image, encodeSync(value));
      return "converted";
    },
  );
}

/** crit's JSON of an image, or undefined for JSON that has no magic. */
function critJson(text: string): CriuImage | undefined {
  const value = parseJson(text);
  const isImage = value !== null && typeof value === "object" &&
    !Array.isArray(value) && Object.hasOwn(value, "magic");
  return isImage ? value as unknown as CriuImage : undefined;
}

/** Writes a file that must not exist yet: two inputs must not meet in one output. */
function writeNew(path: string, data: Uint8Array): void {
  try {
    Deno.writeFileSync(path, data, { createNew: true });
  } catch (e) {
    if (e instanceof Deno.errors.AlreadyExists) {
      throw new Error(
        `${path.slice(path.lastIndexOf("/") + 1)} would be written twice`,
      );
    }
    throw e;
  }
}

/** A new temporary directory beside `output`, on the same file system. */
function temporaryDir(output: string): string {
  const slash = output.replace(/\/+$/, "").lastIndexOf("/");
  const parent = slash < 0 ? "." : output.slice(0, slash) || "/";
  const base = output.replace(/\/+$/, "").slice(slash + 1);
  const dir = Deno.makeTempDirSync({ dir: parent, prefix: `.${base}.crit-` });
  temporary(dir);
  return dir;
}

/** OUTDIR must be new or empty: what is in it would be lost. */
function checkOutput(output: string): boolean {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(output);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
  if (!info.isDirectory) throw new Error(`${output} is not a directory`);
  for (const _ of Deno.readDirSync(output)) {
    throw new Error(
      `${output} is not empty: batch output goes into a new or empty directory`,
    );
  }
  return true;
}

/**
 * Fills a new temporary directory beside `output` and renames it to
 * `output` (which must be new or empty) once `fill` succeeds; on failure
 * or interruption nothing is left behind.
 */
export async function intoNewDirectory<T>(
  output: string,
  fill: (dir: string) => Promise<T>,
): Promise<T> {
  const exists = checkOutput(output);
  const tmp = temporaryDir(output);
  try {
    const result = await fill(tmp);
    if (exists) Deno.removeSync(output);
    Deno.renameSync(tmp, output);
    kept(tmp);
    return result;
  } finally {
    removeTemporaries();
  }
}

/** The shared loop of both directions; see the module doc. */
async function runBatch(
  label: string,
  input: string,
  output: string,
  opts: BatchOptions,
  each: Each,
): Promise<BatchReport> {
  const entries = [...Deno.readDirSync(input)].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0
  );
  const report: BatchReport = {
    converted: 0,
    copied: [],
    skipped: [],
    failed: [],
  };
  const files = entries.filter((e) => {
    // Deno hands out names as UTF-8 text: other bytes come back as U+FFFD,
    // and such a name cannot be opened again.
    if (e.name.includes("\ufffd")) {
      report.skipped.push(`${e.name}: its name is not UTF-8`);
      return false;
    }
    if (!e.isFile) report.skipped.push(`${e.name}: not a regular file`);
    return e.isFile;
  });
  await intoNewDirectory(output, async (tmp) => {
    const progress = new Progress(label, files.length, "files", opts.progress);
    let yielded = performance.now();
    try {
      for (const { name } of files) {
        const from = `${input}/${name}`;
        const size = Deno.statSync(from).size;
        try {
          const outcome = await each(name, from, tmp, size);
          if (outcome === "converted") report.converted++;
          else report.copied.push(name);
        } catch (e) {
          const text = `${name}: ${(e as Error).message}`;
          if (!opts.keepGoing) throw new Error(text, { cause: e });
          report.failed.push(text);
        }
        progress.add(1, size);
        if (performance.now() - yielded > 50) {
          await yieldToSignals();
          yielded = performance.now();
        }
      }
    } finally {
      progress.done();
    }
  });
  return report;
}

/** The notes of a finished batch: one line for the copies, one per problem. */
export function batchNotes(verb: string, report: BatchReport): string[] {
  const lines: string[] = [];
  const { copied } = report;
  if (copied.length > 0) {
    const shown = copied.slice(0, 4).join(", ");
    lines.push(
      `copied ${copied.length} ${
        copied.length === 1 ? "file" : "files"
      } unchanged (not images): ${shown}${copied.length > 4 ? ", ..." : ""}`,
    );
  }
  for (const s of report.skipped) lines.push(`skipped ${s}`);
  for (const f of report.failed) lines.push(`failed ${f}`);
  lines.push(
    `${verb} ${report.converted} images, copied ${copied.length} files, skipped ${report.skipped.length}, failed ${report.failed.length}`,
  );
  return lines;
}
