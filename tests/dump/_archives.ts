/**
 * Archives for the tests: the real Podman export, and archives built from
 * its members with modern-tar's packer (CRI-O- and containerd-shaped
 * metadata, kubelet names, broken ones).
 */
import { packTar, type TarEntry, unpackTar } from "modern-tar";
import { runCommand } from "../_helpers/run_cli.ts";

export const root = new URL("../..", import.meta.url).pathname;
export const fixtures = `${root}tests/fixtures/archives`;
export const counterGz = `${fixtures}/counter.tar.gz`;
export const counterZst = `${fixtures}/counter.tar.zst`;
export const counterXz = `${fixtures}/counter.tar.xz`;

/** counter.tar.gz without its gzip layer (decompressed by the platform). */
export async function counterTar(): Promise<Uint8Array> {
  const file = await Deno.open(counterGz);
  const stream = file.readable.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The members of counter.tar.gz, as modern-tar unpacks them. */
export async function counterEntries(): Promise<TarEntry[]> {
  const entries = await unpackTar(await counterTar());
  return entries.map((e) => ({ header: e.header, body: e.data }));
}

/** A tar of `entries`. */
export function tar(entries: TarEntry[]): Promise<Uint8Array> {
  return packTar(entries);
}

/** A file entry. */
export function file(name: string, body: string | Uint8Array): TarEntry {
  const bytes = typeof body === "string"
    ? new TextEncoder().encode(body)
    : body;
  return { header: { name, size: bytes.length, type: "file" }, body: bytes };
}

/** `entries` with the members named in `replace` swapped for new bodies. */
export function replaced(
  entries: TarEntry[],
  replace: Record<string, string>,
): TarEntry[] {
  const out = entries.filter((e) => !(e.header.name in replace));
  for (const [name, body] of Object.entries(replace)) {
    out.push(file(name, body));
  }
  return out;
}

/** gzip of `bytes` by the platform's CompressionStream. */
export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BufferSource]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Runs a command; fails the test if it cannot start. */
export const run = runCommand;

/** Runs the CLI. */
export function crit(args: string[]) {
  return run(Deno.execPath(), ["run", "-A", `${root}cli.ts`, ...args]);
}
