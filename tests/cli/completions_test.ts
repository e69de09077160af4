/**
 * `crit completions`: the scripts the real CLI prints, loaded into real
 * shells (bash, zsh, fish) and asked for completions, in tests/fixtures.
 * zsh and fish must be installed (.ci/run installs them).
 */
import assert from "node:assert/strict";
import type { Command } from "../../src/cli/command.ts";
import { commandModel } from "../../src/cli/_completion_model.ts";
import { completionScript } from "../../src/cli/_completion_scripts.ts";
import { scratchDir, scratchFile } from "../_helpers/scratch.ts";

const root = new URL("../..", import.meta.url).pathname;
const fixtures = `${root}tests/fixtures`;
const deno = Deno.execPath();
const crit = [deno, "run", "--no-check", "-A", `${root}cli.ts`];

async function run(
  cmd: string[],
  options: { cwd?: string; stdin?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = new Deno.Command(cmd[0], {
    args: cmd.slice(1),
    cwd: options.cwd ?? root,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (options.stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(options.stdin));
    await w.close();
  }
  const out = await child.output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

/** A shell this test needs; missing, it fails and says how to install it. */
async function need(shell: string): Promise<void> {
  const r = await run(["sh", "-c", `command -v ${shell}`]);
  assert.equal(
    r.code,
    0,
    `${shell} is not installed: apt-get install -y ${shell} (.ci/run does)`,
  );
}

async function script(shell: string): Promise<string> {
  const r = await run([...crit, "completions", shell]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
  return r.stdout;
}

const sorted = (words: string[]) => [...words].sort();

/**
 * bash's answers: each case is the words of a command line, the last one
 * being completed, run through the completion function `complete -p crit`
 * names.
 */
async function bashComplete(
  source: string,
  cases: string[][],
): Promise<string[][]> {
  const lines = [
    source,
    'f=$(complete -p crit | sed -n "s/^complete -F \\([^ ]*\\) crit$/\\1/p")',
    '[[ -n $f ]] || { echo "no complete -F for crit" >&2; exit 3; }',
  ];
  for (const words of cases) {
    const quoted = words.map((w) => `'${w.replaceAll("'", `'\\''`)}'`);
    lines.push(
      `COMP_WORDS=(${quoted.join(" ")}); COMP_CWORD=${words.length - 1}`,
      'COMPREPLY=(); "$f"; printf "%s\\n" "${COMPREPLY[@]}"; echo "--"',
    );
  }
  const r = await run(["bash", "-c", lines.join("\n")], { cwd: fixtures });
  assert.equal(r.code, 0, r.stderr);
  const answers = r.stdout.split("--\n").slice(0, -1);
  return answers.map((a) => a.split("\n").filter((w) => w !== ""));
}

/** The commands, as `crit --help` lists them on its usage line. */
const COMMANDS = await (async () => {
  const help = await run([...crit, "--help"]);
  const list = /^usage: crit .*\{([a-z,]+)\}/.exec(help.stdout)?.[1];
  assert.ok(list !== undefined, help.stdout);
  const names = list.split(",");
  for (const name of ["decode", "x", "mem", "completions"]) {
    assert.ok(names.includes(name), name);
  }
  return names;
})();
const VIEWS = ["ps", "fds", "mems", "rss", "sk", "args"];
const OPTIONS_DECODE = [
  "--in",
  "--out",
  "--pretty",
  "--nopl",
  "--quiet",
  "--keep-going",
  "--max-entry-size",
  "--help",
  "--verbose",
];
const SLEEP_IMAGES_P = [
  "01-sleep/pagemap-25537.img",
  "01-sleep/pages-1.img",
  "01-sleep/pstree.img",
];

/** Command lines (the last word being completed) and what crit proposes. */
const CASES: [string[], string[]][] = [
  [["crit", ""], [...COMMANDS, "-h", "--help", "--version", "--verbose"]],
  [["crit", "--verbose", "d"], COMMANDS.filter((c) => c.startsWith("d"))],
  [["crit", "decode", "--"], OPTIONS_DECODE],
  [["crit", "decode", "-i", "01-sleep/ps"], ["01-sleep/pstree.img"]],
  [["crit", "decode", "--max-entry-size", ""], []],
  [["crit", "x", "01-sl"], ["01-sleep"]],
  [["crit", "x", "01-sleep", ""], VIEWS],
  [["crit", "x", "--json", "01-sleep", "m"], ["mems"]],
  [["crit", "x", "01-sleep", "ps", ""], []],
  [["crit", "show", "01-sleep/p"], SLEEP_IMAGES_P],
  [["crit", "encode", "-i", "01-sleep/ref/pstree.img.r"], [
    "01-sleep/ref/pstree.img.raw.json",
  ]],
  [["crit", "mem", "--pid", "1", "01-sl"], ["01-sleep"]],
  [["crit", "completions", ""], ["bash", "zsh", "fish"]],
];

Deno.test("bash: source <(crit completions bash) registers crit and completes commands, options, x views and files", async () => {
  await need("bash");
  const source = `source <(${
    crit.map((w) => `'${w}'`).join(" ")
  } completions bash)`;
  const registered = await run(["bash", "-c", `${source}\ncomplete -p crit`]);
  assert.equal(registered.stdout, "complete -F _crit crit\n");
  const cases: [string[], string[]][] = [
    ...CASES,
    // --name=value: bash splits the words at "=".
    [["crit", "decode", "--in", "=", "01-sleep/ps"], ["01-sleep/pstree.img"]],
    [["crit", "show", "--max-entry-size", "=", "1M", "01-sleep/ps"], [
      "01-sleep/pstree.img",
    ]],
  ];
  const answers = await bashComplete(source, cases.map(([words]) => words));
  cases.forEach(([words, want], i) => {
    assert.deepEqual(sorted(answers[i]), sorted(want), words.join(" "));
  });
});

Deno.test("fish: crit completions fish | source, then complete -C gives the same answers", async () => {
  await need("fish");
  const file = await scratchFile({ suffix: ".fish" });
  try {
    await Deno.writeTextFile(file, await script("fish"));
    assert.equal((await run(["fish", "-n", file])).code, 0);
    const lines = [`source ${file}`];
    for (const [words] of CASES) {
      const line = words.join(" ").replaceAll("'", "\\'");
      lines.push(`complete -C '${line}'`, "echo @@");
    }
    const r = await run(["fish", "-c", lines.join("\n")], { cwd: fixtures });
    assert.equal(r.code, 0, r.stderr);
    const answers = r.stdout.split("@@\n").slice(0, -1);
    assert.equal(answers.length, CASES.length, r.stdout);
    CASES.forEach(([words, want], i) => {
      // fish writes "word<TAB>description", directories with a slash, and
      // completes only the last word; its option words include what was typed.
      const got = answers[i].split("\n").filter((l) => l !== "").map((l) =>
        l.split("\t")[0].replace(/\/$/, "")
      );
      const expected = words.at(-1) === "" && words.length === 2
        ? [...COMMANDS] // fish offers options only after a dash
        : want;
      assert.deepEqual(sorted(got), sorted(expected), words.join(" "));
    });
  } finally {
    await Deno.remove(file);
  }
});

/**
 * zsh completes on a terminal only: an interactive zsh on a pseudo-terminal
 * (zsh/zpty) loads the script, and each line gets a TAB; what zsh draws
 * (the line completed, or the list of choices) is read back.
 */
async function zshComplete(
  install: { source: string } | { fpath: string },
  lines: string[],
): Promise<string[]> {
  // compinit -D: no dump file left behind.
  const setup = "source" in install
    ? `autoload -U compinit; compinit -u -D; source ${install.source}`
    : `fpath=(${install.fpath} $fpath); autoload -U compinit; compinit -u -D`;
  const driver = [
    "zmodload zsh/zpty",
    "zpty z zsh -f -i",
    `zpty -w z 'PS1="> "; ${setup}'`,
    // What zsh drew in the next $1 seconds.
    'drain() { local chunk all=; sleep $1; while zpty -r -t z chunk; do all+=$chunk; done; print -r -- "$all"; }',
    "drain 2 >/dev/null",
    ...lines.flatMap((line) => [
      `zpty -n -w z ${JSON.stringify(line)}$'\t'`,
      "drain 1.2",
      "print -r -- '@@'",
      // Ctrl-U drops the line.
      "zpty -n -w z $'\\x15'",
      "drain 0.3 >/dev/null",
    ]),
    "zpty -d z",
  ].join("\n");
  const r = await run(["zsh", "-f", "-c", driver], { cwd: fixtures });
  assert.equal(r.code, 0, r.stderr);
  // Terminal control sequences out (escapes, bell, backspace), the rest is text.
  // deno-lint-ignore no-control-regex
  const control = /\x1b\[[0-9;?]*[A-Za-z]|[\r\x07\b]/g;
  const text = r.stdout.replace(control, "");
  return text.split("@@\n").slice(0, -1);
}

Deno.test("zsh: the script parses (zsh -n) and completes commands, options, x views and files on a terminal", async () => {
  await need("zsh");
  const dir = await scratchDir();
  const file = `${dir}/_crit`;
  try {
    await Deno.writeTextFile(file, await script("zsh"));
    const syntax = await run(["zsh", "-n", file]);
    assert.equal(syntax.code, 0, syntax.stderr);
    const shown = await zshComplete({ source: file }, [
      "crit ",
      "crit x 01-sleep ",
      "crit decode --ma",
      "crit show 01-sleep/ps",
      "crit completions ",
    ]);
    const has = (text: string, words: string[]) => {
      for (const w of words) {
        assert.ok(text.includes(w), `${w} not in: ${text}`);
      }
    };
    has(shown[0], COMMANDS);
    has(shown[0], ["explore image dir"]); // with descriptions
    has(shown[1], VIEWS);
    has(shown[2], ["crit decode --max-entry-size"]);
    has(shown[3], ["crit show 01-sleep/pstree.img"]);
    has(shown[4], ["bash", "zsh", "fish"]);
    // Installed as _crit in a directory of $fpath instead, loaded on first use.
    const autoloaded = await zshComplete({ fpath: dir }, ["crit x 01-sleep "]);
    has(autoloaded[0], VIEWS);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a command added to the list is completed with no more code", async () => {
  await need("bash");
  const added: Command = {
    name: "frob",
    synopsis:
      "DUMP [--level N] [-i IN] [--kind KIND] [--mode fast|slow] FILES...",
    summary: "frobnicate a dump",
    help: `options:
  --level N             how hard
  -i, --in IN           the image
  --kind KIND           which kind`,
    options: {
      level: { type: "string" },
      in: { type: "string", short: "i" },
      kind: { type: "string" },
      mode: { type: "string" },
      dry: { type: "boolean" },
    },
    positionals: ["DUMP", "FILES..."],
    complete: { kind: ["soft", "hard"] },
    run: () => Promise.resolve(0),
  };
  const source = completionScript("bash", [commandModel(added)], []);
  const cases: [string[], string[]][] = [
    [["crit", ""], ["frob"]],
    [["crit", "frob", "--"], [
      "--level",
      "--in",
      "--kind",
      "--mode",
      "--dry",
      "--help",
      "--verbose",
    ]],
    [["crit", "frob", "--level", ""], []],
    [["crit", "frob", "--kind", "h"], ["hard"]],
    // Choices shown in the synopsis.
    [["crit", "frob", "--mode", ""], ["fast", "slow"]],
    [["crit", "frob", "--mode", "=", "s"], ["slow"]],
    [["crit", "frob", "-i", "01-sleep/ps"], ["01-sleep/pstree.img"]],
    [["crit", "frob", "01-sl"], ["01-sleep"]],
    [["crit", "frob", "--level", "3", "01-sleep", "01-sleep/pst"], [
      "01-sleep/pstree.img",
    ]],
    [["crit", "frob", "01-sleep", "a", "b", "01-sleep/pst"], [
      "01-sleep/pstree.img",
    ]],
  ];
  const answers = await bashComplete(source, cases.map(([words]) => words));
  cases.forEach(([words, want], i) => {
    assert.deepEqual(sorted(answers[i]), sorted(want), words.join(" "));
  });
});

Deno.test("completions: an unknown or missing shell is a usage error (exit 2)", async () => {
  for (const args of [["completions", "tcsh"], ["completions"]]) {
    const r = await run([...crit, ...args]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^usage: crit .*\ncrit: error: /);
  }
});
