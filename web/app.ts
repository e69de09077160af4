/// <reference lib="dom" />
/**
 * The static web page: the user picks or drops a checkpoint and sees its
 * report, computed in the browser; each image can be saved as crit's JSON,
 * and the dump compared with another one (`crit diff`).
 * Nothing is sent anywhere: the files are read where they are.
 *
 * @module
 */
import type { DumpDir } from "../src/dump/dump_dir.ts";
import { decodeSync } from "../src/codec/decode.ts";
import { stringify } from "../src/codec/json.ts";
import { diffDumps, hasDifferences } from "../src/diff/dump_diff.ts";
import { dumpDiffText } from "../src/diff/diff_text.ts";
import { blobDumpDir, dumpFileNames } from "../src/report/blob_dump_dir.ts";
import {
  buildReport,
  type ReportCheck,
  type ReportContainer,
} from "../src/report/build_report.ts";
import { showReport } from "../src/report/_viewer.ts";
import { h as domH } from "../src/report/_view_parts.ts";
import type { DomElement } from "../src/report/_dom.ts";

/**
 * The report's element builder with the browser's own types: the report
 * module is typed without lib.dom (see src/report/_dom.ts), this page with it.
 */
const h = domH as unknown as (
  tag: string,
  attrs?: Record<string, string>,
  ...kids: (Node | string | undefined)[]
) => HTMLElement;

/**
 * A checkpoint the page opened: its images, and what an archive says about
 * its container.
 *
 * @example
 * ```ts
 * import type { OpenedCheckpoint } from "./app.ts";
 * const opened: OpenedCheckpoint = {
 *   dir: { read: () => Promise.resolve(undefined) },
 *   names: [],
 *   title: "empty",
 * };
 * ```
 */
export interface OpenedCheckpoint {
  /** The dump's images. */
  dir: DumpDir;
  /** The names of its files, for the image list. */
  names: string[];
  /** The page title. */
  title: string;
  /** Container facts, for an archive. */
  container?: ReportContainer;
}

/**
 * What the page plugs in from elsewhere.
 *
 * @example
 * ```ts
 * import type { WebAppOptions } from "./app.ts";
 * const options: WebAppOptions = {}; // dump directories only
 * ```
 */
export interface WebAppOptions {
  /**
   * Opens one checkpoint archive (.tar, .tar.gz, .tar.zst). Without it an
   * archive is refused with a message; dump directories always work.
   */
  openArchive?: (file: File) => Promise<OpenedCheckpoint>;
  /** Checks a dump; its verdict goes into the summary. */
  check?: (dir: DumpDir) => Promise<ReportCheck>;
}

/** A file with its path inside what was picked or dropped. */
interface PickedFile {
  path: string;
  file: File;
}

const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.zst|tar\.zstd|tar\.xz)$/i;

/** Opens what the user gave: one archive, or the files of a dump directory. */
async function openPicked(
  picked: PickedFile[],
  options: WebAppOptions,
): Promise<OpenedCheckpoint> {
  if (picked.length === 0) throw new Error("no files were given");
  if (picked.length === 1 && ARCHIVE.test(picked[0].file.name)) {
    if (!options.openArchive) {
      throw new Error(
        `${
          picked[0].file.name
        }: this page cannot read archives yet; give the files of the dump directory`,
      );
    }
    return await options.openArchive(picked[0].file);
  }
  const all = dumpFileNames(picked.map((p) => p.path));
  const files = podmanLayout(
    new Map(all.map((n, i) => [n, picked[i].file as Blob])),
  );
  if (!files.has("pstree.img")) {
    throw new Error("these files are not a dump directory: no pstree.img");
  }
  const top = picked[0].path.split("/").filter(Boolean);
  return {
    dir: blobDumpDir(files),
    names: [...files.keys()].sort(),
    title: top.length > 1 ? top[0] : "checkpoint",
  };
}

/**
 * The images of an unpacked container export (Podman, CRI-O): CRIU's
 * images are in checkpoint/, its statistics beside it in stats-dump.
 * Anything else is taken as it is.
 */
function podmanLayout(files: Map<string, Blob>): Map<string, Blob> {
  if (files.has("pstree.img") || !files.has("checkpoint/pstree.img")) {
    return files;
  }
  const out = new Map<string, Blob>();
  for (const [name, blob] of files) {
    if (name.startsWith("checkpoint/")) out.set(name.slice(11), blob);
  }
  const stats = files.get("stats-dump");
  if (stats && !out.has("stats-dump")) out.set("stats-dump", stats);
  return out;
}

/** Every file under a dropped directory entry, with its path. */
async function entryFiles(
  entry: FileSystemEntry,
  out: PickedFile[],
): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((ok, fail) =>
      (entry as FileSystemFileEntry).file(ok, fail)
    );
    out.push({ path: entry.fullPath.replace(/^\//, ""), file });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries gives a batch at a time, an empty one at the end.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((ok, fail) =>
      reader.readEntries(ok, fail)
    );
    if (batch.length === 0) return;
    for (const e of batch) await entryFiles(e, out);
  }
}

/** The picked files of an input, with their paths. */
function pickedFiles(input: HTMLInputElement): PickedFile[] {
  return [...input.files ?? []].map((file) => ({
    path: file.webkitRelativePath || file.name,
    file,
  }));
}

/**
 * Compares the open dump with another one the user picks: `crit diff`'s
 * text, its added, removed and changed lines marked.
 */
