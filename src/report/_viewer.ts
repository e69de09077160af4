/**
 * The report's views, drawn in the browser from {@linkcode ReportData}:
 * summary, process tree, sockets of all tasks, and one task's memory
 * picture and tables, all narrowed by one filter box.
 *
 * A report file carries these functions as source text
 * ({@linkcode viewerScript}), so each one uses only its arguments, the
 * browser's globals and the other functions of `VIEWER_FUNCTIONS`.
 *
 * @module
 */
import type { ReportData, ReportProcess } from "./build_report.ts";
import type { SocketInfo } from "../explore/types.ts";
import type { DomDocument, DomElement, DomNode } from "./_dom.ts";

/** The page's document (see _dom.ts). */
declare const document: DomDocument;
import {
  type Column,
  esc,
  h,
  kindColour,
  mappingDetails,
  mappingText,
  matches,
  memoryLegend,
  memoryPicture,
  pagedTable,
  pagesText,
  picturePager,
  socketEnd,
  socketText,
  type ViewState,
} from "./_view_parts.ts";

/** Draws the report of `data` into `root`, replacing what it held. */
export function showReport(root: DomElement, data: ReportData): void {
  const started = performance.now();
  const state: ViewState = {
    data,
    query: "",
    collapsed: new Set(),
    selected: data.processes[0]?.pid,
    render: () => {},
  };
  const filter = h("input", {
    type: "search",
    id: "crit-filter",
    placeholder: "filter every table: pid, comm, path, address (0x…), port",
    "aria-label": "filter",
  });
  const tree = h("section", { id: "crit-tree" });
  const detail = h("section", { id: "crit-process" });
  const sockets = h("section", { id: "crit-sockets" });
  state.render = () => {
    tree.replaceChildren(...treeView(state));
    detail.replaceChildren(...processView(state));
    sockets.replaceChildren(...socketsView(state));
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  filter.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const q = (filter.value ?? "").trim().toLowerCase();
      state.query = q;
      // Open a task the filter finds when the open one has nothing of it.
      const open = data.processes.find((p) => p.pid === state.selected);
      if (!open || !processMatches(open, q)) {
        state.selected = data.processes.find((p) =>
          processMatches(p, q)
        )?.pid ??
          state.selected;
      }
      state.render();
    }, 100);
  });
  root.replaceChildren(
    h("header", {}, h("h1", {}, data.title), filter),
    h("section", { id: "crit-summary" }, ...summaryView(data)),
    h("div", { class: "columns" }, tree, detail),
    sockets,
  );
  state.render();
  root.dataset.renderMs = (performance.now() - started).toFixed(1);
}

/** Facts as a definition list; undefined values are left out. */
export function facts(
  rows: [string, string | number | undefined][],
): DomElement {
  const dl = h("dl", { class: "facts" });
  for (const [k, v] of rows) {
    if (v !== undefined && v !== "") {
      dl.append(h("dt", {}, k), h("dd", {}, String(v)));
    }
  }
  return dl;
}

