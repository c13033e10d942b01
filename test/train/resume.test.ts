// Resuming from a checkpoint file continues a run bit for bit. A run of 2 epochs saves its state
// after every epoch with saveCheckpoint; a second run loads the file and trains on to epoch 4.
// Its parameters, optimizer state and history must equal those of one uninterrupted 4-epoch run:
// the per-step keys (dropout here), the batch order and Adam's step count all continue exactly.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spirals } from "../../src/data/index.js";
import { loadCheckpoint, saveCheckpoint } from "../../src/io/index.js";
import { activation, dense, dropout, relu, sequential } from "../../src/nn/index.js";
import { adam } from "../../src/optim/index.js";
import { key, keyData } from "../../src/random/index.js";
import { fit, modelFromLayer, type EpochRecord, type TrainingState } from "../../src/train/index.js";
import { bits, crossEntropy, withoutTimes } from "./support.js";

const points = spirals(key(61), { n: 120, classes: 3, noise: 0.05 });
const model = modelFromLayer(sequential(dense(2, 24), activation(relu, "relu"), dropout(0.2), dense(24, 3)));
const optimizer = adam(0.01);
const runKey = key(7);
const base = {
  model, optimizer, loss: crossEntropy, batchSize: 20, key: runKey, validationSplit: 0.25,
  data: { features: points.features, labels: points.labels },
} as const;

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tygrad-resume-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What the checkpoint's free-form metadata holds besides the tensors. */
interface RunMeta {
  readonly epoch: number;
  readonly history: readonly EpochRecord[];
}

describe("resume from a checkpoint file", () => {
  it("2 epochs, save, load, 2 more epochs = 4 uninterrupted epochs, bit for bit", async () => {
    const path = join(dir, "run.safetensors");
    await fit({
      ...base, epochs: 2,
      onEpoch: async (state) => {
        const meta: RunMeta = { epoch: state.epoch, history: state.history };
        const saved = await saveCheckpoint(path, { params: state.params, optState: state.optState, step: state.epoch, key: runKey, meta });
        if (E.isLeft(saved)) throw new Error(saved.left.message);
      },
    });

    // The file is read against the trees a fresh model and optimizer would have.
    const fresh = model.init(key(0));
    const loaded = await loadCheckpoint(path, { params: fresh.params, optState: optimizer.init(fresh.params) });
    if (E.isLeft(loaded)) throw new Error(`${loaded.left.path}: ${loaded.left.message}`);
    const checkpoint = loaded.right;
    const meta = checkpoint.meta as RunMeta; // written by this test just above
    expect(checkpoint.step).toBe(2);
    expect(meta.epoch).toBe(2);
    expect(keyData(checkpoint.key)).toEqual(keyData(runKey));

    const resume: TrainingState<typeof fresh.params, typeof fresh.state, typeof checkpoint.optState> = {
      params: checkpoint.params, optState: checkpoint.optState, modelState: fresh.state,
      epoch: meta.epoch, history: meta.history, stopping: { best: Infinity, bestEpoch: -1, wait: 0 }, best: undefined,
    };
    const resumed = await fit({ ...base, key: checkpoint.key, epochs: 4, resume });
    const uninterrupted = await fit({ ...base, epochs: 4 });

    expect(resumed.history.map((r) => r.epoch)).toEqual([1, 2, 3, 4]);
    expect(withoutTimes(resumed.history)).toEqual(withoutTimes(uninterrupted.history));
    expect(bits(resumed.params)).toEqual(bits(uninterrupted.params));
    expect(bits(resumed.optState)).toEqual(bits(uninterrupted.optState));
  });

  it("resuming with another run key does not reproduce the run (the key is part of the state)", async () => {
    const afterTwo = await fit({ ...base, epochs: 2 });
    const uninterrupted = await fit({ ...base, epochs: 4 });
    const wrongKey = await fit({ ...base, key: key(8), epochs: 4, resume: afterTwo });
    expect(withoutTimes(wrongKey.history.slice(0, 2))).toEqual(withoutTimes(uninterrupted.history.slice(0, 2)));
    expect(wrongKey.history[2]?.loss).not.toBe(uninterrupted.history[2]?.loss);
    expect(bits(wrongKey.params)).not.toEqual(bits(uninterrupted.params));
  });
});
