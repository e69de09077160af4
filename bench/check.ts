/**
 * `crit check` against `crit x DIR fds` (and `x mems`, which also decodes
 * every mm image) on a generated dump of 200
 * processes: the root task of tests/fixtures/01-sleep and 199 children, each
 * with its own copies of that task's core, ids, mm, pagemap, pages, fs and
 * fdinfo images (ids and pages ids renumbered). Both commands run as users
 * run them (`deno run -R cli.ts ...`), alternating, `--runs` times each;
 * the medians and their ratio are printed.
 *
 *     deno run -A bench/check.ts [--runs 5] [--tasks 200]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { decodeSync, encodeSync, type JsonObject } from "../mod.ts";

const args = parseArgs({
  args: Deno.args,
  options: {
    runs: { type: "string", default: "5" },
    tasks: { type: "string", default: "200" },
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

async function time(cmd: string[]): Promise<number> {
  const t0 = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-R", `${root}cli.ts`, ...cmd],
    stdout: "null",
    stderr: "piped",
  }).output();
  const ms = performance.now() - t0;
  // check exits 1 on errors; the generated dump must be clean.
  if (out.code !== 0) {
    throw new Error(
      `${cmd.join(" ")}: exit ${out.code}: ${
        new TextDecoder().decode(out.stderr)
      }`,
    );
  }
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

if (import.meta.main) {
  const dir = await Deno.makeTempDir({ prefix: "crit-check-bench-" });
  try {
    generateTree(dir, TASKS);
    const fds: number[] = [];
    const mems: number[] = [];
    const check: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      fds.push(await time(["x", dir, "fds"]));
      mems.push(await time(["x", dir, "mems"]));
      check.push(await time(["check", dir]));
    }
    const f = median(fds);
    const m = median(mems);
    const c = median(check);
    console.log(
      `dump: ${TASKS} tasks (01-sleep's task copied), ${RUNS} runs each, median wall time`,
    );
    console.log(`crit x DIR fds   ${f.toFixed(0)} ms`);
    console.log(`crit x DIR mems  ${m.toFixed(0)} ms`);
    console.log(`crit check DIR   ${c.toFixed(0)} ms`);
    console.log(`check / x fds    ${(c / f).toFixed(2)}`);
    console.log(`check / x mems   ${(c / m).toFixed(2)}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
