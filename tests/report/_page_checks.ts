/**
 * Checks shared by the report page and the web page tests: the page shows
 * what crit says is in the dump, and refers to nothing outside itself.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import type { Truth } from "./_truth.ts";

/**
 * References in a page to anything outside it: src/href/action attributes
 * or CSS url()/@import naming a scheme or host, and script calls that load
 * from the network. The SVG namespace name is a name, not a reference, and
 * so are the addresses in the licence notices of bundled libraries.
 */
export function externalReferences(html: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:src|href|action|formaction|poster|srcset|data)\s*=\s*["']?\s*(?![#"'\s]|data:|blob:)[^"'\s>]+/gi,
    // CSS url(), not a script's createObjectURL(.
    /(?<![\w.$])url\(\s*["']?\s*(?!#|data:)[^)]*\)/gi,
    /@import/gi,
    /\b(?:fetch|importScripts|sendBeacon)\s*\(|\bimport\s*\(|XMLHttpRequest|WebSocket|EventSource/g,
    /(?:https?|ftp|file|wss?):\/\/(?!www\.w3\.org\/2000\/svg["'])[^\s"'<>)]*/gi,
  ];
  // Licence notices of bundled libraries (`/*! ... */`, kept by the
  // minifier as their licences ask) name their homes: text, not references.
  const code = html.replace(/\/\*![\s\S]*?\*\//g, "");
  for (const p of patterns) {
    for (const m of code.matchAll(p)) found.push(m[0]);
  }
  return found;
}

/** Text of every tree row, by pid. */
async function treeRows(page: Page): Promise<Map<number, string>> {
  const rows = await page.$$eval(
    "#crit-tree .row",
    (els) =>
      els.map((e) => [Number(e.getAttribute("data-pid")), e.textContent ?? ""]),
  );
  return new Map(rows as [number, string][]);
}

/**
 * The page shows every task of `t` with its comm, thread and VMA counts,
 * and every port of its inet sockets in the table of all sockets.
 */
export async function assertShowsDump(page: Page, t: Truth): Promise<void> {
  const rows = await treeRows(page);
  assert.deepEqual([...rows.keys()].sort(), t.tasks.map((x) => x.pid).sort());
  for (const { pid, comm } of t.tasks) {
    const text = rows.get(pid)!;
    assert.ok(
      text.includes(` ${comm}`) || text.includes(comm),
      `${pid}: ${text}`,
    );
    const comms = await page.$$eval(
      `#crit-tree .row[data-pid="${pid}"] .comm`,
      (els) => els.map((e) => e.textContent),
    );
    assert.deepEqual(comms, [comm]);
    assert.ok(
      text.includes(`${t.mappings.get(pid) ?? 0} maps`),
      `${pid} should show ${t.mappings.get(pid) ?? 0} maps: ${text}`,
    );
    assert.ok(
      text.includes(`${t.threads.get(pid)!.length} thr`),
      `${pid} threads: ${text}`,
    );
  }
  const cells = await page.$$eval(
    "#crit-sockets td",
    (els) => els.map((e) => e.textContent ?? ""),
  );
  for (const port of t.ports) {
    assert.ok(
      cells.some((c) => c.endsWith(`:${port}`)),
      `port ${port} is not in the sockets table`,
    );
  }
  const total = [...t.mappings.values()].reduce((a, b) => a + b, 0);
  const summary = await page.textContent("#crit-summary");
  assert.ok(summary!.includes(`mappings${total}`), summary!);
}
