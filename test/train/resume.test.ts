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
import { fit, modelFromLayer, resumeFrom, trainingMeta } from "../../src/train/index.js";
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

describe("resume from a checkpoint file", () => {
  it("2 epochs, save, load, 2 more epochs = 4 uninterrupted epochs, bit for bit", async () => {
    const path = join(dir, "run.safetensors");
    await fit({
      ...base, epochs: 2,
      onEpoch: async (state) => {
        const saved = await saveCheckpoint(path, {
          params: state.params, optState: state.optState, modelState: state.modelState, best: state.best, step: state.epoch, key: runKey, meta: trainingMeta(state),
        });
        if (E.isLeft(saved)) throw new Error(saved.left.message);
      },
    });

    // The file is read against the trees a fresh model and optimizer would have.
    const fresh = model.init(key(0));
    const loaded = await loadCheckpoint(path, { params: fresh.params, optState: optimizer.init(fresh.params), modelState: fresh.state });
    if (E.isLeft(loaded)) throw new Error(`${loaded.left.path}: ${loaded.left.message}`);
    const checkpoint = loaded.right;
    expect(checkpoint.step).toBe(2);
    expect(keyData(checkpoint.key)).toEqual(keyData(runKey));
    const resume = resumeFrom(checkpoint);
    if (E.isLeft(resume)) throw new Error(`${resume.left.path}: ${resume.left.message}`);
    expect(resume.right.epoch).toBe(2);

    const resumed = await fit({ ...base, key: checkpoint.key, epochs: 4, resume: resume.right });
    const uninterrupted = await fit({ ...base, epochs: 4 });
    const afterTwo = await fit({ ...base, epochs: 2 });
    // The metadata round trip keeps the history and early-stopping state (JSON's null for
    // "no best yet" read back as Infinity), not only the tensors.
    expect(withoutTimes(resume.right.history)).toEqual(withoutTimes(afterTwo.history));
    expect(resume.right.stopping).toEqual(afterTwo.stopping);
    expect(resume.right.stopping.best).toBe(Infinity);

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

describe("resumeFrom", () => {
  const fresh = model.init(key(0));
  const checkpoint = (meta: unknown) => ({
    params: fresh.params, optState: optimizer.init(fresh.params), modelState: fresh.state, step: 3, key: runKey, meta,
  });

  it("without training metadata resumes after epoch `step`, with an empty history and no best epoch", () => {
    const r = resumeFrom(checkpoint(null));
    if (E.isLeft(r)) throw new Error(r.left.message);
    expect(r.right.epoch).toBe(3);
    expect(r.right.history).toEqual([]);
    expect(r.right.stopping).toEqual({ best: Infinity, bestEpoch: -1, wait: 0 });
    expect(r.right.best).toBeUndefined();
  });

  it("reports the path of a metadata field of the wrong type, and keeps a NaN loss that JSON wrote as null", () => {
    const record = { epoch: 1, loss: 0.5, seconds: 0.1 };
    expect(resumeFrom(checkpoint({ epoch: 2, history: [record, { ...record, epoch: 2, loss: "low" }] })))
      .toEqual(E.left({ _tag: "CheckpointError", path: "meta.history.1.loss", message: 'expected a number (null for NaN), got "low"' }));
    expect(resumeFrom(checkpoint({ epoch: -1 }))).toEqual(E.left({ _tag: "CheckpointError", path: "meta.epoch", message: "expected a non-negative integer, got -1" }));
    expect(resumeFrom(checkpoint({ stopping: { best: 0.2, bestEpoch: 1 } })))
      .toEqual(E.left({ _tag: "CheckpointError", path: "meta.stopping.wait", message: "expected a non-negative integer, got undefined" }));
    const nan = resumeFrom(checkpoint(JSON.parse(JSON.stringify({ history: [{ ...record, loss: NaN }] }))));
    if (E.isLeft(nan)) throw new Error(nan.left.message);
    expect(nan.right.history[0]?.loss).toBeNaN();
  });

  it("refuses a checkpoint that holds no model state", () => {
    const { modelState: _none, ...withoutState } = checkpoint(null);
    expect(resumeFrom(withoutState)).toEqual(E.left({ _tag: "CheckpointError", path: "state", message: expect.stringMatching(/^missing: the checkpoint holds no model state/) }));
  });
});
