/**
 * `crit x`: crit 4.2's text byte for byte where crit works (its ref/x-*.txt),
 * the right answer where crit fails or is wrong, the `sk` explorer and
 * `--json`. Socket and task expectations come from each fixture's
 * SCENARIO.md, with exact numbers from crit's own decodes in ref/.
 */
import assert from "node:assert/strict";
import {
  decodeSync,
  type DumpDir,
  encodeSync,
  explore,
  exploreData,
  type JsonObject,
  type PsTask,
} from "../../mod.ts";
import { denoDumpDir } from "../../src/dump/deno_dump_dir.ts";
import { encodeUtf8Lossless } from "../../src/json/text.ts";
import { runCli } from "../_helpers/run_cli.ts";

const root = new URL("../..", import.meta.url).pathname;
const fixtures = `${root}tests/fixtures`;
const WHATS = ["ps", "fds", "mems", "rss"];

const exists = (path: string) => {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
};

/** What the CLI writes: the text with undecodable name bytes as themselves. */
async function xBytes(scenario: string, what: string): Promise<Uint8Array> {
  const dir = denoDumpDir(`${fixtures}/${scenario}`);
  return encodeUtf8Lossless(await explore(dir, what));
}

async function xText(scenario: string, what: string): Promise<string> {
  return await explore(denoDumpDir(`${fixtures}/${scenario}`), what);
}

const ref = (scenario: string, name: string) =>
  Deno.readFileSync(`${fixtures}/${scenario}/ref/${name}`);
const refText = (scenario: string, name: string) =>
  Deno.readTextFileSync(`${fixtures}/${scenario}/ref/${name}`);

/** The CLI with read permission only: exploring writes nothing. */
const crit = (args: string[]) => runCli(args, { permissions: ["-R"] });

/** Where crit printed non-UTF-8 names as Python bytes literals (crit is wrong there). */
const BYTES_LITERALS = "13a-nonutf8-names";

// ---------------------------------------------------------------------------
// crit parity
// ---------------------------------------------------------------------------

const scenarios = [...Deno.readDirSync(fixtures)]
  .filter((e) => e.isDirectory && exists(`${fixtures}/${e.name}/SCENARIO.md`))
  .map((e) => e.name).sort();

for (const scenario of scenarios) {
  for (const what of WHATS) {
    const base = `${fixtures}/${scenario}/ref/x-${what}`;
    if (!exists(`${base}.txt`) || exists(`${base}.err`)) continue;
    if (scenario === BYTES_LITERALS && what !== "ps" && what !== "rss") {
      continue;
    }
    Deno.test(`x ${what} on ${scenario} is crit's text byte for byte`, async () => {
      assert.deepEqual(
        await xBytes(scenario, what),
        ref(scenario, `x-${what}.txt`),
      );
    });
  }
}

Deno.test("the parity tests cover every fixture with a crit explorer output", () => {
  const covered = scenarios.filter((s) =>
    WHATS.some((w) => exists(`${fixtures}/${s}/ref/x-${w}.txt`))
  );
  assert.ok(covered.length >= 18, `only ${covered.length} scenarios`);
});

/** Python's bytes literal body (b'...') as the bytes it stands for. */
function pythonBytes(body: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== "\\") {
      out.push(...new TextEncoder().encode(body[i]));
      continue;
    }
    const c = body[++i];
    if (c === "x") {
      out.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push({ n: 10, t: 9, r: 13 }[c as "n"] ?? c.charCodeAt(0));
  }
  return out;
}

/** crit's line with each b'...' literal replaced by the real name bytes. */
function realBytes(line: string): number[] {
  const out: number[] = [];
  let at = 0;
  for (const m of line.matchAll(/b'((?:[^'\\]|\\.)*)'/g)) {
    out.push(...new TextEncoder().encode(line.slice(at, m.index)));
    out.push(...pythonBytes(m[1]));
    at = m.index + m[0].length;
  }
  out.push(...new TextEncoder().encode(line.slice(at)));
  return out;
}

