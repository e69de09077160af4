/**
 * A container checkpoint archive (Podman, CRI-O, containerd): a tar, plain
 * or compressed, holding CRIU's images in `checkpoint/` and the engine's
 * metadata beside them. Browser-safe: it reads a `Blob`, a byte stream or
 * any {@linkcode ByteSource}.
 *
 * @module
 */
import { createTarDecoder } from "modern-tar";
import type { DumpDir } from "./dump_dir.ts";
import { ArchiveError } from "./archive_error.ts";
import { blobSource, type ByteSource } from "./byte_source.ts";
import { decompressStream } from "./compression.ts";
import { peek } from "./_peek.ts";
import { type Compression, detectCompression } from "./detect_compression.ts";
import { memorySpill, type SpillStore } from "./spill_store.ts";
import {
  indexTar,
  isTarHeader,
  MAX_MEMBERS,
  type MemberType,
  tooManyMembers,
} from "./tar_index.ts";

/**
 * One member of an archive, by its clean name (no `./`, no trailing `/`).
 *
 * @example
 * ```ts
 * import type { ArchiveMember } from "@ckpt/crit";
 * const m: ArchiveMember = { name: "checkpoint/pages-1.img", type: "file", size: 77824 };
 * ```
 */
export interface ArchiveMember {
  /** The member's path inside the archive. */
  name: string;
  /** File, directory, link, device, ... Only files are ever read. */
  type: MemberType;
  /** Its size in bytes, from its header. */
  size: number;
  /** A link's target, never followed. */
  linkname?: string;
}

/**
 * Options of {@linkcode openCheckpointArchive}.
 *
 * @example A command that reads no memory, in bounded memory
 * ```ts
 * import type { ArchiveOptions } from "@ckpt/crit";
 * const options: ArchiveOptions = { pages: false, maxKeptBytes: 64 << 20 };
 * ```
 */
export interface ArchiveOptions {
  /**
   * Whether the command needs memory pages (`pages-*.img`). Without them a
   * compressed archive skips their data (their sizes are still known).
   * Default true.
   */
  pages?: boolean;
  /**
   * Which other members' data a compressed archive keeps, by clean name.
   * Default: the images and the metadata files at the archive's root
   * (small ones; `rootfs-diff.tar` and other tars are skipped).
   */
  keep?: (member: ArchiveMember) => boolean;
  /**
   * Where a compressed archive keeps members above `spillAbove` bytes.
   * Default {@linkcode memorySpill}; the CLI gives a temporary file.
   */
  spill?: () => SpillStore;
  /** Members larger than this go to the spill store. Default 1 MiB. */
  spillAbove?: number;
  /**
   * The most bytes kept in memory outside the spill store (a member
   * larger than that is an error, not an allocation). Default 512 MiB.
   */
  maxKeptBytes?: number;
  /** The most bytes a compressed archive may decompress to. Default 64 GiB. */
  maxBytes?: number;
  /** The most members an archive may have. Default {@linkcode MAX_MEMBERS}. */
  maxMembers?: number;
}

/** The metadata files a checkpoint archive may have at its root. */
export const METADATA_FILES: readonly string[] = [
  "config.dump",
  "spec.dump",
  "network.status",
  "stats-dump",
  "deleted.files",
  "dump.log",
  "bind.mounts",
  "status",
  "status.dump",
];

const IMAGES = "checkpoint/";
const BLOCK = 512;
const STREAM_CHUNK = 1 << 20;

type Stored =
  | { kind: "source"; offset: number }
  | { kind: "memory"; bytes: Uint8Array }
  | { kind: "spill"; offset: number }
  | { kind: "skipped" };

/**
 * The clean name of a member, or undefined for a name that could reach
 * outside the archive's root (`..`, an absolute path) or is empty.
 *
 * @example
 * ```ts
 * import { cleanMemberName } from "@ckpt/crit";
 * console.assert(cleanMemberName("./checkpoint/") === "checkpoint");
 * console.assert(cleanMemberName("checkpoint/../../etc/passwd") === undefined);
 * ```
 */
export function cleanMemberName(name: string): string | undefined {
  if (name.startsWith("/") || name.includes("\0")) return undefined;
  const parts = name.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.length === 0 || parts.includes("..")) return undefined;
  return parts.join("/");
}

/**
 * An opened checkpoint archive: its members, any member's bytes, and its
 * CRIU images as a {@linkcode DumpDir}.
 *
 * @example The container's config and the process tree of an archive
 * ```ts
 * import { explore, openCheckpointArchive } from "@ckpt/crit";
 * const bytes = await Deno.readFile(
 *   new URL("../../tests/fixtures/archives/counter.tar.gz", import.meta.url),
 * );
 * const archive = await openCheckpointArchive(new Blob([bytes]));
 * const config = JSON.parse(new TextDecoder().decode(await archive.read("config.dump")));
 * console.assert(config.name === "counter");
 * console.assert((await explore(archive.dir, "ps")).includes("sleep"));
 * archive.close();
 * ```
 */
