/** Running the CLI and the external tools (gdb, readelf, eu-readelf) the core tests check against. */
import assert from "node:assert/strict";
import { runCli } from "../_helpers/run_cli.ts";
import { scratchDirSync } from "../_helpers/scratch.ts";

export const root = new URL("../..", import.meta.url).pathname;
export const fixtures = `${root}tests/fixtures`;

/** What a process printed and how it ended. */
export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as bytes (file names that are not UTF-8). */
  bytes: Uint8Array;
}

/** Runs a program; a missing program fails the test with the install hint. */
export async function run(program: string, args: string[]): Promise<Ran> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command(program, {
      args,
      stdout: "piped",
      stderr: "piped",
      env: { LC_ALL: "C" },
    }).output();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Error(
        `${program} is not installed (.ci/run installs gdb, gdb-multiarch, elfutils, binutils)`,
      );
    }
    throw e;
  }
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
    bytes: out.stdout,
  };
}

/** `crit ARGS` as a user runs it, in the shape of {@linkcode run}'s result. */
export async function crit(args: string[]): Promise<Ran> {
  const r = await runCli(args);
  return { code: r.code, stdout: r.text, stderr: r.stderr, bytes: r.stdout };
}

/** gdb in batch mode, no init files, on `exe` and `core`. */
export async function gdb(
  exe: string | undefined,
  core: string,
  commands: string[],
  program = "gdb",
): Promise<string> {
  const args = ["-nx", "-batch"];
  for (const c of commands) args.push("-ex", c);
  if (exe) args.push(exe);
  args.push(...(exe ? [core] : ["-c", core]));
  const r = await run(program, args);
  assert.equal(r.code, 0, `${program} failed: ${r.stderr}`);
  return r.stdout;
}

/**
 * readelf -a and eu-readelf -a both read the file without a complaint.
 * `phnum` above 65534: the real count is in section 0's sh_info (as the
 * kernel writes it), which readelf reads for the header and yet also warns
 * about when it lists the section; that one warning is expected.
 */
export async function assertElfToolsAccept(
  path: string,
  phnum = 0,
): Promise<void> {
  // readelf -u (part of -a) exits 1 on every 32-bit ARM file without
  // section headers, a hand-made minimal ARM executable included (binutils
  // 2.40): for those the other parts of -a are run.
  const arm = (await run("readelf", ["-h", path])).stdout.match(
    /Class:\s+ELF32[\s\S]*Machine:\s+ARM\n/,
  );
  const all = arm ? ["-hlSgtsrdnVAI"] : ["-a"];
  for (const tool of ["readelf", "eu-readelf"]) {
    const r = await run(
      tool,
      [...(tool === "readelf" ? all : ["-a"]), "--wide", path],
    );
    assert.equal(r.code, 0, `${tool} -a ${path}: ${r.stderr}`);
    // readelf warns on stderr about anything malformed.
    const extended = `[ 0]: Unexpected value (${phnum}) in info field.`;
    const complaints = r.stderr.split("\n").filter((l) =>
      l.trim() !== "" && !(phnum > 0xfffe && l.endsWith(extended))
    );
    assert.deepEqual(complaints, [], `${tool} -a ${path}`);
    assert.match(r.stdout, /CORE \(Core file\)|CORE \(Core file\)/);
  }
}

/** A fresh temporary directory, removed by the returned function. */
export function tempDir(): [string, () => void] {
  const dir = scratchDirSync({ prefix: "crit-core-" });
  return [dir, () => Deno.removeSync(dir, { recursive: true })];
}
