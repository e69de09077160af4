/**
 * checkpointctl's tree view of `inspect`, drawn with box-drawing lines.
 *
 * @module
 */
import type {
  InspectProcess,
  InspectResult,
  InspectSocket,
} from "./inspect.ts";
import { byteSize, duration } from "./byte_size.ts";

/** A node of the drawn tree: its text and children. */
interface Node {
  text: string;
  children: Node[];
}

function node(text: string, children: Node[] = []): Node {
  return { text, children };
}

/** The lines of `n`'s children under `indent`, with ├── / └── branches. */
function draw(n: Node, indent: string, out: string[]): void {
  n.children.forEach((c, i) => {
    const last = i === n.children.length - 1;
    const lines = c.text.split("\n");
    out.push(`${indent}${last ? "└── " : "├── "}${lines[0]}`);
    const more = indent + (last ? "    " : "│   ");
    for (const l of lines.slice(1)) out.push(more + l);
    draw(c, more, out);
  });
}

/** Annotations whose values are JSON, shown as trees of their own. */
const JSON_ANNOTATIONS = [
  "io.kubernetes.cri-o.Labels",
  "io.kubernetes.cri-o.Annotations",
  "io.kubernetes.cri-o.Metadata",
  "kubectl.kubernetes.io/last-applied-configuration",
];

function valueNodes(v: unknown): Node[] {
  if (Array.isArray(v)) {
    return v.map((x, i) =>
      x !== null && typeof x === "object"
        ? node(`[${i}]:`, valueNodes(x))
        : node(`[${i}]: ${x}`)
    );
  }
  return Object.keys(v as object).sort().map((k) => {
    const x = (v as Record<string, unknown>)[k];
    return x !== null && typeof x === "object"
      ? node(`${k}:`, valueNodes(x))
      : node(`${k}: ${x}`);
  });
}

function annotationNode(key: string, value: string): Node {
  if (JSON_ANNOTATIONS.includes(key)) {
    try {
      const parsed = JSON.parse(value);
      if (parsed !== null && typeof parsed === "object") {
        return node(key, valueNodes(parsed));
      }
    } catch {
      // Not JSON after all: shown as text.
    }
  }
  return node(`${key}: ${value}`);
}

function socketText(s: InspectSocket): string {
  const d = s.data;
  switch (d.type) {
    case "UNIX":
      return `[UNIX (${s.protocol})]  ${d.address || "@"}`;
    case "TCP":
    case "UDP":
      return `[${d.type === "TCP" && d.state ? `TCP (${d.state})` : d.type}]  ${
        d.src ?? ""
      }:${d.src_port ?? 0} -> ${d.dst ?? ""}:${d.dst_port ?? 0} (↑ ${
        d.send_buf ?? ""
      } ↓ ${d.recv_buf ?? ""})`;
    default:
      return `[${s.protocol}]  ↑ ${d.send_buf ?? ""} ↓ ${d.recv_buf ?? ""}`;
  }
}

function processNode(p: InspectProcess, r: InspectResult): Node {
  const tag = p.task_state === "Alive"
    ? `${p.pid}`
    : `${p.pid} (${p.task_state})`;
  const n = node(`[${tag}]  ${p.cmdline || p.command}`);
  if (p.task_state !== "Alive" && p.task_state !== "Stopped") return n;
  const env = p.environment_variables ?? {};
  if (Object.keys(env).length) {
    n.children.push(
      node(
        "Environment variables",
        Object.keys(env).sort().map((k) => node(`${k}=${env[k]}`)),
      ),
    );
  }
  const files = r.file_descriptors?.find((f) => f.pid === p.pid)?.open_files;
  if (files?.length) {
    n.children.push(
      node("Open files", files.map((f) => node(`[${f.fd}]  ${f.path}`))),
    );
  }
  const sockets = r.sockets?.find((s) => s.pid === p.pid)?.open_sockets;
  if (sockets?.length) {
    n.children.push(
      node("Open sockets", sockets.map((s) => node(socketText(s)))),
    );
  }
  const children = [...p.children ?? []].sort((a, b) => a.pid - b.pid);
  for (const c of children) n.children.push(processNode(c, r));
  return n;
}