export class CheckpointArchive {
  /** How the archive was compressed. */
  readonly compression: Compression;
  /** Every member with a safe name, in archive order (a later duplicate wins in reads). */
  readonly members: readonly ArchiveMember[];
  /** Members whose names were refused (`..`, absolute): listed, never read. */
  readonly refused: readonly string[];
  /** The folder of the images: `checkpoint/`, or `` for a tar of a bare dump. */
  readonly imagesPrefix: string;
  /**
   * Where `parent/` of the images leads: CRIU's `parent` symlink of an
   * incremental dump (Podman's `pre-checkpoint/`), resolved inside the
   * archive; undefined when there is none or it points outside.
   */
  readonly parentPrefix?: string;
  /** The images, by name (`pstree.img`), for the rest of the toolkit. */
  readonly dir: DumpDir;
  #stored: Map<string, { member: ArchiveMember; stored: Stored }>;
  #source?: ByteSource;
  #spill?: SpillStore;

  /** Use {@linkcode openCheckpointArchive}. */
  constructor(
    compression: Compression,
    entries: { member: ArchiveMember; stored: Stored }[],
    refused: string[],
    source?: ByteSource,
    spill?: SpillStore,
  ) {
    this.compression = compression;
    this.members = entries.map((e) => e.member);
    this.refused = refused;
    this.#stored = new Map(entries.map((e) => [e.member.name, e]));
    this.#source = source;
    this.#spill = spill;
    this.imagesPrefix = entries.some((e) => isImage(e.member.name))
      ? IMAGES
      : this.#stored.has("inventory.img")
      ? ""
      : IMAGES;
    this.parentPrefix = this.#parent();
    const path = (name: string) =>
      this.parentPrefix !== undefined && name.startsWith("parent/")
        ? this.parentPrefix + name.slice("parent/".length)
        : this.imagesPrefix + name;
    this.dir = {
      read: (name) => this.read(path(name)),
      readRange: (name, offset, length, into) =>
        this.readRange(path(name), offset, length, into),
    };
  }

  /** The folder `parent` links to, when it stays inside the archive. */
  #parent(): string | undefined {
    const link = this.#stored.get(`${this.imagesPrefix}parent`)?.member;
    if (link?.type !== "symlink" || link.linkname === undefined) {
      return undefined;
    }
    if (link.linkname.startsWith("/")) return undefined;
    // Resolved by hand, `..` by `..`: leaving the archive's root is refused.
    const parts = this.imagesPrefix.split("/").filter((p) => p !== "");
    for (const part of link.linkname.split("/")) {
      if (part === "" || part === ".") continue;
      if (part !== "..") parts.push(part);
      else if (parts.pop() === undefined) return undefined;
    }
    const target = parts.join("/");
    if (target === "") return undefined;
    return [...this.#stored.keys()].some((n) => n.startsWith(`${target}/`))
      ? `${target}/`
      : undefined;
  }

  /** The member named `name` (clean name), if it is in the archive. */
  member(name: string): ArchiveMember | undefined {
    return this.#stored.get(name)?.member;
  }

  /**
   * The bytes of the regular file `name`, or undefined when the archive has
   * no such file (links and devices are not files: never followed).
   *
   * @throws {Error} the member's data was skipped when the archive was read.
   */
  async read(name: string): Promise<Uint8Array | undefined> {
    const e = this.#stored.get(name);
    if (e === undefined || e.member.type !== "file") return undefined;
    return await this.readRange(name, 0, e.member.size);
  }

  /** Up to `length` bytes of file `name` from `offset`, like {@linkcode DumpDir.readRange}. */
  async readRange(
    name: string,
    offset: number,
    length: number,
    into?: Uint8Array,
  ): Promise<Uint8Array | undefined> {
    const e = this.#stored.get(name);
    if (e === undefined || e.member.type !== "file") return undefined;
    const n = Math.max(0, Math.min(length, e.member.size - offset));
    const s = e.stored;
    switch (s.kind) {
      case "memory":
        return s.bytes.subarray(offset, offset + n);
      case "source": {
        const bytes = await this.#source!.read(s.offset + offset, n, into);
        if (bytes.length < n) {
          throw new ArchiveError(`truncated archive: ${name} ends early`);
        }
        return bytes;
      }
      case "spill":
        return await this.#spill!.read(s.offset + offset, n, into);
      case "skipped":
        throw new Error(
          `${name}: its data was skipped in the one pass over this ${
            this.compression === "none" ? "tar" : this.compression
          } archive (${
            /(^|\/)pages-\d+\.img$/.test(name)
              ? "opened without pages"
              : "no command reads it"
          })`,
        );
    }
  }

