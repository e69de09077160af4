/**
 * The stream classes give exactly what the whole-buffer functions give, for
 * every fixture image, whatever the chunking of the input.
 */
import assert from "node:assert/strict";
import {
  decodeSync,
  encodeSync,
  ImageDecoderStream,
  ImageEncoderStream,
  ImageToJsonStream,
  JsonToImageStream,
  stringify,
} from "../../mod.ts";

import { concatBytes } from "../../src/wire/bytes.ts";
import { assertSameOutcome } from "../_helpers/same_outcome.ts";
import type { JsonObject } from "../../src/json/types.ts";
const fixtures = new URL("../fixtures", import.meta.url).pathname;

/** Every fixture image that has a magic. */
function images(): { name: string; bytes: Uint8Array }[] {
  const out = [];
  for (const dir of Deno.readDirSync(fixtures)) {
    if (!dir.isDirectory || dir.name === "vectors") continue;
    for (const f of Deno.readDirSync(`${fixtures}/${dir.name}`)) {
      if (!f.isFile || f.name.endsWith(".md")) continue;
      const bytes = Deno.readFileSync(`${fixtures}/${dir.name}/${f.name}`);
      try {
        decodeSync(bytes);
      } catch {
        continue;
      }
      out.push({ name: `${dir.name}/${f.name}`, bytes });
    }
  }
  return out.sort((a, b) => a.name < b.name ? -1 : 1);
}

const ALL = images();
/** Byte-by-byte feeding is slow: use it on the small images of every kind. */
const SMALL = ALL.filter((i) => i.bytes.length <= 8192);

function chunks(data: Uint8Array, size: number): ReadableStream<Uint8Array>;
function chunks(data: string, size: number): ReadableStream<string>;
function chunks(
  data: Uint8Array | string,
  size: number,
): ReadableStream<Uint8Array | string> {
  const parts: (Uint8Array | string)[] = [];
  for (let i = 0; i < data.length; i += size) {
    parts.push(data.slice(i, i + size));
  }
  return ReadableStream.from(parts);
}

async function text(stream: ReadableStream<string>): Promise<string> {
  let out = "";
  for await (const piece of stream) out += piece;
  return out;
}

async function bytes(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return concatBytes(await Array.fromAsync(stream));
}

Deno.test("the fixtures include every payload kind the streams handle", () => {
  const kinds = new Set(ALL.map((i) => decodeSync(i.bytes).magic));
  for (
    const k of [
      "PAGEMAP",
      "GHOST_FILE",
      "PIPES_DATA",
      "FIFO_DATA",
      "SK_QUEUES",
      "TCP_STREAM",
      "IPCNS_SEM",
      "IPCNS_MSG",
      "IPCNS_SHM",
      "BPFMAP_DATA",
    ]
  ) {
    assert.ok(kinds.has(k), k);
  }
  assert.ok(SMALL.length > 100, `${SMALL.length} small images`);
});

Deno.test("ImageDecoderStream gives decodeSync's entries when fed 1, 2 and 7 bytes at a time", async () => {
  for (const { name, bytes } of SMALL) {
    const want = decodeSync(bytes, { pretty: true });
    for (const size of [1, 2, 7]) {
      const decoder = new ImageDecoderStream({ pretty: true });
      const entries = await Array.fromAsync(
        chunks(bytes, size).pipeThrough(decoder),
      );
      assert.equal(await decoder.magic, want.magic, name);
      assert.deepEqual(entries, want.entries, `${name} in ${size}-byte chunks`);
    }
  }
});

Deno.test("ImageDecoderStream knows the magic before the first entry", async () => {
  const { bytes } = ALL.find((i) => i.name.endsWith("pagemap-25537.img"))!;
  const decoder = new ImageDecoderStream();
  const reader = chunks(bytes, 8).pipeThrough(decoder).getReader();
  const order: string[] = [];
  const magic = decoder.magic.then((m) => {
    order.push("magic");
    return m;
  });
  const first = reader.read().then((r) => {
    order.push("entry");
    return r.value;
  });
  assert.equal(await magic, "PAGEMAP");
  assert.deepEqual(await first, { pages_id: 1 });
  assert.deepEqual(order, ["magic", "entry"]);
  await reader.cancel();
});

Deno.test("ImageDecoderStream rejects magic and errors the stream for a bad header", async () => {
  const decoder = new ImageDecoderStream();
  const out = chunks(new Uint8Array(16).fill(7), 4).pipeThrough(decoder);
  await assert.rejects(Array.fromAsync(out), /unknown magic 0x7070707/);
  await assert.rejects(decoder.magic, /unknown magic/);
});

