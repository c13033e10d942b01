// Creating a directory and its missing parents, one level at a time with a bound. Node's
// `mkdir(path, { recursive: true })` loops forever under /proc (the kernel answers ENOENT for a
// parent that exists), and a hostile path can ask for thousands of levels; here the nearest
// existing ancestor is found first by `stat` (at most MAX_NEW_DIRECTORIES levels up), it must be
// a directory, and each missing level is then created by a plain, non-recursive `mkdir`.

import * as E from "fp-ts/lib/Either.js";
import { errorCode, fileError, type FileError } from "./file-error.js";
import { kindOf } from "./file-kind.js";
import { nodeFs, nodePath } from "./node-builtins.js";

/** The most directory levels one call creates. */
export const MAX_NEW_DIRECTORIES = 32;

const OP = "makeDirectory";

const refuse = (path: string, code: string, detail: string): E.Either<FileError, never> =>
  E.left({ _tag: "FileError", op: OP, path, code, message: `${OP}(${JSON.stringify(path)}): ${detail}` });

/**
 * Makes sure `path` is a directory, creating it and up to MAX_NEW_DIRECTORIES - 1 missing parents.
 * Returns the directories it created, outermost first (empty if `path` already was one), so a
 * caller can remove them again if what it meant to put there never comes.
 */
export const makeDirectory = async (path: string): Promise<E.Either<FileError, readonly string[]>> => {
  const { mkdir, stat } = nodeFs();
  const { dirname, resolve } = nodePath();
  const missing: string[] = [];
  let at = resolve(path);
  for (;;) {
    try {
      const stats = await stat(at);
      if (!stats.isDirectory()) {
        const detail = at === resolve(path) ? `is ${kindOf(stats)}, not a directory` : `${JSON.stringify(at)} is ${kindOf(stats)}, not a directory, so nothing can be created under it`;
        return refuse(path, "ENOTDIR", detail);
      }
      break;
    } catch (cause) {
      // ENOTDIR: a file sits somewhere above; walking up finds it and names it.
      const code = errorCode(cause);
      if (code !== "ENOENT" && code !== "ENOTDIR") return E.left(fileError(OP, path, `inspect ${JSON.stringify(at)}`, cause));
    }
    missing.push(at);
    if (missing.length > MAX_NEW_DIRECTORIES) {
      return refuse(path, "TOO_DEEP", `more than ${MAX_NEW_DIRECTORIES} directory levels would have to be created`);
    }
    const parent = dirname(at);
    if (parent === at) return refuse(path, "ENOENT", "no ancestor of the path exists");
    at = parent;
  }
  const created: string[] = [];
  for (const directory of missing.reverse()) {
    try {
      await mkdir(directory);
      created.push(directory);
    } catch (cause) {
      if (errorCode(cause) === "EEXIST") continue; // made meanwhile by someone else: fine if a directory
      return E.left(fileError(OP, path, `create the directory ${JSON.stringify(directory)}`, cause));
    }
  }
  return E.right(created);
};
