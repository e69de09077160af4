/**
 * Throughput of the Python-compatible JSON writer and reader on a crit-like
 * pagemap document. Divide the size in each bench name by its time per
 * iteration to get MB/s.
 *
 * @module
 */

import { parseJson, stringifyJson } from "../src/json/mod.ts";
import type { JsonValue } from "../src/json/types.ts";

/** 100k pagemap entries, shaped like `crit decode` output for pagemap.img. */
function pagemapDocument(count: number): JsonValue {
  const entries: JsonValue[] = [];
  let vaddr = 0x7f0000000000;
  for (let i = 0; i < count; i++) {
    const nrPages = 1 + (i * 7919) % 64;
    entries.push({
      vaddr: "0x" + vaddr.toString(16),
      compat_nr_pages: 0,
      flags: i % 3 === 0 ? "PE_PRESENT | PE_LAZY" : "PE_PRESENT",
      nr_pages: nrPages,
    });
    vaddr += (nrPages + 1) * 4096;
  }
  return {
    magic: "PAGEMAP",
    entries: [{ pages_id: 1 } as JsonValue].concat(entries),
  };
}

const doc = pagemapDocument(100_000);
const plainText = stringifyJson(doc, false);
const prettyText = stringifyJson(doc, true);
const mb = (s: string) => (s.length / 1e6).toFixed(1) + " MB";

Deno.bench(`stringifyJson plain (${mb(plainText)})`, () => {
  stringifyJson(doc, false);
});

Deno.bench(`stringifyJson pretty (${mb(prettyText)})`, () => {
  stringifyJson(doc, true);
});

Deno.bench(`parseJson plain (${mb(plainText)})`, () => {
  parseJson(plainText);
});

Deno.bench(`parseJson pretty (${mb(prettyText)})`, () => {
  parseJson(prettyText);
});

Deno.bench(`JSON.parse pretty, for reference (${mb(prettyText)})`, () => {
  JSON.parse(prettyText);
});
