/**
 * crit check: clean on every real dump in tests/fixtures, and every seeded
 * defect (a real dump broken one way, in a temporary copy) is an error that
 * names the image at fault.
 */
import assert from "node:assert/strict";
import { checkDump } from "../../src/check/check.ts";
import type { CheckReport } from "../../src/check/problem.ts";
import { denoDumpDir } from "../../src/dump/deno_dump_dir.ts";
import { decodeSync } from "../../src/codec/decode.ts";
import { encodeSync } from "../../src/codec/encode.ts";
import type { CriuImage, JsonObject } from "../../src/json/types.ts";
import { fileNames, fixtureDumps, FIXTURES } from "./_dumps.ts";
import { scratchDir } from "../_helpers/scratch.ts";

const names = fileNames;

function check(dir: string, strict = false): Promise<CheckReport> {
  return checkDump(denoDumpDir(dir), { names: names(dir), strict });
}

Deno.test("every fixture dump is clean: no errors, no warnings", async () => {
  const all = fixtureDumps();
  assert.ok(all.length >= 20, `only ${all.length} fixture dumps`);
  for (const d of all) {
    const r = await check(FIXTURES + d);
    const bad = r.problems.filter((p) => p.severity !== "note");
    assert.deepEqual(bad, [], d);
    assert.equal(r.ok, true, d);
    // Every image was decoded: the count is the number of non-raw images.
    assert.ok((r.checked.images ?? 0) > 0, d);
  }
});

/** A temporary copy of a fixture's images (no ref/). */
async function copy(fixture: string): Promise<string> {
  const tmp = await scratchDir({ prefix: "crit-check-" });
  for (const n of names(FIXTURES + fixture)) {
    await Deno.copyFile(`${FIXTURES}${fixture}/${n}`, `${tmp}/${n}`);
  }
  return tmp;
}

function readImage(dir: string, name: string): CriuImage {
  return decodeSync(Deno.readFileSync(`${dir}/${name}`));
}

function writeImage(dir: string, name: string, image: CriuImage): void {
  Deno.writeFileSync(`${dir}/${name}`, encodeSync(image));
}

