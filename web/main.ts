/// <reference lib="dom" />
/**
 * The entry of the static web page (`deno task web` bundles it into
 * dist/web/index.html).
 *
 * @module
 */
import { startWebApp } from "./app.ts";

startWebApp(document.getElementById("crit-root")!);
