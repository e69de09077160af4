/**
 * The single-file forms: `deno bundle` of the CLI runs alone in an empty
 * directory (the schema is embedded, nothing reads proto/), and the bundled
 * module runs under Node with the same output as crit.
 */
import assert from "node:assert/strict";
import { scratchDir } from "../_helpers/scratch.ts";
import { runCli, runCommand } from "../_helpers/run_cli.ts";

const root = new URL("../..", import.meta.url).pathname;
const fixtures = `${root}tests/fixtures`;

const run = runCommand;

async function bundle(
  entry: string,
  platform: "deno" | "browser",
): Promise<string> {
  const dir = await scratchDir({ prefix: "crit-bundle-" });
  const out = `${dir}/out.js`;
  const r = await run(Deno.execPath(), [
    "bundle",
    `--platform=${platform}`,
    "-o",
    out,
    `${root}${entry}`,
  ], root);
  assert.equal(r.code, 0, r.stderr);
  return out;
}

/** The CLI bundled as `deno task bundle` bundles it, into a scratch file. */
async function bundleTask(): Promise<string> {
  const config = JSON.parse(await Deno.readTextFile(`${root}deno.json`));
  const [deno, ...args] = (config.tasks.bundle as string).split(" ");
  assert.equal(deno, "deno");
  const at = args.indexOf("--output");
  assert.ok(at > 0, "the bundle task names its --output");
  const out = `${await scratchDir({ prefix: "crit-bundle-" })}/crit.js`;
  args[at + 1] = out;
  const r = await run(Deno.execPath(), args, root);
  assert.equal(r.code, 0, r.stderr);
  return out;
}

Deno.test("the bundled CLI runs alone in an empty directory and matches crit", async () => {
  const built = await bundleTask();
  // Only the bundle, nothing else of the repository next to it.
  const empty = await scratchDir({ prefix: "crit-empty-" });
  await Deno.copyFile(built, `${empty}/crit.js`);
  assert.deepEqual([...Deno.readDirSync(empty)].map((e) => e.name), [
    "crit.js",
  ]);
  const cases: [string[], string][] = [
    [
      ["decode", "-i", `${fixtures}/01-sleep/core-25537.img`, "--pretty"],
      `${fixtures}/01-sleep/ref/core-25537.img.json`,
    ],
    [
      ["decode", "-i", `${fixtures}/04-tcp-udp/tcp-stream-38d52.img`],
      `${fixtures}/04-tcp-udp/ref/tcp-stream-38d52.img.raw.json`,
    ],
    [
      ["show", `${fixtures}/03a-pipes-fifo/pipes-data.img`, "--nopl"],
      `${fixtures}/03a-pipes-fifo/ref/pipes-data.img.nopl.json`,
    ],
    [
      ["x", `${fixtures}/07-threads`, "ps"],
      `${fixtures}/07-threads/ref/x-ps.txt`,
    ],
  ];
  for (const [args, ref] of cases) {
    const r = await run(
      Deno.execPath(),
      ["run", "-R", "crit.js", ...args],
      empty,
    );
    assert.equal(r.code, 0, r.stderr);
    const want = await Deno.readTextFile(ref);
    assert.equal(
      r.stdout,
      ref.endsWith(".txt") || ref.endsWith(".nopl.json") ? want : want + "\n",
      args.join(" "),
    );
  }
  const enc = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-R",
      "crit.js",
      "encode",
      "-i",
      `${fixtures}/01-sleep/ref/mm-25537.img.json`,
    ],
    cwd: empty,
    stdout: "piped",
  }).output();
  assert.deepEqual(
    enc.stdout,
    await Deno.readFile(`${fixtures}/01-sleep/mm-25537.img`),
  );
  // Under Node it says it needs Deno, rather than printing nothing.
  for (const script of ["crit.js", `${empty}/crit.js`]) {
    const node = await run("node", [script, "--help"], empty);
    assert.equal(node.code, 1, node.stderr);
    assert.match(node.stderr, /^crit: error: this CLI runs on Deno/);
  }
});

