/**
 * Encoding reads entries straight from crit's JSON text (encodeMessageText)
 * and leaves anything crit would not write to parse + encodeSync. Whichever
 * path an entry takes, and however the text is cut into pieces, the bytes
 * must be encodeSync(parse(text))'s, and errors the same.
 */
import assert from "node:assert/strict";
import {
  decodeSync,
  encodeSync,
  type JsonObject,
  JsonShapeError,
  type JsonValue,
  parse,
  stringify,
} from "../../mod.ts";
import { JsonImageReader } from "../../src/codec/json_image_reader.ts";
import { concatBytes } from "../../src/wire/bytes.ts";
import { Rng } from "../_helpers/prng.ts";
import { EDGE_NUMBERS, EDGE_STRINGS } from "../_helpers/json_edges.ts";

const fixtures = new URL("../fixtures", import.meta.url).pathname;

function streamed(
  text: string,
  chunk: number,
  streamAbove?: number,
  textSize?: number,
): Uint8Array {
  const parts: Uint8Array[] = [];
  const reader = new JsonImageReader(
    (b) => parts.push(b.slice()),
    streamAbove,
    undefined,
    textSize,
  );
  for (let i = 0; i < text.length; i += chunk) {
    reader.push(text.slice(i, i + chunk));
  }
  reader.end();
  return concatBytes(parts);
}

function assertSameBytes(text: string, what: string): void {
  const want = encodeSync(parse(text));
  for (const chunk of [1, 7, 4096, text.length]) {
    assert.deepEqual(
      streamed(text, chunk),
      want,
      `${what}, chunks of ${chunk}`,
    );
  }
}

const images = [
  "01-sleep/core-25537.img",
  "01-sleep/mm-25537.img",
  "01-sleep/pagemap-25537.img",
  "01-sleep/files.img",
  "01-sleep/fdinfo-2.img",
  "01-sleep/pstree.img",
].map((f) => decodeSync(Deno.readFileSync(`${fixtures}/${f}`)));

function mapObjects(
  v: JsonValue,
  f: (o: JsonObject) => JsonObject,
): JsonValue {
  if (Array.isArray(v)) return v.map((x) => mapObjects(x, f));
  if (v === null || typeof v !== "object") return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) out[k] = mapObjects(x, f);
  return f(out);
}

Deno.test("crit's own text, plain and pretty, in any pieces", () => {
  for (const image of images) {
    assertSameBytes(stringify(image), image.magic);
    assertSameBytes(stringify(image, { pretty: true }), image.magic);
  }
});

Deno.test("keys out of field order are read like crit reads them", () => {
  for (const image of images) {
    const reversed = mapObjects(
      image as unknown as JsonObject,
      (o) => Object.fromEntries(Object.entries(o).reverse()),
    );
    const text = stringify(reversed as never);
    assertSameBytes(text, image.magic);
    assert.deepEqual(encodeSync(parse(text)), encodeSync(image));
  }
});

Deno.test("JSON that crit does not write but reads is encoded as crit reads it", () => {
  const pagemap = stringify(images[2]);
  const cases = [
    // A float that is an integer, a duplicate key (the last value wins),
    // escapes, and whitespace anywhere.
    pagemap.replace('"nr_pages": 1}', '"nr_pages": 1.0}'),
    pagemap.replace('{"vaddr": ', '{"vaddr": 7, "vaddr": '),
    pagemap.replaceAll("{", "{ \t\r\n").replaceAll(",", "\n,\n"),
    stringify(images[3]).replaceAll("/", "\\/").replaceAll("e", "\\u0065"),
  ];
  for (const text of cases) assertSameBytes(text, text.slice(0, 60));
});

/**
 * Encodes `text` both ways, streamed in pieces of `chunk`: the bytes, or the
 * error's class and message.
 */
function bothWays(text: string, chunk: number): [string, string] {
  const run = (f: () => Uint8Array) => {
    try {
      return Array.from(f()).join(",");
    } catch (e) {
      return `${(e as Error).constructor.name}: ${(e as Error).message}`;
    }
  };
  return [run(() => encodeSync(parse(text))), run(() => streamed(text, chunk))];
}

