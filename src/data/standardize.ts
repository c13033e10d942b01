// Standardization: rescale every feature to zero mean and unit variance, x' = (x − μ) / σ, with
// μ and σ measured on the training set only and then applied unchanged to every other split
// (measuring them on test data would leak it into training).
//
// μ_j = (1/N) Σ_i x_ij and σ_j = √((1/N) Σ_i (x_ij − μ_j)²), the population standard deviation,
// so the training set comes out with mean 0 and variance exactly 1 per feature (up to float32
// rounding). A feature that is constant on the training set (σ_j ≤ epsilon, e.g. a border
// pixel that is always 0) gets σ_j = 1: it is centred but not blown up.

import type { Shape } from "../shape/index.js";
import type { DType } from "../tensor/dtype.js";
import { concreteData, Tensor } from "../tensor/tensor.js";
import { checkNonNegative, showShape } from "./checks.js";
import { size, type Dataset } from "./dataset.js";
import { exampleShape, rowData, rowSize, wrapRows } from "./rows.js";

/** Per-feature statistics of a training set: both tensors have one example's shape F. */
export interface Standardization<F extends Shape> {
  readonly mean: Tensor<F>;
  /** The divisor actually used: the standard deviation, or 1 for a constant feature. */
  readonly std: Tensor<F>;
}

export interface StandardizeOptions {
  /** Standard deviations at or below this count as zero (default 1e-7). */
  readonly epsilon?: number;
}

/** The per-feature mean and standard deviation of `train`, computed in float64 by two passes. */
export const fitStandardization = <F extends Shape, L extends Shape, LD extends DType>(
  train: Dataset<F, L, LD>,
  options: StandardizeOptions = {},
): Standardization<F> => {
  const op = "fitStandardization";
  const epsilon = checkNonNegative(op, "epsilon", options.epsilon ?? 1e-7);
  const n = size(train);
  if (n === 0) throw new RangeError(`${op}: "${train.name}" has no examples to measure`);
  const x = rowData(op, train.features);
  const width = rowSize(train.features.shape);
  const mean = new Float64Array(width);
  for (let i = 0; i < n; i++) for (let j = 0; j < width; j++) mean[j] = (mean[j] ?? 0) + (x[i * width + j] ?? 0);
  for (let j = 0; j < width; j++) mean[j] = (mean[j] ?? 0) / n;
  const variance = new Float64Array(width);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < width; j++) {
      const d = (x[i * width + j] ?? 0) - (mean[j] ?? 0);
      variance[j] = (variance[j] ?? 0) + d * d;
    }
  }
  const std = variance.map((v) => {
    const s = Math.sqrt(v / n);
    return s > epsilon ? s : 1;
  });
  const shape = exampleShape(train.features);
  return {
    mean: new Tensor<F, "float32">(shape, "float32", Float32Array.from(mean)),
    std: new Tensor<F, "float32">(shape, "float32", Float32Array.from(std)),
  };
};

/** `ds` with every feature mapped to (x − mean) / std; the statistics' shape must be one example's. */
export const applyStandardization = <F extends Shape, L extends Shape, LD extends DType>(
  ds: Dataset<F, L, LD>,
  statistics: Standardization<F>,
): Dataset<F, L, LD> => {
  const op = "applyStandardization";
  const shape = exampleShape(ds.features);
  for (const [what, t] of [["mean", statistics.mean], ["std", statistics.std]] as const) {
    if (showShape(t.shape) !== showShape(shape)) {
      throw new RangeError(`${op}: ${what} has shape ${showShape(t.shape)} but the examples of "${ds.name}" have shape ${showShape(shape)}; expected equal shapes`);
    }
  }
  const mean = concreteData(statistics.mean, op);
  const std = concreteData(statistics.std, op);
  const x = rowData(op, ds.features);
  const width = mean.length;
  const out = new Float32Array(x.length);
  // Computed in float64 and rounded once.
  for (let at = 0; at < out.length; at += width) {
    for (let j = 0; j < width; j++) out[at + j] = ((x[at + j] ?? 0) - (mean[j] ?? 0)) / (std[j] ?? 1);
  }
  const features = wrapRows(size(ds), shape, "float32", out);
  return { ...ds, features };
};

/** Fits the statistics on `train` and applies them to it: `{ dataset, statistics }`. */
export const standardize = <F extends Shape, L extends Shape, LD extends DType>(
  train: Dataset<F, L, LD>,
  options: StandardizeOptions = {},
): { readonly dataset: Dataset<F, L, LD>; readonly statistics: Standardization<F> } => {
  const statistics = fitStandardization(train, options);
  return { dataset: applyStandardization(train, statistics), statistics };
};
