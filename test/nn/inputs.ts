// Test inputs for the nn tests: float64 tensors drawn from PRNG keys, and the same kept away
// from the kinks where a derivative jumps (0 for relu, ties for max), so that the finite
// differences of gradient-check.ts never step across one.
import { fold, type Key } from "../../src/random/key.js";
import { normal, permutation } from "../../src/random/samplers.js";
import type { Shape } from "../../src/shape/dim.js";
import { fromArray, type Dims } from "../../src/tensor/create.js";
import type { Tensor } from "../../src/tensor/tensor.js";

/** Standard normal float64 values of `shape`. */
export const gaussian64 = <const S extends Shape>(k: Key, shape: S, scale = 1): Tensor<Dims<S>, "float64"> =>
  normal(k, shape, { dtype: "float64", stddev: scale });

/** Normal values pushed 0.1 further from zero (|x| ≥ 0.1), so no kink at 0 is within reach. */
export const awayFromZero = <const S extends Shape>(k: Key, shape: S): Tensor<Dims<S>, "float64"> =>
  fromArray(gaussian64(k, shape).toArray().map((v) => v + (v < 0 ? -0.1 : 0.1)), shape, "float64");

/** Distinct values at least 0.05 apart (a shuffled ladder with jitter), so no two tie. */
export const distinct = <const S extends Shape>(k: Key, shape: S): Tensor<Dims<S>, "float64"> => {
  const n = shape.reduce((a, b) => a * b, 1);
  const order = permutation(fold(k, 0), n).toArray();
  const jitter = normal(fold(k, 1), [n], { dtype: "float64", stddev: 0.01 }).toArray();
  return fromArray(Array.from(order, (o, i) => (o - n / 2) * 0.1 + Math.max(-0.02, Math.min(0.02, jitter[i] ?? 0))), shape, "float64");
};

/** int32 labels in [0, classes). */
export const labelsOf = <const S extends Shape>(values: readonly number[], shape: S): Tensor<Dims<S>, "int32"> =>
  fromArray(values, shape, "int32");