  /** Releases the spill store. */
  close(): void {
    this.#spill?.close();
  }
}

function isImage(name: string): boolean {
  return name.startsWith(IMAGES) && name.endsWith(".img");
}

/** What a compressed archive keeps by default. */
function defaultKeep(pages: boolean): (m: ArchiveMember) => boolean {
  return (m) => {
    const base = m.name.slice(m.name.lastIndexOf("/") + 1);
    const image = /^(pre-)?checkpoint\/[^/]+$/.test(m.name);
    if (image || (!m.name.includes("/") && base.endsWith(".img"))) {
      return pages || !/^pages-\d+\.img$/.test(base);
    }
    // Metadata and logs at the root; tars (the root fs diff, /dev/shm) are
    // never read by a command, nor are artifacts/ and volumes/.
    return (!m.name.includes("/") && !base.endsWith(".tar")) ||
      m.name.startsWith(IMAGES) && base.endsWith(".json");
  };
}

/**
 * Opens a checkpoint archive: a plain tar is indexed by its headers and
 * read by seeking (a `Blob` or {@linkcode ByteSource}); a gzip or zstd one
 * is read in one streaming pass that keeps the members a command needs
 * (small ones in memory, large ones in the spill store) and skips the rest.
 *
 * @throws {ArchiveError} not a tar, truncated or corrupt, an unsupported
 * compression, or no CRIU images in `checkpoint/`.
 *
 * @example An archive built in memory
 * ```ts
 * import { openCheckpointArchive } from "@ckpt/crit";
 * import { packTar } from "modern-tar";
 * const inventory = new Uint8Array([0x4c, 0x80, 0x84, 0x58]);
 * const tar = await packTar([
 *   { header: { name: "config.dump", size: 2, type: "file" }, body: "{}" },
 *   { header: { name: "checkpoint/inventory.img", size: 4, type: "file" }, body: inventory },
 * ]);
 * const archive = await openCheckpointArchive(new Blob([tar]));
 * console.assert((await archive.dir.read("inventory.img"))?.length === 4);
 * ```
 */
export async function openCheckpointArchive(
  input: Blob | ByteSource | ReadableStream<Uint8Array>,
  options: ArchiveOptions = {},
): Promise<CheckpointArchive> {
  const source = input instanceof Blob ? blobSource(input) : input;
  let archive: CheckpointArchive;
  if (source instanceof ReadableStream) {
    const [head, stream] = await peek(source, BLOCK);
    const compression = detectCompression(head);
    if (compression === "none" && !isTarHeader(head)) {
      await stream.cancel();
      throw new ArchiveError(
        head.length === 0
          ? "empty input: not an archive"
          : "not a tar archive (nor gzip, zstd, bzip2 or xz)",
      );
    }
    archive = await streamArchive(stream, compression, options);
  } else {
    const head = await source.read(0, BLOCK);
    const compression = detectCompression(head);
    archive = compression === "none"
      ? await seekArchive(source, head, options.maxMembers ?? MAX_MEMBERS)
      : await streamArchive(sourceStream(source), compression, options);
  }
  if (
    !archive.members.some((m) =>
      m.type === "file" && (isImage(m.name) || m.name === "inventory.img")
    )
  ) {
    archive.close();
    throw new ArchiveError(
      archive.members.some((m) =>
          m.name === "config.dump" || m.name === "checkpoint"
        )
        ? "the archive has no CRIU images in checkpoint/ (CRIU may have written them elsewhere, e.g. with --images-dir)"
        : "the archive has no CRIU images (no checkpoint/ folder, no inventory.img)",
    );
  }
  return archive;
}

async function seekArchive(
  source: ByteSource,
  head: Uint8Array,
  maxMembers: number,
): Promise<CheckpointArchive> {
  if (source.size === 0) throw new ArchiveError("empty file: not an archive");
  if (!isTarHeader(head) && !head.every((b) => b === 0)) {
    throw new ArchiveError("not a tar archive (nor gzip, zstd, bzip2 or xz)");
  }
  const refused: string[] = [];
  const entries = [];
  for (const m of await indexTar(source, maxMembers)) {
    const name = cleanMemberName(m.name);
    if (name === undefined) {
      refused.push(m.name);
      continue;
    }
    const member: ArchiveMember = { name, type: m.type, size: m.size };
    if (m.linkname !== undefined) member.linkname = m.linkname;
    entries.push({
      member,
      stored: { kind: "source", offset: m.offset } as Stored,
    });
  }
  return new CheckpointArchive("none", entries, refused, source);
}

