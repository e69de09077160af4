/**
 * `crit diff A B`: what changed between two dumps, or between two images of
 * one kind. Exit status like diff(1) and cmp(1): 0 no difference, 1
 * differences, 2 trouble (a usage error or an input that cannot be read).
 *
 * @module
 */
import type { Command, OptionValues } from "./command.ts";
import { UsageError } from "./args.ts";
import { openDump, type OpenedDump } from "./open_dump.ts";
import { diffDumps, hasDifferences } from "../diff/dump_diff.ts";
import { diffImages } from "../diff/image_diff.ts";
import { dumpDiffText, imageDiffText } from "../diff/diff_text.ts";
import { stringifyJson } from "../json/stringify.ts";
import type { JsonValue } from "../json/types.ts";
import { encodeUtf8Lossless } from "../json/text.ts";
import { imageMagic } from "../image/magic.ts";

async function writeAll(data: Uint8Array): Promise<void> {
  let at = 0;
  while (at < data.length) at += await Deno.stdout.write(data.subarray(at));
}

/** Whether `path` is a CRIU image file rather than a dump (directory or archive). */
function isImage(path: string): boolean {
  let file: Deno.FsFile;
  try {
    if (!Deno.statSync(path).isFile) return false;
    if (path.endsWith(".img")) return true;
    file = Deno.openSync(path);
  } catch {
    return false;
  }
  try {
    const head = new Uint8Array(8);
    const n = file.readSync(head) ?? 0;
    return imageMagic(head.subarray(0, n)) !== undefined;
  } finally {
    file.close();
  }
}

function readImage(path: string): Uint8Array {
  try {
    return Deno.readFileSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Error(`${path}: no such file or directory`);
    }
    throw e;
  }
}

const color = () => Deno.stdout.isTerminal() && !Deno.env.get("NO_COLOR");

async function diffImageFiles(
  a: string,
  b: string,
  json: boolean,
): Promise<number> {
  const changes = diffImages(readImage(a), readImage(b));
  if (json) {
    const text = stringifyJson(changes as unknown as JsonValue, true);
    await writeAll(new TextEncoder().encode(text + "\n"));
  } else {
    await writeAll(
      encodeUtf8Lossless(imageDiffText(changes, { color: color() })),
    );
  }
  return changes.length > 0 ? 1 : 0;
}

async function diffDumpPaths(
  a: string,
  b: string,
  values: OptionValues,
): Promise<number> {
  const opened: OpenedDump[] = [];
  try {
    opened.push(await openDump(a));
    opened.push(await openDump(b));
    const diff = await diffDumps(opened[0].dir, opened[1].dir, {
      memory: values["no-memory"] !== true,
      showUnchanged: values["show-unchanged"] === true,
    });
    if (values.format === "json") {
      const text = stringifyJson(diff as unknown as JsonValue, true);
      await writeAll(new TextEncoder().encode(text + "\n"));
    } else if (hasDifferences(diff) || values["show-unchanged"] === true) {
      const text = dumpDiffText(diff, {
        color: color(),
        memory: values["no-memory"] !== true,
      });
      await writeAll(encodeUtf8Lossless(text));
    }
    return hasDifferences(diff) ? 1 : 0;
  } finally {
    for (const o of opened) o.close();
  }
}

/** `crit diff`. */
export const command: Command = {
  name: "diff",
  synopsis: "A B [--format text|json] [--show-unchanged] [--no-memory]",
  summary: "what changed between two dumps, or two images of one kind",
  help: `A and B are two dumps (directories) or two images of one kind.

Dumps: processes (by pid), threads, open files (by fd), sockets, mappings,
and for each mapping in both dumps how many pages and bytes differ.
Images: every difference by its JSON path in crit's pretty form.

options:
  --format text|json  text (default): a summary, then +, - and ~ details
  --show-unchanged    also list mappings whose memory did not change
  --no-memory         do not compare the contents of memory

exit status: 0 no differences, 1 differences, 2 trouble`,
  options: {
    format: { type: "string" },
    "show-unchanged": { type: "boolean" },
    "no-memory": { type: "boolean" },
  },
  positionals: ["A", "B"],
  // Like diff and cmp, trouble is exit status 2: 1 means "different".
  errorStatus: 2,
  async run(values, positionals) {
    const format = values.format ?? "text";
    if (format !== "text" && format !== "json") {
      throw new UsageError(
        `argument --format: invalid choice: '${format}' (choose from 'text', 'json')`,
      );
    }
    const [a, b] = positionals;
    const images = [isImage(a), isImage(b)];
    if (images[0] !== images[1]) {
      throw new UsageError(
        `${images[0] ? a : b} is an image and ${
          images[0] ? b : a
        } is not: give two dumps or two images`,
      );
    }
    return images[0]
      ? await diffImageFiles(a, b, format === "json")
      : await diffDumpPaths(a, b, values);
  },
};
