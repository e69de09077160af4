/** The static scan of pages finds what would load from outside. */
import assert from "node:assert/strict";
import { externalReferences } from "./_page_checks.ts";

Deno.test("externalReferences finds what a page would load from elsewhere", () => {
  const outside = [
    `<img src="http://example.com/a.png">`,
    `<script src=//cdn.example/x.js></script>`,
    `<link rel=stylesheet href='https://x/y.css'>`,
    `<a href="file:///etc/passwd">`,
    `<style>body{background:url(https://x/b.png)}</style>`,
    `<style>@import "x.css";</style>`,
    `<script>fetch("/data")</script>`,
    `<script>import("./m.js")</script>`,
    `<script>new WebSocket("ws://h")</script>`,
    `<img src="a.png">`,
    // Only licence notices are passed over, not other comments.
    `<script>/* https://example.com/x.js */</script>`,
  ];
  for (const html of outside) {
    assert.notDeepEqual(externalReferences(html), [], html);
  }
});

Deno.test("externalReferences lets a page refer to itself", () => {
  const inside = [
    `<a href="#top">`,
    `<img src="data:image/png;base64,AAAA">`,
    `<rect fill="url(#crit-file)">`,
    `document.createElementNS("http://www.w3.org/2000/svg", "g")`,
    `<script>/*! Based on x (c) Y. License: MIT - https://github.com/y/x */</script>`,
  ];
  for (const html of inside) {
    assert.deepEqual(externalReferences(html), [], html);
  }
});
