/**
 * Where crit 4.2 is wrong or loses data, this toolkit is right. Real fixtures
 * first; small synthetic images for cases the corpus lacks.
 */
import assert from "node:assert/strict";
import {
  decodeSync,
  describeRawImage,
  encodeSync,
  info,
  JsonShapeError,
  parse,
  stringify,
} from "../../mod.ts";
import { infoCounter } from "../../src/codec/image_info.ts";
import { joinEntries, varintBytes } from "../_helpers/wire_builders.ts";
import { scratchDir } from "../_helpers/scratch.ts";
import { PEAK_MEMORY_SCRIPT } from "../_helpers/run_cli.ts";

const fixtures = new URL("../fixtures", import.meta.url).pathname;
const read = (p: string) => Deno.readFileSync(`${fixtures}/${p}`);

/** Text -> image -> text -> image through our own JSON, both modes. */
function assertRoundTrips(bytes: Uint8Array) {
  for (const pretty of [false, true]) {
    const text = stringify(decodeSync(bytes, { pretty }), { pretty });
    assert.deepEqual(encodeSync(parse(text)), bytes, `pretty=${pretty}`);
  }
}

Deno.test("non-UTF-8 file names decode to surrogate escapes and encode back to the same bytes", () => {
  const bytes = read("13a-nonutf8-names/files.img");
  const text = stringify(decodeSync(bytes));
  // caf\xe9-\xff.bin: each undecodable byte is one lone surrogate U+DC00+byte.
  assert.ok(text.includes('"/tmp/fixture/names/caf\\udce9-\\udcff.bin"'), text);
  assert.ok(
    text.includes('"/tmp/fixture/names/\\u00e9-\\u00fc-\\u65e5\\u672c.txt"'),
  );
  assertRoundTrips(bytes);
});

Deno.test("unix socket names with arbitrary bytes round-trip through quoted-printable", () => {
  const bytes = read("13a-nonutf8-names/files.img");
  const names = decodeSync(bytes).entries
    .filter((e) => e.type === "UNIXSK")
    .map((e) => (e.usk as Record<string, unknown>).name);
  assert.ok(names.includes("=00fixture dgram =01=7F=80=00"), String(names));
  assertRoundTrips(read("13a-nonutf8-names/sk-queues.img"));
});

Deno.test("IPCNS_SHM with in_pagemaps: every segment is an entry and the image round-trips", () => {
  const bytes = read("06-namespaces-sysvipc/ipcns-shm-11.img");
  const image = decodeSync(bytes);
  assert.equal(image.entries.length, 3);
  for (const e of image.entries) {
    assert.equal(e.in_pagemaps, true);
    assert.equal(e.extra, undefined);
  }
  assert.deepEqual(info(bytes), { magic: "IPCNS_SHM", count: 3 });
  assertRoundTrips(bytes);
});

Deno.test("BPFMAP_DATA encodes back to the original bytes (crit's encode crashes)", () => {
  assertRoundTrips(read("12j-bpf-maps/bpfmap-data.img"));
});

Deno.test("--nopl shows the payload size of GHOST_FILE (plain and chunked) and BPFMAP_DATA", () => {
  const plain = decodeSync(read("05a-ghost-small/ghost-file-1.img"), {
    nopl: true,
    pretty: true,
  });
  assert.match(String(plain.entries[0].extra), /^\.\.\. <\d+(\.\d)?K?B>$/);
  const chunked = decodeSync(read("05a-ghost-small/ghost-file-3.img"), {
    nopl: true,
  });
  assert.equal(chunked.entries.length, 3);
  // Chunks of 16384 bytes: Python's human_readable(16384) is "16KB".
  assert.deepEqual(chunked.entries.slice(1).map((e) => [e.len, e.extra]), [
    [16384, "... <16KB>"],
    [16384, "... <16KB>"],
  ]);
  const bpf = decodeSync(read("12j-bpf-maps/bpfmap-data.img"), { nopl: true });
  for (const e of bpf.entries) {
    assert.equal(
      e.extra,
      `... <${Number(e.keys_bytes) + Number(e.values_bytes)}B>`,
    );
  }
});

