/** `crit x`: the explorers over a dump. */
import type { Command } from "./command.ts";
import { UsageError } from "./args.ts";
import { explore, exploreData, EXPLORERS } from "../explore/explore.ts";
import type { Explorer } from "../explore/types.ts";
import { stringify } from "../codec/json.ts";
import { encodeUtf8Lossless } from "../json/text.ts";
import { openDump } from "./open_dump.ts";
import { writeAll } from "./_util.ts";

/** The `x` command. */
export const command: Command = {
  name: "x",
  synopsis: `DIR {${EXPLORERS.join(",")}} [--json] [-l]`,
  summary: "explore image dir",
  help: `arguments:
  DIR                   the dump: a directory, a checkpoint archive (tar,
                        tar.gz, tar.zst, tar.xz) or an extracted one
  WHAT                  ps    the process tree
                        fds   each task's open files
                        mems  each task's memory areas
                        rss   resident pages per pagemap run
                        sk    each task's sockets
                        args  argv and environment, read from memory

options:
  --json                the same data as JSON, in go-criu's field names
  -l, --long            more than crit shows: ps adds each task's state and
                        thread count, and lists the threads`,
  options: { json: { type: "boolean" }, long: { type: "boolean", short: "l" } },
  positionals: ["DIR", "WHAT"],
  complete: { WHAT: EXPLORERS },
  async run(values, [path, what]) {
    if (!EXPLORERS.includes(what)) {
      throw new UsageError(
        `argument what: invalid choice: '${what}' (choose from ${
          EXPLORERS.map((e) => `'${e}'`).join(", ")
        })`,
      );
    }
    // Only `args` reads memory pages: the others skip them in a compressed archive.
    const dump = await openDump(path, { pages: what === "args" });
    try {
      if (values.json) {
        const data = await exploreData(dump.dir, what as Explorer);
        // JSON text is ASCII: undecodable name bytes stay \udcXX escapes, as Python writes them.
        const text = stringify(data as never, { pretty: true }) + "\n";
        await writeAll(Deno.stdout, new TextEncoder().encode(text));
        return 0;
      }
      const text = await explore(dump.dir, what, {
        long: values.long === true,
      });
      // Names that are not UTF-8 go out as their original bytes, like ls prints them.
      await writeAll(Deno.stdout, encodeUtf8Lossless(text));
      return 0;
    } finally {
      dump.close();
    }
  },
};