/** Values around the direct path's limits, and values crit does not write. */
const EDGES = {
  // 15 digits, 32 and 64 bits, signs; numbers Python reads but crit never writes.
  numbers: /(?<=[:[,] |\[)-?\d+(?=[,}\]])/g,
  number: EDGE_NUMBERS,
  // Paths, names and enum names: escapes, non-ASCII, control characters.
  strings: /(?<=: )"[^"\\]*"/g,
  string: EDGE_STRINGS,
};

Deno.test("values at the edges of every kind are encoded as the general path encodes them", () => {
  const rng = new Rng(19);
  // netns (int32 arrays with negatives) and file locks (int64) besides.
  const more = [
    "06-namespaces-sysvipc/netns-10.img",
    "08-file-locks/filelocks.img",
  ].map((f) => decodeSync(Deno.readFileSync(`${fixtures}/${f}`)));
  let refused = 0;
  let checked = 0;
  for (const image of [...images, ...more]) {
    const text = stringify(image);
    for (
      const [found, edges] of [
        [[...text.matchAll(EDGES.numbers)], EDGES.number],
        [[...text.matchAll(EDGES.strings)], EDGES.string],
      ] as const
    ) {
      for (let k = 0; k < 200 && found.length > 0; k++) {
        const m = found[rng.int(found.length)];
        const edge = edges[rng.int(edges.length)];
        const changed = text.slice(0, m.index) + edge +
          text.slice(m.index + m[0].length);
        const [want, got] = bothWays(changed, k % 2 ? 7 : 4096);
        assert.equal(got, want, `${image.magic}: ${m[0]} -> ${edge}`);
        if (!/^\d/.test(want)) refused++;
        checked++;
      }
    }
  }
  // Both outcomes were seen: values taken and values refused.
  assert.ok(refused > 50 && refused < checked - 50, `${refused} of ${checked}`);
});

Deno.test("a control character written as it is inside a streamed payload is Python's error", () => {
  for (
    const name of [
      "04-tcp-udp/tcp-stream-38d50.img",
      "03a-pipes-fifo/pipes-data.img",
    ]
  ) {
    const text = stringify(
      decodeSync(Deno.readFileSync(`${fixtures}/${name}`)),
    );
    // Well inside a payload's base64, past the first pieces, so that the
    // payload is being streamed (above 4 KiB) when the character comes.
    const run = /[A-Za-z0-9+/]{16}/g;
    run.lastIndex = Math.floor(text.length * 0.6);
    const at = run.exec(text)!.index + 8;
    for (const ch of ["\n", "\t", "\u0001"]) {
      const bad = text.slice(0, at) + ch + text.slice(at);
      assert.throws(() => parse(bad), /Invalid control character/);
      let want = "";
      try {
        parse(bad);
      } catch (e) {
        want = (e as Error).message;
      }
      for (const chunk of [7, 4096, bad.length]) {
        assert.throws(() => streamed(bad, chunk, 4096), (e: Error) => {
          assert.equal(e.message, want, `${name}, pieces of ${chunk}`);
          return true;
        });
      }
    }
  }
});

Deno.test("strings with brackets, quotes and escapes do not end an entry early", () => {
  const files = images[3];
  const names = ['a}b]c"d', "e\\f{", 'g\\"}', "\u00e9[[{", "h\\\\"];
  let k = 0;
  const odd = mapObjects(files as unknown as JsonObject, (o) => {
    if (typeof o.name === "string") o.name = names[k++ % names.length];
    return o;
  });
  assert.ok(k > 3);
  assertSameBytes(stringify(odd as never), "odd names");
  assertSameBytes(stringify(odd as never, { pretty: true }), "odd names");
});

