// The layers: dense, batchNorm, layerNorm, dropout, embedding, flatten, activation and residual.
// Values against their formulas, derivatives against finite differences in float64 (for the
// parameters and the input), state handling, and bad input.
import { describe, expect, it } from "vitest";
import { DTypeError } from "../../src/core/errors.js";
import { grad } from "../../src/ad/api.js";
import { relu } from "../../src/nn/activations.js";
import { LabelError, LayerConfigError } from "../../src/nn/errors.js";
import { activation } from "../../src/nn/layers/activation.js";
import { batchNorm } from "../../src/nn/layers/batch-norm.js";
import { dense } from "../../src/nn/layers/dense.js";
import { dropout } from "../../src/nn/layers/dropout.js";
import { embedding } from "../../src/nn/layers/embedding.js";
import { flatten } from "../../src/nn/layers/flatten.js";
import { layerNorm } from "../../src/nn/layers/layer-norm.js";
import { residual } from "../../src/nn/layers/residual.js";
import { sum } from "../../src/ops/reduce.js";
import { mul } from "../../src/ops/elementwise.js";
import { fold, key } from "../../src/random/key.js";
import { TensorShapeError } from "../../src/shape/runtime/error.js";
import { fromArray, ones, tensor, zeros } from "../../src/tensor/create.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectGradientsMatch, forSeeds, gradientCheck } from "./gradient-check.js";
import { awayFromZero, gaussian64, labelsOf } from "./inputs.js";

const arr = (t: { toArray(): ArrayLike<number> }): number[] => Array.from(t.toArray());

describe("dense", () => {
  it("computes x·W + b over the last axis, for any leading axes", () => {
    const layer = dense(2, 3, { dtype: "float64" });
    const params = { w: tensor([[1, 2, 3], [4, 5, 6]], "float64"), b: tensor([0.5, -1, 0], "float64") };
    expect(arr(layer.apply(params, tensor([[1, 1], [2, -1]], "float64")))).toEqual([5.5, 6, 9, -1.5, -2, 0]);
    const batched = layer.apply(params, tensor([[[1, 0]], [[0, 1]]], "float64"));
    expect(batched.shape).toEqual([2, 1, 3]);
    expect(arr(batched)).toEqual([1.5, 1, 3, 4.5, 4, 6]);
  });
  it("initializes W by Glorot uniform and b to zeros, from the key", () => {
    const p = dense(300, 200).init(key(3));
    expect(p.w.shape).toEqual([300, 200]);
    expect(arr(p.b)).toEqual(new Array(200).fill(0));
    const limit = Math.sqrt(6 / 500);
    const w = arr(p.w);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.99 * limit);
    expect(arr(dense(300, 200).init(key(3)).w)).toEqual(w);
  });
  it("derivatives for W, b and x match finite differences", () => forSeeds(6, (s) => {
    const layer = dense(4, 3, { dtype: "float64" });
    const params = { w: gaussian64(s, [4, 3]), b: gaussian64(fold(s, 1), [3]) };
    expectGradientsMatch(gradientCheck((p: typeof params, x: Tensor<[5, 4], "float64">) => layer.apply(p, x), [params, gaussian64(fold(s, 2), [5, 4])], fold(s, 3)));
  }));
  it("rejects inputs with the wrong feature count or dtype", () => {
    const layer = dense(4, 2);
    const p = layer.init(key(0));
    const features: number = 5;
    expect(() => layer.apply(p, zeros([3, features]))).toThrow(/dense\(4 → 2\): got \[3, 5\] \(expected an input \[\.\.\., 4\]\)/);
    // @ts-expect-error float64 input to a float32 layer
    expect(() => layer.apply(p, zeros([3, 4], "float64"))).toThrow(DTypeError);
    expect(() => dense(0, 2)).toThrow(/dense: inFeatures must be a positive integer, got 0/);
  });
});