Deno.test("info counts entries, not payload frames, for every payload image", () => {
  const cases: [string, number][] = [
    [
      "03a-pipes-fifo/pipes-data.img",
      decodeSync(read("03a-pipes-fifo/pipes-data.img")).entries.length,
    ],
    ["05a-ghost-small/ghost-file-3.img", 3],
    ["06-namespaces-sysvipc/ipcns-msg-11.img", 2],
    ["04-tcp-udp/tcp-stream-38d50.img", 1],
    ["13a-nonutf8-names/sk-queues.img", 1],
  ];
  for (const [file, count] of cases) {
    assert.equal(info(read(file)).count, count, file);
  }
});

// A PSTREE image with one entry: pid 1, ppid 0, pgid 1, sid 1.
const PSTREE_HEAD = [0x19, 0x43, 0x56, 0x54, 0x30, 0x30, 0x27, 0x50];
const PSTREE_ENTRY = [0x08, 0x01, 0x10, 0x00, 0x18, 0x01, 0x20, 0x01];

Deno.test("fields unknown to the schema are kept as @unknown and encoded back in place", () => {
  // Field 99 (varint 5) and field 100 (bytes "hi") from a newer CRIU.
  const bytes = joinEntries(PSTREE_HEAD, [[
    ...PSTREE_ENTRY,
    0x98,
    0x06,
    0x05,
    0xa2,
    0x06,
    0x02,
    0x68,
    0x69,
  ]]);
  const entry = decodeSync(bytes).entries[0];
  // base64.encodebytes(b'\x98\x06\x05\xa2\x06\x02hi') in Python.
  assert.equal(entry["@unknown"], "mAYFogYCaGk=\n");
  assertRoundTrips(bytes);
});

Deno.test("unknown fields between known ones go back between them", () => {
  // pid=1, field 3 missing... field 2 (ppid) after an unknown field 1000? Use number order: 1, 2, 99, 3, 4 is not
  // what protobuf-c writes; it writes by number, so unknown 3.5 cannot exist. Use a gap: tag 5 is threads (repeated),
  // so an unknown field 7 sits between threads (5) and the next known field when present.
  const bytes = joinEntries(PSTREE_HEAD, [[
    0x08,
    0x01,
    0x10,
    0x00,
    0x18,
    0x01,
    0x20,
    0x01,
    0x28,
    0x01,
    0x38,
    0x07,
  ]]);
  const entry = decodeSync(bytes).entries[0];
  assert.deepEqual(entry.threads, [1]);
  assert.equal(typeof entry["@unknown"], "string");
  assertRoundTrips(bytes);
});

Deno.test("enum numbers newer than the schema decode as numbers and round-trip", () => {
  // FDINFO entry: id 17, flags 0, type 99 (no such fd_types value), fd 3.
  const head = [0x19, 0x43, 0x56, 0x54, 0x32, 0x37, 0x21, 0x56];
  const fdinfo = [0x08, 0x11, 0x10, 0x00, 0x18, 0x63, 0x20, 0x03];
  const bytes = joinEntries(head, [fdinfo]);
  const entry = decodeSync(bytes).entries[0];
  assert.equal(entry.type, 99);
  assertRoundTrips(bytes);
});

Deno.test("pre-4.2 pagemaps (count in field 2) and 4.2 pagemaps (field 5) both decode and round-trip", () => {
  const head = [0x19, 0x43, 0x56, 0x54, 0x25, 0x40, 0x08, 0x56];
  // vaddr 0x1000, field 2 = 3 pages, flags PE_PRESENT.
  const old = joinEntries(head, [[0x08, 0x01], [
    0x08,
    0x80,
    0x20,
    0x10,
    0x03,
    0x20,
    0x04,
  ]]);
  const oldEntry = decodeSync(old, { pretty: true }).entries[1];
  assert.deepEqual(oldEntry, {
    vaddr: "0x1000",
    compat_nr_pages: 3,
    flags: "PE_PRESENT",
  });
  assertRoundTrips(old);
  // vaddr 0x1000, field 2 = 0, flags PE_PRESENT, field 5 = 3 pages.
  const cur = joinEntries(head, [[0x08, 0x01], [
    0x08,
    0x80,
    0x20,
    0x10,
    0x00,
    0x20,
    0x04,
    0x28,
    0x03,
  ]]);
  const curEntry = decodeSync(cur, { pretty: true }).entries[1];
  assert.deepEqual(curEntry, {
    vaddr: "0x1000",
    compat_nr_pages: 0,
    flags: "PE_PRESENT",
    nr_pages: 3,
  });
  assertRoundTrips(cur);
});

