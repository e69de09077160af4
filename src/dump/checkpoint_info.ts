/**
 * What a container engine wrote beside CRIU's images: which container,
 * image, engine, pod and network, the sizes, CRIU's dump statistics.
 *
 * @module
 */
import type { JsonObject, JsonValue } from "../json/types.ts";
import { decodeSync } from "../codec/decode.ts";
import { ArchiveError } from "./archive_error.ts";
import type { ArchiveMember } from "./checkpoint_archive.ts";

/**
 * One network interface of a Podman container.
 *
 * @example
 * ```ts
 * import type { NetworkInterface } from "@ckpt/crit";
 * const eth0: NetworkInterface = { ip: "10.88.0.5/16", mac: "2a:1b:3c:4d:5e:6f", gateway: "10.88.0.1" };
 * ```
 */
export interface NetworkInterface {
  /** The address with its prefix length (`ipnet`). */
  ip?: string;
  /** The MAC address. */
  mac?: string;
  /** The gateway. */
  gateway?: string;
}

/**
 * One network of a Podman container, its interfaces by name.
 *
 * @example
 * ```ts
 * import type { CheckpointNetwork } from "@ckpt/crit";
 * const n: CheckpointNetwork = { name: "podman", interfaces: { eth0: { ip: "10.88.0.5/16" } } };
 * ```
 */
export interface CheckpointNetwork {
  /** The network's name. */
  name: string;
  /** Its interfaces, by interface name. */
  interfaces: Record<string, NetworkInterface>;
}

/**
 * CRIU's dump statistics (the `stats-dump` image), times in microseconds.
 *
 * @example
 * ```ts
 * import type { DumpStatistics } from "@ckpt/crit";
 * const s: DumpStatistics = { freezingTime: 100996, frozenTime: 61161, memdumpTime: 1922, memwriteTime: 352, pagesScanned: 100, pagesWritten: 71 };
 * ```
 */
export interface DumpStatistics {
  /** Time spent freezing the tasks. */
  freezingTime: number;
  /** Time the tasks were frozen. */
  frozenTime: number;
  /** Time spent collecting memory. */
  memdumpTime: number;
  /** Time spent writing memory. */
  memwriteTime: number;
  /** Pages looked at. */
  pagesScanned: number;
  /** Pages written to the images. */
  pagesWritten: number;
}

/**
 * The container behind a checkpoint, from `config.dump`, `spec.dump`,
 * `network.status` and `stats-dump`, with the sizes checkpointctl shows.
 *
 * @example
 * ```ts
 * import type { CheckpointInfo } from "@ckpt/crit";
 * const info: CheckpointInfo = {
 *   engine: "Podman", containerName: "counter", image: "localhost/fixture:1",
 *   id: "3434f7a5973e", runtime: "runc", created: "2026-11-27T15:31:05Z",
 *   networks: [], annotations: {}, mounts: [],
 *   sizes: { checkpoint: 300000, memoryPages: 290816, rootFsDiff: 2048 },
 * };
 * ```
 */
export interface CheckpointInfo {
  /** `Podman`, `CRI-O` or `containerd` (from `io.container.manager`). */
  engine: string;
  /** The container's name. */
  containerName: string;
  /** The image it ran (`rootfsImageName`). */
  image: string;
  /** The container id. */
  id: string;
  /** The OCI runtime (`runc`, `crun`). */
  runtime: string;
  /** When the container was created, RFC 3339 to the second (CRI-O's text as is). */
  created: string;
  /** When it was checkpointed, when the engine wrote it. */
  checkpointed?: string;
  /** Kubernetes pod name. */
  pod?: string;
  /** Kubernetes namespace. */
  namespace?: string;
  /** Addresses (without prefix length), comma-separated. */
  ip?: string;
  /** MAC addresses, comma-separated. */
  mac?: string;
  /** Podman's networks, sorted by name. */
  networks: CheckpointNetwork[];
  /** The OCI spec's annotations. */
  annotations: Record<string, string>;
  /** The OCI spec's mounts. */
  mounts: { destination: string; type: string; source: string }[];
  /** Bytes: all files in `checkpoint/`, its `pages-*.img` files, `rootfs-diff.tar`. */
  sizes: { checkpoint: number; memoryPages: number; rootFsDiff: number };
  /** CRIU's statistics, when the archive has `stats-dump`. */
  statistics?: DumpStatistics;
}

