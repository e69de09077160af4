/**
 * diffImages: every reported path holds the reported values in crit's own
 * pretty JSON of the two images (16a's ref/), and every fixture image
 * diffed with itself gives nothing.
 */
import assert from "node:assert/strict";
import { diffImages, encodeSync, type ImageChange } from "../../mod.ts";
import type { JsonValue } from "../../src/json/types.ts";

const fixtures = new URL("../fixtures/", import.meta.url).pathname;
const pair = `${fixtures}16a-diff-pair`;

/** The value at a path like `entries[0].tc.comm`, or undefined. */
function at(root: JsonValue, path: string): JsonValue | undefined {
  let v: JsonValue | undefined = root;
  for (const part of path.match(/[^.[\]]+/g)!) {
    if (v === null || typeof v !== "object") return undefined;
    v = Array.isArray(v) ? v[Number(part)] : v[part];
  }
  return v;
}

/** crit's pretty JSON of the image, with its big numbers as text. */
async function crit(side: string, image: string): Promise<JsonValue> {
  return JSON.parse(
    await Deno.readTextFile(`${pair}/${side}/ref/${image}.json`),
  );
}

/** Our values in JSON terms, as crit's file would hold them. */
const plain = (v: JsonValue | undefined) =>
  JSON.parse(
    JSON.stringify(
      v,
      (_, x) => typeof x === "bigint" ? Number(x) : x,
    ) ?? "null",
  );

const IMAGES = [
  "core-5692.img",
  "mm-5692.img",
  "files.img",
  "pstree.img",
  "fdinfo-2.img",
  "pagemap-5692.img",
];

for (const image of IMAGES) {
  Deno.test(`16a ${image}: every change is what crit's JSON of A and B holds at its path`, async () => {
    const changes = diffImages(
      await Deno.readFile(`${pair}/a/${image}`),
      await Deno.readFile(`${pair}/b/${image}`),
    );
    assert.ok(changes.length > 0);
    const a = await crit("a", image);
    const b = await crit("b", image);
    for (const c of changes) {
      // Removed items are named by their index in A, the rest by B's; in
      // these images an item in both sits at the same index on both sides.
      if (c.op !== "added") {
        assert.deepEqual(plain(c.old), at(a, c.path), c.path);
      }
      if (c.op !== "removed") {
        assert.deepEqual(plain(c.new), at(b, c.path), c.path);
      }
      if (c.op === "changed") assert.notDeepEqual(c.old, c.new);
    }
  });
}

Deno.test("16a: the changes named in the issue come out as JSON paths", async () => {
  const d = (image: string) =>
    Promise.all(["a", "b"].map((s) => Deno.readFile(`${pair}/${s}/${image}`)))
      .then(([x, y]) => diffImages(x, y));
  const core = await d("core-5692.img");
  assert.deepEqual(core.find((c) => c.path === "entries[0].tc.comm"), {
    path: "entries[0].tc.comm",
    op: "changed",
    old: "dp-parent",
    new: "dp-parent-b",
  });
  const tree = await d("pstree.img");
  assert.deepEqual(
    tree.map((c) => [c.op, c.path, (c.old ?? c.new) as { pid: number }]).map((
      [op, p, e],
    ) => [op, p, (e as { pid: number }).pid]),
    [
      ["removed", "entries[1]", 5694],
      ["added", "entries[1]", 5752],
    ],
  );
  // VMAs are matched by start: one removed and one added, not a changed pair.
  const mm = await d("mm-5692.img");
  assert.deepEqual(mm.map((c) => [c.op, c.path]), [
    ["removed", "entries[0].vmas[7]"],
    ["added", "entries[0].vmas[7]"],
  ]);
});

Deno.test("items matched by key are named by their index in B", () => {
  const tree = (pids: number[]) =>
    encodeSync({
      magic: "PSTREE",
      entries: pids.map((pid) => ({ pid, ppid: 0, pgid: pid, sid: pid })),
    });
  const a = tree([1, 2, 3]);
  const b = encodeSync({
    magic: "PSTREE",
    entries: [
      { pid: 3, ppid: 0, pgid: 3, sid: 3 },
      { pid: 1, ppid: 0, pgid: 1, sid: 7 },
    ],
  });
  assert.deepEqual(diffImages(a, b), [
    {
      path: "entries[1]",
      op: "removed",
      old: { pid: 2, ppid: 0, pgid: 2, sid: 2 },
    },
    { path: "entries[1].sid", op: "changed", old: 1, new: 7 },
  ]);
});

Deno.test("images of different kinds are a TypeError", async () => {
  await assert.rejects(
    async () =>
      diffImages(
        await Deno.readFile(`${pair}/a/core-5692.img`),
        await Deno.readFile(`${pair}/a/pstree.img`),
      ),
    TypeError,
  );
});

Deno.test("every fixture image diffed with itself: nothing", async () => {
  let n = 0;
  const visit = async (dir: string, depth: number) => {
    for await (const e of Deno.readDir(dir)) {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory && depth > 0 && e.name !== "ref") {
        await visit(path, depth - 1);
      } else if (
        e.isFile && e.name.endsWith(".img") && !e.name.startsWith("pages-")
      ) {
        const bytes = await Deno.readFile(path);
        let changes: ImageChange[];
        try {
          changes = diffImages(bytes, bytes);
        } catch {
          continue; // Raw images (tarballs, iptables) have no magic.
        }
        assert.deepEqual(changes, [], path);
        n++;
      }
    }
  };
  await visit(fixtures.replace(/\/$/, ""), 2);
  assert.ok(n > 300, `${n} images`);
});