Deno.test("a large entry is encoded once its text is complete", () => {
  const mm = images[1];
  const entry = mm.entries[0] as JsonObject;
  const vmas = entry.vmas as JsonObject[];
  const many = Array.from({ length: 5000 }, (_, i) => vmas[i % vmas.length]);
  const image = { magic: "MM", entries: [{ ...entry, vmas: many }] };
  const text = stringify(image);
  assert.ok(text.length > 500_000);
  assert.deepEqual(streamed(text, 65536), encodeSync(image));
  assert.deepEqual(streamed(text, 1000), encodeSync(image));
  // Told the text's size, it waits for the end instead of scanning: the
  // same bytes, and the same error for a bad value at the entry's end.
  const sized = (t: string, chunk: number) =>
    streamed(t, chunk, undefined, t.length);
  assert.deepEqual(sized(text, 65536), encodeSync(image));
  assert.deepEqual(sized(text, 1000), encodeSync(image));
  const bad = text.replace(/"fdflags": 0}\]/, '"fdflags": -1}]');
  assert.notEqual(bad, text);
  assert.throws(() => encodeSync(parse(bad)), /fdflags/);
  for (const chunk of [1000, 65536]) {
    assert.throws(() => sized(bad, chunk), (e: Error) => {
      assert.match(e.message, /fdflags/);
      return true;
    });
  }
  // Its end is noticed as the text arrives, without waiting for more.
  let written = 0;
  const reader = new JsonImageReader((b) => written += b.length);
  const end = text.lastIndexOf("]");
  for (let i = 0; i < end; i += 1000) {
    reader.push(text.slice(i, Math.min(i + 1000, end)));
  }
  assert.ok(written > 100_000, `${written} bytes written before the end`);
});

Deno.test("bad values give the errors of the general path", () => {
  const pagemap = stringify(images[2]);
  const cases = [
    pagemap.replace('"nr_pages": 1}', '"nr_pages": -1}'),
    pagemap.replace('"nr_pages": 1}', '"nr_pages": 1, "bogus": 2}'),
    pagemap.replace('"nr_pages": 1}', '"nr_pages": 01}'),
    pagemap.replace('"nr_pages": 1}', '"nr_pages": "x"}'),
    pagemap.replace(/"vaddr": \d+, /, ""),
  ];
  for (const text of cases) {
    assert.notEqual(text, pagemap);
    let want: Error | undefined;
    try {
      encodeSync(parse(text));
    } catch (e) {
      want = e as Error;
    }
    assert.ok(want, text.slice(0, 200));
    for (const chunk of [7, text.length]) {
      assert.throws(() => streamed(text, chunk), (e: Error) => {
        assert.equal(e.constructor, want!.constructor);
        assert.equal(e.message, want!.message);
        return true;
      });
    }
  }
});

Deno.test("an entry with a large payload is streamed however small the pieces of text", () => {
  const payload = new Uint8Array(200_000).map((_, i) => i * 7);
  const image = encodeSync({
    magic: "PIPES_DATA",
    entries: [{
      pipe_id: 1,
      bytes: payload.length,
      extra: base64(payload),
    }],
  });
  const text = stringify(decodeSync(image));
  let written = 0;
  const reader = new JsonImageReader((b) => written += b.length, 10_000);
  // All but the end of the entry, in pieces far below streamAbove.
  const end = text.length - 20;
  for (let i = 0; i < end; i += 500) {
    reader.push(text.slice(i, Math.min(i + 500, end)));
  }
  assert.ok(written > 100_000, `${written} bytes written before the end`);
  reader.push(text.slice(end));
  reader.end();
  assert.deepEqual(streamed(text, 500), image);
});

function base64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

