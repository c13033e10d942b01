// An interrupted save never destroys the previous file. A child process saves a large file over
// and over through writeFileAtomic; once it has started a new save and a temporary file has
// appeared next to the target, we kill it with SIGKILL, which gives it no chance to clean up.
// The target must still decode to one complete generation.
//
// The kill is meant to land mid-write, which leaves the temporary file behind. Whether a given
// kill does depends on timing, so trials repeat until one has (at most MAX_TRIALS), and the test
// requires that at least one did: a writer that wrote the target in place would leave no
// temporary file, and a truncated target besides.

import { spawn } from "node:child_process";
import { watch } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileBounded } from "../../src/io/read-bounded.js";
import { decodeSafetensors } from "../../src/io/safetensors.js";

const CHILD = fileURLToPath(new URL("./fixtures/save-loop.ts", import.meta.url));
const MEGABYTES = 48;
const MAX_TRIALS = 5;
/** Kill during this save: generations 1 and 2 are then complete on disk. */
const KILL_AT = 3;
/** If no temporary file is ever seen (a file system without change events), stop here anyway. */
const GIVE_UP_AFTER = 8;

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tygrad-kill-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Trial {
  readonly lastSaved: number;
  readonly leftovers: readonly string[];
  readonly target: string;
}

/**
 * Runs the child until it has begun save KILL_AT and its temporary file exists, kills it, and
 * waits for it to die.
 */
const killDuringSave = (target: string): Promise<Trial & { readonly stderr: string }> =>
  new Promise((resolve, reject) => {
    const directory = dirname(target);
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, target, String(MEGABYTES)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let lastSaved = 0;
    const watcher = watch(directory, (_event, name) => {
      if (name?.endsWith(".tmp") === true && stdout.includes(`writing ${KILL_AT}\n`)) child.kill("SIGKILL");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      for (const match of stdout.matchAll(/saved (\d+)\n/g)) lastSaved = Math.max(lastSaved, Number(match[1]));
      if (lastSaved >= GIVE_UP_AFTER) child.kill("SIGKILL");
    });
    child.on("error", reject);
    child.on("exit", async () => {
      watcher.close();
      const names = await readdir(directory);
      resolve({ target, lastSaved, stderr, leftovers: names.filter((n) => n.endsWith(".tmp")) });
    });
  });

describe("writeFileAtomic under SIGKILL", () => {
  it("leaves the previous complete file in place when the writer is killed mid-save", async () => {
    const trials: Trial[] = [];
    for (let i = 0; i < MAX_TRIALS && !trials.some((t) => t.leftovers.length > 0); i++) {
      const trialDir = await mkdtemp(join(dir, "trial-"));
      const trial = await killDuringSave(join(trialDir, "model.safetensors"));
      expect(trial.stderr).toBe("");
      expect(trial.lastSaved).toBeGreaterThanOrEqual(KILL_AT - 1);

      const bytes = await readFileBounded(trial.target, 2 * MEGABYTES * 2 ** 20);
      if (E.isLeft(bytes)) throw new Error(bytes.left.message);
      const file = decodeSafetensors(bytes.right);
      if (E.isLeft(file)) throw new Error(`the target no longer decodes: ${file.left.message}`);
      // The file is the last generation reported saved, or the next if its rename beat the kill.
      const generation = Number(file.right.metadata.generation);
      expect([trial.lastSaved, trial.lastSaved + 1]).toContain(generation);
      const weights = file.right.tensors.get("weights");
      expect(weights?.shape).toEqual([(MEGABYTES * 2 ** 20) / 4]);
      expect(weights?.data.every((x) => x === generation)).toBe(true);
      trials.push(trial);
    }
    expect(trials.some((t) => t.leftovers.length > 0)).toBe(true);
  });
});
