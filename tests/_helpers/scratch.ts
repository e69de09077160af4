/**
 * Temporary directories and files for tests, removed when the test process
 * ends, whether or not the test that made one passed: left behind, the
 * large inputs some tests write fill a disk after a few runs.
 *
 * @module
 */

const made: string[] = [];

globalThis.addEventListener("unload", () => {
  for (const path of made) {
    try {
      Deno.removeSync(path, { recursive: true });
    } catch {
      // Removed by its test already.
    }
  }
});

/** `Deno.makeTempDir`, removed at the end of the test process. */
export async function scratchDir(
  options?: Deno.MakeTempOptions,
): Promise<string> {
  const path = await Deno.makeTempDir(options);
  made.push(path);
  return path;
}

/** `Deno.makeTempDirSync`, removed at the end of the test process. */
export function scratchDirSync(options?: Deno.MakeTempOptions): string {
  const path = Deno.makeTempDirSync(options);
  made.push(path);
  return path;
}

/** `Deno.makeTempFile`, removed at the end of the test process. */
export async function scratchFile(
  options?: Deno.MakeTempOptions,
): Promise<string> {
  const path = await Deno.makeTempFile(options);
  made.push(path);
  return path;
}
