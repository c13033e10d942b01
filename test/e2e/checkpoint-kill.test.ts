// A process killed while it saves a checkpoint leaves the previous checkpoint loadable. A child
// process saves checkpoint after checkpoint of a 57 MB model with saveCheckpoint; once it has
// begun its third save and the temporary file of that save has appeared, it gets SIGKILL, which
// it cannot catch or clean up after. The checkpoint file must then load and decode completely,
// as one whole generation: the last one saved, or the next if its rename beat the kill.
//
// Whether a kill lands mid-write depends on timing. A kill that does leaves the temporary file
// behind, so trials repeat (at most MAX_TRIALS) until one has, and the test requires that one did:
// it would fail for a saver that wrote the checkpoint in place.

import { spawn } from "node:child_process";
import { watch } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCheckpoint } from "../../src/io/index.js";
import { keyData, key } from "../../src/random/index.js";
import { leavesWithPaths } from "../../src/tree/index.js";
import { bigModelTrees } from "./fixtures/big-model.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CHILD = fileURLToPath(new URL("./fixtures/save-checkpoints.ts", import.meta.url));
const KILL_DURING = 3;
const MAX_TRIALS = 4;

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tygrad-ckpt-kill-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Trial {
  /** The last generation the child reported saved. */
  readonly saved: number;
  /** Temporary files left next to the checkpoint. */
  readonly leftovers: readonly string[];
  readonly stderr: string;
}

/** Runs the saver until save KILL_DURING has created its temporary file, then SIGKILLs it. */
function killDuringSave(target: string): Promise<Trial> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, target], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const began = (g: number) => stdout.includes(`writing ${g}\n`);
    const watcher = watch(dirname(target), (_event, name) => {
      if (name?.endsWith(".tmp") === true && began(KILL_DURING)) child.kill("SIGKILL");
    });
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      // Without change events (some file systems) the kill comes a few saves late instead.
      if (began(KILL_DURING + 3)) child.kill("SIGKILL");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", () => {
      watcher.close();
      const saved = Math.max(0, ...[...stdout.matchAll(/saved (\d+)\n/g)].map((m) => Number(m[1])));
      readdir(dirname(target)).then((names) => resolve({ saved, stderr, leftovers: names.filter((n) => n.endsWith(".tmp")) }), reject);
    });
  });
}

describe("saveCheckpoint killed mid-write", () => {
  it("leaves the previous checkpoint, which loads and decodes fully", { timeout: 60_000 }, async () => {
    const expected = bigModelTrees();
    const trials: Trial[] = [];
    while (trials.length < MAX_TRIALS && !trials.some((t) => t.leftovers.length > 0)) {
      const target = join(await mkdtemp(join(dir, "trial-")), "model.safetensors");
      const trial = await killDuringSave(target);
      expect(trial.stderr).toBe("");
      expect(trial.saved).toBeGreaterThanOrEqual(KILL_DURING - 1);

      const loaded = await loadCheckpoint(target, expected);
      if (E.isLeft(loaded)) throw new Error(`the checkpoint no longer loads: ${loaded.left.path}: ${loaded.left.message}`);
      const g = loaded.right.step;
      expect([trial.saved, trial.saved + 1]).toContain(g);
      expect(loaded.right.meta).toEqual({ generation: g });
      expect(keyData(loaded.right.key)).toEqual(keyData(key(g)));
      // Every element of every tensor belongs to generation g.
      const leaves = [...leavesWithPaths(loaded.right.params), ...leavesWithPaths(loaded.right.optState)];
      expect(leaves).toHaveLength(leavesWithPaths(expected.params).length + leavesWithPaths(expected.optState).length);
      const mixed = leaves.filter(([, leaf]) => !leaf.toArray().every((v) => Number(v) === g)).map(([path]) => path);
      expect(mixed).toEqual([]);
      trials.push(trial);
    }
    expect(trials.some((t) => t.leftovers.length > 0)).toBe(true);
  });
});
