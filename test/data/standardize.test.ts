// Standardization: statistics fitted on the training set (hand-computed on a small case), zero
// mean and unit variance on it afterwards, the same statistics applied unchanged to another split,
// constant features centred but not scaled, and shapes checked.

import { describe, expect, it } from "vitest";
import { makeDataset, type Dataset } from "../../src/data/dataset.js";
import { applyStandardization, fitStandardization, standardize } from "../../src/data/standardize.js";
import { normalArray } from "../../src/random/continuous.js";
import { key } from "../../src/random/key.js";
import { fromArray } from "../../src/tensor/index.js";

const rows = (values: readonly (readonly number[])[]): Dataset<[3]> =>
  makeDataset({
    name: "rows",
    features: fromArray(values.flat(), [values.length, 3]),
    labels: fromArray(values.map(() => 0), [values.length], "int32"),
  });

const close = (got: ArrayLike<number>, want: readonly number[], digits = 5): void => {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, digits));
};

describe("standardize", () => {
  // Columns: 1, 3, 5 (mean 3, σ = √(8/3)); 2, 2, 8 (mean 4, σ = √8); 7, 7, 7 (constant).
  const train = rows([[1, 2, 7], [3, 2, 7], [5, 8, 7]]);

  it("fits the per-feature mean and population standard deviation", () => {
    const { mean, std } = fitStandardization(train);
    expect(mean.shape).toEqual([3]);
    close(mean.toArray(), [3, 4, 7]);
    // The constant feature's σ = 0 is replaced by 1.
    close(std.toArray(), [Math.sqrt(8 / 3), Math.sqrt(8), 1]);
  });

  it("maps the training set to (x − μ) / σ and returns the statistics it used", () => {
    const { dataset, statistics } = standardize(train);
    const a = 2 / Math.sqrt(8 / 3);
    const b = 2 / Math.sqrt(8);
    close(dataset.features.toArray(), [-a, -b, 0, 0, -b, 0, a, 2 * b, 0]);
    close(statistics.mean.toArray(), [3, 4, 7]);
    expect(dataset.labels).toBe(train.labels);
  });

  it("applies the training statistics, unchanged, to another split", () => {
    const { statistics } = standardize(train);
    const test = applyStandardization(rows([[6, 0, 9]]), statistics);
    close(test.features.toArray(), [3 / Math.sqrt(8 / 3), -4 / Math.sqrt(8), 2]);
  });

  it("gives mean 0 and variance 1 per feature on a larger training set of images", () => {
    const n = 2000;
    const raw = normalArray(key(3), n * 4, "float32", 5, 3);
    // Give each pixel its own scale and offset, so per-feature statistics matter.
    const x = raw.map((v, q) => v * (1 + (q % 4)) - 10 * (q % 4));
    const ds = makeDataset({ name: "img", features: fromArray(x, [n, 2, 2]), labels: fromArray(new Int32Array(n), [n], "int32") });
    const { dataset, statistics } = standardize(ds);
    expect(statistics.mean.shape).toEqual([2, 2]);
    const z = dataset.features.toArray();
    for (let j = 0; j < 4; j++) {
      let [s, s2] = [0, 0];
      for (let i = 0; i < n; i++) {
        const v = z[i * 4 + j] ?? 0;
        s += v;
        s2 += v * v;
      }
      expect(Math.abs(s / n)).toBeLessThan(1e-5);
      expect(s2 / n).toBeCloseTo(1, 4);
    }
  });

  it("does not change its input", () => {
    const before = train.features.toArray();
    standardize(train);
    expect(train.features.toArray()).toEqual(before);
  });

  it("refuses statistics of another shape and empty training sets", () => {
    const { statistics } = standardize(train);
    const other = makeDataset({ name: "pairs", features: fromArray([1, 2], [1, 2]), labels: fromArray([0], [1], "int32") });
    // The types already forbid this; a JS caller can still attempt it.
    expect(() => applyStandardization(other, statistics as never)).toThrow(
      /applyStandardization: mean has shape \[3\] but the examples of "pairs" have shape \[2\]; expected equal shapes/,
    );
    const empty = makeDataset({ name: "empty", features: fromArray([], [0, 3]), labels: fromArray([], [0], "int32") });
    expect(() => standardize(empty)).toThrow(/fitStandardization: "empty" has no examples to measure/);
    expect(() => standardize(train, { epsilon: -1 })).toThrow(/epsilon must be a finite number ≥ 0, got -1/);
  });
});
