/**
 * The text of `crit diff` for 16a with and without colours: the same
 * words, ANSI colours only when asked for (the CLI asks on a terminal).
 */
import assert from "node:assert/strict";
import { diffDumps, dumpDiffText, imageDiffText } from "../../mod.ts";
import { denoDumpDir } from "../../src/dump/deno_dump_dir.ts";

const pair = new URL("../fixtures/16a-diff-pair", import.meta.url).pathname;
// deno-lint-ignore no-control-regex
const ansi = /\x1b\[[0-9;]*m/g;

Deno.test("colours: + green, - red, ~ yellow, section titles bold; nothing else changes", async () => {
  const d = await diffDumps(denoDumpDir(`${pair}/a`), denoDumpDir(`${pair}/b`));
  const plain = dumpDiffText(d);
  const color = dumpDiffText(d, { color: true });
  assert.equal(color.replace(ansi, ""), plain);
  assert.ok(!ansi.test(plain));
  const lines = color.split("\n");
  assert.ok(lines.includes("\x1b[32m+ 5752 dp-child2\x1b[0m"));
  assert.ok(lines.includes("\x1b[31m- 5694 dp-child1\x1b[0m"));
  assert.ok(lines.includes("\x1b[33m~ 5692 dp-parent-b\x1b[0m"));
  assert.ok(lines.includes("\x1b[1mprocesses\x1b[0m"));
});

Deno.test("image text: long values are cut, colours strip to the plain text", () => {
  const changes = [
    {
      path: "entries[0].extra",
      op: "changed" as const,
      old: "x".repeat(300),
      new: "y",
    },
    { path: "entries[1]", op: "added" as const, new: { pid: 2 } },
    { path: "entries[2]", op: "removed" as const, old: null },
  ];
  const plain = imageDiffText(changes, { maxValueLength: 10 });
  assert.equal(
    plain,
    '1 changed, 1 added, 1 removed\n\n~ entries[0].extra: "xxxxxxxxx... -> "y"\n' +
      '+ entries[1]: {"pid": 2}\n- entries[2]: null\n',
  );
  assert.equal(
    imageDiffText(changes, { color: true, maxValueLength: 10 }).replace(
      ansi,
      "",
    ),
    plain,
  );
  assert.equal(imageDiffText([]), "");
});