Deno.test("ImageToJsonStream writes stringify's exact text, plain, pretty and nopl, in any chunking", async () => {
  for (const { name, bytes } of ALL) {
    for (const opts of [{}, { pretty: true }, { pretty: true, nopl: true }]) {
      const want = stringify(decodeSync(bytes, opts), opts);
      const sizes = bytes.length <= 8192 ? [1, 2, 7] : [7, 4096];
      for (const size of sizes) {
        const got = await text(
          chunks(bytes, size).pipeThrough(new ImageToJsonStream(opts)),
        );
        assert.equal(
          got,
          want,
          `${name} ${JSON.stringify(opts)} in ${size}-byte chunks`,
        );
      }
    }
  }
});

Deno.test("JsonToImageStream rebuilds every image from plain and pretty text, payloads streamed or not", async () => {
  for (const { name, bytes } of ALL) {
    for (const pretty of [false, true]) {
      const json = stringify(decodeSync(bytes, { pretty }), { pretty });
      // streamAbove 0 streams every payload; the default streams none of these.
      for (
        const [size, streamAbove] of [[1, 0], [7, 0], [7, undefined], [
          65536,
          0,
        ]] as const
      ) {
        if (size === 1 && json.length > 20000) continue;
        const got = await bytes_(
          chunks(json, size).pipeThrough(
            new JsonToImageStream({ streamAbove }),
          ),
        );
        assert.deepEqual(
          got,
          bytes,
          `${name} pretty=${pretty} ${size}-char chunks streamAbove=${streamAbove}`,
        );
      }
    }
  }
});
const bytes_ = bytes;

Deno.test("JsonToImageStream accepts entries before magic (whole-document fallback)", async () => {
  const { bytes: img } = ALL.find((i) =>
    i.name.endsWith("01-sleep/pstree.img")
  )!;
  const image = decodeSync(img);
  const json = `{"entries": ${
    stringify(image.entries as never)
  }, "magic": "PSTREE"}`;
  assert.deepEqual(
    await bytes(chunks(json, 5).pipeThrough(new JsonToImageStream())),
    img,
  );
});

Deno.test("JsonToImageStream reports JSON errors and shape errors", async () => {
  const bad = [
    [
      '{"magic": "PSTREE", "entries": [{"pid": 1, "ppid": 0, "pgid": 1, "sid": 1}',
      /Error: Expecting ',' delimiter: line 1 column 75 \(char 74\)$/,
    ],
    ['{"magic": "PSTREE", "entries": [], "x": 1}', /x: unknown key/],
    [
      '{"magic": "PSTREE", "entries": [{"pid": "x", "ppid": 0, "pgid": 1, "sid": 1}]}',
      /entries\[0\]\.pid: invalid integer/,
    ],
    [
      '{"magic": "PIPES_DATA", "entries": [{"pipe_id": 1, "bytes": 3, "extra": "!!!"}]}',
      /invalid base64/,
    ],
    [
      '{"magic": "PSTREE", "entries": []} x',
      /Error: Extra data: line 1 column 36 \(char 35\)$/,
    ],
  ] as const;
  for (const [json, pattern] of bad) {
    for (const streamAbove of [0, undefined]) {
      await assert.rejects(
        Array.fromAsync(
          chunks(json, 3).pipeThrough(new JsonToImageStream({ streamAbove })),
        ),
        pattern,
        json,
      );
    }
  }
});

Deno.test("ImageEncoderStream writes the header, then each entry", async () => {
  for (const { name, bytes: img } of ALL) {
    const image = decodeSync(img, { pretty: true });
    const got = await bytes(
      ReadableStream.from(image.entries).pipeThrough(
        new ImageEncoderStream(image.magic),
      ),
    );
    assert.deepEqual(got, img, name);
  }
});

Deno.test("streams work on files, fetch bodies and ReadableStream.from", async () => {
  const path = `${fixtures}/03a-pipes-fifo/pipes-data.img`;
  const want = stringify(decodeSync(Deno.readFileSync(path)));
  const file = await Deno.open(path);
  assert.equal(
    await text(file.readable.pipeThrough(new ImageToJsonStream())),
    want,
  );
  const body = new Response(Deno.readFileSync(path)).body!;
  assert.equal(await text(body.pipeThrough(new ImageToJsonStream())), want);
});

Deno.test("streamed payloads accept any JSON escape in their base64 text", async () => {
  // pipe_data_entry {pipe_id: 1, bytes: 2}; payload 0xff 0xff is "//8=" in base64.
  const want = new Uint8Array([
    0x19,
    0x43,
    0x56,
    0x54,
    0x09,
    0x37,
    0x45,
    0x56,
    4,
    0,
    0,
    0,
    0x08,
    0x01,
    0x10,
    0x02,
    0xff,
    0xff,
  ]);
  for (const extra of ["//8=\\n", "\\/\\/8\\u003d", "/ / 8 = \\r\\n\\t"]) {
    const json =
      `{"magic": "PIPES_DATA", "entries": [{"pipe_id": 1, "bytes": 2, "extra": "${extra}"}]}`;
    for (const size of [1, 3, 100]) {
      assert.deepEqual(
        await bytes(
          chunks(json, size).pipeThrough(
            new JsonToImageStream({ streamAbove: 0 }),
          ),
        ),
        want,
        `${extra} ${size}`,
      );
    }
  }
});

