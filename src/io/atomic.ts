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
  const temporary = temporaryPathFor(path);
  let step = "create the temporary file";
  let created = false;
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
  }
  try {
    await syncDirectory(nodePath().dirname(path));
  } catch (cause) {
    const step = "flush the directory after the rename (the new file is in place but may not survive a power loss)";
    return E.left(fileError("writeFileAtomic", path, step, cause));
  }
  return E.right(undefined);
};
