// The output folder, checked before any training: it must be (or become) a writable directory,
// and a checkpoint already in it is never replaced by a new run unless asked (--overwrite), since
// the new run's first save would put one epoch where a longer run's result was. A folder created
// here for a run that then fails before its first checkpoint is removed again.

import * as E from "fp-ts/lib/Either.js";
import { temporaryPathFor } from "../io/atomic.js";
import { errorCode } from "../io/file-error.js";
import { kindOf } from "../io/file-kind.js";
import { makeDirectory } from "../io/make-directory.js";
import { nodeFs } from "../io/node-builtins.js";
import { readFileBounded } from "../io/read-bounded.js";
import { decodeSafetensors } from "../io/safetensors.js";
import { usageError } from "./failure.js";

export interface OutputFolder {
  /** Directories created for this run, outermost first. */
  readonly created: readonly string[];
  /** Removes the created directories again if they are still empty (best effort). */
  readonly removeIfUnused: () => Promise<void>;
}

/** "a checkpoint of 8 epochs", or why the file is something else. */
const describeCheckpoint = async (path: string): Promise<string> => {
  const bytes = await readFileBounded(path, 4 * 1024 ** 3);
  const file = E.isRight(bytes) ? decodeSafetensors(bytes.right) : undefined;
  const step = file !== undefined && E.isRight(file) ? file.right.metadata.step : undefined;
  return step !== undefined && /^\d+$/.test(step) ? `a checkpoint of ${step} epoch${step === "1" ? "" : "s"}` : "a file that is not a checkpoint of this job";
};

const sameFile = async (a: string, b: string): Promise<boolean> => {
  try {
    const [x, y] = await Promise.all([nodeFs().stat(a), nodeFs().stat(b)]);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
};

/**
 * Makes `outDir` ready for a run that saves its checkpoint at `checkpointPath`: refuses (a usage
 * error) a checkpoint already there unless the run resumes that very file or `overwrite` is set,
 * creates the folder (bounded, see makeDirectory) and proves it writable by creating and removing
 * a temporary file of the checkpoint's own pattern.
 */
export async function prepareOutputFolder(outDir: string, checkpointPath: string, options: { readonly resume: string | undefined; readonly overwrite: boolean }): Promise<OutputFolder> {
  const fs = nodeFs();
  try {
    const stats = await fs.lstat(checkpointPath);
    if (!stats.isFile()) throw usageError(`--out ${outDir}: ${checkpointPath} is ${kindOf(stats)}, where the checkpoint goes; remove it or choose another --out`);
    const resumingIt = options.resume !== undefined && await sameFile(options.resume, checkpointPath);
    if (!resumingIt && !options.overwrite) {
      throw usageError(`--out ${outDir}: ${checkpointPath} already holds ${await describeCheckpoint(checkpointPath)}; pass --resume ${checkpointPath} to continue it, or --overwrite to replace it`);
    }
  } catch (cause) {
    const code = errorCode(cause);
    if (code !== "ENOENT" && code !== "ENOTDIR") throw cause; // absent: nothing to protect
  }
  const made = await makeDirectory(outDir);
  if (E.isLeft(made)) throw usageError(`--out ${outDir}: cannot use it as the output folder: ${made.left.message}`);
  const created = made.right;
  const removeIfUnused = async (): Promise<void> => {
    for (const directory of [...created].reverse()) await fs.rmdir(directory).catch(() => undefined);
  };
  const probe = temporaryPathFor(checkpointPath);
  try {
    await (await fs.open(probe, "wx")).close();
    await fs.unlink(probe);
  } catch (cause) {
    await removeIfUnused();
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw usageError(`--out ${outDir}: the folder is not writable (${reason})`);
  }
  return { created, removeIfUnused };
}