/** The summary: container, check verdict, totals, CRIU's statistics, notes. */
export function summaryView(data: ReportData): DomNode[] {
  const c = data.counts;
  const out: DomNode[] = [];
  const box = (title: string, ...kids: (DomNode | undefined)[]) =>
    h("div", { class: "box" }, h("h2", {}, title), ...kids);
  const boxes = h("div", { class: "boxes" });
  const ct = data.container;
  if (ct) {
    const rows: [string, string | number | undefined][] = [
      ["engine", ct.engine],
      ["name", ct.name],
      ["id", ct.id],
      ["image", ct.image],
      ["pod", ct.pod],
      ["namespace", ct.namespace],
      ["created", ct.created],
      ["checkpointed", ct.checkpointed],
    ];
    for (const [k, v] of Object.entries(ct.sizes ?? {})) {
      rows.push([k, `${v} bytes`]);
    }
    for (const [k, v] of Object.entries(ct.more ?? {})) rows.push([k, v]);
    boxes.append(box("Container", facts(rows)));
  }
  boxes.append(box(
    "Contents",
    facts([
      ["processes", c.processes],
      ["threads", c.threads],
      ["open fds", c.fds],
      ["sockets", c.sockets],
      ["mappings", c.mappings],
      ["mapped", `${pagesText(c.pages)} (${c.pages} pages)`],
    ]),
  ));
  boxes.append(box("Pages", pagesBar(c)));
  if (data.stats) {
    const s = data.stats;
    const ms = (v: number | undefined) =>
      v === undefined ? undefined : `${(v / 1000).toFixed(1)} ms`;
    boxes.append(box(
      "CRIU dump statistics",
      facts([
        ["freezing", ms(s.freezing_time)],
        ["frozen", ms(s.frozen_time)],
        ["memory dump", ms(s.memdump_time)],
        ["memory write", ms(s.memwrite_time)],
        ["pages scanned", s.pages_scanned],
        ["pages written", s.pages_written],
        ["pages in parent", s.pages_skipped_parent],
        ["lazy pages", s.pages_lazy],
        ["shmem pages written", s.shpages_written],
      ]),
    ));
  }
  const check = data.check;
  if (check) {
    const list = h("ul", { class: "problems" });
    for (const p of check.problems) {
      const where = [p.pid && `pid ${p.pid}`, p.image].filter(Boolean);
      list.append(h(
        "li",
        { class: p.severity },
        `${p.severity}: ${p.message}${
          where.length ? ` (${where.join(", ")})` : ""
        }`,
      ));
    }
    boxes.append(
      box("Check", h("p", { class: "verdict" }, check.verdict), list),
    );
  }
  out.push(boxes);
  if (data.notes.length) {
    out.push(
      h("ul", { class: "notes" }, ...data.notes.map((n) => h("li", {}, n))),
    );
  }
  return out;
}

/** Where the mapped pages of all tasks are: a bar and its numbers. */
export function pagesBar(c: ReportData["counts"]): DomElement {
  const parts: [string, number, string][] = [
    ["in the dump", c.dumpedPages, "pg-dump"],
    ["left to files", c.filePages, "pg-file"],
    ["never written", c.zeroPages, "pg-zero"],
    ["not in the dump", c.missingPages, "pg-lost"],
  ];
  const bar = h("div", { class: "bar" });
  const legend = h("dl", { class: "facts" });
  for (const [label, pages, cls] of parts) {
    const share = c.pages ? (100 * pages) / c.pages : 0;
    bar.append(h("span", { class: cls, style: `width:${share.toFixed(2)}%` }));
    legend.append(
      h("dt", {}, h("i", { class: cls }), label),
      h("dd", {}, `${pagesText(pages)} (${pages} pages, ${share.toFixed(1)}%)`),
    );
  }
  return h("div", {}, bar, legend);
}

/** Whether anything of task `p` matches the filter. */
export function processMatches(p: ReportProcess, q: string): boolean {
  if (q === "") return true;
  const head = `${p.pid} ${p.comm} ${p.state} ${p.exe ?? ""} ${
    p.argv.join(" ")
  }`;
  return matches(q, head) ||
    p.mappings.some((m) => matches(q, mappingText(m), [m.start, m.end])) ||
    p.files.some((f) => matches(q, `${f.fd} ${f.type ?? ""} ${f.path}`)) ||
    p.sockets.some((s) => matches(q, socketText(s))) ||
    p.env.some((e) => matches(q, e));
}

