// Dividing and reordering datasets: a fixed split, a random train/test split, and a shuffle.
// Randomness comes only from the key given, so the same key always gives the same examples in
// the same order.

import { permutationArray } from "../random/discrete.js";
import type { Key } from "../random/key.js";
import type { Shape } from "../shape/index.js";
import type { DType } from "../tensor/dtype.js";
import { splitCount } from "./checks.js";
import { rename, size, slice, take, type Dataset } from "./dataset.js";

/**
 * The first examples and the rest, in order, divided at `at`: a fraction in (0, 1) of the
 * examples (rounded to the nearest count) or a count of them. Both parts must be non-empty.
 * `split(ds, 0.8)` of 1000 examples is examples 0…799 and 800…999.
 */
export const split = <F extends Shape, L extends Shape, LD extends DType>(
  ds: Dataset<F, L, LD>,
  at: number,
): readonly [Dataset<F, L, LD>, Dataset<F, L, LD>] => {
  const n = size(ds);
  const k = splitCount("split", n, at);
  return [slice(ds, 0, k), slice(ds, k, n)];
};

/** The examples in a random order: a uniformly random permutation drawn from `key`. */
export const shuffle = <F extends Shape, L extends Shape, LD extends DType>(key: Key, ds: Dataset<F, L, LD>): Dataset<F, L, LD> =>
  take(ds, permutationArray(key, size(ds)));

export interface TrainTest<F extends Shape, L extends Shape, LD extends DType> {
  readonly train: Dataset<F, L, LD>;
  readonly test: Dataset<F, L, LD>;
}

/**
 * A random division into a training and a test set: the examples are shuffled with `key`, then
 * `test` of them — a fraction in (0, 1) or a count — form the test set, the rest the training
 * set. The two are disjoint and together hold every example once.
 */
export const trainTestSplit = <F extends Shape, L extends Shape, LD extends DType>(
  key: Key,
  ds: Dataset<F, L, LD>,
  test: number,
): TrainTest<F, L, LD> => {
  const n = size(ds);
  const testCount = splitCount("trainTestSplit", n, test);
  const order = permutationArray(key, n);
  return {
    train: rename(take(ds, order.subarray(testCount)), `${ds.name}/train`),
    test: rename(take(ds, order.subarray(0, testCount)), `${ds.name}/test`),
  };
};