Deno.test("keys crit ignores in a streamed extra object are skipped", () => {
  const dir = `${fixtures}/04-tcp-udp`;
  const name =
    [...Deno.readDirSync(dir)].find((f) => f.name.startsWith("tcp-stream-"))!
      .name;
  const image = decodeSync(Deno.readFileSync(`${dir}/${name}`));
  const entry = image.entries[0] as JsonObject;
  const { inq, outq } = entry.extra as JsonObject;
  const variants: JsonObject[] = [
    { note: [1, { a: "}" }], inq, outq },
    { inq, 'x\\"': "y", outq },
    { inq, outq, tail: null, more: -1.5e3 },
  ];
  for (const extra of variants) {
    const text = stringify({ ...image, entries: [{ ...entry, extra }] });
    const want = encodeSync(parse(text));
    for (const chunk of [1, 7, 100]) {
      const got = streamed(text, chunk, 0);
      assert.deepEqual(got, want, `${JSON.stringify(Object.keys(extra))}`);
    }
  }
});

Deno.test("streamed syntax errors give Python's line, column and char in the document", () => {
  const pipes = stringify(
    decodeSync(encodeSync({
      magic: "PIPES_DATA",
      entries: [1, 2, 3].map((id) => ({
        pipe_id: id,
        bytes: 300,
        extra: base64(new Uint8Array(300).fill(id)),
      })),
    })),
    { pretty: true },
  );
  const files = images[3] as unknown as JsonObject;
  let named = false;
  const emoji = mapObjects(files, (o) => {
    if (!named && typeof o.name === "string") {
      o.name = "\u{1f600}/\u00e9\n";
      named = true;
    }
    return o;
  });
  const cases = [
    // After two streamed payloads, in pretty text.
    pipes.replace('"pipe_id": 3', '"pipe_id": 3 3'),
    pipes.replace('"pipe_id": 3,', '"pipe_id": 3,,'),
    // After a name with a character outside the BMP.
    breakLast(stringify(emoji as never), '"type": "REG"', '"type": "REG" "x"'),
    // One line break early on: the error's line starts long before its entry.
    breakLast(
      stringify(emoji as never).replace('"FILES", ', '"FILES",\n '),
      '"type": "REG"',
      '"type": "REG" "x"',
    ),
    breakLast(
      stringify(emoji as never, { pretty: true }),
      '"type": "REG"',
      '"type" "REG"',
    ),
  ];
  for (const text of cases) {
    let want = "";
    try {
      parse(text);
    } catch (e) {
      want = (e as Error).message;
    }
    assert.match(
      want,
      /: line \d+ column \d+ \(char \d+\)$/,
      text.slice(0, 80),
    );
    for (const chunk of [1, 7, 64, text.length]) {
      const reader = new JsonImageReader(() => {}, 100);
      assert.throws(() => {
        for (let i = 0; i < text.length; i += chunk) {
          reader.push(text.slice(i, i + chunk));
        }
        reader.end();
      }, (e: Error) => {
        assert.equal(e.message, want, `chunks of ${chunk}`);
        return true;
      });
    }
  }
});

/** `text` with the last `what` replaced by `by`. */
function breakLast(text: string, what: string, by: string): string {
  const at = text.lastIndexOf(what);
  return text.slice(0, at) + by + text.slice(at + what.length);
}

