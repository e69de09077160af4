/**
 * The CLI's option parser. Expected values are how Python crit 4.2's
 * argparse reads the same command lines (checked by hand against `crit`).
 */
import assert from "node:assert/strict";
import {
  type OptionSpec,
  parseCommandLine,
  UsageError,
} from "../../src/cli/args.ts";

const DECODE: Record<string, OptionSpec> = {
  in: { type: "string", short: "i" },
  out: { type: "string", short: "o" },
  pretty: { type: "boolean" },
  nopl: { type: "boolean" },
  pid: { type: "string" },
  quiet: { type: "boolean", short: "q" },
};

function values(args: string[]) {
  return parseCommandLine(args, DECODE).values;
}

function problem(args: string[]): string {
  try {
    parseCommandLine(args, DECODE);
  } catch (e) {
    assert.ok(e instanceof UsageError);
    return e.message;
  }
  assert.fail(`${args.join(" ")} was accepted`);
}

Deno.test("a string option takes its value in every spelling argparse accepts", () => {
  for (
    const args of [
      ["-i", "x"],
      ["--in", "x"],
      ["--in=x"],
      ["-ix"],
      ["-i=x"],
      ["--i", "x"],
    ]
  ) {
    assert.deepEqual(values(args), { in: "x" }, args.join(" "));
  }
  assert.deepEqual(values(["--in=a=b"]), { in: "a=b" });
  assert.deepEqual(values(["-i", "-"]), { in: "-" });
  assert.deepEqual(values(["--in="]), { in: "" });
});

Deno.test("flags group behind one dash, a string option last in the group", () => {
  assert.deepEqual(values(["-qi", "x"]), { quiet: true, in: "x" });
  assert.deepEqual(values(["-qix"]), { quiet: true, in: "x" });
  assert.deepEqual(values(["-q"]), { quiet: true });
});

Deno.test("a unique prefix names a long option; a shared one is ambiguous", () => {
  assert.deepEqual(values(["--pre", "--no"]), { pretty: true, nopl: true });
  assert.equal(
    problem(["--p"]),
    "ambiguous option: --p could match --pretty, --pid",
  );
});

Deno.test("options mix with positionals; -- ends options; the last repeat wins", () => {
  const r = parseCommandLine(
    ["a", "--pretty", "b", "-i", "1", "-i", "2", "-", "--", "--nopl", "-q"],
    DECODE,
  );
  assert.deepEqual(r.values, { pretty: true, in: "2" });
  assert.deepEqual(r.positionals, ["a", "b", "-", "--nopl", "-q"]);
});

Deno.test("bad command lines get argparse's messages", () => {
  assert.equal(problem(["--bogus"]), "unrecognized arguments: --bogus");
  assert.equal(problem(["--bogus=3"]), "unrecognized arguments: --bogus=3");
  assert.equal(problem(["-qz"]), "unrecognized arguments: -qz");
  assert.equal(problem(["-5"]), "unrecognized arguments: -5");
  assert.equal(problem(["-i"]), "argument -i/--in: expected one argument");
  assert.equal(
    problem(["-i", "-x"]),
    "argument -i/--in: expected one argument",
  );
  assert.equal(problem(["--pid"]), "argument --pid: expected one argument");
  assert.equal(
    problem(["--pretty=1"]),
    "argument --pretty: ignored explicit argument '1'",
  );
});

Deno.test("the CLI loads no node: built-ins (Deno's Node layer costs ~15 ms of start-up)", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", new URL("../../cli.ts", import.meta.url).pathname],
    stdout: "piped",
  }).output();
  assert.equal(out.code, 0);
  const graph = JSON.parse(new TextDecoder().decode(out.stdout));
  // What start-up loads: static imports from cli.ts. The archive reader's
  // npm libraries are imported dynamically, when an archive is opened.
  type Dep = { code?: { specifier: string }; isDynamic?: boolean };
  const modules = new Map<string, { dependencies?: Dep[] }>(
    graph.modules.map((m: { specifier: string }) => [m.specifier, m]),
  );
  const loaded = new Set<string>();
  const stack: string[] = [graph.roots[0]];
  while (stack.length) {
    const s = stack.pop()!;
    if (loaded.has(s)) continue;
    loaded.add(s);
    for (const d of modules.get(s)?.dependencies ?? []) {
      if (d.code && !d.isDynamic) stack.push(d.code.specifier);
    }
  }
  const specifiers = [...loaded];
  assert.ok(specifiers.some((s) => s.endsWith("/src/cli/args.ts")));
  assert.deepEqual(specifiers.filter((s) => !s.startsWith("file:")), []);
});
