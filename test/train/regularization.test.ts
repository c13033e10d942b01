// Regularization inside fit with real layers: an L2 penalty adds λθ to every gradient, so it pulls
// the weights towards zero; dropout needs a fresh PRNG key at every step (else it would drop the
// same units all along) and must be off when the model is evaluated.

import { describe, expect, it } from "vitest";
import { blobs } from "../../src/data/index.js";
import { activation, dense, dropout, l2Penalty, relu, sequential } from "../../src/nn/index.js";
import { adam, sgd } from "../../src/optim/index.js";
import { key, keyData, type Key } from "../../src/random/index.js";
import { evalStep, fit, modelFromLayer, type ApplyContext, type Model } from "../../src/train/index.js";
import { leavesWithPaths } from "../../src/tree/index.js";
import { bits, crossEntropy, snapshot, withoutTimes } from "./support.js";

const train = blobs(key(31), { n: 90, classes: 3, noise: 0.8 });
const held = blobs(key(32), { n: 150, classes: 3, noise: 0.8 });
const data = { features: train.features, labels: train.labels };
const validation = { features: held.features, labels: held.labels };

/** Σ θ² over every leaf of a parameter tree. */
const sumOfSquares = (tree: unknown): number =>
  leavesWithPaths(tree).reduce((acc, [, leaf]) => acc + Array.from(leaf.toArray(), Number).reduce((s, v) => s + v * v, 0), 0);

describe("L2 penalty in fit", () => {
  const mlp = () => modelFromLayer(sequential(dense(2, 8), activation(relu, "relu"), dense(8, 3)));
  const eta = 0.1;
  const lambda = 0.5;
  const penalty = (p: unknown) => l2Penalty(p, { weight: lambda });

  it("one full-batch SGD step moves every weight by exactly −η·λ·θ₀ more than without it", async () => {
    const base = { model: mlp(), loss: crossEntropy, optimizer: sgd(eta), data, batchSize: 90, key: key(4) } as const;
    const initial = await fit({ ...base, epochs: 0 });
    const plain = await fit({ ...base, epochs: 1 });
    const penalised = await fit({ ...base, epochs: 1, penalty });
    // ∇(L + λ/2 Σθ²) = ∇L + λθ, and both runs start from θ₀ with the same batch.
    const theta0 = snapshot(initial.params);
    const [a, b] = [snapshot(plain.params), snapshot(penalised.params)];
    for (const [path, values] of Object.entries(theta0)) {
      values.forEach((t0, i) => {
        const difference = (b[path]?.[i] ?? NaN) - (a[path]?.[i] ?? NaN);
        expect(Math.abs(difference - -eta * lambda * t0)).toBeLessThan(1e-6);
      });
    }
    // The history reports the data loss alone, so runs with and without a penalty compare.
    expect(penalised.history[0]?.loss).toBe(plain.history[0]?.loss);
  });

  it("after training, the penalised weights are smaller than the unpenalised ones", async () => {
    const base = { model: mlp(), loss: crossEntropy, optimizer: adam(0.05), data, epochs: 6, batchSize: 15, key: key(4) } as const;
    const plain = await fit(base);
    const penalised = await fit({ ...base, penalty: (p: unknown) => l2Penalty(p, { weight: 0.05 }) });
    expect(sumOfSquares(penalised.params)).toBeLessThan(0.7 * sumOfSquares(plain.params));
  });
});

describe("dropout in fit", () => {
  const rate = 0.3;
  const withDropout = () => modelFromLayer(sequential(dense(2, 32), activation(relu, "relu"), dropout(rate), dense(32, 3)));

  /** The model, recording the context of every call to apply. */
  const recording = <P, S, X, Y>(model: Model<P, S, X, Y>, calls: ApplyContext[]): Model<P, S, X, Y> => ({
    init: model.init,
    apply: (params, state, x, ctx) => {
      calls.push(ctx);
      return model.apply(params, state, x, ctx);
    },
  });

  it("every training step gets its own key, and the same run key gives the same keys and history", async () => {
    const run = async (seed: number) => {
      const calls: ApplyContext[] = [];
      const r = await fit({ model: recording(withDropout(), calls), loss: crossEntropy, optimizer: adam(0.02), data, validation, epochs: 3, batchSize: 18, key: key(seed) });
      const stepKeys = calls.filter((c) => c.train).map((c) => keyData(c.key).join(":"));
      return { r, stepKeys };
    };
    const [a, b, c] = [await run(1), await run(1), await run(2)];
    // 90 examples in batches of 18: 5 steps per epoch, 15 in all, each with a key of its own.
    expect(new Set(a.stepKeys).size).toBe(15);
    expect(b.stepKeys).toEqual(a.stepKeys);
    expect(withoutTimes(b.r.history)).toEqual(withoutTimes(a.r.history));
    expect(bits(b.r.params)).toEqual(bits(a.r.params));
    expect(c.stepKeys.filter((k) => a.stepKeys.includes(k))).toEqual([]);
  });

  it("trains, and validation runs in evaluation mode (no units dropped)", async () => {
    const model = withDropout();
    const r = await fit({ model, loss: crossEntropy, optimizer: adam(0.02), data, validation, epochs: 8, batchSize: 18, key: key(1) });
    const [first, last] = [r.history[0], r.history.at(-1)];
    if (first === undefined || last === undefined) throw new Error("no history");
    expect(last.loss).toBeLessThan(first.loss / 4);
    expect(last.valAccuracy).toBeGreaterThanOrEqual(0.95);
    // Evaluation mode ignores the key: any key gives the validation loss fit reported.
    const evaluate = evalStep(model, crossEntropy);
    const batch = { x: validation.features, y: validation.labels };
    for (const k of [key(100), key(200)]) expect(evaluate(r.params, r.modelState, batch, k).loss.item()).toBeCloseTo(last.valLoss ?? NaN, 12);
    // In training mode the same parameters give a different loss for each key's mask.
    const trainingLoss = (k: Key) =>
      crossEntropy(model.apply(r.params, r.modelState, validation.features, { key: k, train: true }).output, validation.labels).item();
    expect(trainingLoss(key(100))).not.toBe(trainingLoss(key(200)));
  });
});
