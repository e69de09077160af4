import { explore } from "./mod.ts";
import { denoDumpDir } from "./src/dump/deno_dump_dir.ts";
const t = performance.now();
const s = await explore(denoDumpDir("/tmp/perf_dump"), Deno.args[0]);
console.log(Deno.args[0], s.length, (performance.now() - t).toFixed(1));
