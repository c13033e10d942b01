// What kind of file system object a path names, and refusing anything but a regular file before
// it is opened: opening a FIFO for reading waits for a writer (forever, if none comes), and a
// character device such as /dev/zero never ends. The kind is read from `stat`, which does not
// open the file; the open itself is non-blocking (O_NONBLOCK), so a path swapped for a FIFO in
// between cannot hang either, and the opened handle is checked again.

import type { Stats } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import * as E from "fp-ts/lib/Either.js";
import { fileError, type FileError } from "./file-error.js";
import { nodeFs } from "./node-builtins.js";

/** The kind of object `stats` describes, in words for a message. */
export const kindOf = (stats: Stats): string =>
  stats.isFile() ? "a regular file"
    : stats.isDirectory() ? "a directory"
      : stats.isFIFO() ? "a FIFO (named pipe)"
        : stats.isCharacterDevice() ? "a character device"
          : stats.isBlockDevice() ? "a block device"
            : stats.isSocket() ? "a socket"
              : "not a regular file";

const notRegular = (op: string, path: string, stats: Stats): E.Either<FileError, never> =>
  E.left({ _tag: "FileError", op, path, code: "NOT_A_FILE", message: `${op}(${JSON.stringify(path)}): is ${kindOf(stats)}, not a regular file` });

/**
 * Opens the regular file at `path` for reading without ever blocking: anything else (a FIFO, a
 * device, a directory) is refused from its `stat`, before and after the open.
 */
export const openRegularFile = async (op: string, path: string): Promise<E.Either<FileError, FileHandle>> => {
  const fs = nodeFs();
  let stats: Stats;
  try {
    stats = await fs.stat(path);
  } catch (cause) {
    return E.left(fileError(op, path, "open the file", cause));
  }
  if (!stats.isFile()) return notRegular(op, path, stats);
  let handle: FileHandle;
  try {
    // O_NONBLOCK changes nothing for a regular file; it only keeps a FIFO from blocking the open.
    handle = await fs.open(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (cause) {
    return E.left(fileError(op, path, "open the file", cause));
  }
  let again: Stats;
  try {
    again = await handle.stat();
  } catch (cause) {
    await handle.close();
    return E.left(fileError(op, path, "inspect the file", cause));
  }
  if (!again.isFile()) {
    await handle.close();
    return notRegular(op, path, again);
  }
  return E.right(handle);
};