/** The process tree, collapsible; with a filter, matching tasks and their ancestors. */
export function treeView(state: ViewState): DomNode[] {
  const procs = state.data.processes;
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const kids = new Map<number, ReportProcess[]>();
  for (const p of procs) {
    const list = kids.get(p.ppid) ?? [];
    list.push(p);
    kids.set(p.ppid, list);
  }
  const shown = new Set<number>();
  const hit = new Set<number>();
  for (const p of procs) {
    if (!processMatches(p, state.query)) continue;
    hit.add(p.pid);
    for (let q: ReportProcess | undefined = p; q; q = byPid.get(q.ppid)) {
      if (shown.has(q.pid)) break;
      shown.add(q.pid);
    }
  }
  const node = (p: ReportProcess): DomElement => {
    const children = (kids.get(p.pid) ?? []).filter((k) => shown.has(k.pid));
    const open = state.query !== "" || !state.collapsed.has(p.pid);
    const toggle = h("button", {
      type: "button",
      class: "toggle",
      "aria-label": open ? "collapse" : "expand",
    }, children.length ? (open ? "▾" : "▸") : "·");
    toggle.addEventListener("click", (ev) => {
      ev.stopPropagation();
      if (state.collapsed.has(p.pid)) state.collapsed.delete(p.pid);
      else state.collapsed.add(p.pid);
      state.render();
    });
    const row = h(
      "div",
      {
        class: `row${p.pid === state.selected ? " selected" : ""}${
          hit.has(p.pid) ? "" : " dim"
        }`,
        "data-pid": String(p.pid),
      },
      toggle,
      h("b", { class: "pid" }, String(p.pid)),
      h("span", { class: "comm" }, p.comm),
      h("span", { class: `state ${p.state}` }, String(p.state)),
      h(
        "span",
        { class: "counts" },
        `${p.threads.length} thr · ${p.mappings.length} maps · ${
          p.files.filter((f) => f.type !== undefined).length
        } fds · ${p.sockets.length} sk`,
      ),
      h("span", { class: "argv", title: p.argv.join(" ") }, p.argv.join(" ")),
    );
    const choose = () => {
      state.selected = p.pid;
      state.render();
      document.querySelector(
        `#crit-tree .row[data-pid="${p.pid}"]`,
      )?.focus();
    };
    row.tabIndex = 0;
    row.addEventListener("click", choose);
    row.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        choose();
      }
    });
    const li = h("li", {}, row);
    if (children.length && open) li.append(h("ul", {}, ...children.map(node)));
    return li;
  };
  const roots = procs.filter((p) => shown.has(p.pid) && !byPid.has(p.ppid));
  return [
    h("h2", {}, `Processes (${hit.size} of ${procs.length})`),
    h("ul", { class: "tree" }, ...roots.map(node)),
  ];
}

/** The columns of a socket table. */
export function socketColumns(): Column<SocketInfo>[] {
  return [
    ["fd", (s) => s.fd],
    ["family", (s) => s.family ?? s.fdType],
    ["protocol", (s) => s.protocol],
    ["type", (s) => s.type],
    ["state", (s) => s.state],
    ["local", (s) => socketEnd(s, false)],
    ["peer", (s) => socketEnd(s, true)],
    ["inode", (s) => s.ino],
    [
      "queued in/out",
      (s) =>
        s.inq === undefined && s.outq === undefined
          ? ""
          : `${s.inq ?? 0} / ${s.outq ?? 0}`,
    ],
  ];
}

/**
 * Which tasks hold the other end of a socket, as `pid fd N`: a unix
 * socket's peer by inode, a connected inet socket's by the same addresses
 * and ports the other way round.
 */
export function peerHolders(
  processes: ReportProcess[],
): (s: SocketInfo) => string[] {
  const byIno = new Map<string, string[]>();
  const byEnds = new Map<string, string[]>();
  const ends = (s: SocketInfo, reverse: boolean) => {
    const local = `${s.srcAddr}|${s.srcPort}`;
    const peer = `${s.destAddr}|${s.destPort}`;
    return `${s.family}|${s.protocol}|${reverse ? peer : local}|${
      reverse ? local : peer
    }`;
  };
  const add = (map: Map<string, string[]>, key: string, v: string) => {
    const list = map.get(key) ?? [];
    list.push(v);
    map.set(key, list);
  };
  for (const p of processes) {
    for (const s of p.sockets) {
      const holder = `${p.pid} fd ${s.fd}`;
      if (s.ino !== undefined) add(byIno, String(s.ino), holder);
      if (s.destPort) add(byEnds, ends(s, false), holder);
    }
  }
  return (s) => {
    if (s.family === "UNIX") {
      return s.peer ? byIno.get(String(s.peer)) ?? [] : [];
    }
    return s.destPort ? byEnds.get(ends(s, true)) ?? [] : [];
  };
}

/** The sockets of every task in one table. */
export function socketsView(state: ViewState): DomNode[] {
  type Row = { p: ReportProcess; s: SocketInfo };
  const rows: Row[] = [];
  const peers = peerHolders(state.data.processes);
  let total = 0;
  for (const p of state.data.processes) {
    for (const s of p.sockets) {
      total++;
      if (matches(state.query, `${p.pid} ${p.comm} ${socketText(s)}`)) {
        rows.push({ p, s });
      }
    }
  }
  const columns: Column<Row>[] = [
    ["pid", (r) => r.p.pid],
    ["comm", (r) => r.p.comm],
    ...socketColumns().map(([k, f]): Column<Row> => [k, (r) => f(r.s)]),
    ["peer held by", (r) => peers(r.s).join(", ")],
  ];
  return [
    h("h2", {}, `Sockets of all processes (${rows.length} of ${total})`),
    pagedTable(columns, rows, 100, (r) => {
      state.selected = r.p.pid;
      state.render();
    }),
  ];
}