/** Breaks a copy of `fixture`, checks it, and removes the copy. */
async function seeded(
  fixture: string,
  breakIt: (dir: string) => void | Promise<void>,
): Promise<CheckReport> {
  const dir = await copy(fixture);
  try {
    await breakIt(dir);
    return await check(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The report has an error naming `image` (as the image, or in its text). */
function assertErrorNames(r: CheckReport, image: string, path?: string) {
  assert.equal(r.ok, false, `not ok for ${image}`);
  const hit = r.problems.find((p) =>
    p.severity === "error" &&
    (p.image === image || p.message.includes(image)) &&
    (path === undefined || p.path.startsWith(path))
  );
  assert.ok(
    hit,
    `no error naming ${image}${path ? " at " + path : ""}:\n${
      JSON.stringify(r.problems, null, 1)
    }`,
  );
}

const remove = (name: string) => (dir: string) =>
  Deno.removeSync(`${dir}/${name}`);

const DELETIONS: [string, string][] = [
  ["01-sleep", "inventory.img"],
  ["01-sleep", "pstree.img"],
  ["01-sleep", "core-25537.img"],
  ["01-sleep", "ids-25537.img"],
  ["01-sleep", "mm-25537.img"],
  ["01-sleep", "pagemap-25537.img"],
  ["01-sleep", "fs-25537.img"],
  ["01-sleep", "fdinfo-2.img"],
  ["01-sleep", "files.img"],
  ["01-sleep", "pages-1.img"],
  ["07-threads", "core-26140.img"],
  ["06-namespaces-sysvipc", "mountpoints-13.img"],
  ["06-namespaces-sysvipc", "utsns-12.img"],
  ["06-namespaces-sysvipc", "ipcns-var-11.img"],
  ["06-namespaces-sysvipc", "pagemap-shmem-1.img"],
  ["06-namespaces-sysvipc", "tmpfs-dev-46.tar.gz.img"],
  ["04-tcp-udp", "tcp-stream-38d50.img"],
  ["05a-ghost-small", "ghost-file-3.img"],
  ["09a-memfd", "pagemap-shmem-235.img"],
  ["09a-memfd", "memfd.img"],
  ["12a-pty-tty", "tty-info.img"],
];

for (const [fixture, image] of DELETIONS) {
  Deno.test(`seeded: ${fixture} without ${image} is an error naming it`, async () => {
    assertErrorNames(await seeded(fixture, remove(image)), image);
  });
}

Deno.test("seeded: a pages file cut short by one page", async () => {
  const r = await seeded("01-sleep", (dir) => {
    const f = `${dir}/pages-1.img`;
    const size = Deno.statSync(f).size;
    Deno.truncateSync(f, size - 4096);
  });
  assertErrorNames(r, "pages-1.img");
});

Deno.test("seeded: a pages file of a 10-task dump cut short by one byte", async () => {
  const r = await seeded("02b-sessions-pgrp-zombie-cgroup", (dir) => {
    const f = `${dir}/pages-5.img`;
    Deno.truncateSync(f, Deno.statSync(f).size - 1);
  });
  assertErrorNames(r, "pages-5.img");
});

Deno.test("seeded: an image cut inside an entry does not decode", async () => {
  const r = await seeded("03b-unix-sockets", (dir) => {
    const f = `${dir}/files.img`;
    Deno.truncateSync(f, Deno.statSync(f).size - 3);
  });
  assertErrorNames(r, "files.img");
});

Deno.test("seeded: a corrupt magic", async () => {
  const r = await seeded("01-sleep", (dir) => {
    const f = `${dir}/mm-25537.img`;
    const b = Deno.readFileSync(f);
    b[4] ^= 0xff;
    Deno.writeFileSync(f, b);
  });
  assertErrorNames(r, "mm-25537.img");
});

Deno.test("seeded: another image's magic under a name", async () => {
  const r = await seeded("01-sleep", (dir) => {
    Deno.copyFileSync(`${dir}/fs-25537.img`, `${dir}/ids-25537.img`);
  });
  assertErrorNames(r, "ids-25537.img", "magic");
});

Deno.test("seeded: the files.img entry an fd uses is dropped", async () => {
  const r = await seeded("01-sleep", (dir) => {
    const fdinfo = readImage(dir, "fdinfo-2.img");
    const id = fdinfo.entries[0].id;
    const files = readImage(dir, "files.img");
    files.entries = files.entries.filter((f) => f.id !== id);
    writeImage(dir, "files.img", files);
  });
  assertErrorNames(r, "fdinfo-2.img", "entries[0]");
  assert.ok(r.problems.some((p) => /No file for fd 0 id 0x/.test(p.message)));
});

Deno.test("seeded: an fd whose file has another type", async () => {
  const r = await seeded("03b-unix-sockets", (dir) => {
    const fdinfo = readImage(dir, "fdinfo-2.img");
    fdinfo.entries[3].type = "PIPE";
    writeImage(dir, "fdinfo-2.img", fdinfo);
  });
  assertErrorNames(r, "fdinfo-2.img", "entries[3]");
});

Deno.test("seeded: a pstree entry with children is dropped", async () => {
  const r = await seeded("02b-sessions-pgrp-zombie-cgroup", (dir) => {
    const tree = readImage(dir, "pstree.img");
    const parents = new Set(tree.entries.map((e) => e.ppid));
    const i = tree.entries.findIndex((e, i) => i > 0 && parents.has(e.pid));
    assert.ok(i > 0);
    tree.entries.splice(i, 1);
    writeImage(dir, "pstree.img", tree);
  });
  assertErrorNames(r, "pstree.img");
  assert.ok(r.problems.some((p) => /Can't find a parent for/.test(p.message)));
});

Deno.test("seeded: a child listed before its parent", async () => {
  const r = await seeded("02b-sessions-pgrp-zombie-cgroup", (dir) => {
    const tree = readImage(dir, "pstree.img");
    tree.entries.reverse();
    writeImage(dir, "pstree.img", tree);
  });
  assertErrorNames(r, "pstree.img");
});

Deno.test("seeded: a thread id that is also a task", async () => {
  const r = await seeded("07-threads", (dir) => {
    const tree = readImage(dir, "pstree.img");
    const threads = tree.entries[0].threads as number[];
    threads[1] = threads[2];
    writeImage(dir, "pstree.img", tree);
  });
  assertErrorNames(r, "pstree.img", "entries[0].threads");
});

Deno.test("seeded: a pagemap entry moved outside every VMA", async () => {
  const r = await seeded("01-sleep", (dir) => {
    const pm = readImage(dir, "pagemap-25537.img");
    const mm = readImage(dir, "mm-25537.img");
    const first = BigInt(
      (mm.entries[0].vmas as JsonObject[])[0].start as number,
    );
    // One page below the lowest VMA, keeping the entries ascending.
    pm.entries[1].vaddr = Number(first - 0x100000n);
    pm.entries[1].nr_pages = 1;
    writeImage(dir, "pagemap-25537.img", pm);
  });
  assertErrorNames(r, "pagemap-25537.img", "entries[1]");
});

Deno.test("seeded: pagemap entries out of order", async () => {
  const r = await seeded("01-sleep", (dir) => {
    const pm = readImage(dir, "pagemap-25537.img");
    const [head, ...rest] = pm.entries;
    pm.entries = [head, ...rest.reverse()];
    writeImage(dir, "pagemap-25537.img", pm);
  });
  assertErrorNames(r, "pagemap-25537.img");
});

Deno.test("seeded: pages in a parent dump that is not there", async () => {
  const r = await seeded("01-sleep", (dir) => {
    const pm = readImage(dir, "pagemap-25537.img");
    pm.entries[1].flags = 1; // PE_PARENT
    writeImage(dir, "pagemap-25537.img", pm);
  });
  assertErrorNames(r, "pagemap-25537.img", "entries[1]");
  // The pages file is now longer than the pagemap says, too.
  assertErrorNames(r, "pages-1.img");
});

Deno.test("seeded: overlapping VMAs", async () => {
  const r = await seeded("01-sleep", (dir) => {
    const mm = readImage(dir, "mm-25537.img");
    const vmas = mm.entries[0].vmas as JsonObject[];
    vmas[1].start = vmas[0].start;
    writeImage(dir, "mm-25537.img", mm);
  });
  assertErrorNames(r, "mm-25537.img", "entries[0].vmas[1]");
});

Deno.test("seeded: a VMA pointing at a missing file", async () => {
  const r = await seeded("01-sleep", (dir) => {
    const mm = readImage(dir, "mm-25537.img");
    const vmas = mm.entries[0].vmas as JsonObject[];
    const i = vmas.findIndex((v) => ((v.status as number) & 0xc0) !== 0);
    vmas[i].shmid = 0x7777;
    writeImage(dir, "mm-25537.img", mm);
  });
  assertErrorNames(r, "mm-25537.img", "entries[0].vmas[");
  assert.ok(
    r.problems.some((p) => /No entry for reg-file-ID 0x7777/.test(p.message)),
  );
});

Deno.test("seeded: the executable's file is gone", async () => {
  const r = await seeded("01-sleep", (dir) => {
    const mm = readImage(dir, "mm-25537.img");
    mm.entries[0].exe_file_id = 0x4242;
    writeImage(dir, "mm-25537.img", mm);
  });
  assertErrorNames(r, "mm-25537.img", "entries[0].exe_file_id");
});

Deno.test("seeded: a cwd that is not in files.img", async () => {
  const r = await seeded("01-sleep", (dir) => {
    const fs = readImage(dir, "fs-25537.img");
    fs.entries[0].cwd_id = 0x4343;
    writeImage(dir, "fs-25537.img", fs);
  });
  assertErrorNames(r, "fs-25537.img", "entries[0].cwd_id");
});

Deno.test("seeded: a broken unix peer", async () => {
  const r = await seeded("03b-unix-sockets", (dir) => {
    const files = readImage(dir, "files.img");
    const sk = files.entries.find((f) => f.type === "UNIXSK")!;
    (sk.usk as JsonObject).peer = 999999;
    writeImage(dir, "files.img", files);
  });
  assertErrorNames(r, "files.img");
  assert.ok(r.problems.some((p) => /Peer 999999 unresolved/.test(p.message)));
});

Deno.test("seeded: a remap of a file that is not there", async () => {
  const r = await seeded("05a-ghost-small", (dir) => {
    const remaps = readImage(dir, "remap-fpath.img");
    remaps.entries[0].orig_id = 0x999;
    writeImage(dir, "remap-fpath.img", remaps);
  });
  assertErrorNames(r, "remap-fpath.img", "entries[0].orig_id");
});

Deno.test("seeded: a file on a mount the mount namespace lacks", async () => {
  const r = await seeded("06-namespaces-sysvipc", (dir) => {
    const files = readImage(dir, "files.img");
    const reg = files.entries.find((f) =>
      (f.reg as JsonObject | undefined)?.mnt_id !== undefined
    )!;
    (reg.reg as JsonObject).mnt_id = 4000;
    writeImage(dir, "files.img", files);
  });
  assertErrorNames(r, "files.img");
  assert.ok(r.problems.some((p) => /Can't lookup mount=4000/.test(p.message)));
});

Deno.test("seeded: a task in a cgroup set cgroup.img lacks", async () => {
  const r = await seeded("02b-sessions-pgrp-zombie-cgroup", (dir) => {
    const core = readImage(dir, "core-25712.img");
    (core.entries[0].tc as JsonObject).cg_set = 77;
    writeImage(dir, "core-25712.img", core);
  });
  assertErrorNames(r, "core-25712.img", "entries[0].tc.cg_set");
});

Deno.test("external resources are notes naming the option, not errors", async () => {
  const r = await seeded("03b-unix-sockets", (dir) => {
    const files = readImage(dir, "files.img");
    const a = files.entries.find((f) => f.type === "UNIXSK")!;
    const peer = (a.usk as JsonObject).peer;
    const b = files.entries.find((f) =>
      (f.usk as JsonObject | undefined)?.ino === peer
    )!;
    (b.usk as JsonObject).uflags = 1; // USK_EXTERN
    writeImage(dir, "files.img", files);
  });
  assert.equal(r.ok, true);
  assert.ok(
    r.problems.some((p) =>
      p.severity === "note" && /--ext-unix-sk/.test(p.message)
    ),
  );
});

Deno.test("a dumped net namespace without images is a warning naming --empty-ns net", async () => {
  const r = await seeded("06-namespaces-sysvipc", remove("netns-10.img"));
  assert.equal(r.ok, true);
  assert.ok(
    r.problems.some((p) =>
      p.severity === "warning" && p.image === "ids-1.img" &&
      /no netns-10\.img.*--empty-ns net/.test(p.message)
    ),
    JSON.stringify(r.problems),
  );
});

Deno.test("a dump made with --tcp-close needs no tcp-stream images", async () => {
  const r = await seeded("04-tcp-udp", (dir) => {
    const inv = readImage(dir, "inventory.img");
    inv.entries[0].tcp_close = true;
    writeImage(dir, "inventory.img", inv);
    for (const n of names(dir)) {
      if (n.startsWith("tcp-stream-")) Deno.removeSync(`${dir}/${n}`);
    }
  });
  assert.equal(r.ok, true, JSON.stringify(r.problems));
  assert.ok(r.problems.some((p) => /--tcp-close/.test(p.message)));
});

Deno.test("--strict lists images nothing refers to", async () => {
  const dir = await copy("01-sleep");
  try {
    Deno.copyFileSync(`${dir}/core-25537.img`, `${dir}/core-4242.img`);
    const loose = await check(dir);
    assert.equal(loose.problems.length, 0);
    const strict = await check(dir, true);
    assert.equal(strict.ok, true);
    assert.deepEqual(strict.problems.map((p) => [p.severity, p.image]), [
      ["warning", "core-4242.img"],
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("seeded: a SysV mapping whose segment is not in ipcns-shm", async () => {
  const r = await seeded("06-namespaces-sysvipc", (dir) => {
    const shm = readImage(dir, "ipcns-shm-11.img");
    const mm = readImage(dir, "mm-1.img");
    const vma = (mm.entries[0].vmas as JsonObject[]).find((v) =>
      ((v.status as number) & (1 << 10)) !== 0
    )!;
    shm.entries = shm.entries.filter((e) =>
      (e.desc as JsonObject).id !== vma.shmid
    );
    // crit's ipcns-shm handler keeps the segment bytes in the last entry's
    // payload; an image of fewer segments is written without them.
    for (const e of shm.entries) delete e.extra;
    writeImage(dir, "ipcns-shm-11.img", shm);
  });
  assertErrorNames(r, "mm-1.img", "entries[0].vmas[");
  assert.ok(r.problems.some((p) => /ipcns-shm-11\.img/.test(p.message)));
});

Deno.test("seeded: memfd pages beyond the memfd's size", async () => {
  const r = await seeded("09a-memfd", (dir) => {
    const inodes = readImage(dir, "memfd.img");
    const inode = inodes.entries.find((e) => e.shmid === 237)!;
    inode.size = 8192; // the pagemap also has a page at offset 499712
    writeImage(dir, "memfd.img", inodes);
  });
  assertErrorNames(r, "pagemap-shmem-237.img", "entries[2]");
});

Deno.test("seeded: a lock on an fd its task does not have", async () => {
  const r = await seeded("08-file-locks", (dir) => {
    const locks = readImage(dir, "filelocks.img");
    locks.entries[0].fd = 333;
    writeImage(dir, "filelocks.img", locks);
  });
  assertErrorNames(r, "filelocks.img", "entries[0].fd");
});

Deno.test("seeded: a child in a uts namespace of its own", async () => {
  const r = await seeded("02b-sessions-pgrp-zombie-cgroup", (dir) => {
    const ids = readImage(dir, "ids-25713.img");
    ids.entries[0].uts_ns_id = 99;
    writeImage(dir, "ids-25713.img", ids);
  });
  assertErrorNames(r, "ids-25713.img", "entries[0].uts_ns_id");
  assert.ok(
    r.problems.some((p) => /Can't restore sub-task in NS/.test(p.message)),
  );
});

Deno.test("seeded: a live task without threads", async () => {
  const r = await seeded("01-sleep", (dir) => {
    const tree = readImage(dir, "pstree.img");
    tree.entries[0].threads = [];
    writeImage(dir, "pstree.img", tree);
  });
  assertErrorNames(r, "pstree.img", "entries[0].threads");
});

Deno.test("seeded: a core without its task core", async () => {
  const r = await seeded("01-sleep", (dir) => {
    const core = readImage(dir, "core-25537.img");
    delete core.entries[0].tc;
    writeImage(dir, "core-25537.img", core);
  });
  assertErrorNames(r, "core-25537.img", "entries[0].tc");
});

/**
 * An incremental pair made from 01-sleep: the child dump takes the pages of
 * its first pagemap entry from parent/, and its own pages file lacks them.
 */
async function chain(): Promise<string> {
  const dir = await copy("01-sleep");
  Deno.mkdirSync(`${dir}/parent`);
  for (const n of names(dir)) {
    Deno.copyFileSync(`${dir}/${n}`, `${dir}/parent/${n}`);
  }
  const pm = readImage(dir, "pagemap-25537.img");
  const first = pm.entries[1];
  assert.equal(first.flags, 4); // PE_PRESENT: its pages lead the pages file
  first.flags = 1; // PE_PARENT
  writeImage(dir, "pagemap-25537.img", pm);
  const pages = Deno.readFileSync(`${dir}/pages-1.img`);
  Deno.writeFileSync(
    `${dir}/pages-1.img`,
    pages.subarray((first.nr_pages as number) * 4096),
  );
  return dir;
}

Deno.test("an incremental dump whose pages are in parent/ is clean", async () => {
  const dir = await chain();
  try {
    const r = await check(dir);
    assert.deepEqual(r.problems.filter((p) => p.severity === "error"), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("seeded: the parent dump of an incremental dump lost its pages", async () => {
  const dir = await chain();
  try {
    Deno.truncateSync(`${dir}/parent/pages-1.img`, 0);
    assertErrorNames(await check(dir), "parent/pages-1.img");
    Deno.removeSync(`${dir}/parent/pagemap-25537.img`);
    assertErrorNames(await check(dir), "pagemap-25537.img", "entries[1]");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("seeded: a files.img entry whose details have another id", async () => {
  const r = await seeded("01-sleep", (dir) => {
    const files = readImage(dir, "files.img");
    (files.entries[0].reg as JsonObject).id = 0x5555;
    writeImage(dir, "files.img", files);
  });
  assertErrorNames(r, "files.img", "entries[0].reg.id");
  assert.ok(r.problems.some((p) => /ID mismatch/.test(p.message)));
});

Deno.test("seeded: an epoll watching an fd the task does not have", async () => {
  const r = await seeded(
    "03d-eventfd-epoll-signalfd-timerfd-inotify-fanotify",
    (dir) => {
      const files = readImage(dir, "files.img");
      const ep = files.entries.find((f) => f.type === "EVENTPOLL")!;
      ((ep.epfd as JsonObject).tfd as JsonObject[])[0].tfd = 999;
      writeImage(dir, "files.img", files);
    },
  );
  assertErrorNames(r, "fdinfo-2.img");
  assert.ok(r.problems.some((p) => /watches fd 999/.test(p.message)));
});

Deno.test("seeded: a pidfd of a process outside the dump", async () => {
  const r = await seeded("12i-pidfd", (dir) => {
    const files = readImage(dir, "files.img");
    const pidfd = files.entries.find((f) =>
      f.type === "PIDFD" && (f.pidfd as JsonObject).nspid !== -1
    )!;
    (pidfd.pidfd as JsonObject).nspid = 4242;
    writeImage(dir, "files.img", files);
  });
  assertErrorNames(r, "files.img");
  assert.ok(
    r.problems.some((p) => /pid 4242, which is no task/.test(p.message)),
  );
});

Deno.test("seeded: queued tty data for a tty no file uses", async () => {
  const r = await seeded("12a-pty-tty", (dir) => {
    const data = readImage(dir, "tty-data.img");
    data.entries[0].tty_id = 77;
    writeImage(dir, "tty-data.img", data);
  });
  assertErrorNames(r, "tty-data.img", "entries[0].tty_id");
});

Deno.test("seeded: a PTY without its pty data", async () => {
  const r = await seeded("12a-pty-tty", (dir) => {
    const infos = readImage(dir, "tty-info.img");
    delete infos.entries[0].pty;
    writeImage(dir, "tty-info.img", infos);
  });
  assertErrorNames(r, "tty-info.img", "entries[0].pty");
});

/** Gives 01-sleep's task fd 9: a file of its own net namespace (id 2). */
function addNetNsFile(dir: string, nsId: number, cflag: number) {
  const files = readImage(dir, "files.img");
  files.entries.push({
    type: "NS",
    id: 99,
    nsf: { id: 99, ns_id: nsId, ns_cflag: cflag, flags: 0 },
  });
  writeImage(dir, "files.img", files);
  const fdinfo = readImage(dir, "fdinfo-2.img");
  fdinfo.entries.push({ id: 99, flags: 0, type: "NS", fd: 9 });
  writeImage(dir, "fdinfo-2.img", fdinfo);
}

const CLONE_NEWNET = 0x40000000;

Deno.test("a namespace file of the task's own net namespace is clean", async () => {
  const r = await seeded("01-sleep", (dir) => {
    assert.equal(readImage(dir, "ids-25537.img").entries[0].net_ns_id, 2);
    addNetNsFile(dir, 2, CLONE_NEWNET);
  });
  assert.deepEqual(r.problems, []);
});

Deno.test("seeded: a namespace file of a namespace nobody is in", async () => {
  const r = await seeded(
    "01-sleep",
    (dir) => addNetNsFile(dir, 77, CLONE_NEWNET),
  );
  assertErrorNames(r, "files.img", "entries[");
  assert.ok(
    r.problems.some((p) =>
      /Can't find suitable NS ID for 0x4d/.test(p.message)
    ),
  );
});

Deno.test("seeded: a namespace file with the wrong clone flag", async () => {
  const r = await seeded("01-sleep", (dir) => addNetNsFile(dir, 2, 0x20000));
  assert.ok(
    r.problems.some((p) => /Clone flag mismatch for 0x2/.test(p.message)),
  );
});

Deno.test("seeded: a thread in seccomp filter mode without the filter", async () => {
  const r = await seeded("01-sleep", (dir) => {
    assert.deepEqual(
      readImage(dir, "seccomp.img").entries[0].seccomp_filters ?? [],
      [],
    );
    const core = readImage(dir, "core-25537.img");
    const tc = core.entries[0].thread_core as JsonObject;
    tc.seccomp_mode = "filter";
    tc.seccomp_filter = 3;
    writeImage(dir, "core-25537.img", core);
  });
  assertErrorNames(
    r,
    "core-25537.img",
    "entries[0].thread_core.seccomp_filter",
  );
});

/** Gives 06's task fd 9: a fanotify marking mount `mntId`. */
function addFanotify(dir: string, mntId: number) {
  const fown = { uid: 0, euid: 0, signum: 0, pid_type: 0, pid: 0 };
  const files = readImage(dir, "files.img");
  files.entries.push({
    type: "FANOTIFY",
    id: 99,
    ffy: {
      id: 99,
      flags: 2,
      fown,
      faflags: 0,
      evflags: 0,
      mark: [{
        id: 99,
        type: "MOUNT",
        mflags: 0,
        mask: 1,
        ignored_mask: 0,
        s_dev: 0,
        me: { mnt_id: mntId },
      }],
    },
  });
  writeImage(dir, "files.img", files);
  const fdinfo = readImage(dir, "fdinfo-2.img");
  fdinfo.entries.push({ id: 99, flags: 0, type: "FANOTIFY", fd: 9 });
  writeImage(dir, "fdinfo-2.img", fdinfo);
}

Deno.test("a fanotify mark on a mount of the dumped mount namespace is clean", async () => {
  const r = await seeded("06-namespaces-sysvipc", (dir) => {
    const mounts = readImage(dir, "mountpoints-13.img").entries;
    assert.ok(mounts.some((m) => m.mnt_id === 70));
    addFanotify(dir, 70);
  });
  assert.deepEqual(r.problems, []);
});

Deno.test("seeded: a fanotify mark on a mount that is not there", async () => {
  const r = await seeded(
    "06-namespaces-sysvipc",
    (dir) => addFanotify(dir, 4000),
  );
  assertErrorNames(r, "files.img", "entries[");
  assert.ok(r.problems.some((p) => /Can't find mnt_id 0xfa0/.test(p.message)));
});

Deno.test("a pipe with one end in the dump is a note naming --inherit-fd", async () => {
  const r = await seeded("03a-pipes-fifo", (dir) => {
    const files = readImage(dir, "files.img");
    const ends = files.entries.filter((f) =>
      f.type === "PIPE" && (f.pipe as JsonObject).pipe_id === 209600
    );
    assert.equal(ends.length, 2);
    const writer = ends.find((f) =>
      ((f.pipe as JsonObject).flags as number) & 1
    )!;
    files.entries = files.entries.filter((f) => f !== writer);
    writeImage(dir, "files.img", files);
    for (const n of names(dir).filter((n) => n.startsWith("fdinfo-"))) {
      const fdinfo = readImage(dir, n);
      fdinfo.entries = fdinfo.entries.filter((e) => e.id !== writer.id);
      writeImage(dir, n, fdinfo);
    }
  });
  assert.equal(r.ok, true, JSON.stringify(r.problems));
  assert.ok(r.problems.some((p) =>
    p.severity === "note" &&
    /only the read end of pipe 209600 .*--inherit-fd fd\[N\]:pipe:\[209600\]/
      .test(p.message)
  ));
});

Deno.test("seeded: cores of two machine types", async () => {
  const r = await seeded("02b-sessions-pgrp-zombie-cgroup", (dir) => {
    const core = readImage(dir, "core-25713.img");
    core.entries[0].mtype = "AARCH64";
    writeImage(dir, "core-25713.img", core);
  });
  assertErrorNames(r, "core-25713.img", "entries[0].mtype");
  assert.ok(r.problems.some((p) => /Core march mismatch/.test(p.message)));
});

Deno.test("a file dumped with --external file[...] is a note naming --inherit-fd", async () => {
  const r = await seeded("06-namespaces-sysvipc", (dir) => {
    const files = readImage(dir, "files.img");
    const reg = files.entries.find((f) =>
      (f.reg as JsonObject | undefined)?.mnt_id !== undefined
    )!.reg as JsonObject;
    // As CRIU writes it: the name is the external id, the mount is outside.
    reg.name = "file[40:1234]";
    reg.ext = true;
    reg.mnt_id = 4000;
    writeImage(dir, "files.img", files);
  });
  assert.equal(r.ok, true, JSON.stringify(r.problems));
  assert.ok(
    r.problems.some((p) =>
      p.severity === "note" &&
      /--inherit-fd fd\[N\]:file\[40:1234\]/.test(p.message)
    ),
  );
});

Deno.test("old remaps (no remap_type, ghost bit in remap_id) find their ghost files", async () => {
  const old = (dir: string) => {
    const remaps = readImage(dir, "remap-fpath.img");
    for (const r of remaps.entries) {
      assert.equal(r.remap_type, "GHOST");
      delete r.remap_type;
      r.remap_id = (r.remap_id as number) + 0x80000000;
    }
    writeImage(dir, "remap-fpath.img", remaps);
  };
  const clean = await seeded("05a-ghost-small", old);
  assert.deepEqual(clean.problems, []);
  const broken = await seeded("05a-ghost-small", (dir) => {
    old(dir);
    Deno.removeSync(`${dir}/ghost-file-2.img`);
  });
  assertErrorNames(broken, "ghost-file-2.img");
});

Deno.test("seeded: a mount whose parent is not in the namespace", async () => {
  const r = await seeded("06-namespaces-sysvipc", (dir) => {
    const mounts = readImage(dir, "mountpoints-13.img");
    const tmp = mounts.entries.find((m) => m.mountpoint === "/tmp")!;
    tmp.parent_mnt_id = 999;
    writeImage(dir, "mountpoints-13.img", mounts);
  });
  assertErrorNames(r, "mountpoints-13.img", "entries[0].parent_mnt_id");
  assert.ok(
    r.problems.some((p) => /No parent found for mountpoint 70/.test(p.message)),
  );
});

Deno.test("one missing image is one error, not one per reference into it", async () => {
  for (
    const [fixture, image] of [
      ["01-sleep", "files.img"],
      ["06-namespaces-sysvipc", "mountpoints-13.img"],
      ["01-sleep", "pagemap-25537.img"],
      ["09a-memfd", "memfd.img"],
    ]
  ) {
    const r = await seeded(fixture, remove(image));
    const errors = r.problems.filter((p) => p.severity === "error");
    assert.equal(
      errors.length,
      1,
      `${fixture} without ${image}: ${JSON.stringify(errors)}`,
    );
  }
});
