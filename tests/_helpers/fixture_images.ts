/**
 * The image files under tests/fixtures, for tests that go over all of them.
 *
 * @module
 */

const fixtures = new URL("../fixtures", import.meta.url).pathname;

/**
 * Every image file under tests/fixtures (`*.img`, and CRIU's `stats-dump`
 * and `stats-restore`), sorted; raw images among them (pages, tarballs)
 * are for the caller to skip.
 */
export function fixtureImagePaths(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of Deno.readDirSync(dir)) {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory) walk(path);
      else if (/\.img$|^stats-/.test(e.name)) out.push(path);
    }
  };
  walk(fixtures);
  return out.sort();
}
