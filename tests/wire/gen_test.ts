import assert from "node:assert/strict";
import { generateAll, readProtoDir } from "../../tools/gen.ts";
import type { FieldRow } from "../../src/wire/schema_types.ts";

const root = new URL("../..", import.meta.url).pathname;

Deno.test("every generated file is up to date with proto/ (run `deno task gen`)", async () => {
  const fresh = generateAll(await readProtoDir(`${root}proto`));
  assert.deepEqual([...fresh.keys()].sort(), [
    "src/image/entries.generated.ts",
    "src/message/decode_text.generated.ts",
    "src/wire/messages.generated.ts",
    "src/wire/schema.generated.ts",
  ]);
  for (const [path, text] of fresh) {
    const current = await Deno.readTextFile(`${root}${path}`);
    assert.ok(text === current, `${path} is stale: run \`deno task gen\``);
  }
});

Deno.test("the schema keeps CRIU 4.2's pagemap layout and (criu) options", async () => {
  const { SCHEMA } = await import("../../src/wire/schema.generated.ts");
  const rows = (name: string): FieldRow[] => JSON.parse(SCHEMA.messages[name]);
  assert.deepEqual(rows("pagemap_entry"), [
    ["vaddr", 1, "uint64", "required", { hex: true }],
    ["compat_nr_pages", 2, "uint32", "required"],
    ["in_parent", 3, "bool", "optional"],
    ["flags", 4, "uint32", "optional", { flags: "pmap.flags" }],
    ["nr_pages", 5, "uint64", "optional"],
  ]);
  assert.deepEqual(rows("unix_sk_entry").find((r) => r[0] === "name"), [
    "name",
    11,
    "bytes",
    "required",
    { conv: "unix_name" },
  ]);
  // Every core-<arch> register set is there.
  for (
    const arch of [
      "x86",
      "aarch64",
      "arm",
      "loongarch64",
      "mips",
      "ppc64",
      "riscv64",
      "s390",
    ]
  ) {
    assert.ok(rows(`thread_info_${arch}`).length > 0, arch);
  }
});

Deno.test("each WebAssembly module is wat2wasm's build of its .wat (run `deno task gen`)", async () => {
  const { compileWat, wasmModuleSource, WASM_MODULES } = await import(
    "../../tools/gen_wasm.ts"
  );
  assert.equal(WASM_MODULES.length, 2);
  for (const m of WASM_MODULES) {
    const fresh = wasmModuleSource(m, await compileWat(m));
    const current = await Deno.readTextFile(m.output);
    assert.ok(fresh === current, `${m.output} is stale: run \`deno task gen\``);
  }
});