describe("batchNorm", () => {
  const x = fromArray(gaussian64(key(1), [8, 3]).toArray().map((v, i) => 5 + 3 * v + (i % 3)), [8, 3], "float64");
  const layer = batchNorm(3, { dtype: "float64", momentum: 0.8 });
  const params = layer.init(key(0));

  it("in training, gives each feature zero mean and unit variance over the batch (γ = 1, β = 0)", () => {
    const [y] = layer.apply(params, x, { state: layer.initState(), train: true });
    const v = arr(y);
    for (let f = 0; f < 3; f++) {
      const column = v.filter((_, i) => i % 3 === f);
      const mean = column.reduce((a, b) => a + b, 0) / 8;
      const variance = column.reduce((a, b) => a + (b - mean) ** 2, 0) / 8;
      expect(mean).toBeCloseTo(0, 12);
      expect(variance).toBeCloseTo(1, 4); // 1 − ε/(σ² + ε)
    }
  });
  it("then applies γ and β per feature", () => {
    const scaled = { gamma: tensor([2, 1, 0.5], "float64"), beta: tensor([1, 0, -1], "float64") };
    const [plain] = layer.apply(params, x, { state: layer.initState(), train: true });
    const [y] = layer.apply(scaled, x, { state: layer.initState(), train: true });
    const p = arr(plain);
    arr(y).forEach((v, i) => expect(v).toBeCloseTo((p[i] ?? 0) * ([2, 1, 0.5][i % 3] ?? 0) + ([1, 0, -1][i % 3] ?? 0), 12));
  });
  it("returns running statistics μ ← mμ + (1 − m)μ_B, σ² ← mσ² + (1 − m)σ²_B", () => {
    const [, state] = layer.apply(params, x, { state: layer.initState(), train: true });
    const v = arr(x);
    for (let f = 0; f < 3; f++) {
      const column = v.filter((_, i) => i % 3 === f);
      const mean = column.reduce((a, b) => a + b, 0) / 8;
      const variance = column.reduce((a, b) => a + (b - mean) ** 2, 0) / 8;
      expect(arr(state.mean)[f]).toBeCloseTo(0.8 * 0 + 0.2 * mean, 12);
      expect(arr(state.variance)[f]).toBeCloseTo(0.8 * 1 + 0.2 * variance, 12);
    }
  });
  it("in evaluation, uses the running statistics and leaves them unchanged", () => {
    const state = { mean: tensor([1, 2, 3], "float64"), variance: tensor([4, 1, 0.25], "float64") };
    const [y, after] = layer.apply(params, x, { state, train: false });
    expect(after).toBe(state);
    const v = arr(x);
    arr(y).forEach((out, i) => {
      const f = i % 3;
      expect(out).toBeCloseTo(((v[i] ?? 0) - ([1, 2, 3][f] ?? 0)) / Math.sqrt(([4, 1, 0.25][f] ?? 0) + 1e-5), 12);
    });
  });
  it("training-mode derivatives (through the batch statistics) match finite differences", () => forSeeds(5, (s) => {
    const p = { gamma: gaussian64(s, [3]), beta: gaussian64(fold(s, 1), [3]) };
    const f = (q: typeof p, v: Tensor<[6, 3], "float64">) => layer.apply(q, v, { state: layer.initState(), train: true })[0];
    expectGradientsMatch(gradientCheck(f, [p, gaussian64(fold(s, 2), [6, 3])], fold(s, 3)));
  }));
  it("normalizes channels of NHWC images over batch, height and width", () => {
    const images = gaussian64(key(5), [2, 3, 3, 2], 4);
    const [y] = batchNorm(2, { dtype: "float64" }).apply({ gamma: ones([2], "float64"), beta: zeros([2], "float64") }, images, { state: batchNorm(2, { dtype: "float64" }).initState(), train: true });
    const channel0 = arr(y).filter((_, i) => i % 2 === 0);
    expect(channel0.reduce((a, b) => a + b, 0) / channel0.length).toBeCloseTo(0, 12);
  });
  it("rejects a batch too small for a variance, a missing state and bad settings", () => {
    expect(() => layer.apply(params, zeros([1, 3], "float64"), { state: layer.initState(), train: true }))
      .toThrow(/batchNorm\(3\): got 1 value per feature: \[1, 3\] \(expected at least 2 values per feature/);
    expect(() => layer.apply(params, zeros([0, 3], "float64"), { state: layer.initState(), train: true })).toThrow(TensorShapeError);
    // @ts-expect-error the state is required
    expect(() => layer.apply(params, x)).toThrow(/batchNorm\(3\): apply needs the layer state/);
    expect(() => batchNorm(3, { momentum: 1.5 })).toThrow(LayerConfigError);
    expect(() => batchNorm(3, { epsilon: 0 })).toThrow(/batchNorm\(3\): got epsilon 0 \(expected a positive epsilon\)/);
  });
});

describe("layerNorm", () => {
  it("gives each example zero mean and unit variance over its features, then γ and β", () => {
    const layer = layerNorm(4, { dtype: "float64" });
    const x = gaussian64(key(2), [3, 4], 5);
    const y = arr(layer.apply(layer.init(key(0)), x));
    for (let r = 0; r < 3; r++) {
      const row = y.slice(r * 4, r * 4 + 4);
      const mean = row.reduce((a, b) => a + b, 0) / 4;
      expect(mean).toBeCloseTo(0, 12);
      expect(row.reduce((a, b) => a + (b - mean) ** 2, 0) / 4).toBeCloseTo(1, 5);
    }
  });
  it("derivatives match finite differences", () => forSeeds(5, (s) => {
    const layer = layerNorm(4, { dtype: "float64" });
    const p = { gamma: gaussian64(s, [4]), beta: gaussian64(fold(s, 1), [4]) };
    expectGradientsMatch(gradientCheck((q: typeof p, v: Tensor<[3, 4], "float64">) => layer.apply(q, v), [p, gaussian64(fold(s, 2), [3, 4])], fold(s, 3)));
  }));
});

describe("dropout", () => {
  const x = ones([200, 100], "float64");
  it("keeps about 1 − rate of the elements and scales them by 1/(1 − rate)", () => {
    const y = arr(dropout(0.3).apply(null, x, { train: true, key: key(4) }));
    const kept = y.filter((v) => v !== 0);
    expect(new Set(kept)).toEqual(new Set([1 / 0.7]));
    // 20 000 Bernoulli(0.7) draws: standard deviation of the kept fraction ≈ 0.0032.
    expect(kept.length / y.length).toBeGreaterThan(0.68);
    expect(kept.length / y.length).toBeLessThan(0.72);
    expect(y.reduce((a, b) => a + b, 0) / y.length).toBeCloseTo(1, 1); // E[y] = x
  });
  it("is the identity in evaluation and at rate 0", () => {
    const v = gaussian64(key(1), [3, 4]);
    expect(dropout(0.5).apply(null, v)).toBe(v);
    expect(dropout(0.5).apply(null, v, { train: false, key: key(1) })).toBe(v);
    expect(dropout(0).apply(null, v, { train: true })).toBe(v);
  });
  it("draws its mask from the key: same key, same mask; another key, another", () => {
    const layer = dropout(0.5);
    const a = arr(layer.apply(null, x, { train: true, key: key(7) }));
    expect(arr(layer.apply(null, x, { train: true, key: key(7) }))).toEqual(a);
    expect(arr(layer.apply(null, x, { train: true, key: key(8) }))).not.toEqual(a);
  });
  it("passes gradients through the kept elements only, scaled", () => {
    const v = gaussian64(key(2), [4, 5]);
    const layer = dropout(0.4);
    const mask = arr(layer.apply(null, ones([4, 5], "float64"), { train: true, key: key(9) }));
    const g = grad((u: Tensor<[4, 5], "float64">) => sum(mul(layer.apply(null, u, { train: true, key: key(9) }), u)))(v);
    // d/du Σ u·(m/(1−p))·u = 2u·m/(1−p)
    arr(g).forEach((d, i) => expect(d).toBeCloseTo(2 * (arr(v)[i] ?? 0) * (mask[i] ?? 0), 12));
  });
  it("rejects rates outside [0, 1) and training without a key", () => {
    for (const rate of [1, -0.1, 1.5, Number.NaN]) expect(() => dropout(rate)).toThrow(LayerConfigError);
    expect(() => dropout(1)).toThrow(/dropout: got rate 1 \(expected a drop probability in \[0, 1\)/);
    expect(() => dropout(0.5).apply(null, x, { train: true })).toThrow(/dropout\(0.5\): training needs a PRNG key/);
  });
});

describe("embedding", () => {
  const layer = embedding(5, 3, { dtype: "float64" });
  const params = { table: fromArray(Array.from({ length: 15 }, (_, i) => i), [5, 3], "float64") };
  it("looks up one row per id: [...S] → [...S, F]", () => {
    const y = layer.apply(params, labelsOf([4, 0, 2, 2], [2, 2]));
    expect(y.shape).toEqual([2, 2, 3]);
    expect(arr(y)).toEqual([12, 13, 14, 0, 1, 2, 6, 7, 8, 6, 7, 8]);
  });
  it("adds the cotangents of repeated ids into their row", () => {
    const ids = labelsOf([1, 3, 1], [3]);
    const g = grad((p: typeof params) => sum(layer.apply(p, ids)))(params);
    expect(arr(g.table)).toEqual([0, 0, 0, 2, 2, 2, 0, 0, 0, 1, 1, 1, 0, 0, 0]);
  });
  it("derivatives for the table match finite differences", () => forSeeds(4, (s) => {
    const ids = labelsOf([0, 4, 4, 2, 1, 0], [2, 3]);
    const p = { table: gaussian64(s, [5, 3]) };
    expectGradientsMatch(gradientCheck((q: typeof p) => layer.apply(q, ids), [p], fold(s, 1)));
  }));
  it("rejects ids that are not int32 or out of range", () => {
    // @ts-expect-error ids must be int32
    expect(() => layer.apply(params, tensor([1, 2], "float32"))).toThrow(LabelError);
    expect(() => layer.apply(params, labelsOf([1, 5], [2]))).toThrow(/embedding\(5 → 3\): got id 5 at position 1 \(expected ids in \[0, 5\)\)/);
    expect(() => layer.apply(params, labelsOf([-1], [1]))).toThrow(/got id -1 at position 0/);
  });
});

describe("flatten, activation and residual", () => {
  it("flatten keeps the batch axis and multiplies the rest", () => {
    const y = flatten().apply(null, gaussian64(key(1), [2, 3, 4, 5]));
    expect(y.shape).toEqual([2, 60]);
    // @ts-expect-error a compile error too: nothing to flatten after the batch axis
    expect(() => flatten().apply(null, zeros([3]))).toThrow(/flatten: got \[3\] \(expected an input of rank 2 or more/);
  });
  it("activation wraps a shape-preserving function as a parameterless layer", () => {
    const layer = activation(relu, "relu");
    expect(layer.init(key(0))).toBeNull();
    expect(arr(layer.apply(null, tensor([-1, 2])))).toEqual([0, 2]);
    expect(layer.name).toBe("relu");
  });
  it("residual computes x + f(x) and passes f's parameters through", () => {
    const inner = dense(3, 3, { dtype: "float64" });
    const layer = residual(inner);
    const p = layer.init(key(2));
    expect(p).toEqual(inner.init(key(2)));
    const x = gaussian64(key(3), [2, 3]);
    const fx = arr(inner.apply(p, x));
    arr(layer.apply(p, x)).forEach((v, i) => expect(v).toBeCloseTo((arr(x)[i] ?? 0) + (fx[i] ?? 0), 14));
  });
  it("residual derivatives match finite differences", () => forSeeds(4, (s) => {
    const layer = residual(activation(relu, "relu"));
    expectGradientsMatch(gradientCheck((v: Tensor<[3, 4], "float64">) => layer.apply(null, v), [awayFromZero(s, [3, 4])], fold(s, 1)));
  }));
  it("residual rejects an inner layer that changes the shape at runtime", () => {
    const layer = residual(flatten());
    // @ts-expect-error a compile error too: flatten maps [2, 3, 4] to [2, 12]
    expect(() => layer.apply(null, zeros([2, 3, 4]))).toThrow(/residual\(flatten\): f maps \[2, 3, 4\] to \[2, 12\] \(expected f\(x\) of the input's shape\)/);
  });
});
