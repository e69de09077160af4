/**
 * Pairs the mappings of one task in two dumps: same bounds first, then
 * overlapping mappings of the same object (a heap or stack that grew, a file
 * mapped again); what is left was mapped or unmapped in between.
 *
 * @module
 */
import type { MemoryMapping } from "../memory/memory.ts";
import { formatFlags } from "../json/text.ts";
import { FLAG_TABLES } from "../wire/crit_tables.ts";
import type { Fact } from "./dump_diff.ts";

/** The outcome of {@linkcode matchMappings}. */
export interface MappingMatch {
  /** Mappings of both dumps taken for the same one, in B's address order. */
  pairs: [MemoryMapping, MemoryMapping][];
  /** Only in B. */
  added: MemoryMapping[];
  /** Only in A. */
  removed: MemoryMapping[];
}

const same = (a: MemoryMapping, b: MemoryMapping) =>
  a.kind === b.kind && a.name === b.name;

const overlap = (a: MemoryMapping, b: MemoryMapping) =>
  a.start < b.end && b.start < a.end;

/** Pairs mappings of A and B; see the module text. */
export function matchMappings(
  a: readonly MemoryMapping[],
  b: readonly MemoryMapping[],
): MappingMatch {
  const left = new Set(a);
  const pairs: [MemoryMapping, MemoryMapping][] = [];
  const unpaired: MemoryMapping[] = [];
  const byBounds = new Map(a.map((m) => [`${m.start}-${m.end}`, m]));
  for (const m of b) {
    const hit = byBounds.get(`${m.start}-${m.end}`);
    if (hit && left.has(hit)) {
      left.delete(hit);
      pairs.push([hit, m]);
    } else unpaired.push(m);
  }
  const added: MemoryMapping[] = [];
  for (const m of unpaired) {
    const hit = [...left].find((o) => overlap(o, m) && same(o, m));
    if (hit) {
      left.delete(hit);
      pairs.push([hit, m]);
    } else added.push(m);
  }
  pairs.sort((x, y) => (x[1].start < y[1].start ? -1 : 1));
  return { pairs, added, removed: [...left] };
}

/** `0x...`: addresses are strings in the diff's JSON. */
export const addr = (v: bigint): string => "0x" + v.toString(16);

/** The compared fields of a mapping. */
export function mappingFields(m: MemoryMapping): Map<string, Fact> {
  return new Map<string, Fact>([
    ["start", addr(m.start)],
    ["end", addr(m.end)],
    ["prot", m.perms],
    ["flags", formatFlags(m.flags, FLAG_TABLES["mmap.flags"])],
    ["name", m.name],
    ["offset", addr(m.offset)],
  ]);
}
