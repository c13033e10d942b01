import { describe, expect, it } from "vitest";
import { add, matmul, mean, mul, square, sub, sum, logsumexp, oneHot } from "../../src/ops/index.js";
import { key } from "../../src/random/index.js";
import { normalArray } from "../../src/random/index.js";
import { fromArray, zeros, type Tensor } from "../../src/tensor/index.js";
import { map } from "../../src/tree/index.js";
import { emptyState, type EmptyFamily, type EmptyState, type GradientTransformation, type StateFamily } from "../../src/optim/index.js";
import { earlyStopping, fit, type Model, type TrainingState } from "../../src/train/index.js";

// A linear model y = x·w + b and plain SGD written out here, so the loop is tested on its own.
type P = { readonly w: Tensor<[3, 1], "float64">; readonly b: Tensor<[1], "float64"> };
const linear: Model<P, null, Tensor<[number, 3], "float64">, Tensor<[number, 1], "float64">> = {
  init: () => ({ params: { w: zeros([3, 1], "float64"), b: zeros([1], "float64") }, state: null }),
  apply: (p, state, x) => ({ output: add(matmul(x, p.w), p.b), state }),
};
const sgd = (lr: number): GradientTransformation<EmptyFamily> => ({ init: () => emptyState, update: (g, s) => [map(g, (x) => mul(x, -lr)), s] });
const mse = (y: Tensor<[number, 1], "float64">, t: Tensor<[number, 1], "float64">) => mean(square(sub(y, t)));

const trueW = [2, -1, 0.5];
const n = 64;
const xs = normalArray(key(1), n * 3, "float64");
const noise = normalArray(key(2), n, "float64");
const ys = Array.from({ length: n }, (_, i) => trueW.reduce((acc, w, j) => acc + w * (xs[i * 3 + j] ?? 0), 0.3) + 0.01 * (noise[i] ?? 0));
const data = { features: fromArray(xs, [n, 3], "float64"), labels: fromArray(ys, [n, 1], "float64") };

