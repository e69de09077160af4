import assert from "node:assert/strict";
import { decodeSync, encodeSync, jsonReplacer, parse } from "../../mod.ts";

const fixtures = new URL("../fixtures", import.meta.url).pathname;

Deno.test("JSON.stringify with jsonReplacer writes decoded images that parse + encode turn back into the same bytes", () => {
  let bigints = 0;
  for (
    const name of [
      "01-sleep/mm-25537.img",
      "01-sleep/core-25537.img",
      "01-sleep/pagemap-25537.img",
      "06-namespaces-sysvipc/ipcns-msg-11.img",
      "04-tcp-udp/tcp-stream-38d50.img",
    ]
  ) {
    const bytes = Deno.readFileSync(`${fixtures}/${name}`);
    for (const bigint of ["auto", "always"] as const) {
      const image = decodeSync(bytes, { bigint });
      const text = JSON.stringify(image, jsonReplacer, 2);
      bigints += text.match(/"\d{16,}"/g)?.length ?? 0;
      assert.deepEqual(encodeSync(parse(text)), bytes, `${name} ${bigint}`);
      // And JSON.parse reads it as well (the values are plain JSON).
      assert.equal(JSON.parse(text).magic, image.magic);
    }
  }
  // The vsyscall VMA of each MM and more: bigints were written.
  assert.ok(bigints > 0);
});

Deno.test("jsonReplacer writes bigints as their decimal text and leaves other values", () => {
  const value = {
    a: 18446744073709551615n,
    b: -(2n ** 63n),
    c: 1,
    d: "x",
    e: [2n],
  };
  assert.equal(
    JSON.stringify(value, jsonReplacer),
    '{"a":"18446744073709551615","b":"-9223372036854775808","c":1,"d":"x","e":["2"]}',
  );
});