function containerNodes(r: InspectResult): Node[] {
  const out = [
    node(`Image: ${r.image}`),
    node(`ID: ${r.id}`),
    node(`Runtime: ${r.runtime}`),
    node(`Created: ${r.created}`),
  ];
  if (r.checkpointed) out.push(node(`Checkpointed: ${r.checkpointed}`));
  out.push(node(`Engine: ${r.engine}`));
  if (r.networks?.length) {
    out.push(node(
      "Network Interfaces",
      r.networks.flatMap((net) =>
        Object.keys(net.interfaces).sort().map((name) => {
          const i = net.interfaces[name];
          const facts = [];
          if (i.ip) facts.push(node(`IP: ${i.ip}`));
          if (i.mac) facts.push(node(`MAC: ${i.mac}`));
          if (i.gateway) facts.push(node(`Gateway: ${i.gateway}`));
          return node(`${net.name} (${name})`, facts);
        })
      ),
    ));
  } else {
    if (r.ip) out.push(node(`IP: ${r.ip}`));
    if (r.mac) out.push(node(`MAC: ${r.mac}`));
  }
  const size = r.checkpoint_size;
  out.push(node(
    `Checkpoint size: ${byteSize(size.total_size ?? 0)}`,
    size.memory_pages_size
      ? [node(`Memory pages size: ${byteSize(size.memory_pages_size)}`)]
      : [],
  ));
  if (size.root_fs_diff_size) {
    out.push(node(`Root FS diff size: ${byteSize(size.root_fs_diff_size)}`));
  }
  return out;
}

/**
 * The tree view of one inspected checkpoint: container facts, networks,
 * sizes, statistics, metadata, the process tree with each process's
 * environment, files and sockets, and the mounts.
 *
 * @example
 * ```ts
 * import { inspectTree } from "@ckpt/crit";
 * const text = inspectTree({
 *   container_name: "web", image: "nginx", id: "abc", runtime: "runc",
 *   created: "2026-01-02T03:04:05Z", engine: "containerd", checkpoint_size: { total_size: 2048 },
 * });
 * console.assert(text.split("\n")[0] === "web");
 * console.assert(text.includes("└── Checkpoint size: 2.0 KiB"));
 * ```
 */
export function inspectTree(r: InspectResult): string {
  // A bare CRIU dump has no container facts to show.
  const bare = r.engine === "" && r.id === "";
  const root = node(
    r.container_name || (bare ? "CRIU dump" : "Container"),
    bare ? [] : containerNodes(r),
  );
  if (r.statistics) {
    const s = r.statistics;
    root.children.push(node("CRIU dump statistics", [
      node(`Freezing time: ${duration(s.freezing_time ?? 0)}`),
      node(`Frozen time: ${duration(s.frozen_time ?? 0)}`),
      node(`Memdump time: ${duration(s.memdump_time ?? 0)}`),
      node(`Memwrite time: ${duration(s.memwrite_time ?? 0)}`),
      node(`Pages scanned: ${s.pages_scanned ?? 0}`),
      node(`Pages written: ${s.pages_written ?? 0}`),
    ]));
  }
  if (r.metadata) {
    const m = r.metadata;
    const meta = node("Metadata");
    if (m.pod_name) meta.children.push(node(`Pod name: ${m.pod_name}`));
    if (m.kubernetes_namespace) {
      meta.children.push(
        node(`Kubernetes namespace: ${m.kubernetes_namespace}`),
      );
    }
    const a = m.annotations ?? {};
    if (Object.keys(a).length) {
      meta.children.push(
        node(
          "Annotations",
          Object.keys(a).sort().map((k) => annotationNode(k, a[k])),
        ),
      );
    }
    root.children.push(meta);
  }
  if (r.process_tree) {
    root.children.push(node("Process tree", [processNode(r.process_tree, r)]));
  }
  if (r.mounts?.length) {
    root.children.push(node(
      "Overview of mounts",
      r.mounts.map((m) =>
        node(`Destination: ${m.destination}`, [
          node(`Type: ${m.type}`),
          node(`Source: ${m.source}`),
        ])
      ),
    ));
  }
  const out = [root.text];
  draw(root, "", out);
  return out.join("\n") + "\n";
}