function compareBox(
  opened: OpenedCheckpoint,
  options: WebAppOptions,
): HTMLElement {
  const input = h("input", {
    type: "file",
    id: "crit-compare",
    webkitdirectory: "",
  }) as HTMLInputElement;
  const out = h("div", { id: "crit-diff" });
  input.addEventListener("change", async () => {
    out.replaceChildren("Comparing…");
    try {
      const other = await openPicked(pickedFiles(input), options);
      const diff = await diffDumps(opened.dir, other.dir);
      const lines = dumpDiffText(diff).split("\n").map((line) => {
        const mark = { "+": "added", "-": "removed", "~": "changed" }[line[0]];
        return h("span", mark ? { class: mark } : {}, `${line}\n`);
      });
      out.replaceChildren(
        h(
          "p",
          {},
          hasDifferences(diff)
            ? `${opened.title} → ${other.title}:`
            : `${opened.title} and ${other.title} do not differ.`,
        ),
        h("pre", {}, ...lines),
      );
    } catch (e) {
      out.replaceChildren(
        h(
          "p",
          { class: "error-text" },
          e instanceof Error ? e.message : String(e),
        ),
      );
    }
  });
  return h(
    "details",
    { class: "box" },
    h("summary", {}, "Compare with another dump"),
    h("label", {}, "the other dump's directory: ", input),
    out,
  );
}

/** The image list: each image's crit JSON (`crit decode --pretty`) to save. */
function imageList(opened: OpenedCheckpoint): HTMLElement {
  const list = h("ul", { class: "images" });
  for (const name of opened.names) {
    const button = h("button", { type: "button" }, "JSON");
    const status = h("span", { class: "error-text" });
    button.addEventListener("click", async () => {
      try {
        const bytes = await opened.dir.read(name);
        if (bytes === undefined) throw new Error("not readable");
        const text = stringify(decodeSync(bytes, { pretty: true }), {
          pretty: true,
        });
        const url = URL.createObjectURL(
          new Blob([text], { type: "application/json" }),
        );
        const a = h("a", {
          href: url,
          download: `${name.replaceAll("/", "_")}.json`,
        });
        a.click();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        status.textContent = "";
      } catch (e) {
        status.textContent = ` ${e instanceof Error ? e.message : e}`;
      }
    });
    list.append(h("li", {}, button, ` ${name}`, status));
  }
  return h(
    "details",
    { class: "box" },
    h("summary", {}, `Images (${opened.names.length}): save as crit JSON`),
    list,
  );
}

/**
 * Draws the page into `root`: a drop zone and file pickers, then the report
 * of what was given and its images.
 *
 * @example The page of web/main.ts
 * ```ts ignore
 * // ignore: it needs a browser's document.
 * import { startWebApp } from "./app.ts";
 * startWebApp(document.getElementById("crit-root")!);
 * ```
 */
export function startWebApp(
  root: HTMLElement,
  options: WebAppOptions = {},
): void {
  const files = h("input", {
    type: "file",
    id: "crit-files",
    multiple: "",
  }) as HTMLInputElement;
  const folder = h("input", {
    type: "file",
    id: "crit-folder",
    webkitdirectory: "",
  }) as HTMLInputElement;
  const status = h("p", { id: "crit-status" });
  const images = h("div", { id: "crit-images" });
  const report = h("div", { id: "crit-app" });
  const drop = h(
    "div",
    { class: "drop", id: "crit-drop" },
    h(
      "p",
      {},
      options.openArchive
        ? "Drop a checkpoint archive or a dump directory here, or pick"
        : "Drop a dump directory (or an unpacked container export) here, or pick",
    ),
    h("label", {}, "files: ", files),
    " ",
    h("label", {}, "a directory: ", folder),
    h(
      "p",
      { class: "notes" },
      "Everything is read in this page; nothing is uploaded.",
    ),
  );
  const show = async (picked: PickedFile[]) => {
    status.textContent = "Reading…";
    status.className = "";
    try {
      const started = performance.now();
      const opened = await openPicked(picked, options);
      const data = await buildReport(opened.dir, {
        title: opened.title,
        container: opened.container,
        check: options.check ? await options.check(opened.dir) : undefined,
      });
      images.replaceChildren(imageList(opened), compareBox(opened, options));
      showReport(report as unknown as DomElement, data);
      status.textContent =
        `${opened.title}: ${data.counts.processes} processes, read in ${
          (performance.now() - started).toFixed(0)
        } ms`;
    } catch (e) {
      status.textContent = e instanceof Error ? e.message : String(e);
      status.className = "error-text";
    }
  };
  const fromInput = (input: HTMLInputElement) => () => show(pickedFiles(input));
  files.addEventListener("change", fromInput(files));
  folder.addEventListener("change", fromInput(folder));
  drop.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", async (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    const picked: PickedFile[] = [];
    // Entries must be taken before the first await: the list empties after.
    const entries = [...e.dataTransfer?.items ?? []]
      .map((i) => i.webkitGetAsEntry())
      .filter((x): x is FileSystemEntry => x !== null);
    const files = [...e.dataTransfer?.files ?? []];
    for (const entry of entries) await entryFiles(entry, picked);
    // Without entries (a page's own DataTransfer), the files as they are.
    if (entries.length === 0) {
      for (const file of files) picked.push({ path: file.name, file });
    }
    await show(picked);
  });
  root.replaceChildren(
    h("main", {}, h("h1", {}, "crit: see a checkpoint"), drop, status, images),
    report,
  );
}
