/**
 * buildReport over the fixture dumps, held against crit 4.2's own outputs
 * (ref/) and CRIU's own page count (stats-dump).
 */
import assert from "node:assert/strict";
import { buildReport, decodeSync } from "../../mod.ts";
import { denoDumpDir } from "../../src/dump/deno_dump_dir.ts";
import { mapDumpDir } from "../../bench/report_gen.ts";
import { FIXTURES, SCENARIOS, truth } from "./_truth.ts";
import { scratchDir } from "../_helpers/scratch.ts";

for (const scenario of SCENARIOS) {
  Deno.test(`buildReport ${scenario}: tasks, threads, VMAs and ports as crit sees them`, async () => {
    const t = truth(scenario);
    const r = await buildReport(denoDumpDir(`${FIXTURES}/${scenario}`));
    assert.deepEqual(
      r.processes.map((p) => ({ pid: p.pid, comm: p.comm })),
      t.tasks,
    );
    for (const p of r.processes) {
      assert.deepEqual(p.threads, t.threads.get(p.pid));
      assert.equal(p.mappings.length, t.mappings.get(p.pid) ?? 0, `${p.pid}`);
      for (const m of p.mappings) {
        assert.equal(m.dumped + m.zero + m.file + m.missing, m.pages);
      }
    }
    const ports = new Set(
      r.processes.flatMap((p) =>
        p.sockets.flatMap((s) => [s.srcPort, s.destPort])
      ).filter((n) => n),
    );
    assert.deepEqual([...ports].sort(), [...t.ports].sort());
    assert.equal(r.counts.processes, t.tasks.length);
    assert.equal(
      r.counts.mappings,
      [...t.mappings.values()].reduce((a, b) => a + b, 0),
    );
    assert.deepEqual(r.notes, []);
  });
}

Deno.test("buildReport: the pages in the dump are the pages CRIU says it wrote", async () => {
  for (const scenario of SCENARIOS) {
    const dir = `${FIXTURES}/${scenario}`;
    const stats = decodeSync(Deno.readFileSync(`${dir}/stats-dump`))
      .entries[0].dump as Record<string, number>;
    const r = await buildReport(denoDumpDir(dir));
    // Shared memory pages are written once for all tasks, apart from these.
    if (stats.shpages_written) continue;
    assert.equal(r.counts.dumpedPages, stats.pages_written, scenario);
    assert.deepEqual(r.stats, stats);
  }
});

Deno.test("buildReport: a zombie has its exit and a note, not memory", async () => {
  const scenario = "02b-sessions-pgrp-zombie-cgroup";
  const r = await buildReport(denoDumpDir(`${FIXTURES}/${scenario}`));
  const zombies = r.processes.filter((p) => p.state === "zombie");
  assert.deepEqual(zombies.map((p) => p.pid), [25718, 25720]);
  for (const p of zombies) {
    // crit's core image: tc.exit_code is the wait status.
    const core = JSON.parse(
      Deno.readTextFileSync(
        `${FIXTURES}/${scenario}/ref/core-${p.pid}.img.json`,
      ),
    );
    const code = core.entries[0].tc.exit_code >> 8;
    assert.equal(p.exitCode, code);
    assert.equal(p.mappings.length, 0);
    assert.ok(
      p.notes.includes(
        `no memory: the task is a zombie (exited with code ${code})`,
      ),
      p.notes.join(),
    );
  }
});

function fixtureFiles(scenario: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const e of Deno.readDirSync(`${FIXTURES}/${scenario}`)) {
    if (e.isFile) {
      files.set(e.name, Deno.readFileSync(`${FIXTURES}/${scenario}/${e.name}`));
    }
  }
  return files;
}

Deno.test("buildReport: an unreadable image is a note, the rest is shown", async () => {
  const files = fixtureFiles("04-tcp-udp");
  files.set("fdinfo-2.img", files.get("fdinfo-2.img")!.subarray(0, 11));
  const r = await buildReport(mapDumpDir(files));
  assert.equal(r.processes.length, 1);
  assert.equal(r.processes[0].mappings.length, 11);
  assert.equal(r.processes[0].files.length, 0);
  assert.ok(r.notes.some((n) => n.startsWith("open files: ")), r.notes.join());
  assert.ok(r.notes.some((n) => n.startsWith("sockets: ")), r.notes.join());
});

Deno.test("buildReport: no pstree.img is an error", async () => {
  const files = fixtureFiles("04-tcp-udp");
  files.delete("pstree.img");
  await assert.rejects(buildReport(mapDumpDir(files)), /pstree\.img/);
});

Deno.test("buildReport: extras go into the report as given", async () => {
  const files = fixtureFiles("01-sleep");
  const container = { engine: "Podman", name: "counter" };
  const check = { verdict: "ok", problems: [] };
  const r = await buildReport(mapDumpDir(files), {
    title: "t",
    container,
    check,
  });
  assert.equal(r.title, "t");
  assert.deepEqual(r.container, container);
  assert.deepEqual(r.check, check);
  // 01-sleep has its pages; SCENARIO.md: `sleep 100000`, with only PATH,
  // HOME, LANG and TERM in its environment.
  assert.deepEqual(r.processes[0].argv, ["/usr/bin/sleep", "100000"]);
  assert.deepEqual(
    r.processes[0].env.map((e) => e.split("=")[0]),
    ["PATH", "HOME", "LANG", "TERM"],
  );
});

Deno.test("buildReport: without the pages file, argv is a note saying why", async () => {
  // 04-tcp-udp without its pages-1.img.
  const dir = await scratchDir();
  for (const e of Deno.readDirSync(`${FIXTURES}/04-tcp-udp`)) {
    if (e.isFile && e.name !== "pages-1.img") {
      await Deno.copyFile(
        `${FIXTURES}/04-tcp-udp/${e.name}`,
        `${dir}/${e.name}`,
      );
    }
  }
  const [p] = (await buildReport(denoDumpDir(dir))).processes;
  assert.deepEqual(p.argv, []);
  assert.match(
    p.notes.join("\n"),
    /^\d+ bytes of argv and environment cannot be read: the image holding them is not in the dump$/m,
  );
});
