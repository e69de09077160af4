/**
 * `crit decode -i ARCHIVE -o OUTDIR`: the images of a checkpoint archive (or
 * extracted archive) as NAME.json, raw images and the engine's metadata
 * files copied, all written inside OUTDIR only.
 *
 * @module
 */
import { describeRawImage } from "../image/raw_image.ts";
import { imageJsonBytes, notAnImage } from "./convert.ts";
import type { OpenedDump } from "./open_dump.ts";

/** What one archive decode did. */
export interface ArchiveDecodeReport {
  /** Images written as NAME.json. */
  converted: number;
  /** Raw images and metadata files copied. */
  copied: number;
}

/** Pages files are copied in pieces of this size, never held whole. */
const CHUNK = 8 << 20;

/**
 * Writes `dir/name` through a temporary file and a rename: an existing
 * symlink there is replaced, never followed out of `dir`.
 */
async function writeInside(
  dir: string,
  name: string,
  parts: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): Promise<void> {
  if (name.includes("/") || name === "." || name === "..") {
    throw new Error(`refusing to write '${name}' outside ${dir}`);
  }
  // A new file: an archive holding a name twice, or a link planted in the
  // directory, is refused rather than written through.
  const file = Deno.openSync(`${dir}/${name}`, {
    write: true,
    createNew: true,
  });
  try {
    for await (const part of parts) {
      let at = 0;
      while (at < part.length) at += file.writeSync(part.subarray(at));
    }
  } finally {
    file.close();
  }
}

/** crit's JSON text of an image, or undefined for a raw one. */
function jsonOrRaw(
  bytes: Uint8Array,
  opts: { pretty: boolean; nopl: boolean },
): Uint8Array | undefined {
  try {
    return imageJsonBytes(bytes, opts);
  } catch (e) {
    if (notAnImage(e)) return undefined;
    throw e;
  }
}

/**
 * Decodes every image of an opened archive into `output`: images in
 * `checkpoint/` become NAME.json, raw ones (pages, tmpfs tars) are copied,
 * and the metadata files at the archive's root (config.dump, spec.dump,
 * stats-dump, ...) are copied as they are. Tars inside the archive
 * (rootfs-diff.tar) and members in sub-folders are not written.
 */
export async function decodeArchive(
  opened: OpenedDump,
  output: string,
  opts: { pretty: boolean; nopl: boolean },
  note: (line: string) => void,
): Promise<ArchiveDecodeReport> {
  const report = { converted: 0, copied: 0 };
  const members = opened.members ?? [];
  const images = members.filter((m) =>
    m.type === "file" && /^checkpoint\/[^/]+$/.test(m.name)
  );
  for (const m of images) {
    const name = m.name.slice("checkpoint/".length);
    if (/^pages-\d+\.img$/.test(name) || m.size > 64 << 20) {
      const dir = opened.dir;
      await writeInside(
        output,
        name,
        (async function* () {
          for (let at = 0; at < m.size; at += CHUNK) {
            const part = await dir.readRange!(name, at, CHUNK);
            if (part === undefined) throw new Error(`${name} vanished`);
            yield part;
          }
        })(),
      );
      report.copied++;
      continue;
    }
    const bytes = (await opened.dir.read(name))!;
    const text = jsonOrRaw(bytes, opts);
    if (text === undefined) {
      await writeInside(output, name, [bytes]);
      note(
        `copied ${describeRawImage(name, bytes) ?? `${name} (no CRIU magic)`}`,
      );
      report.copied++;
    } else {
      await writeInside(output, `${name}.json`, [text]);
      report.converted++;
    }
  }
  for (const m of members) {
    if (m.type !== "file" || m.name.includes("/") || m.name.endsWith(".tar")) {
      continue;
    }
    const bytes = await opened.readMember!(m.name);
    if (bytes !== undefined) {
      await writeInside(output, m.name, [bytes]);
      report.copied++;
    }
  }
  return report;
}