/** What `parse` (Python's json) says about `text`; it must fail. */
function parseError(text: string): string {
  try {
    parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail(`${JSON.stringify(text)} parsed`);
}

function assertStreamedError(
  text: string,
  want: string,
  streamAbove?: number,
): void {
  for (const chunk of [1, 7, 64, Math.max(1, text.length)]) {
    const reader = new JsonImageReader(() => {}, streamAbove);
    assert.throws(() => {
      for (let i = 0; i < text.length; i += chunk) {
        reader.push(text.slice(i, i + chunk));
      }
      reader.end();
    }, (e: Error) => {
      assert.equal(
        e.message,
        want,
        `${JSON.stringify(text.slice(-40))}, chunks of ${chunk}`,
      );
      return true;
    });
  }
}

Deno.test("a document cut anywhere gets Python's error, in any pieces", () => {
  const pstree = images[5] as never;
  for (const pretty of [false, true]) {
    const text = stringify(pstree, { pretty });
    for (let cut = 0; cut < text.length; cut++) {
      const head = text.slice(0, cut);
      assertStreamedError(head, parseError(head));
    }
  }
});

Deno.test("broken structure around the entries gets Python's error and position", () => {
  const plain = stringify(images[5] as never);
  const files = stringify(images[3] as never, { pretty: true });
  assert.ok(files.length > 10_000);
  const pretty = stringify(images[5] as never, { pretty: true });
  const emoji = '{"magic": "REG_FILES", "entries": [{"id": 1, "flags": 0, ' +
    '"pos": 0, "fown": {"uid": 0, "euid": 0, "signum": 0, "pid_type": 0, ' +
    '"pid": 0}, "name": "\u{1f600}\\n\u00e9"}';
  const cases = [
    plain.replace('"entries": [', '"entries": [}'),
    plain.replace('"entries": [', '"entries": [,'),
    plain.replace("}]", "}, ]"),
    plain.replace("}]", "} ]]"),
    plain.replace("]}", "] x}"),
    plain.replace("]}", "], }"),
    plain.replace("]}", "]}}"),
    plain + " x",
    plain.replace('"magic":', '"magic"'),
    plain.replace('{"magic"', "{ , "),
    plain.replace('"PSTREE", ', '"PSTREE" '),
    "  \n  x" + plain,
    pretty.replace("\n    ]", ",\n    ]"),
    pretty.replace("\n}", "\n    x\n}"),
    emoji + "}",
    emoji + ", ]}",
    emoji + "] x}",
    // After many entries: the reader has dropped the text before the error.
    breakLast(files, "\n    ]", ",\n    ]"),
    breakLast(files, "\n}", " x\n}"),
    breakLast(files, "},", "} ,,"),
    files + " x",
    files.slice(0, -3),
  ];
  for (const text of cases) {
    const want = parseError(text);
    assert.match(want, /: line \d+ column \d+ \(char \d+\)$/);
    assertStreamedError(text, want);
  }
});

Deno.test("a key after a streamed extra is an error naming it; unstreamed, any order works", () => {
  const image = encodeSync({
    magic: "PIPES_DATA",
    entries: [{
      pipe_id: 7,
      bytes: 3000,
      size: 65536,
      extra: base64(new Uint8Array(3000)),
    }],
  });
  const text = stringify(decodeSync(image));
  const moved = text.replace('"size": 65536, ', "").replace(
    '"}]}',
    '", "size": 65536}]}',
  );
  assert.notEqual(moved, text);
  assert.deepEqual(encodeSync(parse(moved)), image);
  assert.deepEqual(streamed(moved, 64), image);
  assert.throws(
    () => streamed(moved, 64, 100),
    (e: Error) => {
      assert.ok(e instanceof JsonShapeError);
      assert.match(e.message, /^entries\[0\]\.size: comes after "extra"/);
      return true;
    },
  );
});

Deno.test("a document cut around or inside a streamed payload gets Python's error", () => {
  const pipes = decodeSync(encodeSync({
    magic: "PIPES_DATA",
    entries: [1, 2].map((id) => ({
      pipe_id: id,
      bytes: 200,
      extra: base64(new Uint8Array(200).fill(id)),
    })),
  }));
  // A real TCP_STREAM entry with short queues: an `extra` object of two parts.
  const real = decodeSync(
    Deno.readFileSync(`${fixtures}/04-tcp-udp/tcp-stream-38d50.img`),
  ).entries[0];
  const tcp = decodeSync(encodeSync({
    magic: "TCP_STREAM",
    entries: [{
      ...real,
      inq_len: 90,
      outq_len: 60,
      unsq_len: 0,
      extra: {
        inq: base64(new Uint8Array(90).fill(7)),
        outq: base64(new Uint8Array(60).fill(9)),
      },
    }],
  }));
  for (const image of [pipes, tcp]) {
    for (const pretty of [false, true]) {
      const text = stringify(image, { pretty });
      for (let cut = 0; cut < text.length; cut++) {
        const head = text.slice(0, cut);
        assertStreamedError(head, parseError(head), 100);
      }
    }
  }
});