/** One task: facts, memory picture, mappings, files, sockets, environment. */
export function processView(state: ViewState): DomNode[] {
  const p = state.data.processes.find((x) => x.pid === state.selected);
  if (!p) return [h("p", {}, "Pick a process in the tree.")];
  const q = state.query;
  const title = (name: string, shown: number, all: number) =>
    h("h3", {}, `${name} (${shown === all ? all : `${shown} of ${all}`})`);
  const exit = p.exitCode !== undefined
    ? `exited with code ${p.exitCode}`
    : p.signal !== undefined
    ? `killed by signal ${p.signal}`
    : undefined;
  const out: DomNode[] = [
    h("h2", {}, `${p.pid} ${p.comm}`),
    facts([
      ["state", `${p.state}${exit ? ` (${exit})` : ""}`],
      ["parent", p.ppid || "none"],
      ["group / session", `${p.pgid} / ${p.sid}`],
      ["threads", p.threads.join(" ")],
      ["executable", p.exe],
      ["argv", p.argv.join(" ")],
    ]),
  ];
  if (p.notes.length) {
    out.push(
      h("ul", { class: "notes" }, ...p.notes.map((n) => h("li", {}, n))),
    );
  }
  const maps = p.mappings.filter((m) =>
    matches(q, mappingText(m), [m.start, m.end])
  );
  if (p.mappings.length) {
    const details = h(
      "div",
      { class: "vma-box" },
      "Click a mapping for its details.",
    );
    const pick = (m: ReportProcess["mappings"][number]) =>
      details.replaceChildren(mappingDetails(m));
    out.push(
      h(
        "h3",
        {},
        `Memory map (${
          pagesText(p.mappings.reduce((n, m) => n + m.pages, 0))
        })`,
      ),
      picturePager(p.mappings, q, 2000, pick),
      memoryLegend(p.mappings),
      details,
      title("Mappings", maps.length, p.mappings.length),
      pagedTable(
        [
          ["start", (m) => m.start],
          ["end", (m) => m.end],
          ["perms", (m) => m.perms],
          ["kind", (m) => m.kind],
          ["size", (m) => pagesText(m.pages)],
          ["dumped", (m) => `${m.dumped}/${m.pages}`],
          ["file", (m) => m.file],
          ["missing", (m) => m.missing],
          ["backing", (m) => m.name],
        ],
        maps,
        100,
        pick,
      ),
    );
  }
  const files = p.files.filter((f) =>
    matches(q, `${f.fd} ${f.type ?? ""} ${f.path}`)
  );
  out.push(
    title("Open files", files.length, p.files.length),
    pagedTable(
      [["fd", (f) => f.fd], ["type", (f) => f.type], ["path", (f) => f.path]],
      files,
      100,
    ),
  );
  const sockets = p.sockets.filter((s) => matches(q, socketText(s)));
  out.push(
    title("Sockets", sockets.length, p.sockets.length),
    pagedTable(socketColumns(), sockets, 100),
  );
  const env = p.env.filter((e) => matches(q, e));
  out.push(
    title("Environment", env.length, p.env.length),
    pagedTable([["variable", (e: string) => e]], env, 100),
  );
  return out;
}

/** Every function the page needs, in an order that defines each before use. */
const VIEWER_FUNCTIONS = [
  h,
  pagesText,
  matches,
  mappingText,
  socketEnd,
  socketText,
  pagedTable,
  kindColour,
  esc,
  memoryPicture,
  picturePager,
  memoryLegend,
  mappingDetails,
  facts,
  summaryView,
  pagesBar,
  processMatches,
  treeView,
  socketColumns,
  peerHolders,
  socketsView,
  processView,
  showReport,
];

/**
 * The script of a report page: the view functions as source text, then a
 * call of `showReport` on the JSON in the element `dataId`, into `rootId`.
 */
export function viewerScript(rootId: string, dataId: string): string {
  const source = VIEWER_FUNCTIONS.map((f) => f.toString()).join("\n");
  // By name, as a minifying bundler may have renamed it everywhere.
  return `"use strict";\n${source}\n${showReport.name}(document.getElementById(${
    JSON.stringify(rootId)
  }), JSON.parse(document.getElementById(${
    JSON.stringify(dataId)
  }).textContent));\n`;
}
