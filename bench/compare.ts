/**
 * Times whole commands, ours against the peers this machine has, on the
 * inputs of bench/gen.ts, in one run, and prints wall time, peak RSS and the
 * ratios. Peers: Python crit (`crit` on PATH, e.g. Debian's `criu` package)
 * and go-criu's crit (`$GO_CRIT`, or `go-crit` on PATH). Each command runs
 * `--runs` times, alternating tools; the median is reported. The first rows
 * are the floor (`deno run` of an empty file) and each tool's `--help`: what
 * a command costs before it reads any input.
 *
 *     deno run -A bench/compare.ts [--runs 3]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { generate } from "./gen.ts";

const args = parseArgs({
  args: Deno.args,
  options: { runs: { type: "string", default: "3" } },
});
const RUNS = Number(args.values.runs);
const root = new URL("..", import.meta.url).pathname;
const dir = await Deno.makeTempDir({ prefix: "crit-bench-" });
const inputs = generate(dir);

// Ours as users get it: one bundled file (what `deno compile` embeds too).
const bundle = `${dir}/crit.js`;
const b = await new Deno.Command(Deno.execPath(), {
  args: ["bundle", "--minify", "-o", bundle, `${root}cli.ts`],
  stderr: "null",
  stdout: "null",
}).output();
if (b.code !== 0) throw new Error("deno bundle failed");
const ours = [Deno.execPath(), "run", "-R", "-W", bundle];
const empty = `${dir}/empty.js`;
Deno.writeTextFileSync(empty, "");

async function runs(cmd: string, arg: string): Promise<boolean> {
  return await new Deno.Command(cmd, {
    args: [arg],
    stdout: "null",
    stderr: "null",
  }).output().then((o) => o.code === 0).catch(() => false);
}

interface Peer {
  name: string;
  cmd: string;
  /** Reads only its own JSON back (go-criu writes 64-bit numbers as strings). */
  ownJson: boolean;
}
const peers: Peer[] = [];
if (await runs("crit", "-h")) {
  peers.push({ name: "Python crit", cmd: "crit", ownJson: false });
}
const goCrit = Deno.env.get("GO_CRIT") ?? "go-crit";
if (await runs(goCrit, "--help")) {
  peers.push({ name: "go-criu crit", cmd: goCrit, ownJson: true });
}

async function time(
  argv: string[],
  stdout = "/dev/null",
): Promise<{ s: number; mib: number }> {
  const t = performance.now();
  const out = await new Deno.Command("/usr/bin/time", {
    args: ["-f", "%M", "sh", "-c", `"$@" > ${stdout}`, "sh", ...argv],
    stderr: "piped",
  }).output();
  const s = (performance.now() - t) / 1000;
  const err = new TextDecoder().decode(out.stderr).trim().split("\n");
  if (out.code !== 0) throw new Error(`${argv.join(" ")}: ${err.join(" ")}`);
  return { s, mib: Number(err.at(-1)) / 1024 };
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
});

const peerHead = peers.map((p) => ` ${p.name} | peak RSS | ${p.name} / ours |`)
  .join("");
console.log(`| command | input | ours | peak RSS |${peerHead}`);
console.log(
  `| --- | --- | --- | --- |${" --- | --- | --- |".repeat(peers.length)}`,
);
for (const c of cases) {
  const o: { s: number; mib: number }[] = [];
  const p: Record<string, { s: number; mib: number }[]> = {};
  for (let r = 0; r < RUNS; r++) {
    o.push(await time(c.ours));
    for (const [peer, argv] of Object.entries(c.peers)) {
      (p[peer] ??= []).push(await time(argv));
    }
  }
  const os = median(o.map((x) => x.s));
  let row = `| ${c.name} | ${c.input} | ${os.toFixed(3)} s | ${
    median(o.map((x) => x.mib)).toFixed(0)
  } MiB |`;
  for (const peer of peers) {
    const t = p[peer.name];
    if (!t) {
      row += " - | - | - |";
      continue;
    }
    const ps = median(t.map((x) => x.s));
    row += ` ${ps.toFixed(3)} s | ${
      median(t.map((x) => x.mib)).toFixed(0)
    } MiB | ${(ps / os).toFixed(1)}x |`;
  }
  console.log(row);
}
await Deno.remove(dir, { recursive: true });
