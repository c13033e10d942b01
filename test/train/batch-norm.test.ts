// A batchNorm model in fit: the running statistics are model state, threaded from step to step,
// returned by fit and used when the model is evaluated.
//
// With batchNorm as the first layer its batch statistics are those of the raw inputs, whatever
// the parameters. With full batches every step sees the whole training set, so after k steps the
// running statistics have a closed form (momentum m, starting from mean 0 and variance 1):
//
//   μ_k = m^k · 0 + (1 − m^k) · μ_data        σ²_k = m^k · 1 + (1 − m^k) · σ²_data

import { describe, expect, it } from "vitest";
import { blobs } from "../../src/data/index.js";
import { batchNorm, dense, sequential } from "../../src/nn/index.js";
import { adam } from "../../src/optim/index.js";
import { key } from "../../src/random/index.js";
import { evalStep, fit, modelFromLayer } from "../../src/train/index.js";
import { bits, crossEntropy, withoutTimes } from "./support.js";

// Blobs around (3, −1) rather than 0, so the data's mean and variance are far from the initial 0 and 1.
const points = blobs(key(41), { n: 80, classes: 2, centers: [[3, -1], [5, -2]], noise: 0.7 });
const data = { features: points.features, labels: points.labels };
const momentum = 0.9;
const model = () => modelFromLayer(sequential(batchNorm(2, { momentum }), dense(2, 2)));

/** Mean and biased variance of each of the two feature columns, in float64. */
function columnStatistics(): { mean: number[]; variance: number[] } {
  const x = Array.from(points.features.toArray(), Number);
  const n = x.length / 2;
  const mean = [0, 1].map((c) => x.filter((_, i) => i % 2 === c).reduce((a, v) => a + v, 0) / n);
  const variance = [0, 1].map((c) => x.filter((_, i) => i % 2 === c).reduce((a, v) => a + (v - (mean[c] ?? 0)) ** 2, 0) / n);
  return { mean, variance };
}

describe("batchNorm state through fit", () => {
  it("after k full-batch steps the running statistics match the closed form", async () => {
    const epochs = 5;
    const r = await fit({ model: model(), loss: crossEntropy, optimizer: adam(0.01), data, epochs, batchSize: 80, key: key(0) });
    const [bn] = r.modelState;
    const { mean, variance } = columnStatistics();
    const mk = momentum ** epochs;
    const got = { mean: Array.from(bn.mean.toArray()), variance: Array.from(bn.variance.toArray()) };
    mean.forEach((mu, c) => expect(got.mean[c]).toBeCloseTo((1 - mk) * mu, 5));
    variance.forEach((v, c) => expect(got.variance[c]).toBeCloseTo(mk + (1 - mk) * v, 5));
  });

  it("evaluation uses the returned running statistics, and jit threads the state like eager evaluation", async () => {
    const validation = { features: points.features, labels: points.labels };
    const run = (jit: boolean) =>
      fit({ model: model(), loss: crossEntropy, optimizer: adam(0.01), data, validation, epochs: 3, batchSize: 16, key: key(2), jit });
    const [eager, compiled] = [await run(false), await run(true)];
    const evaluate = evalStep(model(), crossEntropy);
    const batch = { x: validation.features, y: validation.labels };
    const last = eager.history.at(-1);
    expect(evaluate(eager.params, eager.modelState, batch, key(9)).loss.item()).toBeCloseTo(last?.valLoss ?? NaN, 12);
    // The initial statistics (mean 0, variance 1) would give another loss.
    const initialState = model().init(key(0)).state;
    expect(evaluate(eager.params, initialState, batch, key(9)).loss.item()).not.toBeCloseTo(last?.valLoss ?? NaN, 3);
    expect(bits(compiled.modelState)).toEqual(bits(eager.modelState));
    expect(withoutTimes(compiled.history)).toEqual(withoutTimes(eager.history));
  });
});
