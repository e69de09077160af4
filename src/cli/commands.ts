/**
 * The commands of `crit`, loaded when run: `crit --help` and every command
 * start without loading the code of the others (the report page, core
 * files, archives...). A test checks each entry against its module.
 *
 * @module
 */
import type { Command } from "./command.ts";
import { completionsCommand } from "./completions.ts";

/** One command: its name and summary for `crit --help`, its module on demand. */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<Command>;
}

/** Every command, in the order `crit --help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "decode",
    summary: "convert criu image from binary type to json",
    load: async () => (await import("./decode.ts")).command,
  },
  {
    name: "encode",
    summary: "convert criu image from json type to binary",
    load: async () => (await import("./encode.ts")).command,
  },
  {
    name: "info",
    summary: "show info about image",
    load: async () => (await import("./info.ts")).command,
  },
  {
    name: "x",
    summary: "explore image dir",
    load: async () => (await import("./x.ts")).command,
  },
  {
    name: "show",
    summary: "convert criu image from binary to human-readable json",
    load: async () => (await import("./show.ts")).command,
  },
  {
    name: "mem",
    summary: "read the memory of the tasks of a dump",
    load: async () => (await import("./mem.ts")).command,
  },
  {
    name: "inspect",
    summary:
      "show a container checkpoint: container, sizes, statistics, process tree, files, sockets, mounts",
    load: async () => (await import("./inspect.ts")).command,
  },
  {
    name: "ls",
    summary: "list container checkpoint archives, one row each",
    load: async () => (await import("./ls.ts")).command,
  },
  {
    name: "diff",
    summary: "what changed between two dumps, or two images of one kind",
    load: async () => (await import("./diff.ts")).command,
  },
  {
    name: "core",
    summary: "write an ELF core file of each process, for gdb, lldb, eu-stack",
    load: async () => (await import("./core.ts")).command,
  },
  {
    name: "check",
    summary: "check that a dump is complete and consistent enough to restore",
    load: async () => (await import("./check.ts")).command,
  },
  {
    name: "report",
    summary: "write one self-contained HTML page showing a dump",
    load: async () => (await import("./report.ts")).command,
  },
  {
    name: "completions",
    summary: "print a shell completion script",
    load: () =>
      Promise.resolve(
        completionsCommand(() => Promise.all(COMMANDS.map((c) => c.load()))),
      ),
  },
];
