/// <reference lib="dom" />
/**
 * The entry of the static web page (`deno task web` bundles it into
 * dist/web/index.html).
 *
 * @module
 */
import { startWebApp } from "./app.ts";
import { openCheckpointArchive } from "../src/dump/checkpoint_archive.ts";
import { checkpointInfo } from "../src/dump/checkpoint_info.ts";
import { reportCheck, reportContainer } from "../src/report/build_report.ts";
import { checkDump } from "../src/check/check.ts";

startWebApp(document.getElementById("crit-root")!, {
  check: async (dir) => reportCheck(await checkDump(dir)),
  // Read in the browser: the file never leaves the machine.
  async openArchive(file) {
    const archive = await openCheckpointArchive(file, { pages: true });
    const read = (name: string) => archive.read(name);
    const info = await checkpointInfo({ members: archive.members, read });
    return {
      dir: archive.dir,
      names: archive.members
        .filter((m) => m.type === "file" && m.name.startsWith("checkpoint/"))
        .map((m) => m.name.slice("checkpoint/".length)),
      title: file.name,
      container: info && reportContainer(info),
    };
  },
});
