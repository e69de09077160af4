/**
 * Opens the dump a command names on its command line (Deno). Every command
 * that reads a dump goes through here, so each takes the same kinds of
 * path: a dump directory, a container checkpoint archive (tar, tar.gz,
 * tar.zst) or a directory holding an extracted archive (config.dump and
 * checkpoint/).
 *
 * @module
 */
import { imageMagic } from "../image/magic.ts";
import type { DumpDir } from "../dump/dump_dir.ts";
import { denoDumpDir } from "../dump/deno_dump_dir.ts";
import { ArchiveError } from "../dump/archive_error.ts";
import type { ArchiveMember } from "../dump/checkpoint_archive.ts";
import {
  type CheckpointInfo,
  checkpointInfo,
} from "../dump/checkpoint_info.ts";
import type { Compression } from "../dump/detect_compression.ts";
import { fileSource, tempFileSpill } from "./archive_file.ts";
import type { ByteSource } from "../dump/byte_source.ts";

/** A dump opened from a path, ready for the module's readers. */
export interface OpenedDump {
  /** The images, by name. */
  dir: DumpDir;
  /** The path as given, for messages. */
  path: string;
  /** The container facts, for an archive or extracted archive with config.dump. */
  checkpoint?: CheckpointInfo;
  /** For an archive or extracted archive: its members (files, by clean name). */
  members?: readonly ArchiveMember[];
  /** For an archive: how it is compressed. */
  compression?: Compression;
  /** A member's bytes (metadata files), for an archive or extracted archive. */
  readMember?(name: string): Promise<Uint8Array | undefined>;
  /** Releases what opening took (open files, temporary files). */
  close(): void;
}

/** Options of {@linkcode openDump}. */
export interface OpenDumpOptions {
  /**
   * Whether the command reads memory pages. Without, a compressed archive
   * skips their data in its one pass. Default true.
   */
  pages?: boolean;
}

/** Prefixes a reading error with the path, keeping its class. */
function withPath(path: string, e: unknown): unknown {
  if (e instanceof ArchiveError) {
    return new ArchiveError(`${path}: ${e.message}`);
  }
  if (e instanceof RangeError) return new RangeError(`${path}: ${e.message}`);
  return e;
}

/**
 * Opens a dump directory, an extracted checkpoint archive, or an archive
 * file; `-` is an archive on stdin, read in one pass (so a plain tar there
 * is streamed, not indexed). A path that does not exist is an error that
 * says so, not a missing image later on.
 */
export async function openDump(
  path: string,
  options: OpenDumpOptions = {},
): Promise<OpenedDump> {
  if (path === "-") {
    try {
      return await openArchive(path, Deno.stdin.readable, options);
    } catch (e) {
      throw withPath("stdin", e);
    }
  }
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Error(`${path}: no such file or directory`);
    }
    throw e;
  }
  try {
    if (info.isDirectory) return await openDirectory(path);
    if (!info.isFile) throw new ArchiveError("not a dump directory or archive");
    const image = fileMagic(path);
    if (image !== undefined) {
      throw new ArchiveError(
        `not a dump directory but one image (${image}): give the directory that holds it`,
      );
    }
    return await openArchiveFile(path, info.size, options);
  } catch (e) {
    throw withPath(path, e);
  }
}

async function openArchiveFile(
  path: string,
  size: number,
  options: OpenDumpOptions,
): Promise<OpenedDump> {
  const file = Deno.openSync(path);
  try {
    const opened = await openArchive(path, fileSource(file, size), options);
    return {
      ...opened,
      close() {
        opened.close();
        file.close();
      },
    };
  } catch (e) {
    file.close();
    throw e;
  }
}

/** An archive from a file or from stdin (`-`: read once, as a stream). */
async function openArchive(
  path: string,
  input: ByteSource | ReadableStream<Uint8Array>,
  options: OpenDumpOptions,
): Promise<OpenedDump> {
  // Imported on first use: its libraries (modern-tar, fzstd) come from npm,
  // whose loading would cost every command start-up time.
  const { openCheckpointArchive } = await import(
    "../dump/checkpoint_archive.ts"
  );
  const archive = await openCheckpointArchive(input, {
    pages: options.pages,
    spill: tempFileSpill,
  });
  const read = (name: string) => archive.read(name);
  let checkpoint: CheckpointInfo | undefined;
  try {
    checkpoint = await checkpointInfo({ members: archive.members, read });
  } catch (e) {
    archive.close();
    throw e;
  }
  return {
    dir: archive.dir,
    path,
    checkpoint,
    members: archive.members,
    compression: archive.compression,
    readMember: read,
    close: () => archive.close(),
  };
}

function isDir(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

/** The files of an extracted archive: root files and all under checkpoint/. */
function listFiles(root: string, sub = ""): ArchiveMember[] {
  const out: ArchiveMember[] = [];
  for (const e of Deno.readDirSync(sub ? `${root}/${sub}` : root)) {
    const name = sub ? `${sub}/${e.name}` : e.name;
    if (e.isFile) {
      out.push({
        name,
        type: "file",
        size: Deno.statSync(`${root}/${name}`).size,
      });
    } else if (e.isDirectory && (sub !== "" || e.name === "checkpoint")) {
      out.push(...listFiles(root, name));
    }
  }
  return out.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

async function openDirectory(path: string): Promise<OpenedDump> {
  const extracted = isDir(`${path}/checkpoint`) &&
    Deno.statSync(path).isDirectory &&
    (() => {
      try {
        return Deno.statSync(`${path}/config.dump`).isFile;
      } catch {
        return false;
      }
    })();
  if (!extracted) return { dir: denoDumpDir(path), path, close() {} };
  const members = listFiles(path);
  if (!members.some((m) => /^checkpoint\/[^/]+\.img$/.test(m.name))) {
    throw new ArchiveError(
      "no CRIU images in checkpoint/ (CRIU may have written them elsewhere, e.g. with --images-dir)",
    );
  }
  const read = (name: string) => {
    try {
      return Promise.resolve(Deno.readFileSync(`${path}/${name}`));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return Promise.resolve(undefined);
      return Promise.reject(e);
    }
  };
  return {
    dir: denoDumpDir(`${path}/checkpoint`),
    path,
    checkpoint: await checkpointInfo({ members, read }),
    members,
    readMember: read,
    close() {},
  };
}

/**
 * The file names of the dump: for an archive or an extracted archive the
 * files under checkpoint/ (openDump's `members`), for a dump directory its
 * top level.
 */
export function dumpImageNames(dump: OpenedDump): string[] | undefined {
  if (dump.members !== undefined) {
    return dump.members
      .filter((m) => m.type === "file")
      .map((m) => m.name.match(/^checkpoint\/([^/]+)$/)?.[1])
      .filter((n): n is string => n !== undefined)
      .sort();
  }
  try {
    const names: string[] = [];
    for (const e of Deno.readDirSync(dump.path)) {
      if (e.isFile) names.push(e.name);
    }
    return names.sort();
  } catch {
    // Not a directory and no listing: only the images the checks reach.
    return undefined;
  }
}

/** The magic of a file that is one CRIU image, else undefined. */
function fileMagic(path: string): string | undefined {
  const file = Deno.openSync(path);
  try {
    const head = new Uint8Array(8);
    const n = file.readSync(head) ?? 0;
    return imageMagic(head.subarray(0, n));
  } finally {
    file.close();
  }
}
