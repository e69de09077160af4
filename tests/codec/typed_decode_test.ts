/**
 * The generated types (`MmEntry`, `CriuImageOf<"MM">`, ...) against what the
 * decoder really returns: every image of the fixtures, decoded, is written as
 * a TypeScript literal of its typed image and handed to the type checker,
 * whose excess-property, missing-field and value-type checks then hold the
 * types to real data.
 */
import assert from "node:assert/strict";
import {
  CriuImageError,
  type CriuImageOf,
  decode,
  decodeSync,
  type MmEntry,
  type VmaEntry,
} from "../../mod.ts";

const root = new URL("../..", import.meta.url).pathname;
const fixtures = `${root}tests/fixtures`;
const mmPath = `${fixtures}/01-sleep/mm-25537.img`;

interface Decoded {
  magic: string;
  /** The image as a TypeScript literal, default options. */
  text: string;
  /** The same with `bigint: "always"`. */
  wide: string;
}

/** Every fixture file that decodes, decoded (raw values), once per distinct content. */
function decodedFixtures(): Map<string, Decoded> {
  const out = new Map<string, Decoded>();
  const seen = new Set<string>();
  for (const dir of Deno.readDirSync(fixtures)) {
    if (!dir.isDirectory) continue;
    for (const f of Deno.readDirSync(`${fixtures}/${dir.name}`)) {
      if (!f.isFile) continue;
      const bytes = Deno.readFileSync(`${fixtures}/${dir.name}/${f.name}`);
      let image;
      try {
        image = decodeSync(bytes);
      } catch {
        continue; // raw images and other files
      }
      const text = literal(image);
      if (seen.has(text)) continue;
      seen.add(text);
      const wide = literal(decodeSync(bytes, { bigint: "always" }));
      out.set(`${dir.name}/${f.name}`, { magic: image.magic, text, wide });
    }
  }
  return out;
}

/** TypeScript source of a decoded value: JSON, with bigints as `123n`. */
function literal(value: unknown): string {
  const mark = "\u0000bigint:";
  return JSON.stringify(
    value,
    (_key, v) => typeof v === "bigint" ? `${mark}${v}` : v,
  ).replace(/"\\u0000bigint:(-?\d+)"/g, "$1n");
}

async function typeCheck(
  source: string,
): Promise<{ ok: boolean; errors: string }> {
  const file = `${root}tests/codec/.typed_check_${crypto.randomUUID()}.ts`;
  await Deno.writeTextFile(file, source);
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["check", "--quiet", file],
      cwd: root,
      stdout: "piped",
      stderr: "piped",
    }).output();
    return {
      ok: out.code === 0,
      errors: new TextDecoder().decode(out.stderr),
    };
  } finally {
    await Deno.remove(file);
  }
}

const IMPORT = 'import type { CriuImageOf } from "../../mod.ts";\n';

Deno.test("every decoded fixture image type-checks as CriuImageOf<its magic>, and wrong entries do not", async () => {
  const images = decodedFixtures();
  const magics = new Set([...images.values()].map((i) => i.magic));
  // The fixtures cover many kinds, payload layouts included.
  for (
    const m of [
      "MM",
      "CORE",
      "PAGEMAP",
      "PIPES_DATA",
      "GHOST_FILE",
      "IPCNS_MSG",
      "IPCNS_SEM",
      "TCP_STREAM",
      "SK_QUEUES",
    ]
  ) {
    assert.ok(magics.has(m), m);
  }
  const lines = [IMPORT];
  let i = 0;
  for (const [name, { magic, text, wide }] of images) {
    assert.ok(!text.includes("\n"), name); // one line each, for the directives below
    const m = JSON.stringify(magic);
    lines.push(
      `// ${name}`,
      `export const i${i++}: CriuImageOf<${m}> = ${text};`,
      `export const i${i++}: CriuImageOf<${m}, bigint> = ${wide};`,
    );
  }
  // Entries that are not what decode returns must fail: a directive that
  // expects an error where there is none fails the check too.
  const pstree = images.get("01-sleep/pstree.img")!.text;
  const wrong = [
    pstree.replace('"pid":25537', '"pid":"25537"'),
    pstree.replace('"pid":25537,', ""),
    pstree.replace('"pid":25537', '"pid":25537,"pidd":1'),
  ];
  // A 64-bit value that is a number where the types say bigint.
  const mm = images.get("01-sleep/mm-25537.img")!.wide;
  assert.match(mm, /"mm_brk":\d+n/);
  lines.push(
    "// @ts-expect-error: a number in a bigint field",
    `export const i${i++}: CriuImageOf<"MM", bigint> = ${
      mm.replace(/"mm_brk":(\d+)n/, '"mm_brk":$1')
    };`,
  );
  for (const text of wrong) {
    assert.notEqual(text, pstree);
    lines.push(
      "// @ts-expect-error: not a pstree entry",
      `export const i${i++}: CriuImageOf<"PSTREE"> = ${text};`,
    );
  }
  const r = await typeCheck(lines.join("\n") + "\n");
  assert.ok(r.ok, r.errors.slice(0, 4000));
});

Deno.test("decodeSync and decode with magic give typed entries and check the magic", async () => {
  const bytes = Deno.readFileSync(mmPath);
  const mm: CriuImageOf<"MM"> = decodeSync(bytes, { magic: "MM" });
  const entry: MmEntry = mm.entries[0];
  const vmas: VmaEntry[] = entry.vmas ?? [];
  assert.equal(mm.magic, "MM");
  assert.ok(vmas.length > 10);
  // The vsyscall page, above 2^53: a bigint in the "auto" mode.
  assert.ok(vmas.some((v) => v.start === 0xffffffffff600000n));
  // @ts-expect-error: no such field in mm_entry
  assert.equal(entry.vmass, undefined);
  const streamed = await decode(ReadableStream.from([bytes]), { magic: "MM" });
  assert.deepEqual(streamed, mm);
  const wide: CriuImageOf<"MM", bigint> = decodeSync(bytes, {
    magic: "MM",
    bigint: "always",
  });
  const sizes: bigint[] = (wide.entries[0].vmas ?? []).map((v) =>
    v.end - v.start
  );
  assert.equal(sizes.length, vmas.length);

  const pstree = Deno.readFileSync(`${fixtures}/01-sleep/pstree.img`);
  assert.throws(
    () => decodeSync(pstree, { magic: "MM" }),
    (e) =>
      e instanceof CriuImageError && e.entryIndex === -1 &&
      e.message.includes("expected a MM image, got PSTREE"),
  );
  await assert.rejects(
    decode(ReadableStream.from([pstree]), { magic: "MM" }),
    CriuImageError,
  );
  assert.throws(
    // @ts-expect-error: not an image kind
    () => decodeSync(bytes, { magic: "MMM" }),
    TypeError,
  );
});