/** Metadata files larger than this are not read. */
const MAX_METADATA = 64 << 20;

/** What {@linkcode checkpointInfo} reads: member names and sizes, and files. */
export interface MetadataFiles {
  /** The members (or the files of an extracted archive), by clean name. */
  members: readonly ArchiveMember[];
  /** A file's bytes, or undefined when missing. */
  read(name: string): Promise<Uint8Array | undefined>;
}

const asObject = (v: JsonValue | undefined): JsonObject =>
  v !== null && typeof v === "object" && !Array.isArray(v)
    ? v as JsonObject
    : {};
const asString = (v: JsonValue | undefined): string =>
  typeof v === "string" ? v : "";

async function readJson(
  files: MetadataFiles,
  name: string,
): Promise<JsonValue | undefined> {
  const member = files.members.find((m) => m.name === name);
  if (member === undefined || member.type !== "file") return undefined;
  if (member.size > MAX_METADATA) {
    throw new RangeError(
      `${name} has ${member.size} bytes, more than the ${MAX_METADATA} read`,
    );
  }
  const bytes = await files.read(name);
  if (bytes === undefined) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    // The parser's message quotes the text, which may hold newlines.
    const why = (e as Error).message.replace(/\s+/g, " ").slice(0, 200);
    throw new ArchiveError(`${name} is not JSON: ${why}`);
  }
}

/**
 * RFC 3339 to the second, as Go's time.RFC3339 formats a parsed time; Go's
 * zero time (an engine that did not set it) is undefined.
 *
 * @example
 * ```ts
 * import { rfc3339 } from "@ckpt/crit";
 * console.assert(rfc3339("2026-11-27T15:31:05.52759745Z") === "2026-11-27T15:31:05Z");
 * ```
 */
export function rfc3339(text: string): string | undefined {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.\d+)?(Z|[+-]\d\d:\d\d)$/
    .exec(text);
  if (m === null) return text === "" ? undefined : text;
  if (m[1].startsWith("0001-01-01")) return undefined;
  return m[1] + m[2];
}

function podmanNetworks(status: JsonValue | undefined): CheckpointNetwork[] {
  return Object.keys(asObject(status)).sort().map((name) => {
    const interfaces: Record<string, NetworkInterface> = {};
    const ifs = asObject(asObject(asObject(status)[name]).interfaces);
    for (const ifName of Object.keys(ifs).sort()) {
      const raw = asObject(ifs[ifName]);
      const iface: NetworkInterface = {};
      if (asString(raw.mac_address)) iface.mac = asString(raw.mac_address);
      const subnets = Array.isArray(raw.subnets) ? raw.subnets : [];
      for (const s of subnets.map(asObject)) {
        if (asString(s.ipnet)) iface.ip = asString(s.ipnet);
        if (asString(s.gateway)) iface.gateway = asString(s.gateway);
      }
      interfaces[ifName] = iface;
    }
    return { name, interfaces };
  });
}

function sizes(members: readonly ArchiveMember[]): CheckpointInfo["sizes"] {
  const out = { checkpoint: 0, memoryPages: 0, rootFsDiff: 0 };
  for (const m of members) {
    if (m.type !== "file") continue;
    if (m.name.startsWith("checkpoint/")) {
      out.checkpoint += m.size;
      if (/^checkpoint\/pages-\d+\.img$/.test(m.name)) {
        out.memoryPages += m.size;
      }
    } else if (m.name === "rootfs-diff.tar") out.rootFsDiff = m.size;
  }
  return out;
}

async function statistics(
  files: MetadataFiles,
): Promise<DumpStatistics | undefined> {
  const bytes = await files.read("stats-dump");
  if (bytes === undefined) return undefined;
  let dump: JsonObject;
  try {
    dump = asObject(decodeSync(bytes).entries[0]?.dump);
  } catch (e) {
    throw new ArchiveError(
      `stats-dump: ${(e as Error).message.split("\n")[0]}`,
    );
  }
  const n = (v: JsonValue | undefined) => Number(v ?? 0);
  return {
    freezingTime: n(dump.freezing_time),
    frozenTime: n(dump.frozen_time),
    memdumpTime: n(dump.memdump_time),
    memwriteTime: n(dump.memwrite_time),
    pagesScanned: n(dump.pages_scanned),
    pagesWritten: n(dump.pages_written),
  };
}

