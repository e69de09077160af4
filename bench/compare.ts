/**
 * Times whole commands, ours against the peers this machine has, on the
 * inputs of bench/gen.ts, in one run, and prints wall time, peak RSS and the
 * ratios. Peers: Python crit (`crit` on PATH, e.g. Debian's `criu` package,
 * with the protobuf backend it finds; `--pure-python` adds a column for the
 * pure-Python backend) and go-criu's crit (`$GO_CRIT`, or `go-crit` on
 * PATH). Each command runs `--runs` times, alternating tools; the median is
 * reported. The first rows are the floor (`deno run` of an empty file),
 * our `--version` and each tool's `--help`: what a command costs before it
 * reads any input. For each peer, "/ ours" is the peer's time over ours and
 * "past start-up" the peer's time over ours less our `--version` time, the
 * latter timed among the row's own runs. The header names each tool's
 * version and backend and the machine's load.
 *
 *     deno run -A bench/compare.ts [--runs 5] [--only x] [--pure-python] [--cpu]
 *       [--no-python]
 *
 * Each command's time is bash's `time` of it (in 1 ms steps, the command
 * alone: not the shell and the spawn around it). `--cpu` reports its CPU
 * time (user + system) instead of its wall time: on a machine others load,
 * wall time counts waiting for a core too.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { generate, generateDump } from "./gen.ts";
import { bundleCheckout } from "./_bundle.ts";

const args = parseArgs({
  args: Deno.args,
  options: {
    runs: { type: "string", default: "5" },
    only: { type: "string" },
    "pure-python": { type: "boolean", default: false },
    cpu: { type: "boolean", default: false },
    "no-python": { type: "boolean", default: false },
  },
});
/** Report CPU time (user + system) instead of wall time: steadier on a busy machine. */
const CPU = args.values.cpu;
const RUNS = Number(args.values.runs);
const ONLY = args.values.only;
const root = new URL("..", import.meta.url).pathname;
const dir = await Deno.makeTempDir({ prefix: "crit-bench-" });
const inputs = generate(dir);
const dump = generateDump(`${dir}/dump`);

// Ours as users get it: the one file `deno task bundle` makes.
const bundle = `${dir}/crit.js`;
await bundleCheckout(root, bundle);
const ours = [Deno.execPath(), "run", "-R", "-W", bundle];
const empty = `${dir}/empty.js`;
Deno.writeTextFileSync(empty, "");

async function runs(cmd: string, arg: string): Promise<boolean> {
  try {
    // A missing command throws as it is spawned, before any promise.
    const o = await new Deno.Command(cmd, {
      args: [arg],
      stdout: "null",
      stderr: "null",
    }).output();
    return o.code === 0;
  } catch {
    return false;
  }
}

interface Peer {
  name: string;
  cmd: string;
  /** Reads only its own JSON back (go-criu writes 64-bit numbers as strings). */
  ownJson: boolean;
  /** Environment of its runs. */
  env?: Record<string, string>;
  /** Its version and backend, for the header. */
  about: string;
  /** Its explorers (`x DIR WHAT`), and the flag that makes them print JSON. */
  explorers: string[];
  xFlags: string[];
  /** Its names of our explorers, where they differ (go-criu: `fd`, `mem`). */
  xNames?: Record<string, string>;
  /** It has our dump-level commands (check, diff, mem, report, core). */
  dumpCommands?: boolean;
}

async function output(cmd: string, argv: string[], env = {}): Promise<string> {
  try {
    const o = await new Deno.Command(cmd, { args: argv, env }).output();
    const text = new TextDecoder().decode(o.stdout) +
      new TextDecoder().decode(o.stderr);
    return text.trim().split("\n")[0];
  } catch {
    return "?";
  }
}

const peers: Peer[] = [];
if (!args.values["no-python"] && await runs("crit", "-h")) {
  // crit runs on the system's python3 (its #! line), with the protobuf
  // backend that python3 finds: Debian's is the C++ one.
  const python = (await output("head", ["-1", "/usr/bin/crit"])).slice(2);
  const backend = (env: Record<string, string>) =>
    output(python, [
      "-c",
      "from google.protobuf.internal import api_implementation as a; print(a.Type())",
    ], env);
  const criu = await output("dpkg-query", ["-W", "-f", "${Version}", "criu"]);
  const pyVersion = await output(python, ["--version"]);
  const pure = { PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION: "python" };
  const variants: [string, Record<string, string>][] = [["Python crit", {}]];
  if (args.values["pure-python"]) variants.push(["Python crit (pure)", pure]);
  for (const [name, env] of variants) {
    peers.push({
      name,
      cmd: "crit",
      ownJson: false,
      env,
      about:
        `criu ${criu} (Debian), ${pyVersion}, protobuf backend ${await backend(
          env,
        )}`,
      explorers: ["ps", "fds", "mems", "rss"],
      xFlags: [],
    });
  }
}
// Another checkout of ours (`CRIT_BEFORE=DIR`, named by `CRIT_BEFORE_LABEL`),
// bundled by its own bundle task, as a peer: before and after a change, in one run.
const before = Deno.env.get("CRIT_BEFORE");
if (before) {
  const file = `${dir}/crit-before.js`;
  await bundleCheckout(before, file);
  const cmd = `${dir}/crit-before`;
  Deno.writeTextFileSync(
    cmd,
    `#!/bin/sh\nexec '${Deno.execPath()}' run -R -W '${file}' "$@"\n`,
  );
  Deno.chmodSync(cmd, 0o755);
  peers.push({
    name: "ours before",
    cmd,
    ownJson: false,
    about: Deno.env.get("CRIT_BEFORE_LABEL") ?? before,
    explorers: ["ps", "fds", "mems", "rss", "sk"],
    xFlags: [],
    dumpCommands: true,
  });
}
const goCrit = Deno.env.get("GO_CRIT") ?? "go-crit";
if (await runs(goCrit, "--help")) {
  peers.push({
    name: "go-criu crit",
    cmd: goCrit,
    ownJson: true,
    about: Deno.env.get("GO_CRIT_VERSION") ??
      await output(goCrit, ["--version"]),
    explorers: ["ps", "fds", "mems", "rss", "sk"],
    xFlags: [],
    xNames: { fds: "fd", mems: "mem" },
  });
}

