// Atomic file replacement: after writeFileAtomic(path, bytes) the file at `path` holds either its
// previous contents or all of `bytes`, never a mixture and never a truncated file — even if the
// process is killed or the machine loses power part-way.
//
// The recipe: write to a fresh temporary file in the same directory (so the final rename stays
// within one filesystem), fsync it so its bytes are on disk, rename it over the target (an atomic
// step on POSIX filesystems), then fsync the directory so the rename itself is durable. If any
// step fails the temporary file is removed and the target is left untouched.
//
// The new file gets default permissions (0o666 less the umask), not those of the file it replaces.
//
// A process killed mid-save (SIGKILL, a power loss) cannot remove its temporary file. Each save
// therefore first removes the stale temporary files of the same target: names of exactly our
// pattern, `.<name>.<pid>.<12 hex digits>.tmp`, whose process id is no longer running (or is this
// process, outside a save in flight). Temporary files of live processes, and any other file, are
// left alone; removal is best effort and never fails a save.

import type { FileHandle } from "node:fs/promises";
import * as E from "fp-ts/lib/Either.js";
import { errorCode, fileError, type FileError } from "./file-error.js";
import { nodeCrypto, nodeFs, nodePath, nodeProcess } from "./node-builtins.js";

/** Directory fsync is a POSIX notion; these codes mean the platform does not offer it (Windows). */
const directorySyncUnsupported: readonly string[] = ["EISDIR", "EPERM", "EINVAL", "ENOTSUP", "EBADF"];

/** The temporary file's name: hidden, next to the target, unique to this process and call. */
export const temporaryPathFor = (path: string): string => {
  const { basename, dirname, join } = nodePath();
  return join(dirname(path), `.${basename(path)}.${nodeProcess().pid}.${nodeCrypto().randomBytes(6).toString("hex")}.tmp`);
};

/** Temporary files of this process whose save is still running (never removed as stale). */
const inFlight = new Set<string>();

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether process `pid` is running (EPERM: it is, but belongs to someone else). */
const isRunning = (pid: number): boolean => {
  try {
    nodeProcess().kill(pid, 0);
    return true;
  } catch (cause) {
    return errorCode(cause) === "EPERM";
  }
};

/**
 * Removes the temporary files that earlier, interrupted saves of `path` left behind (see the
 * header comment for which ones); returns the names removed.
 */
export const removeStaleTemporaries = async (path: string): Promise<readonly string[]> => {
  const { basename, dirname, join } = nodePath();
  const { lstat, readdir, unlink } = nodeFs();
  const directory = dirname(path);
  const pattern = new RegExp(`^\\.${escapeRegExp(basename(path))}\\.(\\d{1,10})\\.[0-9a-f]{12}\\.tmp$`);
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1] ?? Number.NaN);
    if (!Number.isSafeInteger(pid)) continue;
    const full = join(directory, name);
    if (pid === nodeProcess().pid ? inFlight.has(full) : isRunning(pid)) continue;
    try {
      if (!(await lstat(full)).isFile()) continue;
      await unlink(full);
      removed.push(name);
    } catch {
      // gone already, or not ours to remove: either way not this save's concern
    }
  }
  return removed;
};

const syncDirectory = async (directory: string): Promise<void> => {
  let handle: FileHandle | undefined;
  try {
    handle = await nodeFs().open(directory, "r");
    await handle.sync();
  } catch (cause) {
    const code = errorCode(cause);
    if (code === undefined || !directorySyncUnsupported.includes(code)) throw cause;
  } finally {
    await handle?.close();
  }
};

/** Replaces the file at `path` with `bytes`, atomically and durably (see the header comment). */
export const writeFileAtomic = async (path: string, bytes: Uint8Array): Promise<E.Either<FileError, void>> => {
  const { open, rename, unlink } = nodeFs();
  await removeStaleTemporaries(path);
  const temporary = temporaryPathFor(path);
  let step = "create the temporary file";
  let created = false;
  inFlight.add(temporary);
  try {
    // "wx": fail rather than reuse a file that already exists under this name.
    const handle = await open(temporary, "wx");
    created = true;
    try {
      step = "write the temporary file";
      await handle.writeFile(bytes);
      step = "flush the temporary file to disk";
      await handle.sync();
    } finally {
      await handle.close();
    }
    step = "rename the temporary file over the target";
    await rename(temporary, path);
  } catch (cause) {
    if (created) await unlink(temporary).catch(() => undefined);
    return E.left(fileError("writeFileAtomic", path, step, cause));
  } finally {
    inFlight.delete(temporary);
  }
  try {
    await syncDirectory(nodePath().dirname(path));
  } catch (cause) {
    const step = "flush the directory after the rename (the new file is in place but may not survive a power loss)";
    return E.left(fileError("writeFileAtomic", path, step, cause));
  }
  return E.right(undefined);
};
