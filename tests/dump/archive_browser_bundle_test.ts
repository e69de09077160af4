/**
 * The archive reader is browser-safe: mod.ts bundled for the browser
 * platform (no Deno APIs) opens the real gzip and zstd archives from a
 * Blob under Node, and inspects them as the CLI does.
 */
import assert from "node:assert/strict";
import { crit, fixtures, root, run } from "./_archives.ts";
import { scratchDir } from "../_helpers/scratch.ts";

Deno.test("browser bundle under Node: Blob archives inspected like the CLI", async () => {
  const dir = await scratchDir({ prefix: "crit-archive-bundle-" });
  const b = await run(Deno.execPath(), [
    "bundle",
    "--platform=browser",
    "-o",
    `${dir}/mod.js`,
    `${root}mod.ts`,
  ]);
  assert.equal(b.code, 0, b.stderr);
  assert.ok(!(await Deno.readTextFile(`${dir}/mod.js`)).includes("Deno."));
  await Deno.writeTextFile(
    `${dir}/inspect.mjs`,
    `import { checkpointInfo, inspectData, inspectTree, openCheckpointArchive } from "./mod.js";
import { readFileSync } from "node:fs";
const archive = await openCheckpointArchive(new Blob([readFileSync(process.argv[2])]));
const info = await checkpointInfo({ members: archive.members, read: (n) => archive.read(n) });
process.stdout.write(inspectTree(await inspectData(archive.dir, info, { psTree: true, psTreeCmd: true, files: true })));
`,
  );
  for (const name of ["counter.tar.gz", "counter.tar.zst"]) {
    const path = `${fixtures}/${name}`;
    const node = await run("node", [`${dir}/inspect.mjs`, path]);
    assert.equal(node.code, 0, node.stderr);
    const cli = await crit(["inspect", path, "--ps-tree-cmd", "--files"]);
    const header =
      `\nDisplaying container checkpoint tree view from ${path}\n\n`;
    assert.equal(header + node.stdout + "\n", cli.stdout);
  }
});
