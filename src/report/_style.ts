/**
 * The style sheet of the report page and the web page.
 *
 * @module
 */

/** CSS for the report views (light, then dark when the system asks). */
export const REPORT_CSS = `
:root { --fg: #1d2329; --muted: #66707a; --line: #d8dde2; --bg: #ffffff;
  --panel: #f5f7f9; --accent: #2f6fb2; --sel: #dcebfa; --bad: #c62828;
  color-scheme: light dark; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e3e7ea; --muted: #9aa4ad; --line: #39424a; --bg: #171b1f;
    --panel: #20262b; --accent: #7fb3ea; --sel: #23415f; --bad: #ef6c6c; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.45 system-ui, sans-serif; color: var(--fg);
  background: var(--bg); }
main, #crit-app { padding: 12px 18px; max-width: 1500px; margin: 0 auto; }
header { display: flex; gap: 16px; align-items: center; position: sticky; top: 0;
  background: var(--bg); padding: 8px 0; z-index: 2; border-bottom: 1px solid var(--line); }
h1 { font-size: 18px; margin: 0; white-space: nowrap; }
h2 { font-size: 15px; margin: 14px 0 6px; }
h3 { font-size: 13px; margin: 14px 0 4px; color: var(--muted); }
#crit-filter { flex: 1; font: inherit; padding: 6px 10px; border: 1px solid var(--line);
  border-radius: 6px; background: var(--panel); color: var(--fg); }
.boxes { display: flex; flex-wrap: wrap; gap: 12px; }
.box { background: var(--panel); border: 1px solid var(--line); border-radius: 8px;
  padding: 4px 14px 10px; min-width: 220px; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 4px 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.columns { display: grid; grid-template-columns: minmax(320px, 2fr) minmax(0, 3fr); gap: 18px; }
#crit-process { overflow-x: auto; }
#crit-tree { max-height: 80vh; overflow: auto; }
.tree, .tree ul { list-style: none; margin: 0; padding-left: 14px; }
.tree { padding-left: 0; }
.row { display: flex; gap: 8px; align-items: baseline; padding: 2px 4px; border-radius: 4px;
  cursor: pointer; white-space: nowrap; }
.row:hover { background: var(--panel); }
.row.selected { background: var(--sel); }
.row.dim { opacity: .55; }
.toggle { border: 0; background: none; color: var(--muted); width: 16px; padding: 0; cursor: pointer; }
.state { font-size: 11px; padding: 0 5px; border-radius: 8px; background: var(--panel);
  border: 1px solid var(--line); }
.state.dead, .state.zombie { color: var(--bad); }
.counts, .argv { color: var(--muted); }
.argv { overflow: hidden; text-overflow: ellipsis; max-width: 30em; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 2px 8px; border-bottom: 1px solid var(--line); }
td { white-space: nowrap; }
td:last-child { white-space: normal; overflow-wrap: anywhere; }
th { position: sticky; top: 0; background: var(--panel); }
tr.clickable { cursor: pointer; }
tr.clickable:hover { background: var(--panel); }
.pager { color: var(--muted); padding: 4px 0; }
.pager button { font: inherit; margin: 0 4px; }
.picture { overflow-x: auto; max-height: 420px; overflow-y: auto; border: 1px solid var(--line);
  border-radius: 6px; padding: 4px; }
.memmap { display: block; max-width: 100%; height: auto; }
.vma { cursor: pointer; }
.vma .bg { fill-opacity: .2; }
.vma.picked .bg { stroke: var(--fg); stroke-width: 2; }
.vma:hover { filter: brightness(1.15); }
.vma.dim { opacity: .15; }
.missing { fill: var(--bad); }
.gap { stroke: var(--muted); stroke-width: 1; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 12px; color: var(--muted); margin: 4px 0; }
.legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 2px; }
.vma-box { background: var(--panel); border-radius: 6px; padding: 4px 10px; margin: 6px 0;
  color: var(--muted); }
.bar { display: flex; height: 14px; width: 280px; margin: 8px 0; border-radius: 3px;
  overflow: hidden; background: var(--line); }
.bar span, .facts i { display: inline-block; height: 100%; }
.facts i { width: 10px; height: 10px; margin-right: 6px; border-radius: 2px; }
.pg-dump { background: var(--accent); }
.pg-file { background: repeating-linear-gradient(45deg, var(--accent) 0 2px, transparent 2px 4px); }
.pg-zero { background: var(--panel); box-shadow: inset 0 0 0 1px var(--line); }
.pg-lost { background: var(--bad); }
.notes { color: var(--muted); }
.problems .error { color: var(--bad); }
.verdict { font-weight: 600; }
.drop { border: 2px dashed var(--line); border-radius: 10px; padding: 24px; text-align: center; }
.drop.over { border-color: var(--accent); background: var(--sel); }
.error-text { color: var(--bad); }
#crit-diff pre { overflow-x: auto; }
#crit-diff .added { color: #2e7d32; }
#crit-diff .removed { color: var(--bad); }
#crit-diff .changed { color: #b26a00; }
`;
