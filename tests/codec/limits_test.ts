/** Limits and consistency checks that keep bad input from becoming bad images. */
import assert from "node:assert/strict";
import {
  CriuImageError,
  decodeSync,
  encodeSync,
  JsonShapeError,
  parse,
} from "../../mod.ts";

const encodeText = (text: string) => encodeSync(parse(text));

Deno.test("encode refuses a payload whose size differs from the entry's size field", () => {
  const cases: [string, RegExp][] = [
    [
      '{"magic": "PIPES_DATA", "entries": [{"pipe_id": 1, "bytes": 3, "extra": "aGk=\\n"}]}',
      /entries\[0\]\.extra: 2 bytes of payload, but the entry says 3/,
    ],
    [
      '{"magic": "SK_QUEUES", "entries": [{"id_for": 1, "length": 1}]}',
      /entries\[0\]\.extra: 0 bytes of payload, but the entry says 1/,
    ],
    [
      '{"magic": "TCP_STREAM", "entries": [{"inq_len": 0, "inq_seq": 0, "outq_len": 1, "outq_seq": 0, "opt_mask": 0, "snd_wscale": 0, "mss_clamp": 0, "rcv_wscale": 0, "timestamp": 0, "extra": {"inq": "", "outq": ""}}]}',
      /extra\.outq: 0 bytes of payload, but the entry says 1/,
    ],
    [
      '{"magic": "IPCNS_MSG", "entries": [{"desc": {"key": 1, "uid": 0, "gid": 0, "cuid": 0, "cgid": 0, "mode": 0, "id": 0}, "qbytes": 0, "qnum": 1, "extra": [{"mtype": 1, "msize": 4294967295}, ""]}]}',
      /extra\[1\]: 0 bytes of payload, but the entry says 4294967295/,
    ],
  ];
  for (const [text, pattern] of cases) {
    assert.throws(
      () => encodeText(text),
      (e) => e instanceof JsonShapeError && pattern.test(e.message),
      text,
    );
  }
});

Deno.test("encode takes payload sizes from validated integers, not from the JSON text", () => {
  // "0x3" is a valid way to write 3; "1_0" is Python's 10: sizes come from the written message.
  const ok = encodeText(
    '{"magic": "PIPES_DATA", "entries": [{"pipe_id": 1, "bytes": "0x3", "extra": "aGkh\\n"}]}',
  );
  assert.deepEqual(decodeSync(ok).entries[0], {
    pipe_id: 1,
    bytes: 3,
    extra: "aGkh\n",
  });
});

Deno.test("an IPCNS_SHM entry stored in pagemaps takes no payload on encode", () => {
  const shm = (extra: string) =>
    `{"magic": "IPCNS_SHM", "entries": [{"desc": {"key": 1, "uid": 0, "gid": 0, "cuid": 0, "cgid": 0, "mode": 0, "id": 0}, "size": 4096, "in_pagemaps": true${extra}}]}`;
  const bytes = encodeText(shm(""));
  assert.deepEqual(decodeSync(bytes).entries[0].in_pagemaps, true);
  assert.throws(
    () => encodeText(shm(', "extra": "AAAA\\n"')),
    /no payload \(in_pagemaps is set\)/,
  );
});

Deno.test("messages nested deeper than 500 levels are a CriuImageError, not a stack overflow", () => {
  // cgroup_entry.controllers (2) -> cg_controller_entry.dirs (2) -> cgroup_dir_entry.children (2), N deep.
  const varint = (v: number): number[] => {
    const out: number[] = [];
    while (v > 0x7f) {
      out.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.push(v);
    return out;
  };
  const lenField = (field: number, body: number[]): number[] => [
    (field << 3) | 2,
    ...varint(body.length),
    ...body,
  ];
  /** dir_name "d" with one child, N deep; prefixes collected then joined once. */
  const nest = (n: number): number[] => {
    const prefixes: number[][] = [];
    let len = 3; // the innermost dir_name
    for (let i = 0; i < n; i++) {
      const prefix = [0x0a, 0x01, 0x64, 0x12, ...varint(len)];
      prefixes.push(prefix);
      len += prefix.length;
    }
    const out: number[] = [];
    for (let i = prefixes.length - 1; i >= 0; i--) out.push(...prefixes[i]);
    out.push(0x0a, 0x01, 0x64);
    return out;
  };
  const image = (n: number) => {
    const entry = lenField(2, lenField(2, nest(n)));
    const size = entry.length;
    return new Uint8Array([
      0x19,
      0x43,
      0x56,
      0x54,
      0x30,
      0x33,
      0x38,
      0x59,
      size & 0xff,
      (size >> 8) & 0xff,
      (size >> 16) & 0xff,
      0,
      ...entry,
    ]);
  };
  assert.equal(decodeSync(image(100)).magic, "CGROUP");
  for (const n of [600, 20000]) {
    assert.throws(
      () => decodeSync(image(n)),
      (e) =>
        e instanceof CriuImageError && /nested deeper than 500/.test(e.message),
      String(n),
    );
  }
});