Deno.test("the bundled module gives crit's exact JSON under Node", async () => {
  const node = await run("node", ["--version"]).catch(() => undefined);
  if (node === undefined || node.code !== 0) {
    // The task machines have Node; a developer machine without it says so.
    assert.fail("node is not installed");
  }
  const built = await bundle("mod.ts", "browser");
  const script = `${built}.check.mjs`;
  await Deno.writeTextFile(
    script,
    `import { readFileSync, readdirSync, existsSync } from "node:fs";
import { decodeSync, encodeSync, parse, stringify } from ${
      JSON.stringify(built)
    };
const root = ${JSON.stringify(fixtures)};
let same = 0, differ = [];
for (const scenario of readdirSync(root)) {
  const ref = root + "/" + scenario + "/ref";
  if (!existsSync(ref)) continue;
  for (const name of readdirSync(root + "/" + scenario)) {
    for (const [suffix, pretty] of [[".json", true], [".raw.json", false]]) {
      const refFile = ref + "/" + name + suffix;
      if (!existsSync(refFile)) continue;
      const bytes = readFileSync(root + "/" + scenario + "/" + name);
      const want = readFileSync(refFile, "utf8");
      let got;
      try { got = stringify(decodeSync(bytes, { pretty }), { pretty }); } catch (e) { got = String(e); }
      let roundTrip = false;
      try {
        const back = encodeSync(parse(want));
        roundTrip = back.length === bytes.length && back.every((b, i) => b === bytes[i]);
      } catch {
        // crit's own wrong JSON (see the expected list) may not encode at all
      }
      if (got === want && roundTrip) same++; else differ.push(scenario + "/" + name + suffix);
    }
  }
}
console.log(JSON.stringify({ same, differ }));
`,
  );
  const r = await run("node", [script]);
  assert.equal(r.code, 0, r.stderr);
  const { same, differ } = JSON.parse(r.stdout);
  // Under Deno the same files differ only where crit itself is wrong.
  const expected = [
    "13a-nonutf8-names/files.img.json",
    "13a-nonutf8-names/files.img.raw.json",
    "06-namespaces-sysvipc/ipcns-shm-11.img.json",
    "06-namespaces-sysvipc/ipcns-shm-11.img.raw.json",
  ];
  assert.deepEqual(differ.sort(), expected.sort());
  assert.ok(same > 600, `only ${same} identical`);
});

Deno.test("the bundled CLI imports no Node module, so start-up skips Deno's Node layer", async () => {
  // xz-decompress asks for node:stream/web; bundled for Deno, that became a
  // top-level createRequire from node:module, and every command, --help
  // too, loaded Deno's Node compatibility layer first: 10 ms of 31.
  const built = await bundleTask();
  const text = await Deno.readTextFile(built);
  const nodeImports = text.match(/(from|import|require)\s*\(?\s*"node:[^"]*"/g);
  assert.equal(nodeImports, null);
  // The xz reader still works, with the web streams every runtime has.
  const args = ["x", `${fixtures}/archives/counter.tar.xz`, "ps"];
  const bundled = await run(Deno.execPath(), ["run", "-R", built, ...args]);
  const unbundled = await runCli(args);
  assert.equal(bundled.code, 0, bundled.stderr);
  assert.equal(bundled.stdout, unbundled.text);
  assert.match(bundled.stdout, / sleep\n/);
});

Deno.test("a run of the bundled CLI stores Deno's V8 code cache for the next runs, and loads no Node module", async () => {
  const built = await bundleTask();
  const url = new URL(`file://${built}`).href;
  // Deno 2 keeps the cache in DENO_DIR/v8_code_cache_v2 (SQLite, one row
  // per script); a DENO_DIR of the test's own starts empty.
  const denoDir = await scratchDir({ prefix: "crit-deno-dir-" });
  const cached = async (args: string[]) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-R", "-W", built, ...args],
      env: { DENO_DIR: denoDir },
      stdout: "null",
      stderr: "null",
    }).output();
    const { DatabaseSync } = await import("node:sqlite");
    const db = new DatabaseSync(`${denoDir}/v8_code_cache_v2`, {
      readOnly: true,
    });
    const specifiers = db.prepare("SELECT specifier FROM codecache").all()
      .map((row) => String(row.specifier));
    db.close();
    return {
      code: out.code,
      stored: specifiers.includes(url),
      // Every script the run compiled has a row: Deno's Node layer, when a
      // global such as setTimeout (Node's timers in Deno 2) loads it.
      node: specifiers.filter((s) => /^(node:|ext:deno_node\/)/.test(s)),
    };
  };
  const fresh = async () => {
    await Deno.remove(`${denoDir}`, { recursive: true });
    await Deno.mkdir(denoDir);
  };
  // Before, Deno.exit() inside the top-level await ended these runs before
  // Deno stored the cache, and every command compiled the bundle again.
  assert.deepEqual(await cached(["--help"]), {
    code: 0,
    stored: true,
    node: [],
  });
  await fresh();
  assert.deepEqual(
    await cached(["decode", "-i", `${fixtures}/01-sleep/nope.img`]),
    { code: 1, stored: true, node: [] },
  );
  await fresh();
  assert.deepEqual(
    await cached([
      "decode",
      "--pretty",
      "-i",
      `${fixtures}/01-sleep/mm-25537.img`,
    ]),
    { code: 0, stored: true, node: [] },
  );
});
