/**
 * The `bigint` decode option, held against protobufjs: for every entry of
 * the plain-message fixture images, the fields protobufjs reads as 64-bit
 * (`field.long`) are bigints with `bigint: "always"`, and no other field is.
 */
import assert from "node:assert/strict";
import protobuf from "protobufjs";
import {
  decode,
  decodeSync,
  ImageDecoderStream,
  type JsonObject,
  type JsonValue,
} from "../../mod.ts";
import { readProtoDir } from "../../tools/gen.ts";
import { entryKind } from "../../src/image/kinds.ts";

const root = new URL("../..", import.meta.url).pathname;
const fixtures = `${root}tests/fixtures`;

async function protoRoot(): Promise<protobuf.Root> {
  const files = await readProtoDir(`${root}proto`);
  const r = new protobuf.Root();
  r.resolvePath = (_origin: string, target: string) => target;
  for (const name of [...files.keys()].sort()) {
    protobuf.parse(files.get(name)!, r, { keepCase: true });
  }
  r.resolveAll();
  return r;
}

/** The messages of an image without payloads: after the header, a u32 size and the message, each. */
function messages(bytes: Uint8Array): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  // inventory.img has no IMG_COMMON word before its magic.
  let at = view.getUint32(0, true) === 0x54564319 ? 8 : 4;
  const out: Uint8Array[] = [];
  while (at < bytes.length) {
    const n = view.getUint32(at, true);
    out.push(bytes.subarray(at + 4, at + 4 + n));
    at += 4 + n;
  }
  return out;
}

/**
 * Compares our entry (`always`) with protobufjs's object of the same
 * message (64-bit values as decimal text); returns how many 64-bit values
 * it saw.
 */
function compare(
  type: protobuf.Type,
  ours: JsonObject,
  theirs: Record<string, unknown>,
  path: string,
): number {
  let seen = 0;
  for (const field of type.fieldsArray) {
    const mine = ours[field.name];
    const want = theirs[field.name];
    const at = `${path}.${field.name}`;
    if (mine === undefined) continue;
    const mineList = (field.repeated ? mine : [mine]) as JsonValue[];
    const wantList = (field.repeated ? want : [want]) as unknown[];
    assert.equal(mineList.length, wantList.length, at);
    for (let k = 0; k < mineList.length; k++) {
      if (field.resolvedType instanceof protobuf.Type) {
        seen += compare(
          field.resolvedType,
          mineList[k] as JsonObject,
          wantList[k] as Record<string, unknown>,
          `${at}[${k}]`,
        );
      } else if (field.long) {
        assert.equal(typeof mineList[k], "bigint", at);
        assert.equal(mineList[k], BigInt(wantList[k] as string), at);
        seen++;
      } else {
        assert.notEqual(typeof mineList[k], "bigint", at);
      }
    }
  }
  return seen;
}

Deno.test('bigint: "always" makes exactly the 64-bit fields bigints (protobufjs says which)', async () => {
  const proto = await protoRoot();
  let images = 0;
  let values = 0;
  for (const dir of ["01-sleep", "07-threads", "14a-memory-truth"]) {
    for (const f of Deno.readDirSync(`${fixtures}/${dir}`)) {
      if (!f.name.endsWith(".img")) continue;
      const bytes = Deno.readFileSync(`${fixtures}/${dir}/${f.name}`);
      let image;
      try {
        image = decodeSync(bytes, { bigint: "always" });
      } catch {
        continue; // raw images
      }
      const kind = entryKind(image.magic)!;
      if (kind.layout !== undefined && kind.layout !== "pagemap") continue;
      const auto = decodeSync(bytes);
      const bodies = messages(bytes);
      assert.equal(bodies.length, image.entries.length, f.name);
      bodies.forEach((body, i) => {
        const name = kind.layout === "pagemap" && i === 0
          ? "pagemap_head"
          : kind.message!;
        const type = proto.lookupType(name);
        const theirs = type.toObject(type.decode(body), { longs: String });
        values += compare(type, image.entries[i], theirs, `${f.name}[${i}]`);
      });
      // The same values as the default mode, only of another type.
      assert.equal(
        JSON.stringify(image, (_k, v) => typeof v === "bigint" ? Number(v) : v),
        JSON.stringify(auto, (_k, v) => typeof v === "bigint" ? Number(v) : v),
      );
      images++;
    }
  }
  assert.ok(images >= 20, `${images} images`);
  assert.ok(values >= 1000, `${values} 64-bit values`);
});

Deno.test('bigint: "auto" gives numbers up to 2^53 - 1 and bigints beyond', () => {
  const mm = decodeSync(
    Deno.readFileSync(`${fixtures}/01-sleep/mm-25537.img`),
    { magic: "MM" },
  );
  const starts = (mm.entries[0].vmas ?? []).map((v) => v.start);
  assert.ok(starts.length > 10);
  assert.ok(
    starts.every((s) =>
      typeof s === "number" ? Number.isSafeInteger(s) : s > 2n ** 53n
    ),
  );
  assert.equal(starts.filter((s) => typeof s === "bigint").length, 1);
  // Which is why JSON.stringify alone fails on an MM image.
  assert.throws(() => JSON.stringify(mm), TypeError);
});

Deno.test('bigint: "always" reaches the messages of a SysV queue and works in decode and ImageDecoderStream', async () => {
  const bytes = Deno.readFileSync(
    `${fixtures}/06-namespaces-sysvipc/ipcns-msg-11.img`,
  );
  const image = decodeSync(bytes, { bigint: "always" });
  const extra = image.entries[0].extra as JsonValue[];
  assert.deepEqual(extra[0], { mtype: 2n, msize: 20 });
  assert.deepEqual(
    await decode(ReadableStream.from([bytes]), { bigint: "always" }),
    image,
  );
  const entries = await Array.fromAsync(
    ReadableStream.from([bytes]).pipeThrough(
      new ImageDecoderStream({ bigint: "always" }),
    ),
  );
  assert.deepEqual(entries, image.entries);
});

Deno.test('bigint: "always" under pretty leaves text as text', () => {
  const mm = decodeSync(
    Deno.readFileSync(`${fixtures}/01-sleep/mm-25537.img`),
    { bigint: "always", pretty: true },
  );
  const vma = (mm.entries[0].vmas as JsonObject[])[0];
  assert.equal(typeof vma.start, "string"); // hex text
  assert.equal(typeof vma.pgoff, "bigint");
});

Deno.test("bad bigint and magic options are a TypeError", () => {
  const bytes = Deno.readFileSync(`${fixtures}/01-sleep/pstree.img`);
  // @ts-expect-error: not a mode
  assert.throws(() => decodeSync(bytes, { bigint: "never" }), TypeError);
  // @ts-expect-error: not a kind of image
  assert.throws(() => decodeSync(bytes, { magic: 7 }), TypeError);
});