describe("fit", () => {
  it("recovers a linear model by mini-batch gradient descent", async () => {
    const r = await fit({ model: linear, loss: mse, optimizer: sgd(0.1), data, epochs: 40, batchSize: 16, key: key(0) });
    expect(Array.from(r.params.w.toArray()).map((v) => Number(v.toFixed(1)))).toEqual([2, -1, 0.5]);
    expect(r.params.b.item()).toBeCloseTo(0.3, 1);
    expect(r.history.length).toBe(40);
    expect(r.history[39]?.loss ?? 1).toBeLessThan(1e-3);
  });

  it("batch size N takes one step per epoch: equal to one full-batch gradient step", async () => {
    const r = await fit({ model: linear, loss: mse, optimizer: sgd(0.1), data, epochs: 1, batchSize: n, key: key(0) });
    // Closed form of one step from w = 0, b = 0: w ← 0.1 · (2/n) Σ x_i y_i, b ← 0.1 · (2/n) Σ y_i.
    const expectedB = (0.1 * 2 * ys.reduce((a, y) => a + y, 0)) / n;
    expect(r.params.b.item()).toBeCloseTo(expectedB, 12);
  });

  it("is deterministic: the same key gives the same history", async () => {
    const run = () => fit({ model: linear, loss: mse, optimizer: sgd(0.05), data, epochs: 3, batchSize: 5, key: key(7), validationSplit: 0.25 });
    const [a, b] = [await run(), await run()];
    const strip = (h: typeof a.history) => h.map(({ seconds: _s, ...rest }) => rest);
    expect(strip(a.history)).toEqual(strip(b.history));
    const c = await fit({ model: linear, loss: mse, optimizer: sgd(0.05), data, epochs: 3, batchSize: 5, key: key(8), validationSplit: 0.25 });
    expect(strip(c.history)).not.toEqual(strip(a.history));
  });

  it("resuming from the state after epoch 2 continues exactly like an uninterrupted run", async () => {
    const base = { model: linear, loss: mse, optimizer: sgd(0.05), data, batchSize: 8, key: key(3) } as const;
    const full = await fit({ ...base, epochs: 4 });
    let saved: TrainingState<P, null, EmptyState> | undefined;
    await fit({ ...base, epochs: 2, onEpoch: (s) => { saved = s; } });
    if (saved === undefined) throw new Error("no state saved");
    const resumed = await fit({ ...base, epochs: 4, resume: saved });
    expect(resumed.params.w.toArray()).toEqual(full.params.w.toArray());
    expect(resumed.history.map((h) => h.loss)).toEqual(full.history.map((h) => h.loss));
  });

  it("early stopping stops after `patience` epochs without improvement and restores the best epoch", async () => {
    // A learning rate that diverges after a good first step: validation loss rises from epoch 2 on.
    interface StepCount extends StateFamily {
      readonly state: { readonly t: number };
    }
    const diverging: GradientTransformation<StepCount> = {
      init: () => ({ t: 0 }),
      update: (g, s) => [map(g, (x) => mul(x, s.t === 0 ? -0.3 : 3)), { t: s.t + 1 }],
    };
    const r = await fit({ model: linear, loss: mse, optimizer: diverging, data, epochs: 20, batchSize: 48, key: key(0), validationSplit: 0.25, earlyStopping: { patience: 3 } });
    expect(r.stoppedEarly).toBe(true);
    expect(r.history.length).toBe(4);
    expect(r.returnedEpoch).toBe(1);
    const best = await fit({ model: linear, loss: mse, optimizer: diverging, data, epochs: 1, batchSize: 48, key: key(0), validationSplit: 0.25 });
    expect(r.params.w.toArray()).toEqual(best.params.w.toArray());
  });

  it("reports classification accuracy for int32 labels", async () => {
    type C = { readonly w: Tensor<[2, 2], "float64"> };
    const model: Model<C, null, Tensor<[number, 2], "float64">, Tensor<[number, 2], "float64">> = {
      init: () => ({ params: { w: zeros([2, 2], "float64") }, state: null }),
      apply: (p, s, x) => ({ output: matmul(x, p.w), state: s }),
    };
    const m = 40;
    const pts = normalArray(key(5), m * 2, "float64");
    const labels = Array.from({ length: m }, (_, i) => ((pts[i * 2] ?? 0) > 0 ? 1 : 0));
    const ce = (logits: Tensor<[number, 2], "float64">, y: Tensor<[number], "int32">) =>
      mean(sum(mul(oneHot(y, 2, "float64"), sub(logsumexp(logits, 1, true), logits)), 1));
    const opt = sgd(1);
    const r = await fit({ model, loss: ce, optimizer: opt, data: { features: fromArray(pts, [m, 2], "float64"), labels: fromArray(labels, [m], "int32") }, epochs: 30, batchSize: 10, key: key(1) });
    expect(r.history[29]?.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it("rejects bad configurations clearly", async () => {
    await expect(fit({ model: linear, loss: mse, optimizer: sgd(0.1), data, epochs: 1, batchSize: 0, key: key(0) })).rejects.toThrow(/batchSize must be a positive integer/);
    await expect(fit({ model: linear, loss: mse, optimizer: sgd(0.1), data, epochs: 1, batchSize: 2, key: key(0), validationSplit: 1.5 })).rejects.toThrow(/validationSplit/);
    await expect(fit({ model: linear, loss: mse, optimizer: sgd(0.1), data: { features: data.features, labels: fromArray([1], [1, 1], "float64") }, epochs: 1, batchSize: 1, key: key(0) })).rejects.toThrow(/64 feature rows but 1 labels/);
    await expect(fit({ model: linear, loss: mse, optimizer: sgd(0.1), data, epochs: 2, batchSize: 8, key: key(0), earlyStopping: { patience: 2 } })).rejects.toThrow(/valLoss/);
  });
});

describe("earlyStopping", () => {
  it("waits `patience` epochs; accuracy improves upward, loss downward; minDelta counts", () => {
    const es = earlyStopping({ monitor: "valAccuracy", patience: 2, minDelta: 0.01 });
    let s = es.init;
    const feed = (v: number, e: number) => {
      const r = es.update(s, v, e);
      s = r.state;
      return r;
    };
    expect(feed(0.5, 1).improved).toBe(true);
    expect(feed(0.505, 2).improved).toBe(false); // below minDelta
    expect(feed(0.6, 3).improved).toBe(true);
    expect(feed(0.59, 4).stop).toBe(false);
    expect(feed(0.59, 5).stop).toBe(true);
    expect(s.bestEpoch).toBe(3);
    expect(() => earlyStopping({ patience: 0 })).toThrow(/patience/);
  });
});
