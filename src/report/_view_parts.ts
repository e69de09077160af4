/**
 * Pieces of the report views: elements, paged tables, the memory picture.
 *
 * These functions are also copied into every report file as source text
 * (`Function.prototype.toString`, see _viewer.ts), so each one uses only its
 * arguments, the browser's globals and the other functions listed there:
 * nothing else of this module exists in the page.
 *
 * @module
 */
import type { ReportData, ReportMapping } from "./build_report.ts";
import type { SocketInfo } from "../explore/types.ts";
import type { DomDocument, DomElement, DomNode } from "./_dom.ts";

/** The page's document (see _dom.ts). */
declare const document: DomDocument;

/** The state every view reads: the filter text and the open process. */
export interface ViewState {
  /** The report. */
  data: ReportData;
  /** The filter text, lower case; empty for none. */
  query: string;
  /** The pid of the open task. */
  selected?: number;
  /** Tasks whose children the tree hides. */
  collapsed: Set<number>;
  /** Draws the tree, the open task and the sockets again. */
  render: () => void;
}

/** A table column: its heading and how a row shows in it. */
export type Column<T> = [string, (row: T) => string | number | undefined];

/** An element with attributes and children; strings become text. */
export function h(
  tag: string,
  attrs: Record<string, string> = {},
  ...kids: (DomNode | string | undefined)[]
): DomElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const k of kids) if (k !== undefined) e.append(k);
  return e;
}

