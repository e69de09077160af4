/**
 * The RegExp literal prefilter: which literal a pattern must contain, and
 * that searching with it finds exactly what the RegExp alone finds, on
 * random patterns and inputs cut into random blocks, and on the
 * 14a-memory-truth dump.
 */
import assert from "node:assert/strict";
import { requiredLiteral } from "../../src/memory/_regex_literal.ts";
import { type Found, RegexSearcher } from "../../src/memory/search.ts";
import { DumpMemory } from "../../mod.ts";
import { denoDumpDir } from "../../src/dump/deno_dump_dir.ts";

const root = new URL("../..", import.meta.url).pathname;
const FIX = `${root}tests/fixtures/14a-memory-truth`;

function lit(re: RegExp): [string, number] | undefined {
  const l = requiredLiteral(re);
  return l && [String.fromCharCode(...l.bytes), l.before];
}

/** The same RegExp, in a form the literal reader cannot see into. */
function opaque(re: RegExp): RegExp {
  return new RegExp(`(?:${re.source}|(?!))`, re.flags);
}

Deno.test("requiredLiteral: the longest literal every match contains, and how far into a match it can start", () => {
  const cases: [RegExp, [string, number] | undefined][] = [
    [/NEEDLE-[a-z0-9-]+/, ["NEEDLE-", 0]],
    [/[0-9]{2}:bench-needle/, [":bench-needle", 2]],
    [/a.b?cdef/, ["cdef", 3]],
    [/x*NEEDLE/, ["NEEDLE", Infinity]],
    [/(?:ab){3}c/, ["abababc", 0]],
    [/(ab)+cd/, ["ab", 0]],
    [/\x41\u0042\.\n-?/, ["AB.\n", 0]],
    [/(?<name>key)=\d+/, ["key=", 0]],
    [/^GET \/index/, ["GET /index", 0]],
    [/foo(?=bar)baz/, ["foo", 0]],
    [/(?<=ab)cde/, ["cde", 0]],
    [/\bword\b/, ["word", 0]],
    // No literal: alternation, optional parts, ignoring case, or syntax
    // not read here.
    [/abc|abd/, undefined],
    [/(?:abc)?d/, ["d", 3]],
    [/[abc]+\d/, undefined],
    [/abc/i, undefined],
    [/(?i:abc)/, undefined],
    [/\u{1F600}x/u, ["x", 1]],
    [/\cJabc/, ["abc", 1]],
    [/(a)\1bc/, ["bc", Infinity]],
    [/Ā/, undefined],
  ];
  for (const [re, want] of cases) {
    assert.deepEqual(lit(re), want, String(re));
  }
});

/** Every match of `re` over `blocks` fed one after the other. */
function searchBlocks(
  re: RegExp,
  blocks: Uint8Array[],
  maxMatch: number,
): string[] {
  const s = new RegexSearcher(re, maxMatch);
  const found: Found[] = [];
  let address = 0x1000n;
  for (const b of blocks) {
    found.push(...s.feed(address, b));
    address += BigInt(b.length);
  }
  found.push(...s.finish());
  return found.map((f) => `${f.address}:${f.bytes.join(",")}`);
}

/** A tiny deterministic generator, so failures can be replayed. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const PIECES = [
  "ab",
  "ba",
  "a",
  "b",
  "\\x00",
  "\\xff",
  "[ab]",
  "[^a]",
  ".",
  "a*",
  "b+",
  "(?:ab|b)",
  "(ab)?",
  "a{1,3}",
  "(?=a)",
  "(?<=b)",
  "\\b",
  "^",
  "$",
  "[\\x00b]*?",
];

Deno.test("RegexSearcher: with the literal prefilter it finds exactly what the RegExp alone finds, random patterns and block cuts", () => {
  const rand = rng(19);
  const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)];
  const alphabet = [0x61, 0x62, 0x63, 0x00, 0xff, 0x0a];
  let withLiteral = 0;
  for (let round = 0; round < 400; round++) {
    const parts: string[] = [];
    const n = 1 + Math.floor(rand() * 5);
    for (let k = 0; k < n; k++) parts.push(pick(PIECES));
    // A literal of 2-4 bytes somewhere, so most patterns have one.
    parts.splice(
      Math.floor(rand() * (parts.length + 1)),
      0,
      Array.from(
        { length: 2 + Math.floor(rand() * 3) },
        () => pick(["a", "b", "c"]),
      ).join(""),
    );
    const re = new RegExp(parts.join(""), pick(["", "s", "m"]));
    if (requiredLiteral(re) !== undefined) withLiteral++;
    const size = Math.floor(rand() * 3000);
    const text = Uint8Array.from(
      { length: size },
      () => rand() < 0.9 ? pick(alphabet.slice(0, 3)) : pick(alphabet),
    );
    const blocks: Uint8Array[] = [];
    for (let at = 0; at < size;) {
      const len = Math.min(size - at, 1 + Math.floor(rand() * 700));
      blocks.push(text.subarray(at, at + len));
      at += len;
    }
    for (const maxMatch of [16, 4096]) {
      assert.deepEqual(
        searchBlocks(re, blocks, maxMatch),
        searchBlocks(opaque(re), blocks, maxMatch),
        `${re} maxMatch ${maxMatch} round ${round}`,
      );
    }
  }
  // The comparison is worth something only if the prefilter ran.
  assert.ok(withLiteral > 300, `${withLiteral} patterns had a literal`);
});

Deno.test("RegexSearcher: prefiltered searches of a real dump equal the RegExp's own", async () => {
  const patterns = [
    /NEEDLE-[a-z0-9-]+/,
    /[A-Z]+-stack-9c01/,
    /memtruth[^\0]{0,20}/,
    /PATH=[^\0]*/,
    /\S{0,8}HOME=\S*/,
  ];
  const dump = new DumpMemory(denoDumpDir(FIX));
  for (const re of patterns) {
    assert.ok(requiredLiteral(re) !== undefined, String(re));
    const got: string[] = [];
    for await (const m of dump.search(re)) got.push(`${m.pid}:${m.address}`);
    const want: string[] = [];
    for await (const m of dump.search(opaque(re))) {
      want.push(`${m.pid}:${m.address}`);
    }
    assert.ok(want.length > 0, `${re} finds something`);
    assert.deepEqual(got, want, String(re));
  }
});
