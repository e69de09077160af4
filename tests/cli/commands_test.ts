/** The command list of `crit --help` says what each command module says. */
import assert from "node:assert/strict";
import { COMMANDS } from "../../src/cli/commands.ts";

Deno.test("each command entry names and summarises its module's command", async () => {
  const names = new Set<string>();
  for (const entry of COMMANDS) {
    const command = await entry.load();
    assert.equal(command.name, entry.name);
    assert.equal(command.summary, entry.summary, entry.name);
    assert.ok(!names.has(entry.name), `${entry.name} twice`);
    names.add(entry.name);
  }
  assert.ok(names.has("decode") && names.has("completions"));
});