async function streamArchive(
  stream: ReadableStream<Uint8Array>,
  compression: Compression,
  options: ArchiveOptions,
): Promise<CheckpointArchive> {
  const keep = options.keep ?? defaultKeep(options.pages ?? true);
  const spillAbove = options.spillAbove ?? 1 << 20;
  const maxKept = options.maxKeptBytes ?? 512 << 20;
  const maxMembers = options.maxMembers ?? MAX_MEMBERS;
  const decompressed = decompressStream(stream, compression, {
    maxBytes: options.maxBytes,
  });
  const refused: string[] = [];
  const entries: { member: ArchiveMember; stored: Stored }[] = [];
  let spill: SpillStore | undefined;
  let kept = 0;
  try {
    for await (
      const entry of decompressed.pipeThrough(
        createTarDecoder({ strict: true }),
      )
    ) {
      const h = entry.header;
      if (entries.length + refused.length >= maxMembers) {
        throw tooManyMembers(maxMembers);
      }
      const name = cleanMemberName(h.name);
      if (name === undefined) {
        refused.push(h.name);
        await drain(entry.body);
        continue;
      }
      const member: ArchiveMember = {
        name,
        type: memberType(h.type),
        size: (h.type ?? "file") === "file" ? h.size : 0,
      };
      if (h.linkname) member.linkname = h.linkname;
      if (member.type !== "file" || !keep(member)) {
        await drain(entry.body);
        entries.push({ member, stored: { kind: "skipped" } });
        continue;
      }
      if (member.size > spillAbove) {
        spill ??= (options.spill ?? memorySpill)();
        let offset = -1;
        let written = 0;
        for await (const chunk of entry.body) {
          const at = await spill.write(chunk);
          if (offset < 0) offset = at;
          written += chunk.length;
        }
        if (written !== member.size) {
          throw new ArchiveError(
            `corrupt tar: ${name} has ${written} bytes, its header says ${member.size}`,
          );
        }
        entries.push({
          member,
          stored: { kind: "spill", offset: Math.max(offset, 0) },
        });
        continue;
      }
      kept += member.size;
      if (kept > maxKept) {
        throw new RangeError(
          `the archive's members need more than ${maxKept} bytes of memory (the limit)`,
        );
      }
      const bytes = new Uint8Array(member.size);
      let at = 0;
      for await (const chunk of entry.body) {
        if (at + chunk.length > bytes.length) {
          throw new ArchiveError(
            `corrupt tar: ${name} is longer than its header says`,
          );
        }
        bytes.set(chunk, at);
        at += chunk.length;
      }
      if (at < bytes.length) {
        throw new ArchiveError(`truncated tar: ${name} ends early`);
      }
      entries.push({ member, stored: { kind: "memory", bytes } });
    }
  } catch (e) {
    spill?.close();
    throw streamError(e, compression);
  }
  return new CheckpointArchive(compression, entries, refused, undefined, spill);
}

function memberType(type: string | undefined): MemberType {
  switch (type ?? "file") {
    case "file":
    case "directory":
    case "symlink":
      return type as MemberType;
    case "link":
      return "hardlink";
    case "character-device":
    case "block-device":
      return "device";
    case "fifo":
      return "fifo";
    default:
      return "other";
  }
}

/** Errors of the decompressor and the tar decoder as one-line ArchiveErrors. */
function streamError(e: unknown, compression: Compression): Error {
  if (e instanceof ArchiveError || e instanceof RangeError) return e;
  const why = (e instanceof Error ? e.message : String(e)).split("\n")[0];
  const kind = compression === "none" ? "tar" : compression;
  // gzip cannot tell a cut stream from a corrupt one: its checksum fails either way.
  return new ArchiveError(`corrupt or truncated ${kind} archive: ${why}`);
}

/** A source read front to back as a stream, a MiB at a time. */
function sourceStream(source: ByteSource): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (at >= source.size) {
        controller.close();
        return;
      }
      const chunk = await source.read(
        at,
        Math.min(STREAM_CHUNK, source.size - at),
      );
      if (chunk.length === 0) {
        controller.close();
        return;
      }
      at += chunk.length;
      controller.enqueue(chunk.slice());
    },
  });
}

/**
 * Reads a member's body to its end. Cancelling it instead stalled modern-tar
 * 0.8.6 (the next member's body never got its second chunk when its reader
 * awaited between chunks), and in a stream the bytes are decompressed anyway.
 */
async function drain(body: ReadableStream<Uint8Array>): Promise<void> {
  const reader = body.getReader();
  while (!(await reader.read()).done) { /* skipped */ }
}
