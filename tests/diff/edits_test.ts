/**
 * diffDumps on a real dump and a copy with known edits made to its images
 * (decoded, changed, encoded again): exactly the edits are reported, by
 * the names the issue gives them.
 */
import assert from "node:assert/strict";
import { decodeSync, diffDumps, encodeSync } from "../../mod.ts";
import type { JsonObject } from "../../src/json/types.ts";
import { denoDumpDir } from "../../src/dump/deno_dump_dir.ts";
import { scratchDir } from "../_helpers/scratch.ts";

const fixtures = new URL("../fixtures/", import.meta.url).pathname;

/** Copies a fixture dump, lets `edit` change it, and diffs the two. */
async function diffEdited(
  name: string,
  edit: (
    image: (file: string, change: (e: JsonObject[]) => void) => void,
  ) => void,
) {
  const from = `${fixtures}${name}`;
  const copy = await scratchDir({ prefix: "crit-diff-edit-" });
  try {
    for await (const e of Deno.readDir(from)) {
      if (e.isFile) {
        await Deno.copyFile(`${from}/${e.name}`, `${copy}/${e.name}`);
      }
    }
    edit((file, change) => {
      const image = decodeSync(Deno.readFileSync(`${copy}/${file}`));
      change(image.entries);
      Deno.writeFileSync(`${copy}/${file}`, encodeSync(image));
    });
    return await diffDumps(denoDumpDir(from), denoDumpDir(copy));
  } finally {
    await Deno.remove(copy, { recursive: true });
  }
}

const nothingBut = (d: Awaited<ReturnType<typeof diffDumps>>, keep: string) => {
  for (const k of ["processes", "files", "sockets", "mappings"] as const) {
    if (k === keep) continue;
    assert.deepEqual([d[k].added, d[k].removed, d[k].changed], [[], [], []], k);
  }
  if (keep !== "threads") {
    assert.deepEqual(d.threads, { added: [], removed: [] });
  }
  assert.deepEqual(d.memory, []);
};

Deno.test("credentials, an rlimit and a sigaction changed; registers and timers are not compared", async () => {
  const d = await diffEdited(
    "01-sleep",
    (image) =>
      image("core-25537.img", ([core]) => {
        const tc = core.tc as JsonObject;
        const thread = core.thread_core as JsonObject;
        (thread.creds as JsonObject).uid = 1000;
        ((tc.rlimits as JsonObject).rlimits as JsonObject[])[7].cur = 1024;
        (tc.sigactions as JsonObject[])[9].sigaction = 0x401000;
        (tc.sigactions as JsonObject[])[9].flags = 0x4000000;
        // Per-moment state the diff leaves alone.
        ((core.thread_info as JsonObject).gpregs as JsonObject).ip = 0x1234;
        (((tc.timers as JsonObject).real) as JsonObject).isec = 5;
      }),
  );
  nothingBut(d, "processes");
  assert.deepEqual(d.processes.changed, [{
    pid: 25537,
    comm: "sleep",
    changes: {
      "creds.uid": [0, 1000],
      "rlimit.NOFILE": ["20000/20000", "1024/20000"],
      "sigaction.SIGUSR1": [
        "SIG_DFL flags=0x0 mask=0x0",
        "0x401000 flags=0x4000000 mask=0x0",
      ],
    },
  }]);
});

Deno.test("threads added and removed in a process present in both", async () => {
  const d = await diffEdited(
    "07-threads",
    (image) =>
      image("pstree.img", ([task]) => {
        const threads = task.threads as number[];
        assert.deepEqual(threads.slice(0, 2), [26138, 26139]);
        task.threads = [...threads.filter((t) => t !== 26139), 26200];
      }),
  );
  nothingBut(d, "threads");
  assert.deepEqual(d.threads, {
    added: [{ pid: 26138, tid: 26200 }],
    removed: [{ pid: 26138, tid: 26139 }],
  });
});

