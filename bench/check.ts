/**
 * `crit check` against `crit x DIR fds` (and `x mems`, which also decodes
 * every mm image) on generated dumps:
 *
 * - "tree": 200 processes, the root task of tests/fixtures/01-sleep and 199
 *   children, each with its own copies of that task's core, ids, mm,
 *   pagemap, pages, fs and fdinfo images (ids and pages ids renumbered);
 * - "big" (with `--big`): bench/gen.ts's `generateDump`, 200 processes with
 *   20,000 VMAs and 20,000 fds in all.
 *
 * The commands run as users run them (`deno run -R cli.ts ...`), with
 * `crit --version` (start-up alone), alternating, `--runs` times each.
 * Each run's wall and CPU time (user + system) come from bash's `time`;
 * the medians are printed, with check's ratio to `x fds` as is and past
 * start-up (less the `--version` time), and the load average before and
 * after.
 *
 *     deno run -A bench/check.ts [--runs 9] [--tasks 200] [--big]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { decodeSync, encodeSync, type JsonObject } from "../mod.ts";
import { generateDump } from "./gen.ts";

const args = parseArgs({
  args: Deno.args,
  options: {
    runs: { type: "string", default: "9" },
    tasks: { type: "string", default: "200" },
    big: { type: "boolean", default: false },
  },
});
const RUNS = Number(args.values.runs);
const TASKS = Number(args.values.tasks);
const root = new URL("..", import.meta.url).pathname;
const src = `${root}tests/fixtures/01-sleep`;
const PID = 25537;

/** Writes a dump of `n` tasks made from 01-sleep's one task into `dir`. */
export function generateTree(dir: string, n: number): void {
  const read = (name: string) => Deno.readFileSync(`${src}/${name}`);
  const image = (name: string) => decodeSync(read(name));
  for (const name of ["inventory.img", "files.img", "seccomp.img"]) {
    Deno.writeFileSync(`${dir}/${name}`, read(name));
  }
  const ids = image(`ids-${PID}.img`);
  const pagemap = image(`pagemap-${PID}.img`);
  const tree: JsonObject[] = [];
  for (let i = 0; i < n; i++) {
    const pid = 1000 + i;
    tree.push({
      pid,
      ppid: i === 0 ? 0 : 1000,
      pgid: 1000,
      sid: 1000,
      threads: [pid],
    });
    for (const kind of ["core", "mm", "fs"]) {
      Deno.writeFileSync(
        `${dir}/${kind}-${pid}.img`,
        read(`${kind}-${PID}.img`),
      );
    }
    const own = {
      ...ids.entries[0],
      vm_id: i + 2,
      files_id: i + 2,
      fs_id: i + 2,
    };
    Deno.writeFileSync(
      `${dir}/ids-${pid}.img`,
      encodeSync({ magic: "IDS", entries: [own] }),
    );
    Deno.writeFileSync(`${dir}/fdinfo-${i + 2}.img`, read("fdinfo-2.img"));
    const pm = {
      ...pagemap,
      entries: [{ pages_id: i + 1 }, ...pagemap.entries.slice(1)],
    };
    Deno.writeFileSync(`${dir}/pagemap-${pid}.img`, encodeSync(pm));
    Deno.writeFileSync(`${dir}/pages-${i + 1}.img`, read("pages-1.img"));
  }
  Deno.writeFileSync(
    `${dir}/pstree.img`,
    encodeSync({ magic: "PSTREE", entries: tree }),
  );
}

/** Wall and CPU time (user + system) of one run, in ms. */
interface Run {
  wall: number;
  cpu: number;
}

async function time(cmd: string[]): Promise<Run> {
  const argv = [Deno.execPath(), "run", "-R", `${root}cli.ts`, ...cmd];
  // bash's `time` has the child's own rusage, to the millisecond.
  const out = await new Deno.Command("bash", {
    args: [
      "-c",
      `TIMEFORMAT='%3R %3U %3S'; time "$@" > /dev/null`,
      "bash",
      ...argv,
    ],
    stderr: "piped",
  }).output();
  const err = new TextDecoder().decode(out.stderr).trim().split("\n");
  // The dumps are clean: check exits 0.
  if (out.code !== 0) {
    throw new Error(`${cmd.join(" ")}: exit ${out.code}: ${err.join(" ")}`);
  }
  const [real, user, sys] = err.at(-1)!.split(" ").map(Number);
  return { wall: real * 1000, cpu: (user + sys) * 1000 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const load = () => Deno.loadavg().map((x) => x.toFixed(2)).join(" ");

/** Times the commands on `dir`, alternating, and prints the medians. */
async function bench(title: string, dir: string) {
  const commands: [string, string[]][] = [
    ["crit --version", ["--version"]],
    ["crit x DIR fds", ["x", dir, "fds"]],
    ["crit x DIR mems", ["x", dir, "mems"]],
    ["crit check DIR", ["check", dir]],
  ];
  const runs = commands.map((): Run[] => []);
  const before = load();
  for (let i = 0; i < RUNS; i++) {
    for (const [k, [, cmd]] of commands.entries()) {
      runs[k].push(await time(cmd));
    }
  }
  const [start, fds, mems, check] = runs.map((r) => ({
    wall: median(r.map((x) => x.wall)),
    cpu: median(r.map((x) => x.cpu)),
  }));
  console.log(`${title}; ${RUNS} runs each, alternating, medians`);
  console.log(`load average ${before} before, ${load()} after`);
  console.log("                 wall ms  CPU ms");
  for (const [k, [name]] of commands.entries()) {
    const m = [start, fds, mems, check][k];
    console.log(
      `${name.padEnd(16)} ${m.wall.toFixed(0).padStart(7)} ${
        m.cpu.toFixed(0).padStart(7)
      }`,
    );
  }
  const ratio = (of: keyof Run, past: boolean) =>
    ((check[of] - (past ? start[of] : 0)) / (fds[of] - (past ? start[of] : 0)))
      .toFixed(2);
  console.log(
    `check / x fds    ${ratio("wall", false).padStart(7)} ${
      ratio("cpu", false).padStart(7)
    }`,
  );
  console.log(
    `  past start-up  ${ratio("wall", true).padStart(7)} ${
      ratio("cpu", true).padStart(7)
    }`,
  );
  console.log(
    `check / x mems   ${(check.wall / mems.wall).toFixed(2).padStart(7)} ${
      (check.cpu / mems.cpu).toFixed(2).padStart(7)
    }`,
  );
}

if (import.meta.main) {
  const dir = await Deno.makeTempDir({ prefix: "crit-check-bench-" });
  try {
    console.log(`${navigator.hardwareConcurrency} CPUs`);
    await Deno.mkdir(`${dir}/tree`);
    generateTree(`${dir}/tree`, TASKS);
    await bench(
      `tree: ${TASKS} tasks (01-sleep's task copied)`,
      `${dir}/tree`,
    );
    if (args.values.big) {
      generateDump(`${dir}/big`);
      console.log();
      await bench(
        "big: bench/gen.ts generateDump (200 tasks, 20,000 VMAs, 20,000 fds)",
        `${dir}/big`,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