for (const what of ["fds", "mems"]) {
  Deno.test(`x ${what} on 13a prints non-UTF-8 names as their bytes where crit printed b'...'`, async () => {
    const crits = refText(BYTES_LITERALS, `x-${what}.txt`);
    assert.match(crits, /b'/, "crit's bytes literals are the point here");
    const expected = new Uint8Array(
      crits.split("\n").flatMap((
        l,
        i,
      ) => [...(i ? [10] : []), ...realBytes(l)]),
    );
    assert.deepEqual(await xBytes(BYTES_LITERALS, what), expected);
  });
}

Deno.test("the CLI writes 13a's non-UTF-8 names as the bytes SCENARIO.md lists", async () => {
  const has = (hay: Uint8Array, needle: number[]) =>
    hay.some((_, i) => needle.every((b, k) => hay[i + k] === b));
  const latin1 = (s: string) => [...s].map((c) => c.charCodeAt(0));
  const fds = await crit(["x", `${fixtures}/${BYTES_LITERALS}`, "fds"]);
  assert.equal(fds.code, 0, fds.stderr);
  for (
    const name of [
      "caf\xe9-\xff.bin",
      "gh\xf6st-\xfe\x80 x.bin",
      "dir-\xff\xfe",
    ]
  ) {
    assert.ok(has(fds.stdout, latin1(`/names/${name}\n`)), name);
  }
  // A UTF-8 name stays UTF-8.
  assert.match(fds.text, /\/names\/é-ü-日本\.txt\n/);
  const mems = await crit(["x", `${fixtures}/${BYTES_LITERALS}`, "mems"]);
  assert.ok(has(mems.stdout, latin1("/names/map-\xe9\xe8.bin (s)\n")));
});

// ---------------------------------------------------------------------------
// Dead tasks, where crit 4.2 stops with FileNotFoundError
// ---------------------------------------------------------------------------

/** The text a task's block has in crit's output. */
function block(text: string, pid: number): string {
  const m = new RegExp(`^${pid}\\n(\\t.*\\n)*`, "m").exec(text);
  assert.ok(m, `no block for ${pid}`);
  return m[0];
}

const ZOMBIES = "13d-zombie-stopped-dead";

Deno.test("13d: tasks crit could not list come after crit's own output, zombies with their exit codes", async () => {
  // SCENARIO.md: the root (alive); an alive child whose own child exited with
  // code 7 unreaped; a stopped child with an alive child; a child that exited
  // with code 42 unreaped. x-ps.txt gives the pids of each.
  const crits = refText(ZOMBIES, "x-fds.txt");
  const fds = await xText(ZOMBIES, "fds");
  assert.ok(fds.startsWith(crits), "crit's output is a prefix of ours");
  const files = block(crits, 30318).slice("30318\n".length);
  assert.equal(
    fds.slice(crits.length),
    "30321\n\t(no open files: the task is a zombie (exited with code 7))\n" +
      `30319\n${files}30324\n${files}` +
      "30320\n\t(no open files: the task is a zombie (exited with code 42))\n",
  );
  for (const what of ["mems", "rss"]) {
    const text = await xText(ZOMBIES, what);
    assert.ok(text.startsWith(refText(ZOMBIES, `x-${what}.txt`)), what);
    assert.equal(
      block(text, 30321),
      "30321\n\t(no memory: the task is a zombie (exited with code 7))\n",
    );
    assert.equal(
      block(text, 30320),
      "30320\n\t(no memory: the task is a zombie (exited with code 42))\n",
    );
    // The stopped task has its memory like any live task.
    assert.equal(
      block(text, 30319),
      block(text, 30318).replace("30318", "30319"),
    );
  }
});

Deno.test("02b: the zombie child (exit code 3) and the zombie grandchild get a note", async () => {
  const dir = "02b-sessions-pgrp-zombie-cgroup";
  for (const what of ["fds", "mems", "rss"]) {
    const text = await xText(dir, what);
    assert.ok(text.startsWith(refText(dir, `x-${what}.txt`)), what);
    const none = what === "fds" ? "open files" : "memory";
    // x-ps.txt: 25718 is the grandchild in the second session, 25720 a child of the root.
    assert.match(
      block(text, 25718),
      new RegExp(
        `^25718\\n\\t\\(no ${none}: the task is a zombie \\(exited with code \\d+\\)\\)\\n$`,
      ),
    );
    assert.equal(
      block(text, 25720),
      `25720\n\t(no ${none}: the task is a zombie (exited with code 3))\n`,
    );
  }
});

Deno.test("ps --json gives every 13d task the state SCENARIO.md describes", async () => {
  const r = await crit(["x", `${fixtures}/${ZOMBIES}`, "ps", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const tree = JSON.parse(r.text) as PsTask;
  const states = new Map<number, unknown>();
  const walk = (t: PsTask, parent: number) => {
    states.set(t.pId, { parent, state: t.state, exitCode: t.exitCode });
    for (const c of t.children) walk(c, t.pId);
  };
  walk(tree, 0);
  assert.deepEqual(
    Object.fromEntries(states),
    {
      30315: { parent: 0, state: "alive", exitCode: undefined },
      30318: { parent: 30315, state: "alive", exitCode: undefined },
      30321: { parent: 30318, state: "zombie", exitCode: 7 },
      30319: { parent: 30315, state: "stopped", exitCode: undefined },
      30324: { parent: 30319, state: "alive", exitCode: undefined },
      30320: { parent: 30315, state: "zombie", exitCode: 42 },
    },
  );
  assert.deepEqual(
    [tree.pId, tree.pgId, tree.sId, tree.comm],
    [30315, 30315, 30315, "zombies"],
  );
});

// ---------------------------------------------------------------------------
// Synthetic dumps
// ---------------------------------------------------------------------------

const FOWN = { uid: 0, euid: 0, signum: 0, pid_type: 0, pid: 0 };

function mmEntry(vmas: JsonObject[]): JsonObject {
  const zero = Object.fromEntries(
    [
      "mm_start_code",
      "mm_end_code",
      "mm_start_data",
      "mm_end_data",
      "mm_start_stack",
      "mm_start_brk",
      "mm_brk",
      "mm_arg_start",
      "mm_arg_end",
      "mm_env_start",
      "mm_env_end",
    ].map((k) => [k, 0]),
  );
  return { ...zero, exe_file_id: 5, vmas };
}

const vma = (start: number, end: number, status: number): JsonObject => ({
  start,
  end,
  pgoff: 0,
  shmid: status & 0x40 ? 5 : 0,
  prot: 5,
  flags: 2,
  status,
  fd: -1,
});

/** A one-task dump as CRIU < 4.2 wrote it: page counts in field 2 only. */
function oldDump(): Map<string, Uint8Array> {
  const images: Record<string, JsonObject[]> = {
    "PSTREE/pstree.img": [{ pid: 1, ppid: 0, pgid: 1, sid: 1, threads: [1] }],
    "CORE/core-1.img": [{
      mtype: "X86_64",
      tc: {
        task_state: 1,
        exit_code: 0,
        personality: 0,
        flags: 0,
        blk_sigset: 0,
        comm: "old",
      },
    }],
    "FILES/files.img": [{
      type: "REG",
      id: 5,
      reg: { id: 5, flags: 0, pos: 0, fown: FOWN, name: "/old/bin" },
    }],
    "IDS/ids-1.img": [{ vm_id: 1, files_id: 1, fs_id: 1, sighand_id: 1 }],
    "FDINFO/fdinfo-1.img": [{ id: 5, flags: 0, type: "REG", fd: 3 }],
    "FS/fs-1.img": [{ cwd_id: 5, root_id: 5 }],
    "MM/mm-1.img": [mmEntry([
      vma(0x400000, 0x402000, 0x41),
      vma(0x402000, 0x404000, 0x201),
      vma(0x600000, 0x610000, 0x201),
    ])],
    "PAGEMAP/pagemap-1.img": [
      { pages_id: 1 },
      { vaddr: 0x400000, compat_nr_pages: 1, flags: 4 },
      { vaddr: 0x401000, compat_nr_pages: 2, flags: 4 },
      { vaddr: 0x603000, compat_nr_pages: 4, flags: 4 },
    ],
  };
  const files = new Map<string, Uint8Array>();
  for (const [key, entries] of Object.entries(images)) {
    const [magic, name] = key.split("/");
    files.set(name, encodeSync({ magic, entries }));
  }
  return files;
}

/** A DumpDir over a Map that counts the reads of each name. */
function mapDir(files: Map<string, Uint8Array>, reads: Map<string, number>) {
  const dir: DumpDir = {
    read(name) {
      reads.set(name, (reads.get(name) ?? 0) + 1);
      return Promise.resolve(files.get(name));
    },
  };
  return dir;
}

Deno.test("rss works on pagemaps written before CRIU 4.2 (compat_nr_pages only)", async () => {
  const files = oldDump();
  const pagemap = decodeSync(files.get("pagemap-1.img")!).entries;
  assert.ok(pagemap.slice(1).every((e) => !("nr_pages" in e)));
  // Expected text worked out by running crit 4.2's explore_rss loop in
  // Python with nr_pages taken from field 2.
  const tail = "\n\t" + " ".repeat(23) + "\n";
  assert.equal(
    await explore(mapDir(files, new Map()), "rss"),
    "1\n" +
      "\t400000 / 1" + " ".repeat(14) + "00400000 / 2        /old/bin" + tail +
      "\t401000 / 2" + " ".repeat(14) + "~" +
      "\n\t" + " ".repeat(24) + "00402000 / 2       " + tail +
      "\t603000 / 4" + " ".repeat(14) + "00600000 / 16      " + tail,
  );
  assert.deepEqual(await exploreData(mapDir(files, new Map()), "rss"), [{
    pId: 1,
    rss: [
      {
        phyAddr: "400000",
        phyPages: 1,
        vmas: [{ addr: "400000", pages: 2, resource: "/old/bin" }],
      },
      {
        phyAddr: "401000",
        phyPages: 2,
        vmas: [
          { addr: "400000", pages: 2, resource: "/old/bin", continued: true },
          { addr: "402000", pages: 2 },
        ],
      },
      {
        phyAddr: "603000",
        phyPages: 4,
        vmas: [{ addr: "600000", pages: 16 }],
      },
    ],
  }]);
});

Deno.test("an alive task without its mm image is an error naming the image", async () => {
  const files = oldDump();
  files.delete("mm-1.img");
  await assert.rejects(
    explore(mapDir(files, new Map()), "mems"),
    /the dump has no mm-1\.img/,
  );
});

Deno.test("every image is read once per run", async () => {
  for (const what of [...WHATS, "sk"]) {
    const reads = new Map<string, number>();
    await explore(mapDir(oldDump(), reads), what);
    for (const [name, n] of reads) assert.equal(n, 1, `${what}: ${name}`);
  }
  for (
    const [scenario, what] of [["04-tcp-udp", "sk"], ["09a-memfd", "mems"]]
  ) {
    const reads = new Map<string, number>();
    const disk = denoDumpDir(`${fixtures}/${scenario}`);
    const dir: DumpDir = {
      read(name) {
        reads.set(name, (reads.get(name) ?? 0) + 1);
        return disk.read(name);
      },
    };
    await explore(dir, what);
    assert.ok(reads.size > 3);
    for (const [name, n] of reads) assert.equal(n, 1, `${scenario}: ${name}`);
  }
});

Deno.test("an unknown explorer is a TypeError", async () => {
  await assert.rejects(
    explore(mapDir(oldDump(), new Map()), "nope"),
    TypeError,
  );
});

// ---------------------------------------------------------------------------
// sk
// ---------------------------------------------------------------------------

/** Bytes crit's decode of sk-queues.img puts in each socket id's queue. */
function critQueues(scenario: string): Map<number, number> {
  const q = new Map<number, number>();
  const image = JSON.parse(refText(scenario, "sk-queues.img.json"));
  for (const e of image.entries) {
    q.set(e.id_for, (q.get(e.id_for) ?? 0) + e.length);
  }
  return q;
}

Deno.test("sk on 03b lists each unix socket SCENARIO.md describes, with its queued bytes", async () => {
  const dir = "03b-unix-sockets";
  // fdinfo-2: fd N is file id N here; bytes per id from crit's sk-queues decode.
  const q = critQueues(dir);
  assert.deepEqual([...q.keys()].sort((a, b) => a - b), [
    3,
    4,
    6,
    7,
    10,
    11,
    12,
    16,
  ]);
  assert.equal(
    await xText(dir, "sk"),
    "25870\n" +
      // stream, datagram and seqpacket socketpairs with queued data
      `\t      3: unix STREAM ESTABLISHED ino 209773 peer 209774 inq ${
        q.get(3)
      }\n` +
      `\t      4: unix STREAM ESTABLISHED ino 209774 peer 209773 inq ${
        q.get(4)
      }\n` +
      "\t      5: unix DGRAM ESTABLISHED ino 209775 peer 209776\n" +
      `\t      6: unix DGRAM ESTABLISHED ino 209776 peer 209775 inq ${
        q.get(6)
      }\n` +
      `\t      7: unix SEQPACKET ESTABLISHED ino 209777 peer 209778 inq ${
        q.get(7)
      }\n` +
      "\t      8: unix SEQPACKET ESTABLISHED ino 209778 peer 209777\n" +
      // a listener bound to a path, an accepted connection, data both ways
      "\t      9: unix STREAM LISTEN ino 209779 name /tmp/fixture/usock.listen\n" +
      `\t     10: unix STREAM ESTABLISHED ino 209780 peer 209781 inq ${
        q.get(10)
      }\n` +
      `\t     11: unix STREAM ESTABLISHED ino 209781 peer 209780 inq ${
        q.get(11)
      } name /tmp/fixture/usock.listen\n` +
      // a datagram socket bound to a path with two queued datagrams, its sender
      `\t     12: unix DGRAM ESTABLISHED ino 209782 inq ${
        q.get(12)
      } name /tmp/fixture/usock.dgram\n` +
      "\t     13: unix DGRAM ESTABLISHED ino 209783 peer 209782\n" +
      // the abstract listener
      "\t     14: unix STREAM LISTEN ino 209784 name @fixture-abstract\n" +
      // a stream pair shut down for writing on one side
      "\t     15: unix STREAM ESTABLISHED ino 209785 peer 209786 shutdown WRITE\n" +
      `\t     16: unix STREAM ESTABLISHED ino 209786 peer 209785 shutdown READ inq ${
        q.get(16)
      }\n` +
      // the unbound datagram socket
      "\t     17: unix DGRAM CLOSE ino 209787\n",
  );
  // The two queued datagrams of fd 12 and the five of fd 6 add up.
  assert.equal(q.get(12), 32);
});

Deno.test("sk shows the unix names of crit's x fds as ss does: bytes, @ for NUL, no trailing NUL", async () => {
  for (const dir of ["03b-unix-sockets", BYTES_LITERALS]) {
    const names = new Map<string, string>();
    for (
      const m of refText(dir, "x-fds.txt").matchAll(
        /^\t +(\d+): unix\[\d+ \(\d+\) (.*)\]$/gm,
      )
    ) names.set(m[1], m[2]);
    assert.ok(names.size >= 3, dir);
    const sockets = (await exploreData(denoDumpDir(`${fixtures}/${dir}`), "sk"))
      .flatMap((t) => t.sockets);
    for (const s of sockets) {
      const crit = names.get(String(s.fd));
      if (crit === undefined) {
        assert.equal(s.srcAddr, undefined);
        continue;
      }
      // crit's quoted-printable, undone by hand: =XX is the byte 0xXX.
      const bytes = crit.replace(
        /=([0-9A-F]{2})/g,
        (_, h) => String.fromCharCode(parseInt(h, 16)),
      );
      const ss = bytes.startsWith("\0")
        ? bytes.replaceAll("\0", "@")
        : bytes.replace(/\0+$/, "").replaceAll("\0", "@");
      assert.equal(
        encodeLatin1(s.srcAddr!),
        ss,
        `${dir} fd ${s.fd}`,
      );
    }
  }
});

/** A name's bytes as one character each (lone surrogates are the bytes they stand for). */
function encodeLatin1(text: string): string {
  return String.fromCharCode(...encodeUtf8Lossless(text));
}

Deno.test("sk on 13a: the abstract listener, its accepted connection with queued data, the datagram socket", async () => {
  const text = await xText(BYTES_LITERALS, "sk");
  // Names are their bytes (0xFF and 0xE9 are not UTF-8: written as they are).
  assert.equal(
    encodeLatin1(text),
    "30261\n" +
      "\t      7: unix STREAM LISTEN ino 240589 name @fixture abstract=\xff@ tail =3D\n" +
      "\t      8: unix DGRAM CLOSE ino 240590 name @fixture dgram \x01\x7f\x80@\n" +
      "\t      9: unix STREAM LISTEN ino 240591 name /tmp/fixture/names/sock=\xe9 x\n" +
      "\t     10: unix STREAM ESTABLISHED ino 240592 peer 240593\n" +
      `\t     11: unix STREAM ESTABLISHED ino 240593 peer 240592 inq ${
        critQueues(BYTES_LITERALS).get(12)
      } name @fixture abstract=\xff@ tail =3D\n`,
  );
});

/** inq_len and outq_len of crit's decode of tcp-stream-INO.img. */
function critStream(ino: number): string {
  const e = JSON.parse(
    refText("04-tcp-udp", `tcp-stream-${ino.toString(16)}.img.json`),
  ).entries[0];
  return `inq ${e.inq_len} outq ${e.outq_len}`;
}

Deno.test("sk on 04 shows the TCP and UDP sockets SCENARIO.md describes with their queues", async () => {
  // Addresses and ports as crit's --pretty decode of files.img shows them.
  assert.equal(
    await xText("04-tcp-udp", "sk"),
    "27134\n" +
      // IPv4 listener and the connection with data queued both ways
      "\t      3: tcp LISTEN 127.0.0.1:5000 -> 0.0.0.0:0 ino 232783\n" +
      `\t      4: tcp ESTABLISHED 127.0.0.1:54260 -> 127.0.0.1:5000 ino 232784 ${
        critStream(232784)
      }\n` +
      `\t      5: tcp ESTABLISHED 127.0.0.1:5000 -> 127.0.0.1:54260 ino 232785 ${
        critStream(232785)
      }\n` +
      // the half-closed connection with data
      `\t      6: tcp FIN_WAIT2 127.0.0.1:54270 -> 127.0.0.1:5000 ino 232786 shutdown WRITE ${
        critStream(232786)
      }\n` +
      `\t      7: tcp CLOSE_WAIT 127.0.0.1:5000 -> 127.0.0.1:54270 ino 232787 shutdown READ ${
        critStream(232787)
      }\n` +
      // IPv6 listener (v6 only) and the IPv6 connection with data both ways
      "\t      8: tcp6 LISTEN [::1]:5001 -> [::]:0 ino 232788 v6only\n" +
      `\t      9: tcp6 ESTABLISHED [::1]:58234 -> [::1]:5001 ino 232789 ${
        critStream(232789)
      }\n` +
      `\t     10: tcp6 ESTABLISHED [::1]:5001 -> [::1]:58234 ino 232790 v6only ${
        critStream(232790)
      }\n` +
      // the dual-stack listener: IPv6 socket without v6only
      "\t     11: tcp6 LISTEN [::]:5003 -> [::]:0 ino 232791\n" +
      // UDP: bound (its queue is dropped by criu), connected, bound IPv6
      "\t     12: udp CLOSE 127.0.0.1:5002 -> 0.0.0.0:0 ino 232792\n" +
      "\t     13: udp ESTABLISHED 127.0.0.1:50171 -> 127.0.0.1:5002 ino 232793\n" +
      "\t     14: udp6 CLOSE [::1]:5004 -> [::]:0 ino 232794 v6only\n" +
      // the unbound socket
      "\t     15: tcp CLOSE 0.0.0.0:0 -> 0.0.0.0:0 ino 232795\n",
  );
  // The client wrote until EAGAIN, so its send queue is not empty.
  assert.doesNotMatch(critStream(232784), /outq 0$/);
});

Deno.test("sk on 12d: netlink, packet and raw sockets as SCENARIO.md sets them up", async () => {
  assert.equal(
    await xText("12d-netns-netlink-packet-tun-rawsk", "sk"),
    "27314\n" +
      // route with groups (0x11: RTMGRP_LINK | RTMGRP_IPV4_IFADDR, groups 1 and 5)
      "\t      5: netlink ROUTE portid 27314 groups 1,5 ino 233865\n" +
      // unbound generic
      "\t      6: netlink GENERIC portid 0 ino 233866\n" +
      // sock_diag bound to port 4242
      "\t      7: netlink SOCK_DIAG portid 4242 ino 233867\n" +
      // raw TPACKET_V2 bound to lo (netdev-9.img: ifindex 1 is lo)
      "\t      8: packet RAW ETH_P_ALL ifindex 1 (lo) TPACKET_V2\n" +
      // datagram with a promiscuous membership (veth0 is ifindex 3) and PACKET_AUXDATA
      "\t      9: packet DGRAM ETH_P_IP ifindex 0 member PROMISC 3 (veth0) auxdata\n" +
      // the raw ICMP socket
      "\t     10: raw CLOSE 0.0.0.0 -> 0.0.0.0 proto ICMP ino 233280\n",
  );
});

Deno.test("sk lists only tasks that hold sockets", async () => {
  // 13d's tasks hold no socket; 04's one task holds them all.
  assert.equal(await xText(ZOMBIES, "sk"), "");
  assert.match(await xText("04-tcp-udp", "sk"), /^27134\n\t +3: tcp /);
});

// ---------------------------------------------------------------------------
// --json
// ---------------------------------------------------------------------------

Deno.test("fds and mems data hold what crit's text shows, on every fixture", async () => {
  for (const scenario of scenarios) {
    if (scenario === BYTES_LITERALS) continue;
    const dir = denoDumpDir(`${fixtures}/${scenario}`);
    for (const what of ["fds", "mems"] as const) {
      const base = `${fixtures}/${scenario}/ref/x-${what}`;
      if (
        !exists(`${base}.txt`) || !exists(`${base.slice(0, -6)}/pstree.img`)
      ) {
        continue;
      }
      const crits = Deno.readTextFileSync(`${base}.txt`);
      const tasks = await exploreData(dir, what);
      const lines: string[] = [];
      for (const t of tasks) {
        if (t.state !== undefined) break; // crit stopped at the first dead task
        lines.push(String(t.pId));
        if (what === "fds") {
          for (
            const f of (t as { files: { fd: string; path: string }[] }).files
          ) {
            lines.push(`${f.fd}: ${f.path}`);
          }
        } else {
          const m = t as { exe?: string; mems: JsonObject[] };
          lines.push(`exe ${m.exe}`);
          for (const a of m.mems) {
            lines.push(
              `${a.start}-${a.end} ${a.protection}${
                a.resource === undefined ? "" : ` ${a.resource}`
              }`,
            );
          }
        }
      }
      // crit's columns, squeezed: "\t%7s: %s", "\t%-36s    %s", "\t%08lx-%08lx..."
      const expected = crits.trimEnd().split("\n").map((l) =>
        l.replace(/^\t +/, "").replace(/^\t/, "").replace(/^exe +/, "exe ")
          .replace(/^0*([0-9a-f]+)-0*([0-9a-f]+) +/, "$1-$2 ")
      );
      assert.deepEqual(lines, expected, `${scenario} ${what}`);
    }
  }
});

Deno.test("x --json prints pretty Python-style JSON with go-criu's field names", async () => {
  const r = await crit([
    "x",
    `${fixtures}/01-sleep`,
    "mems",
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.text.endsWith("]\n"));
  assert.match(
    r.text,
    /^\[\n {4}\{\n {8}"pId": 25537,\n {8}"exe": "\/usr\/bin\/sleep",\n {8}"mems": \[\n {12}\{\n {16}"start": "/,
  );
  const [task] = JSON.parse(r.text);
  // x-mems.txt: "ffffffffff600000-ffffffffff601000   --x [vsyscall] *"
  assert.deepEqual(task.mems.at(-1), {
    start: "ffffffffff600000",
    end: "ffffffffff601000",
    protection: "--x",
    resource: "[vsyscall] *",
  });
});

Deno.test("x --json keeps non-UTF-8 names as \\udcXX escapes, as Python writes them", async () => {
  const r = await crit(["x", `${fixtures}/${BYTES_LITERALS}`, "fds", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(
    r.text.includes('"path": "/tmp/fixture/names/caf\\udce9-\\udcff.bin"'),
  );
  assert.ok(r.stdout.every((b) => b < 0x80), "ASCII only");
});

Deno.test("x --json on rss lists each pagemap run with its areas (01-sleep)", async () => {
  const [task] = await exploreData(denoDumpDir(`${fixtures}/01-sleep`), "rss");
  // x-rss.txt: "7f5f265f6000 / 1        7f5f265f6000 / 13", then "7f5f265fa000 / 3        ~"
  const i = task.rss.findIndex((r) => r.phyAddr === "7f5f265f6000");
  assert.deepEqual(task.rss.slice(i, i + 2), [
    {
      phyAddr: "7f5f265f6000",
      phyPages: 1,
      vmas: [{ addr: "7f5f265f6000", pages: 13 }],
    },
    {
      phyAddr: "7f5f265fa000",
      phyPages: 3,
      vmas: [{ addr: "7f5f265f6000", pages: 13, continued: true }],
    },
  ]);
  assert.equal(task.rss.length, 12);
});

Deno.test("x DIR sk --json: go-criu's socket fields, queues and states", async () => {
  const r = await crit(["x", `${fixtures}/04-tcp-udp`, "sk", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const [task] = JSON.parse(r.text);
  assert.equal(task.pId, 27134);
  const byFd = new Map(task.sockets.map((s: JsonObject) => [s.fd, s]));
  assert.deepEqual(byFd.get(4), {
    fd: 4,
    fdType: "INETSK",
    family: "INET",
    protocol: "TCP",
    type: "STREAM",
    state: "ESTABLISHED",
    srcAddr: "127.0.0.1",
    destAddr: "127.0.0.1",
    srcPort: 54260,
    destPort: 5000,
    ino: 232784,
    inq: 1234,
    outq: 47104,
  });
  assert.deepEqual(byFd.get(11), {
    fd: 11,
    fdType: "INETSK",
    family: "INET6",
    protocol: "TCP",
    type: "STREAM",
    state: "LISTEN",
    srcAddr: "::",
    destAddr: "::",
    srcPort: 5003,
    destPort: 0,
    ino: 232791,
  });
});

Deno.test("x DIR sk is a known explorer of the CLI; --json works on all", async () => {
  for (const what of [...WHATS, "sk"]) {
    const r = await crit(["x", `${fixtures}/03b-unix-sockets`, what, "--json"]);
    assert.equal(r.code, 0, `${what}: ${r.stderr}`);
    JSON.parse(r.text);
  }
  const sk = await crit(["x", `${fixtures}/03b-unix-sockets`, "sk"]);
  assert.equal(sk.code, 0, sk.stderr);
  assert.equal(sk.text, await xText("03b-unix-sockets", "sk"));
});

Deno.test("x on a directory without pstree.img is one error line, exit 1", async () => {
  const r = await crit(["x", `${fixtures}/12g-cpuinfo`, "ps"]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, "crit: error: the dump has no pstree.img\n");
});

Deno.test("x ps -l adds each task's state and threads; the default stays crit's text", async () => {
  const plain = await crit(["x", `${fixtures}/07-threads`, "ps"]);
  assert.equal(plain.text, refText("07-threads", "x-ps.txt"));
  const long = await crit(["x", `${fixtures}/07-threads`, "ps", "-l"]);
  assert.equal(long.code, 0, long.stderr);
  const pstree = JSON.parse(refText("07-threads", "pstree.img.json")).entries;
  const threads: number[] = pstree[0].threads;
  assert.equal(threads.length, 6);
  assert.match(long.text, /^ +PID +PGID +SID {2}STATE +THREADS {3}COMM\n/);
  assert.match(
    long.text,
    new RegExp(`\\n +26138 +26138 +26138  alive +6   threads-main\\n`),
  );
  assert.match(long.text, new RegExp(`threads ${threads.join(" ")}\\n$`));
  const zombies = await crit(["x", `${fixtures}/${ZOMBIES}`, "ps", "--long"]);
  assert.match(zombies.text, /\n +30320 +30315 +30315 {2}zombie +1 /);
  assert.match(zombies.text, /\n +30319 +30315 +30315 {2}stopped +1 /);
});
