/**
 * What crit 4.2 itself says about a fixture dump (its outputs in ref/):
 * the tasks and their names from `crit x DIR ps`, threads from the decoded
 * pstree, VMAs per task from the decoded mm images, the ports of the TCP and
 * UDP sockets from the decoded files.img. Tests hold the report against these.
 */

export const FIXTURES = new URL("../fixtures", import.meta.url).pathname;

/** The fixture dumps whose report the tests compare with their truth. */
export const SCENARIOS = [
  "02b-sessions-pgrp-zombie-cgroup",
  "03b-unix-sockets",
  "04-tcp-udp",
  "07-threads",
  "12d-netns-netlink-packet-tun-rawsk",
  "13a-nonutf8-names",
  "13d-zombie-stopped-dead",
  "14a-memory-truth",
];

/** crit's facts about one fixture dump. */
export interface Truth {
  /** Pids in `crit x ps` order, with their comm. */
  tasks: { pid: number; comm: string }[];
  /** Thread ids by pid. */
  threads: Map<number, number[]>;
  /** VMAs by pid, for tasks with an mm image. */
  mappings: Map<number, number>;
  /** Local and peer ports of inet sockets (0 left out). */
  ports: number[];
}

// deno-lint-ignore no-explicit-any
const json = (path: string): any => JSON.parse(Deno.readTextFileSync(path));

/** Reads crit's outputs for `scenario` under tests/fixtures. */
export function truth(scenario: string): Truth {
  const ref = `${FIXTURES}/${scenario}/ref`;
  const tasks = Deno.readTextFileSync(`${ref}/x-ps.txt`).split("\n").slice(1)
    .filter((l) => l.trim() !== "")
    .map((l) => {
      const m = /^\s*(\d+)\s+\d+\s+\d+ {3}\s*(.*)$/.exec(l);
      if (!m) throw new Error(`${ref}/x-ps.txt: cannot read ${l}`);
      return { pid: Number(m[1]), comm: m[2] };
    });
  const threads = new Map<number, number[]>();
  for (const p of json(`${ref}/pstree.img.json`).entries) {
    threads.set(p.pid, p.threads);
  }
  const mappings = new Map<number, number>();
  for (const { pid } of tasks) {
    try {
      mappings.set(
        pid,
        json(`${ref}/mm-${pid}.img.json`).entries[0].vmas.length,
      );
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  const ports = new Set<number>();
  for (const f of json(`${ref}/files.img.json`).entries) {
    // A raw socket's "port" is its protocol number.
    if (f.isk?.type === "RAW") continue;
    for (const p of [f.isk?.src_port, f.isk?.dst_port]) {
      if (p) ports.add(p);
    }
  }
  return { tasks, threads, mappings, ports: [...ports] };
}
