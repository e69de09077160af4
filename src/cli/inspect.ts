/**
 * `crit inspect PATH...`: checkpointctl's inspect on container checkpoint
 * archives, extracted archives and dump directories.
 *
 * @module
 */
import type { Command, OptionValues } from "./command.ts";
import { UsageError } from "./args.ts";
import { openDump } from "./open_dump.ts";
import {
  inspectData,
  type InspectOptions,
  type InspectResult,
} from "../explore/inspect.ts";
import { inspectTree } from "../explore/inspect_tree.ts";
import { decodeSync } from "../codec/decode.ts";
import { stringify } from "../codec/json.ts";
import { encodeUtf8Lossless } from "../json/text.ts";

const FLAGS = {
  "ps-tree": "psTree",
  "ps-tree-cmd": "psTreeCmd",
  "ps-tree-env": "psTreeEnv",
  files: "files",
  sockets: "sockets",
  mounts: "mounts",
  stats: "stats",
  metadata: "metadata",
} as const;

async function writeAll(data: Uint8Array): Promise<void> {
  let at = 0;
  while (at < data.length) at += await Deno.stdout.write(data.subarray(at));
}

/** The options the command line asks for; `--all` turns every one on. */
function inspectOptions(v: OptionValues): InspectOptions {
  const o: InspectOptions = {};
  for (const [flag, key] of Object.entries(FLAGS)) {
    if (v[flag] === true || v.all === true) o[key] = true;
  }
  if (v.pid !== undefined) {
    const text = v.pid as string;
    if (!/^[0-9]+$/.test(text) || Number(text) === 0) {
      throw new UsageError(`-p/--pid needs a process id, got '${text}'`);
    }
    o.pid = Number(text);
  }
  return o;
}

/** One image of the dump as `crit show` prints it. */
async function showImage(path: string, name: string): Promise<void> {
  const opened = await openDump(path);
  try {
    const bytes = await opened.dir.read(name);
    if (bytes === undefined) throw new Error(`${path}: no image ${name}`);
    const image = decodeSync(bytes, { pretty: true });
    await writeAll(
      new TextEncoder().encode(stringify(image, { pretty: true }) + "\n"),
    );
  } finally {
    opened.close();
  }
}

/** `crit inspect`. */
export const command: Command = {
  name: "inspect",
  synopsis:
    "PATH... [--ps-tree] [--ps-tree-cmd] [--ps-tree-env] [--files] [--sockets] [--mounts] [--stats] [--metadata] [--all] [-p PID] [--format tree|json] [--image NAME]",
  summary:
    "show a container checkpoint: container, sizes, statistics, process tree, files, sockets, mounts",
  help:
    `PATH is a checkpoint archive (tar, tar.gz, tar.zst, tar.xz; as Podman, CRI-O and
containerd export), a directory holding an extracted archive (config.dump
and checkpoint/), a CRIU dump directory, or - for an archive on stdin. The
flags mean what they mean to checkpointctl inspect:

  --ps-tree          the process tree
  --ps-tree-cmd      with each process's command line (read from its memory)
  --ps-tree-env      with each process's environment (read from its memory)
  --files            open files of each process
  --sockets          sockets of each process
  --mounts           the container's mounts (from spec.dump)
  --stats            CRIU's dump statistics (stats-dump)
  --metadata         pod, namespace and annotations
  --all              all of the above
  -p, --pid PID      only this process and its children in the tree
                     (-p, --files, --sockets, --ps-tree-cmd and --ps-tree-env
                     imply --ps-tree)
  --format tree|json a box-drawing tree (default), or checkpointctl's JSON
  --image NAME       print one image of the dump (pstree.img, core-1.img, ...)
                     as crit show does, read straight from the archive
                     without extracting it

A compressed archive is read once per command; memory pages are kept only
for --ps-tree-cmd and --ps-tree-env (in a temporary file, not in memory).`,
  options: {
    "ps-tree": { type: "boolean" },
    "ps-tree-cmd": { type: "boolean" },
    "ps-tree-env": { type: "boolean" },
    files: { type: "boolean" },
    sockets: { type: "boolean" },
    mounts: { type: "boolean" },
    stats: { type: "boolean" },
    metadata: { type: "boolean" },
    all: { type: "boolean" },
    pid: { type: "string", short: "p" },
    format: { type: "string" },
    image: { type: "string" },
  },
  positionals: ["PATH..."],
  async run(values, paths) {
    const format = (values.format as string | undefined) ?? "tree";
    if (format !== "tree" && format !== "json") {
      throw new UsageError(
        `argument --format: invalid choice: '${format}' (choose from 'tree', 'json')`,
      );
    }
    if (values.image !== undefined) {
      if (paths.length !== 1) {
        throw new UsageError("--image goes with one PATH");
      }
      await showImage(paths[0], values.image as string);
      return 0;
    }
    const options = inspectOptions(values);
    const results: InspectResult[] = [];
    for (const path of paths) {
      const opened = await openDump(path, {
        pages: options.psTreeCmd === true || options.psTreeEnv === true,
      });
      try {
        const result = await inspectData(
          opened.dir,
          opened.checkpoint,
          options,
        );
        if (format === "json") {
          results.push(result);
          continue;
        }
        await writeAll(encodeUtf8Lossless(
          `\nDisplaying container checkpoint tree view from ${path}\n\n${
            inspectTree(result)
          }\n`,
        ));
      } finally {
        opened.close();
      }
    }
    if (format === "json") {
      await writeAll(
        encodeUtf8Lossless(JSON.stringify(results, null, 2) + "\n"),
      );
    }
    return 0;
  },
};
