/**
 * The dumps among tests/fixtures: directories holding an inventory.img (or
 * a cpuinfo.img), at the top or one level down (16a-diff-pair/a and /b).
 */
export const FIXTURES = new URL("../fixtures/", import.meta.url).pathname;

/** A directory's file names, sorted. */
export function fileNames(dir: string): string[] {
  return [...Deno.readDirSync(dir)].filter((e) => e.isFile).map((e) => e.name)
    .sort();
}

function isDump(dir: string): boolean {
  return fileNames(dir).some((f) =>
    f === "inventory.img" || f === "cpuinfo.img"
  );
}

/** Paths of the fixture dumps, relative to tests/fixtures/. */
export function fixtureDumps(): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(FIXTURES)) {
    if (!e.isDirectory) continue;
    if (isDump(FIXTURES + e.name)) out.push(e.name);
    for (const sub of Deno.readDirSync(FIXTURES + e.name)) {
      const rel = `${e.name}/${sub.name}`;
      if (sub.isDirectory && isDump(FIXTURES + rel)) out.push(rel);
    }
  }
  return out.sort();
}