Deno.test("a unix socket renamed: it and its peer change, the peer by name", async () => {
  const d = await diffEdited(
    "03b-unix-sockets",
    (image) =>
      image("files.img", (files) => {
        const usk = files.find((f) => (f.usk as JsonObject)?.ino === 209782)!
          .usk as JsonObject;
        usk.name = "/tmp/fixture/renamed.dgram=00";
      }),
  );
  nothingBut(d, "sockets");
  assert.deepEqual(
    d.sockets.changed.map((s) => [s.fd, s.changes]),
    [
      [12, {
        src: ["/tmp/fixture/usock.dgram", "/tmp/fixture/renamed.dgram"],
      }],
      [13, {
        dst: ["/tmp/fixture/usock.dgram", "/tmp/fixture/renamed.dgram"],
      }],
    ],
  );
});

Deno.test("a file's position and flags; a mapping's protection", async () => {
  const d = await diffEdited("16a-diff-pair/a", (image) => {
    image("files.img", (files) => {
      const keep = files.find((f) =>
        (f.reg as JsonObject)?.name === "/tmp/fixture-diff/keep.txt"
      )!.reg as JsonObject;
      keep.pos = 4096;
      keep.flags = 0o102002; // O_RDWR | O_APPEND | O_LARGEFILE
    });
    image("mm-5692.img", ([mm]) => {
      const heap = (mm.vmas as JsonObject[]).find((v) =>
        v.start === 0x1e33f000
      )!;
      heap.prot = 1;
    });
  });
  assert.deepEqual(
    d.files.changed.map((f) => [f.pid, f.fd, f.changes]),
    [5692, 5694].map((pid) => [pid, 4, {
      flags: ["O_RDWR | O_LARGEFILE", "O_RDWR | O_APPEND | O_LARGEFILE"],
      pos: [10, 4096],
    }]),
  );
  assert.deepEqual(d.mappings.changed.map((m) => [m.pid, m.start, m.changes]), [
    [5692, "0x1e33f000", { prot: ["rw-p", "r--p"] }],
  ]);
  assert.deepEqual(d.memory, []);
});

Deno.test("a task moved to another cgroup and uts namespace", async () => {
  const d = await diffEdited("02b-sessions-pgrp-zombie-cgroup", (image) => {
    // 25714 shares every namespace with the root, 25712; in cgroup set 2.
    image("core-25714.img", ([core]) => {
      (core.thread_core as JsonObject).cg_set = 3;
    });
    image("ids-25714.img", ([ids]) => {
      ids.uts_ns_id = 99;
    });
  });
  nothingBut(d, "processes");
  assert.equal(d.processes.changed.length, 1);
  const [{ pid, changes }] = d.processes.changed;
  assert.equal(pid, 25714);
  assert.deepEqual(Object.keys(changes), ["ns.uts", "cgroup"]);
  assert.deepEqual(changes["ns.uts"], [
    "that of task 25712",
    "that of task 25714",
  ]);
  const [from, to] = changes.cgroup as [string, string];
  assert.ok(
    from.includes("memory:/fixture-cg ") &&
      to.includes("memory:/fixture-cg/nested "),
  );
});

Deno.test("a heap that grew is one changed mapping, not one removed and one added", async () => {
  const d = await diffEdited(
    "16a-diff-pair/a",
    (image) =>
      image("mm-5692.img", ([mm]) => {
        const heap = (mm.vmas as JsonObject[]).find((v) =>
          v.start === 0x1e33f000
        )!;
        heap.end = 0x1e371000;
      }),
  );
  nothingBut(d, "mappings");
  assert.deepEqual([d.mappings.added, d.mappings.removed], [[], []]);
  assert.deepEqual(d.mappings.changed.map((m) => [m.pid, m.name, m.changes]), [
    [5692, "[heap]", { end: ["0x1e361000", "0x1e371000"] }],
  ]);
});