Deno.test("64-bit values above 2^53 survive decode -> JSON -> encode exactly", () => {
  // PSTREE is 32-bit; use a pagemap entry with vaddr 2^64 - 4096 (varint of 0xfffffffffffff000).
  const head = [0x19, 0x43, 0x56, 0x54, 0x25, 0x40, 0x08, 0x56];
  const vaddr = [0x80, 0xe0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
  const bytes = joinEntries(head, [[0x08, 0x01], [
    0x08,
    ...vaddr,
    0x10,
    0x00,
    0x28,
    0x01,
  ]]);
  const plain = stringify(decodeSync(bytes));
  assert.ok(plain.includes('"vaddr": 18446744073709547520'), plain);
  const pretty = stringify(decodeSync(bytes, { pretty: true }));
  assert.ok(pretty.includes('"vaddr": "0xfffffffffffff000"'), pretty);
  assertRoundTrips(bytes);
});

Deno.test("raw images are recognised by name and content", () => {
  assert.equal(
    describeRawImage("dump/pages-1.img", read("01-sleep/pages-1.img")),
    "pages-1.img is a raw memory image (no magic); its layout is described by pagemap-*.img",
  );
  assert.match(
    describeRawImage(
      "tmpfs-dev-41.tar.gz.img",
      read("06-namespaces-sysvipc/tmpfs-dev-41.tar.gz.img"),
    )!,
    /gzip-compressed tar/,
  );
  assert.match(
    describeRawImage("iptables-10.img", new Uint8Array())!,
    /iptables-save.*empty/,
  );
  for (
    const name of [
      "ifaddr-9.img",
      "route-9.img",
      "route6-9.img",
      "rule-9.img",
      "nftables-9.img",
    ]
  ) {
    assert.ok(
      describeRawImage(
        name,
        read(`12d-netns-netlink-packet-tun-rawsk/${name}`),
      ),
      name,
    );
  }
  // A gzip-named file that is not gzip is not called a tarball.
  assert.equal(
    describeRawImage("tmpfs-1.tar.gz.img", new Uint8Array([1, 2, 3])),
    undefined,
  );
  assert.equal(
    describeRawImage("core-1.img", new Uint8Array([1, 2, 3])),
    undefined,
  );
});

function encodeError(text: string): JsonShapeError {
  try {
    encodeSync(parse(text));
  } catch (e) {
    assert.ok(e instanceof JsonShapeError, String(e));
    return e;
  }
  assert.fail("encode accepted bad JSON");
}

Deno.test("encode names the JSON path of every kind of bad input", () => {
  const pstree = (entry: string) =>
    `{"magic": "PSTREE", "entries": [${entry}]}`;
  const cases: [string, string][] = [
    [
      pstree('{"pid": 1, "ppid": 0, "pgid": 1, "sid": 1, "bogus": 2}'),
      "entries[0].bogus: unknown key for pstree_entry",
    ],
    [
      pstree('{"pid": "x", "ppid": 0, "pgid": 1, "sid": 1}'),
      'entries[0].pid: invalid integer "x"',
    ],
    [
      pstree('{"pid": 1.5, "ppid": 0, "pgid": 1, "sid": 1}'),
      "entries[0].pid: expected an integer, got 1.5",
    ],
    [
      pstree('{"pid": 4294967296, "ppid": 0, "pgid": 1, "sid": 1}'),
      "entries[0].pid: 4294967296 is out of range for uint32",
    ],
    [
      pstree('{"ppid": 0, "pgid": 1, "sid": 1}'),
      "entries[0].pid: missing required field of pstree_entry",
    ],
    [
      pstree('{"pid": 1, "ppid": 0, "pgid": 1, "sid": 1, "threads": 5}'),
      "entries[0].threads: expected an array, got 5",
    ],
    [
      '{"magic": "FDINFO", "entries": [{"id": 1, "flags": 0, "type": "BOGUS", "fd": 0}]}',
      'entries[0].type: "BOGUS" is not a value of enum fd_types',
    ],
    [
      '{"magic": "PIPES_DATA", "entries": [{"pipe_id": 1, "bytes": 3, "extra": "!!!"}]}',
      "entries[0].extra: invalid base64",
    ],
    [
      '{"magic": "PAGEMAP", "entries": [{"pages_id": 1}, {"vaddr": "0x1000", "compat_nr_pages": 0, "flags": "PE_BOGUS"}]}',
      'entries[1].flags: invalid flag "PE_BOGUS"',
    ],
    ['{"magic": "NOPE", "entries": []}', 'magic: unknown magic "NOPE"'],
  ];
  for (const [text, message] of cases) {
    const e = encodeError(text);
    assert.ok(
      e.message.startsWith(message),
      `${e.message}\n  expected to start with: ${message}`,
    );
    assert.ok(!e.message.includes("\n"), e.message);
  }
});

Deno.test("info counts an image pushed in pieces into a reused buffer, payloads skipped", () => {
  for (
    const file of [
      "03a-pipes-fifo/pipes-data.img",
      "05a-ghost-small/ghost-file-3.img",
      "04-tcp-udp/tcp-stream-38d50.img",
      "01-sleep/pagemap-25537.img",
      "01-sleep/core-25537.img",
    ]
  ) {
    const bytes = read(file);
    for (const size of [1, 7, 4096]) {
      const counter = infoCounter();
      const reused = new Uint8Array(size);
      for (let at = 0; at < bytes.length; at += size) {
        const piece = bytes.subarray(at, at + size);
        reused.set(piece);
        counter.push(reused.subarray(0, piece.length), true);
        reused.fill(0xee);
      }
      assert.deepEqual(counter.end(), info(bytes), `${file} in ${size}s`);
    }
  }
});

Deno.test("crit info reads stdin and skips a payload larger than any entry limit", async () => {
  // A PIPES_DATA entry saying 100 MiB follow: counted without reading them
  // into one buffer (the entry limit is 64 MiB).
  const size = 100 << 20;
  const entry = [0x08, 0x07, 0x10, ...varintBytes(size)];
  const dir = await scratchDir();
  const path = `${dir}/pipes-data.img`;
  const file = await Deno.open(path, { write: true, createNew: true });
  const head = encodeSync({ magic: "PIPES_DATA", entries: [] });
  await file.write(new Uint8Array([...head, entry.length, 0, 0, 0, ...entry]));
  await file.truncate(head.length + 4 + entry.length + size);
  file.close();
  // The CLI in a process that then prints its own peak memory.
  const script = PEAK_MEMORY_SCRIPT;
  for (const args of [["info", path], ["info", "-"]]) {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["eval", script, JSON.stringify(args)],
      stdin: args[1] === "-" ? "piped" : "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    if (args[1] === "-") {
      await (await Deno.open(path)).readable.pipeTo(child.stdin);
    }
    const r = await child.output();
    const stderr = new TextDecoder().decode(r.stderr);
    const peak = Number(/^peak (\d+)\n$/.exec(stderr)?.[1]);
    assert.ok(peak > 0 && peak < 90 * 1024, `${args[1]}: ${stderr}`);
    assert.equal(r.code, 0);
    assert.deepEqual(
      JSON.parse(new TextDecoder().decode(r.stdout)),
      { magic: "PIPES_DATA", count: 1 },
    );
  }
  await Deno.remove(dir, { recursive: true });
});
