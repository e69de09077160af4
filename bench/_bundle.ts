/**
 * Bundles a checkout's CLI the way that checkout's own `deno task bundle`
 * does (its flags, our output path), so a bench times what users of that
 * version get.
 *
 * @module
 */

/**
 * Runs `deno bundle` with the flags of `checkout`'s bundle task, writing
 * `out`; returns `out`.
 *
 * @example
 * ```ts ignore
 * const file = await bundleCheckout("/work/main/", "/tmp/crit.js");
 * ```
 */
export async function bundleCheckout(
  checkout: string,
  out: string,
): Promise<string> {
  const dir = checkout.endsWith("/") ? checkout : `${checkout}/`;
  const config = JSON.parse(await Deno.readTextFile(`${dir}deno.json`));
  const [, ...args] = (config.tasks.bundle as string).split(" ");
  const at = args.indexOf("--output");
  if (at < 0) throw new Error(`${dir}deno.json: bundle task has no --output`);
  args[at + 1] = out;
  const b = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: dir,
    stderr: "null",
    stdout: "null",
  }).output();
  if (b.code !== 0) throw new Error(`deno bundle of ${dir}cli.ts failed`);
  return out;
}
