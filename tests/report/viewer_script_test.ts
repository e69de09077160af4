/**
 * The page script carries every view function: the views call each other by
 * name, so one left out of the list would fail only when it is first called.
 */
import assert from "node:assert/strict";
import * as parts from "../../src/report/_view_parts.ts";
import * as viewer from "../../src/report/_viewer.ts";

Deno.test("the report script defines every view function", () => {
  const script = viewer.viewerScript("root", "data");
  const functions = [...Object.values(parts), ...Object.values(viewer)]
    .filter((f): f is (...a: unknown[]) => unknown =>
      typeof f === "function" && f !== viewer.viewerScript
    );
  assert.ok(functions.length > 15);
  for (const f of functions) {
    assert.ok(script.includes(`function ${f.name}(`), f.name);
  }
  // It ends by drawing the report from the page's JSON.
  assert.match(
    script,
    /\nshowReport\(document\.getElementById\("root"\), JSON\.parse\(document\.getElementById\("data"\)\.textContent\)\);\n$/,
  );
  assert.ok(!/<\/script/i.test(script));
});