/** A count of 4 KiB pages (x86-64's) as "16 MiB". */
export function pagesText(pages: number): string {
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = pages * 4;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`;
}

/** Whether the filter text matches `text`, or an address inside [start, end). */
export function matches(
  query: string,
  text: string,
  range?: [string, string],
): boolean {
  if (query === "") return true;
  if (text.toLowerCase().includes(query)) return true;
  if (range !== undefined && /^0x[0-9a-f]+$/.test(query)) {
    const a = BigInt(query);
    return BigInt(`0x${range[0]}`) <= a && a < BigInt(`0x${range[1]}`);
  }
  return false;
}

/** The searchable text of a mapping. */
export function mappingText(m: ReportMapping): string {
  return `${m.start}-${m.end} ${m.perms} ${m.kind} ${m.name}`;
}

/** The address and port of a socket's local or peer end. */
export function socketEnd(s: SocketInfo, peer: boolean): string {
  const addr = peer ? s.destAddr : s.srcAddr;
  const port = peer ? s.destPort : s.srcPort;
  if (s.family === "UNIX") {
    return peer ? (s.peer ? `peer ${s.peer}` : "") : (addr ?? "");
  }
  if (s.family === "NETLINK") {
    return peer ? String(s.destPortid ?? "") : `port ${s.portid ?? ""}`;
  }
  if (s.family === "PACKET") return peer ? "" : (s.ifname ?? `if ${s.ifindex}`);
  if (addr === undefined) return "";
  const host = addr.includes(":") ? `[${addr}]` : addr;
  return port === undefined ? host : `${host}:${port}`;
}

/** The searchable text of a socket. */
export function socketText(s: SocketInfo): string {
  return `${s.fd} ${s.family ?? s.fdType} ${s.protocol ?? ""} ${s.type ?? ""} ${
    s.state ?? ""
  } ${socketEnd(s, false)} ${socketEnd(s, true)} ${s.ino ?? ""}`;
}

/** A table of `rows` shown a page at a time, with a pager when needed. */
export function pagedTable<T>(
  columns: Column<T>[],
  rows: T[],
  pageSize: number,
  onRow?: (row: T) => void,
): DomElement {
  const wrap = h("div", { class: "paged" });
  let page = 0;
  const draw = () => {
    const pages = Math.max(1, Math.ceil(rows.length / pageSize));
    const head = h("tr", {}, ...columns.map(([name]) => h("th", {}, name)));
    const body = h("tbody");
    for (const row of rows.slice(page * pageSize, (page + 1) * pageSize)) {
      const tr = h(
        "tr",
        {},
        ...columns.map(([, f]) => h("td", {}, String(f(row) ?? ""))),
      );
      if (onRow) {
        tr.classList.add("clickable");
        tr.addEventListener("click", () => onRow(row));
      }
      body.append(tr);
    }
    const table = h("table", {}, h("thead", {}, head), body);
    const pager = h("div", { class: "pager" });
    pager.append(`${rows.length} rows`);
    if (pages > 1) {
      const go = (to: number, label: string) => {
        const b = h("button", { type: "button" }, label);
        b.disabled = to < 0 || to >= pages || to === page;
        b.addEventListener("click", () => {
          page = to;
          draw();
        });
        return b;
      };
      pager.append(
        go(page - 1, "‹ previous"),
        ` page ${page + 1} of ${pages} `,
        go(page + 1, "next ›"),
      );
    }
    wrap.replaceChildren(table, pager);
  };
  draw();
  return wrap;
}

/** The colour of each kind of mapping. */
export function kindColour(kind: string): string {
  const colours: Record<string, string> = {
    anon: "#4e79a7",
    heap: "#f28e2b",
    stack: "#e15759",
    file: "#59a14f",
    "file-shared": "#8cd17d",
    memfd: "#b6992d",
    "memfd-private": "#b6992d",
    shmem: "#b07aa1",
    "sysv-shm": "#ff9da7",
    vdso: "#9c755f",
    aio: "#9c755f",
    vvar: "#79706e",
    vsyscall: "#79706e",
    socket: "#79706e",
  };
  return colours[kind] ?? "#999999";
}

/** Text safe inside HTML markup and quoted attributes. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The memory map picture: every VMA in address order, left to right in
 * rows. A box is 6 px wide for one page and 10 px wider for each doubling,
 * so a page and a gigabyte are both visible; a gap in the address space is
 * a wider space with a tick. Inside, the solid part is the share of pages
 * the dump holds, the striped part the share left to the mapped file, the
 * red bar the share the dump does not have. Built as one string and parsed
 * once, with one click handler: 20,000 VMAs draw in a fraction of the time
 * element-by-element creation takes.
 */
export function memoryPicture(
  maps: ReportMapping[],
  query: string,
  onPick: (m: ReportMapping) => void,
): DomElement {
  const width = 940;
  const rowHeight = 28;
  const boxHeight = 20;
  const parts: string[] = [];
  let x = 0;
  let y = 4;
  let prevEnd = "";
  maps.forEach((m, i) => {
    const w = 6 + 10 * Math.log2(Math.max(1, m.pages));
    const gap = prevEnd !== "" && prevEnd !== m.start ? 8 : 2;
    if (x > 0 && x + gap + w > width) {
      x = 0;
      y += rowHeight;
    } else if (x > 0) {
      if (gap > 2) {
        const at = (x + gap / 2).toFixed(1);
        parts.push(
          `<line class="gap" x1="${at}" x2="${at}" y1="${y + 4}" y2="${
            y + boxHeight - 4
          }"/>`,
        );
      }
      x += gap;
    }
    prevEnd = m.end;
    const colour = kindColour(m.kind);
    const total = Math.max(1, m.pages);
    const dumpW = (w * m.dumped) / total;
    const fileW = (w * m.file) / total;
    const shown = matches(query, mappingText(m), [m.start, m.end]);
    const title = `${m.start}-${m.end} ${m.perms} ${m.kind} ${m.name}\n` +
      `${pagesText(m.pages)}: ${m.dumped} of ${m.pages} pages in the dump`;
    parts.push(
      `<g class="vma${
        shown ? "" : " dim"
      }" data-i="${i}" transform="translate(${x.toFixed(1)},${y})"><title>${
        esc(title)
      }</title>` +
        `<rect class="bg" width="${
          w.toFixed(1)
        }" height="${boxHeight}" fill="${colour}"/>` +
        `<rect width="${
          dumpW.toFixed(1)
        }" height="${boxHeight}" fill="${colour}"/>` +
        `<rect x="${dumpW.toFixed(1)}" width="${
          fileW.toFixed(1)
        }" height="${boxHeight}" fill="url(#crit-file)"/>` +
        (m.missing > 0
          ? `<rect class="missing" y="${boxHeight - 4}" width="${
            ((w * m.missing) / total).toFixed(1)
          }" height="4"/>`
          : "") +
        "</g>",
    );
    x += w;
  });
  const holder = document.createElement("div");
  holder.innerHTML = `<svg class="memmap" role="img" width="${width}" ` +
    `viewBox="0 0 ${width} ${y + rowHeight}"><defs><pattern id="crit-file" ` +
    `width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
    `<rect width="2" height="4" fill="#ffffff99"/></pattern></defs>${
      parts.join("")
    }</svg>`;
  const picture = holder.firstElementChild!;
  picture.addEventListener("click", (ev) => {
    const g = (ev.target as DomElement).closest("g.vma");
    if (!g) return;
    picture.querySelector(".picked")?.classList.remove("picked");
    g.classList.add("picked");
    onPick(maps[Number(g.getAttribute("data-i"))]);
  });
  return picture;
}

/**
 * The memory picture a part at a time: `perPage` VMAs per picture, so a task
 * with tens of thousands of them still draws at once. With a filter, it
 * opens on the part holding the first VMA that matches.
 */
export function picturePager(
  maps: ReportMapping[],
  query: string,
  perPage: number,
  onPick: (m: ReportMapping) => void,
): DomElement {
  const wrap = h("div");
  const pages = Math.max(1, Math.ceil(maps.length / perPage));
  const first = query === ""
    ? 0
    : maps.findIndex((m) => matches(query, mappingText(m), [m.start, m.end]));
  let page = Math.max(0, Math.floor(first / perPage));
  const draw = () => {
    const part = maps.slice(page * perPage, (page + 1) * perPage);
    const picture = h(
      "div",
      { class: "picture" },
      memoryPicture(part, query, onPick),
    );
    if (pages === 1) {
      wrap.replaceChildren(picture);
      return;
    }
    const go = (to: number, label: string) => {
      const b = h("button", { type: "button" }, label);
      b.disabled = to < 0 || to >= pages;
      b.addEventListener("click", () => {
        page = to;
        draw();
      });
      return b;
    };
    wrap.replaceChildren(
      picture,
      h(
        "div",
        { class: "pager" },
        go(page - 1, "‹ previous"),
        ` VMAs ${page * perPage + 1}–${
          page * perPage + part.length
        } of ${maps.length} `,
        go(page + 1, "next ›"),
      ),
    );
  };
  draw();
  return wrap;
}

/** The legend under the picture: the kinds present and what the fills mean. */
export function memoryLegend(maps: ReportMapping[]): DomElement {
  const kinds = [...new Set(maps.map((m) => m.kind))];
  return h(
    "div",
    { class: "legend" },
    ...kinds.map((k) =>
      h(
        "span",
        {},
        h("i", { style: `background:${kindColour(k)}` }),
        k,
      )
    ),
    h(
      "span",
      {},
      "box width: 6 px for one page, +10 px per doubling · solid: in the dump · striped: left to the file · pale: never written (zeros) · red bar: not in the dump · a tick: unmapped gap",
    ),
  );
}

/** The details of one VMA, shown when it is clicked. */
export function mappingDetails(m: ReportMapping): DomElement {
  const row = (k: string, v: string) => [h("dt", {}, k), h("dd", {}, v)];
  return h(
    "dl",
    { class: "facts vma-details" },
    ...row("address", `0x${m.start} – 0x${m.end}`),
    ...row("size", `${pagesText(m.pages)} (${m.pages} pages)`),
    ...row("perms / kind", `${m.perms} ${m.kind}`),
    ...row("backing", m.name || "anonymous"),
    ...row(
      "pages",
      `${m.dumped} in the dump, ${m.zero} zero, ${m.file} from the file, ${m.missing} missing` +
        (m.missingReasons ? ` (${m.missingReasons.join(", ")})` : ""),
    ),
  );
}