/**
 * The container facts of a checkpoint archive (or extracted archive), or
 * undefined when it has no `config.dump` (a tar of a bare CRIU dump). The
 * engine is told by the spec's `io.container.manager` annotation: `libpod`
 * is Podman, `cri-o` CRI-O, anything else containerd.
 *
 * @throws {ArchiveError} a metadata file that is not JSON, or a bad `stats-dump`.
 *
 * @example
 * ```ts
 * import { checkpointInfo } from "@ckpt/crit";
 * const text = new TextEncoder();
 * const files: Record<string, string> = {
 *   "config.dump": '{"id":"abc","rootfsImageName":"busybox","runtime":"runc","createdTime":"2026-01-02T03:04:05.5Z"}',
 *   "spec.dump": '{"annotations":{"io.kubernetes.cri.container-name":"web","io.kubernetes.cri.sandbox-name":"pod1"}}',
 * };
 * const info = await checkpointInfo({
 *   members: Object.entries(files).map(([name, t]) => ({ name, type: "file", size: t.length })),
 *   read: (name) => Promise.resolve(name in files ? text.encode(files[name]) : undefined),
 * });
 * console.assert(info?.engine === "containerd" && info.containerName === "web" && info.pod === "pod1");
 * ```
 */
export async function checkpointInfo(
  files: MetadataFiles,
): Promise<CheckpointInfo | undefined> {
  const config = await readJson(files, "config.dump");
  if (config === undefined) return undefined;
  const c = asObject(config);
  const spec = asObject(await readJson(files, "spec.dump"));
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(asObject(spec.annotations))) {
    if (typeof v === "string") annotations[k] = v;
  }
  const info: CheckpointInfo = {
    engine: "containerd",
    containerName: "",
    image: asString(c.rootfsImageName),
    id: asString(c.id),
    runtime: asString(c.runtime),
    created: rfc3339(asString(c.createdTime)) ?? "",
    networks: [],
    annotations,
    mounts: (Array.isArray(spec.mounts) ? spec.mounts : []).map(asObject).map(
      (m) => ({
        destination: asString(m.destination),
        type: asString(m.type),
        source: asString(m.source),
      }),
    ),
    sizes: sizes(files.members),
  };
  const checkpointed = rfc3339(asString(c.checkpointedTime));
  if (checkpointed) info.checkpointed = checkpointed;
  const manager = annotations["io.container.manager"];
  if (manager === "libpod") {
    info.engine = "Podman";
    info.containerName = asString(c.name);
    info.networks = podmanNetworks(await readJson(files, "network.status"));
    const ifs = info.networks.flatMap((n) => Object.values(n.interfaces));
    const ips = ifs.map((i) => i.ip?.split("/")[0]).filter((i) => i);
    const macs = ifs.map((i) => i.mac).filter((m) => m);
    if (ips.length) info.ip = ips.join(", ");
    if (macs.length) info.mac = macs.join(", ");
  } else if (manager === "cri-o") {
    info.engine = "CRI-O";
    let metadata: JsonValue;
    try {
      metadata = JSON.parse(annotations["io.kubernetes.cri-o.Metadata"] ?? "");
    } catch {
      throw new ArchiveError(
        "spec.dump: io.kubernetes.cri-o.Metadata is not JSON",
      );
    }
    info.containerName = asString(asObject(metadata).name);
    info.created = annotations["io.kubernetes.cri-o.Created"] ?? "";
    info.pod = annotations["io.kubernetes.pod.name"];
    info.namespace = annotations["io.kubernetes.pod.namespace"];
    info.ip = annotations["io.kubernetes.cri-o.IP.0"];
  } else {
    info.containerName = annotations["io.kubernetes.cri.container-name"] ?? "";
    info.pod = annotations["io.kubernetes.cri.sandbox-name"];
    info.namespace = annotations["io.kubernetes.cri.sandbox-namespace"];
  }
  for (const k of ["pod", "namespace", "ip"] as const) {
    if (!info[k]) delete info[k];
  }
  const stats = await statistics(files);
  if (stats) info.statistics = stats;
  return info;
}
