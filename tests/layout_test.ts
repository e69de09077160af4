/**
 * The layout of src/: one folder per layer, imports pointing down only, no
 * cycle between folders, `Deno.*` only where the runtime is meant to be
 * used, and no source file too long to read. Read from the module graph
 * that `deno info --json` gives for every file under src/.
 */
import assert from "node:assert/strict";
import { scratchFile } from "./_helpers/scratch.ts";

const root = new URL("..", import.meta.url);
const srcDir = new URL("src/", root);

/**
 * The layers from the bottom up. A folder may import from its own layer's
 * folder and from layers below it; folders sharing a rank (the
 * capabilities) may not import each other.
 */
const RANK: Record<string, number> = {
  wire: 0,
  json: 1,
  message: 2,
  image: 3,
  codec: 4,
  dump: 5,
  memory: 6,
  explore: 7,
  coredump: 8,
  check: 8,
  diff: 8,
  report: 9,
  cli: 10,
};

/** Files that may use `Deno.*`: the CLI and the Deno file-access modules. */
const DENO_ALLOWED = /^(cli\/|dump\/deno[_.])/;

function sourceFiles(dir: URL, prefix = ""): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(dir)) {
    if (e.isDirectory) {
      out.push(
        ...sourceFiles(new URL(`${e.name}/`, dir), `${prefix}${e.name}/`),
      );
    } else if (e.name.endsWith(".ts")) out.push(`${prefix}${e.name}`);
  }
  return out.sort();
}

interface Edge {
  from: string;
  to: string;
}

/** Every import between files of src/ (code and type-only), as src-relative paths. */
async function importEdges(files: string[]): Promise<Edge[]> {
  const entry = await scratchFile({ suffix: ".ts" });
  try {
    await Deno.writeTextFile(
      entry,
      files.map((f) => `import ${JSON.stringify(new URL(f, srcDir).href)};`)
        .join("\n"),
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", entry],
      cwd: root.pathname,
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const graph = JSON.parse(new TextDecoder().decode(out.stdout));
    const edges: Edge[] = [];
    const rel = (s: string) =>
      s.startsWith(srcDir.href) ? s.slice(srcDir.href.length) : undefined;
    for (const m of graph.modules) {
      const from = rel(m.specifier ?? "");
      if (from === undefined) continue;
      for (const d of m.dependencies ?? []) {
        for (const to of [d.code?.specifier, d.type?.specifier]) {
          const t = to === undefined ? undefined : rel(to);
          if (t !== undefined) edges.push({ from, to: t });
        }
      }
    }
    return edges;
  } finally {
    await Deno.remove(entry);
  }
}

const files = sourceFiles(srcDir);
const folder = (f: string) => f.split("/")[0];

Deno.test("every file of src/ is in a layer folder", () => {
  const loose = files.filter((f) => !f.includes("/") || !(folder(f) in RANK));
  assert.deepEqual(loose, []);
});

/** Imports into another folder of the same or a higher layer. */
function upward(edges: Edge[]): string[] {
  return edges.filter(({ from, to }) => {
    const a = folder(from);
    const b = folder(to);
    return a !== b && RANK[b] >= RANK[a];
  }).map(({ from, to }) => `${from} -> ${to}`);
}

Deno.test("imports between src/ folders point down the layers only", async () => {
  const edges = await importEdges(files);
  // The graph is really read: a known import is in it.
  assert.ok(
    edges.some((e) => e.from === "codec/decode.ts" && e.to === "image/pump.ts"),
  );
  // Strictly downward between folders also means no cycle between them.
  assert.deepEqual(upward(edges), []);
});

Deno.test("an import up the layers or across capabilities is reported", () => {
  assert.deepEqual(
    upward([
      { from: "wire/wire.ts", to: "cli/args.ts" },
      { from: "check/check.ts", to: "diff/diff.ts" },
      { from: "cli/x.ts", to: "explore/explore.ts" },
    ]),
    ["wire/wire.ts -> cli/args.ts", "check/check.ts -> diff/diff.ts"],
  );
});

Deno.test("Deno.* only in src/cli/ and the Deno file-access modules", () => {
  const users = files.filter((f) =>
    !DENO_ALLOWED.test(f) &&
    /\bDeno\.[a-zA-Z]/.test(
      // Examples in doc comments may show Deno code; the code may not use it.
      Deno.readTextFileSync(new URL(f, srcDir)).replace(
        /\/\*[\s\S]*?\*\//g,
        "",
      ),
    )
  );
  assert.deepEqual(users, []);
});

Deno.test("no hand-written source file over 800 lines", () => {
  const long = files.filter((f) => !f.endsWith(".generated.ts")).map((f) => {
    const n = Deno.readTextFileSync(new URL(f, srcDir)).split("\n").length;
    return `${f}: ${n}`;
  }).filter((s) => Number(s.split(": ")[1]) > 800);
  assert.deepEqual(long, []);
});

Deno.test("every documentation example runs under deno test --doc (none is ignored)", () => {
  const ignored = [...files.map((f) => `src/${f}`), "mod.ts", "cli.ts"].filter(
    (f) => /```ts ignore/.test(Deno.readTextFileSync(new URL(f, root))),
  );
  assert.deepEqual(ignored, []);
});
