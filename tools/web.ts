/**
 * Builds the static web page: dist/web/index.html, one file with the style
 * and the bundled module inline, so it works from file:// with no network.
 *
 *     deno run -A tools/web.ts [OUTFILE]
 *
 * @module
 */
import { REPORT_CSS } from "../src/report/_style.ts";

const root = new URL("..", import.meta.url).pathname;

/** Bundles web/main.ts for browsers and writes the page to `out`. */
export async function buildWebPage(
  out = `${root}dist/web/index.html`,
): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "crit-web-" });
  try {
    const js = `${dir}/main.js`;
    const r = await new Deno.Command(Deno.execPath(), {
      args: [
        "bundle",
        "--platform=browser",
        "--minify",
        "-o",
        js,
        `${root}web/main.ts`,
      ],
      cwd: root,
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (r.code !== 0) {
      throw new Error(
        `deno bundle failed: ${new TextDecoder().decode(r.stderr)}`,
      );
    }
    const script = await Deno.readTextFile(js);
    // An inline script ends at the first "</script", wherever it is.
    if (/<\/script/i.test(script)) {
      throw new Error("the bundle holds </script and cannot be inlined");
    }
    const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data: blob:">
<title>crit: see a checkpoint</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<div id="crit-root"><noscript>This page needs JavaScript.</noscript></div>
<script type="module">${script}</script>
</body>
</html>
`;
    await Deno.mkdir(out.replace(/\/[^/]*$/, ""), { recursive: true });
    await Deno.writeTextFile(out, html);
    return out;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) {
  const out = await buildWebPage(Deno.args[0]);
  console.log(`${out}: ${(await Deno.stat(out)).size} bytes`);
}
