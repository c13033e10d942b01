// Reading a whole file with a ceiling on its size, so that a huge (or hostile) file is refused
// from its size alone rather than after it has filled memory. Only regular files are read: a FIFO
// or a device is refused before it is opened (see file-kind.ts), so none can hang the reader.

import type { FileHandle } from "node:fs/promises";
import * as E from "fp-ts/lib/Either.js";
import { fileError, type FileError } from "./file-error.js";
import { openRegularFile } from "./file-kind.js";

const OP = "readFileBounded";

const refuse = (path: string, code: string, detail: string): E.Either<FileError, never> =>
  E.left({ _tag: "FileError", op: OP, path, code, message: `${OP}(${JSON.stringify(path)}): ${detail}` });

/**
 * Reads the regular file at `path` if it holds at most `maxBytes` bytes (a FIFO, a device or a
 * directory is refused with code "NOT_A_FILE" without being opened). Its size is taken from
 * the file system before anything is allocated; a file that changes size while it is read is
 * refused rather than returned half-old, half-new. Throws a RangeError if `maxBytes` is not a
 * non-negative integer.
 */
export const readFileBounded = async (path: string, maxBytes: number): Promise<E.Either<FileError, Uint8Array>> => {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
    throw new RangeError(`${OP}: maxBytes must be a non-negative integer, got ${maxBytes}`);
  }
  const opened = await openRegularFile(OP, path);
  if (E.isLeft(opened)) return opened;
  const handle: FileHandle = opened.right;
  let step = "inspect the file";
  try {
    const stats = await handle.stat();
    if (stats.size > maxBytes) {
      return refuse(path, "TOO_LARGE", `the file has ${stats.size} bytes, more than the limit of ${maxBytes}`);
    }
    step = "read the file";
    const bytes = new Uint8Array(stats.size);
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    // One more byte past the announced end tells whether the file grew while we read it.
    const { bytesRead: extra } = await handle.read(new Uint8Array(1), 0, 1, filled);
    if (filled !== stats.size || extra !== 0) {
      return refuse(path, "CHANGED", `the file changed size while being read (it had ${stats.size} bytes when opened)`);
    }
    return E.right(bytes);
  } catch (cause) {
    return E.left(fileError(OP, path, step, cause));
  } finally {
    await handle.close();
  }
};
