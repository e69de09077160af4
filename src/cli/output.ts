/**
 * The output file of `-o PATH` (Deno): complete or not there at all.
 *
 * A regular file (new, or an existing one, also behind symlinks) is written
 * to a temporary file in its directory and renamed onto it by `commit()`, so
 * a failed run leaves the old file, or nothing. The new file has the mode
 * Python's `open(path, "w")` gives: an existing file's own, else 0666 less
 * the umask. Anything else (`/dev/null`, a FIFO, a terminal) is written
 * directly: renaming onto it would replace the device or pipe with a file.
 *
 * Two cases are written in place instead, as a shell redirect would: a file
 * with other hard links (a rename would cut it off from them), and a
 * writable file in a directory where no temporary file can be made.
 */
import { kept, temporary } from "./cleanup.ts";

/** An output being written; `commit` or `abort` ends it. */
export interface OutputFile {
  file: Deno.FsFile;
  /** Puts the output in place of the path. */
  commit(): void;
  /** Drops what was written; the path is left as it was. */
  abort(): void;
}

/** Opens the output for `path`; see the module doc. */
export function openOutput(path: string): OutputFile {
  let info: Deno.FileInfo | undefined;
  try {
    info = Deno.statSync(path);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  if (info !== undefined && !info.isFile) {
    // A directory fails here with the system's own words.
    const file = Deno.openSync(path, { write: true });
    const close = () => file.close();
    return { file, commit: close, abort: close };
  }
  let target = path;
  if (info !== undefined) {
    if (info.nlink !== null && info.nlink > 1) return inPlace(path);
    target = Deno.realPathSync(path);
  } else if (isSymlink(path)) {
    // A dangling link: open() creates its target, and so does this.
    const file = Deno.openSync(path, { write: true, create: true });
    const close = () => file.close();
    return { file, commit: close, abort: close };
  }
  const tmp = temporaryName(target);
  // Noted before it exists: a signal right after creating it must find it.
  temporary(tmp);
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(tmp, { write: true, createNew: true, mode: 0o666 });
  } catch (e) {
    kept(tmp);
    if (e instanceof Deno.errors.PermissionDenied && info !== undefined) {
      return inPlace(path);
    }
    // The user named `path`, not our temporary file.
    if (!(e instanceof Error)) throw e;
    const Same = e.constructor as ErrorConstructor;
    throw new Same(e.message.replaceAll(tmp, path), { cause: e });
  }
  let open = true;
  const close = () => {
    if (open) file.close();
    open = false;
  };
  try {
    if (info?.mode != null) Deno.chmodSync(tmp, info.mode & 0o7777);
  } catch (e) {
    close();
    Deno.removeSync(tmp);
    kept(tmp);
    throw e;
  }
  return {
    file,
    commit() {
      close();
      Deno.renameSync(tmp, target);
      kept(tmp);
    },
    // Also after a failed commit.
    abort() {
      close();
      try {
        Deno.removeSync(tmp);
      } catch {
        // already gone
      }
      kept(tmp);
    },
  };
}

/** The existing file itself, truncated: no rename, so a failure leaves it cut short. */
function inPlace(path: string): OutputFile {
  const file = Deno.openSync(path, { write: true, truncate: true });
  const close = () => file.close();
  return { file, commit: close, abort: close };
}

function isSymlink(path: string): boolean {
  try {
    return Deno.lstatSync(path).isSymlink;
  } catch {
    return false;
  }
}

/** `.crit-<random>.tmp` in the directory of `path`: same file system, so the rename is atomic. */
function temporaryName(path: string): string {
  const slash = path.lastIndexOf("/");
  const dir = slash < 0 ? "." : path.slice(0, slash + 1);
  const random = crypto.getRandomValues(new Uint8Array(8));
  const hex = Array.from(random, (b) => b.toString(16).padStart(2, "0"));
  return `${slash < 0 ? "./" : dir}.crit-${hex.join("")}.tmp`;
}