async function time(
  argv: string[],
  stdout = "/dev/null",
  env: Record<string, string> = {},
): Promise<{ s: number; mib: number }> {
  // bash's `time` of /usr/bin/time running the command: wall and CPU time
  // in 1 ms steps (/usr/bin/time prints them in 10 ms steps), and the peak
  // RSS. Timed there, not around the spawn: bash, a shell for the redirect
  // and the spawn added 3-4 ms to every command's wall time, as much to a
  // 30 ms command as to a 300 ms one (medians of 21: /bin/true 5.7 ms timed
  // around the spawn, 2.0 ms here; `deno run` of an empty file 24.7 and
  // 21.0 ms).
  const out = await new Deno.Command("bash", {
    args: [
      "-c",
      `TIMEFORMAT="%3R %3U %3S"; time /usr/bin/time -f %M "$@" > ${stdout}`,
      "bash",
      ...argv,
    ],
    stderr: "piped",
    env,
  }).output();
  const err = new TextDecoder().decode(out.stderr).trim().split("\n");
  if (out.code !== 0) throw new Error(`${argv.join(" ")}: ${err.join(" ")}`);
  const kib = Number(err.at(-2));
  const [real, user, sys] = err.at(-1)!.split(" ").map(Number);
  return { s: CPU ? user + sys : real, mib: kib / 1024 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface Case {
  name: string;
  input: string;
  ours: string[];
  /** Each peer's command, by peer name; missing where it has none. */
  peers: Record<string, string[]>;
  /** Run before each timed command, untimed. */
  prepare?: () => void;
}

const json = (tool: string, name: string) => `${dir}/${tool}-${name}.json`;
const names = ["pagemap", "mm", "fdinfo", "files"];
// JSON inputs for encode: our own plain output (crit reads it the same way),
// and go-criu's own output for go-criu.
for (const name of names) {
  await time([...ours, "decode", "-i", inputs[name], "-o", json("ours", name)]);
  for (const p of peers.filter((p) => p.ownJson)) {
    await time([p.cmd, "decode", "-i", inputs[name], "-o", json(p.name, name)]);
  }
}
const mb = (path: string) =>
  (Deno.statSync(path).size / 1e6).toFixed(1) + " MB";
const perPeer = (f: (p: Peer) => string[]) =>
  Object.fromEntries(peers.map((p) => [p.name, f(p)]));
const cases: Case[] = [{
  name: "floor: deno run of an empty file",
  input: "-",
  ours: [Deno.execPath(), "run", empty],
  peers: {},
}, {
  name: "start-up: --version",
  input: "-",
  ours: [...ours, "--version"],
  peers: {},
}, {
  // What each tool costs before it reads any input.
  name: "start-up: --help",
  input: "-",
  ours: [...ours, "--help"],
  peers: perPeer((p) => [p.cmd, "--help"]),
}];
for (const name of names) {
  for (const pretty of [false, true]) {
    const flag = pretty ? ["--pretty"] : [];
    cases.push({
      name: `decode${pretty ? " --pretty" : ""} ${name}`,
      input: mb(inputs[name]),
      ours: [...ours, "decode", ...flag, "-i", inputs[name]],
      peers: perPeer((p) => [p.cmd, "decode", ...flag, "-i", inputs[name]]),
    });
  }
  cases.push({
    name: `encode ${name}`,
    input: mb(json("ours", name)) + " JSON",
    ours: [
      ...ours,
      "encode",
      "-i",
      json("ours", name),
      "-o",
      `${dir}/ours-${name}.img`,
    ],
    peers: perPeer((p) => [
      p.cmd,
      "encode",
      "-i",
      json(p.ownJson ? p.name : "ours", name),
      "-o",
      `${dir}/${p.name}-${name}.img`,
    ]),
  });
}
cases.push({
  name: "decode one small core",
  input: "1 file",
  ours: [...ours, "decode", "-i", inputs.core],
  peers: perPeer((p) => [p.cmd, "decode", "-i", inputs.core]),
});
cases.push({
  name: "batch decode 2000 cores",
  input: "2000 files",
  ours: [
    ...ours,
    "decode",
    "-q",
    "-i",
    inputs.cores,
    "-o",
    `${dir}/cores-json`,
  ],
  peers: {},
  // Batch output goes into a new or empty directory.
  prepare: () => Deno.removeSync(`${dir}/cores-json`, { recursive: true }),
});

const DUMP_INPUT = "200 tasks, 20k VMAs, 20k fds";
for (const what of ["ps", "fds", "mems", "rss", "sk"]) {
  cases.push({
    name: `x DUMP ${what}`,
    input: DUMP_INPUT,
    ours: [...ours, "x", dump, what],
    peers: Object.fromEntries(
      peers.filter((p) => p.explorers.includes(what)).map((
        p,
      ) => [p.name, [p.cmd, "x", dump, p.xNames?.[what] ?? what, ...p.xFlags]]),
    ),
  });
}

// The commands no peer but our own earlier self has, on the same dump.
const dumpCommands: [string, string[], (() => void)?][] = [
  ["check DUMP", ["check", dump]],
  ["diff DUMP DUMP", ["diff", dump, dump]],
  ["mem DUMP (memory table)", ["mem", dump]],
  ["report DUMP", ["report", dump, "-o", `${dir}/report.html`]],
  [
    "core DUMP (200 ELF cores)",
    ["core", dump, "-o", `${dir}/cores-out`],
    () => Deno.removeSync(`${dir}/cores-out`, { recursive: true }),
  ],
];
for (const [name, argv, prepare] of dumpCommands) {
  cases.push({
    name,
    input: DUMP_INPUT,
    ours: [...ours, ...argv],
    peers: Object.fromEntries(
      peers.filter((p) => p.dumpCommands).map((
        p,
      ) => [p.name, [p.cmd, ...argv]]),
    ),
    prepare,
  });
}

const load = () => Deno.loadavg().map((x) => x.toFixed(2)).join(" ");
console.log(
  `ours: @ckpt/crit ${
    JSON.parse(Deno.readTextFileSync(`${root}deno.json`)).version
  } (deno bundle, Deno ${Deno.version.deno}, V8 ${Deno.version.v8})`,
);
for (const p of peers) console.log(`${p.name}: ${p.about}`);
console.log(
  `${navigator.hardwareConcurrency} CPUs; load average ${load()} at the start; median of ${RUNS} runs, tools alternating; ${
    CPU ? "CPU time (user + system)" : "wall time"
  }`,
);
console.log();
const peerHead = peers.map((p) =>
  ` ${p.name} | peak RSS | ${p.name} / ours | past start-up |`
).join("");
console.log(`| command | input | ours | peak RSS |${peerHead}`);
console.log(
  `| --- | --- | --- | --- |${" --- | --- | --- | --- |".repeat(peers.length)}`,
);
const version = cases.find((c) => c.name === "start-up: --version")!.ours;
for (const c of cases) {
  if (ONLY && !c.name.includes(ONLY) && !c.name.startsWith("start-up")) {
    continue;
  }
  const startupRow = c.name.startsWith("start-up");
  const o: { s: number; mib: number }[] = [];
  const v: number[] = [];
  const p: Record<string, { s: number; mib: number }[]> = {};
  for (let r = 0; r < RUNS; r++) {
    try {
      c.prepare?.();
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    o.push(await time(c.ours));
    // Our start-up, timed among the row's own runs: "past start-up"
    // subtracts it, and a --version timed apart (another minute, another
    // load) once came out below the floor and skewed whole columns.
    if (!startupRow) v.push((await time(version)).s);
    for (const [peer, argv] of Object.entries(c.peers)) {
      const env = peers.find((x) => x.name === peer)!.env;
      (p[peer] ??= []).push(await time(argv, "/dev/null", env));
    }
  }
  const os = median(o.map((x) => x.s));
  const startup = startupRow ? 0 : median(v);
  let row = `| ${c.name} | ${c.input} | ${os.toFixed(3)} s | ${
    median(o.map((x) => x.mib)).toFixed(0)
  } MiB |`;
  for (const peer of peers) {
    const t = p[peer.name];
    if (!t) {
      row += " - | - | - | - |";
      continue;
    }
    const ps = median(t.map((x) => x.s));
    // Rows that read input only: start-up rows are what is subtracted.
    const past = startup > 0 && os > startup
      ? `${(ps / (os - startup)).toFixed(2)}x`
      : "-";
    row += ` ${ps.toFixed(3)} s | ${
      median(t.map((x) => x.mib)).toFixed(0)
    } MiB | ${(ps / os).toFixed(1)}x | ${past} |`;
  }
  console.log(row);
}
console.log(`\nload average ${load()} at the end`);
await Deno.remove(dir, { recursive: true });
