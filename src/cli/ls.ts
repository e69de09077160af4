/**
 * `crit ls PATH...`: one row per container checkpoint archive, like
 * checkpointctl list over the kubelet's checkpoints directory.
 *
 * @module
 */
import type { Command } from "./command.ts";
import { openDump } from "./open_dump.ts";
import { readAt } from "../dump/deno_dump_dir.ts";
import { detectCompression } from "../dump/detect_compression.ts";
import { isTarHeader } from "../dump/tar_index.ts";
import { byteSize } from "../explore/byte_size.ts";
import { encodeUtf8Lossless } from "../json/text.ts";

const HEADER = [
  "CONTAINER",
  "POD",
  "NAMESPACE",
  "ENGINE",
  "IMAGE",
  "CREATED",
  "CHECKPOINTED",
  "CHKPT SIZE",
  "ROOT FS DIFF SIZE",
  "PATH",
];

/**
 * The kubelet names its checkpoints
 * `checkpoint-<pod>_<namespace>-<container>-<RFC 3339 time>.tar`; the time
 * is taken from there when the metadata has none.
 */
const KUBELET_NAME =
  /^checkpoint-.+_.+-(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d))\.tar$/;

/** Whether the file starts like an archive: a compression's magic or a tar header. */
function looksLikeArchive(path: string): boolean {
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(path);
  } catch {
    return false;
  }
  try {
    const head = readAt(file, 0, 512);
    return detectCompression(head) !== "none" || isTarHeader(head);
  } finally {
    file.close();
  }
}

function isDirectory(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

/** The archives a PATH argument names: itself, or those in the directory. */
function archivesOf(path: string): string[] {
  const extracted = isDirectory(`${path}/checkpoint`);
  if (!isDirectory(path) || extracted) return [path];
  return [...Deno.readDirSync(path)]
    .filter((e) => e.isFile)
    .map((e) => `${path.replace(/\/+$/, "")}/${e.name}`)
    .filter(looksLikeArchive)
    .sort();
}

async function row(path: string): Promise<string[]> {
  const opened = await openDump(path, { pages: false });
  try {
    const c = opened.checkpoint;
    const base = path.slice(path.lastIndexOf("/") + 1);
    const checkpointed = c?.checkpointed ?? KUBELET_NAME.exec(base)?.[1] ?? "";
    return [
      c?.containerName ?? "",
      c?.pod ?? "",
      c?.namespace ?? "",
      c?.engine ?? "",
      c?.image ?? "",
      c?.created ?? "",
      checkpointed,
      byteSize(c?.sizes.checkpoint ?? 0),
      byteSize(c?.sizes.rootFsDiff ?? 0),
      path,
    ].map((cell) => cell || "-");
  } finally {
    opened.close();
  }
}

/** Columns padded to their widest cell, three spaces apart. */
function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) =>
    Math.max(...rows.map((r) => r[i].length))
  );
  return rows.map((r) =>
    r.map((c, i) => i === r.length - 1 ? c : c.padEnd(widths[i])).join("   ")
  ).join("\n") + "\n";
}

/** `crit ls`. */
export const command: Command = {
  name: "ls",
  synopsis: "PATH...",
  summary: "list container checkpoint archives, one row each",
  help:
    `PATH is a checkpoint archive (tar, tar.gz, tar.zst, tar.xz), an extracted archive, or a
directory of archives (such as the kubelet's /var/lib/kubelet/checkpoints):
every file in it that starts like an archive is listed. Columns: container,
pod, namespace, engine, image, created, checkpointed, size of checkpoint/,
size of rootfs-diff.tar, path. An archive that cannot be read is reported on
stderr and the others are still listed (exit status 1).`,
  options: {},
  positionals: ["PATH..."],
  async run(_values, paths) {
    const rows = [HEADER];
    let status = 0;
    for (const path of paths.flatMap(archivesOf)) {
      try {
        rows.push(await row(path));
      } catch (e) {
        status = 1;
        console.error(
          `crit: error: ${
            (e instanceof Error ? e.message : String(e)).split("\n")[0]
          }`,
        );
      }
    }
    const data = encodeUtf8Lossless(table(rows));
    let at = 0;
    while (at < data.length) at += await Deno.stdout.write(data.subarray(at));
    return status;
  },
};