Deno.test("ImageDecoderStream: awaiting magic before reading does not hang", async () => {
  const { bytes } = ALL.find((i) => i.name.endsWith("pagemap-25537.img"))!;
  for (const size of [1, 2, 7, bytes.length]) {
    const decoder = new ImageDecoderStream();
    const entries = chunks(bytes, size).pipeThrough(decoder);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve("timed out"), 2000);
    });
    assert.equal(await Promise.race([decoder.magic, timeout]), "PAGEMAP");
    clearTimeout(timer);
    const got = await Array.fromAsync(entries);
    assert.deepEqual(got, decodeSync(bytes).entries, `${size}-byte chunks`);
  }
});

Deno.test("ImageToJsonStream: entries written many at once, past one left to the single path, a broken one or one over the limit", async () => {
  const fd = decodeSync(
    Deno.readFileSync(
      `${fixtures}/03d-eventfd-epoll-signalfd-timerfd-inotify-fanotify/fdinfo-2.img`,
    ),
  ).entries;
  const entries = Array.from({ length: 300 }, (_, i) => ({
    ...fd[i % fd.length],
    fd: i,
  }));
  const image = encodeSync({ magic: "FDINFO", entries });
  // The offset of entry k's size word, and its message.
  const frame = (k: number, of = image) => {
    const view = new DataView(of.buffer, of.byteOffset);
    let at = 8;
    for (let i = 0; i < k; i++) at += 4 + view.getUint32(at, true);
    const size = view.getUint32(at, true);
    return { at, body: of.subarray(at + 4, at + 4 + size) };
  };
  const withBody = (k: number, body: Uint8Array) => {
    const { at, body: old } = frame(k);
    const size = new Uint8Array(4);
    new DataView(size.buffer).setUint32(0, body.length, true);
    return concatBytes([
      image.subarray(0, at),
      size,
      body,
      image.subarray(at + 4 + old.length),
    ]);
  };
  // Entry 150's fields in reverse order: decodeMessage's job, not the writer's.
  const { body } = frame(150);
  const fields: Uint8Array[] = [];
  for (let i = 0; i < body.length;) {
    const start = i;
    i++; // one-byte tags, one-byte values in these entries
    while (body[i] & 0x80) i++;
    i++;
    fields.push(body.subarray(start, i));
  }
  const labelled = frame(
    0,
    encodeSync({
      magic: "FDINFO",
      entries: [{ ...entries[150], xattr_security_selinux: "x".repeat(40) }],
    }),
  ).body;
  const cases: [string, Uint8Array, { maxEntrySize?: number }][] = [
    ["as CRIU writes them", image, {}],
    [
      "one out of field order",
      withBody(150, concatBytes(fields.reverse())),
      {},
    ],
    ["one cut inside a varint", withBody(150, new Uint8Array([8, 0xff])), {}],
    // A whole, well-formed entry, only larger than the limit.
    ["one over the limit", withBody(150, labelled), {
      maxEntrySize: 32,
    }],
  ];
  let wrote = 0;
  let failed = 0;
  for (const [what, bytes, limit] of cases) {
    for (const pretty of [false, true]) {
      const opts = { pretty, ...limit };
      let want: string | Error;
      try {
        want = stringify(decodeSync(bytes, opts), opts);
      } catch (e) {
        want = e as Error;
      }
      for (const size of [bytes.length, 4096, 7]) {
        let got: string | Error;
        try {
          got = await text(
            chunks(bytes, size).pipeThrough(new ImageToJsonStream(opts)),
          );
        } catch (e) {
          got = e as Error;
        }
        const label = `${what}, pretty=${pretty}, ${size}-byte chunks`;
        assertSameOutcome(got, want, label);
        if (want instanceof Error) failed++;
        else wrote++;
      }
    }
  }
  assert.equal(wrote, 12);
  assert.equal(failed, 12);
});

Deno.test("ImageToJsonStream: a chunk of more entries than the WebAssembly writer takes at once", async () => {
  const entries: JsonObject[] = [{ pages_id: 1 }];
  for (let i = 0; i < 250_000; i++) {
    entries.push({
      vaddr: 0x10000 + i * 0x1000,
      compat_nr_pages: 0,
      nr_pages: 1,
    });
  }
  const image = encodeSync({ magic: "PAGEMAP", entries });
  assert.ok(image.length > 3 << 20, `${image.length} bytes in one chunk`);
  const got = await text(
    ReadableStream.from([image]).pipeThrough(new ImageToJsonStream()),
  );
  assert.equal(got, stringify(decodeSync(image)));
});
