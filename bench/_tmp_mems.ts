import { denoDumpDir } from "../src/dump/deno.ts";
import { Dump } from "../src/dump/dump.ts";
import { MM_AREAS } from "../src/explore/_common.ts";
import { exploreData } from "../src/explore/mod.ts";
const mode = Deno.args[0];
const dump = new Dump(denoDumpDir("/tmp/dbench/dump"));
const t0 = performance.now();
const pids = await dump.pids();
const t1 = performance.now();
if (mode === "mm") { for (const pid of pids) await dump.entries(`mm-${pid}.img`, MM_AREAS); }
if (mode === "files") { await dump.fileText("REG", 1); }
if (mode === "all") { await exploreData(dump, "mems"); }
const t2 = performance.now();
console.log(mode, "pids", (t1 - t0).toFixed(1), "phase", (t2 - t1).toFixed(1), "heap", (Deno.memoryUsage().heapUsed / 1e6).toFixed(1));
