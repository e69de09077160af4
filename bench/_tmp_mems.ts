import { exploreData } from "../src/explore/mod.ts";
import { denoDumpDir } from "../src/dump/deno.ts";
import { Dump } from "../src/dump/dump.ts";
const t0 = performance.now();
console.log("MARK start");
const dump = new Dump(denoDumpDir("/tmp/dbench/dump"));
const d = await exploreData(dump, "mems");
const t1 = performance.now();
console.log("MARK data", (t1 - t0).toFixed(1));
