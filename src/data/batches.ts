// Mini-batches: one epoch of a dataset cut into consecutive batches of `batchSize` examples, in
// the dataset's order or in a random order drawn from a key. Batch size N (the whole dataset)
// gives batch gradient descent, 1 stochastic gradient descent, anything between mini-batches.
//
// The result is a lazy, re-iterable sequence: each batch's tensors are gathered only when the
// iteration reaches it, and iterating again yields the same batches in the same order.

import { permutationArray } from "../random/discrete.js";
import type { Key } from "../random/key.js";
import type { Shape } from "../shape/index.js";
import type { DType } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkInteger } from "./checks.js";
import { size, type Dataset } from "./dataset.js";
import { gatherRows } from "./rows.js";

/** Some examples of a dataset: features [B, ...F] and labels [B, ...L], B ≤ batchSize. */
export interface Batch<F extends Shape = Shape, L extends Shape = [], LD extends DType = "int32"> {
  readonly features: Tensor<[number, ...F]>;
  readonly labels: Tensor<[number, ...L], LD>;
  /** Which examples of the dataset these are, in batch order. */
  readonly indices: readonly number[];
}

export interface BatchOptions {
  /** Visit the examples in a random order drawn from this key; in dataset order without one. */
  readonly key?: Key;
  /** Leave out the last batch when it would be smaller than batchSize (default false). */
  readonly dropLast?: boolean;
}

/** The number of batches in one epoch of `n` examples. */
export const batchCount = (n: number, batchSize: number, dropLast: boolean = false): number => {
  checkInteger("batchCount", "n", n, 0);
  checkInteger("batchCount", "batchSize", batchSize, 1);
  return dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
};

/**
 * One epoch of `ds` in batches of `batchSize` examples (a positive integer). Without `dropLast`
 * every example appears in exactly one batch, the last of which may be smaller; with it, the
 * final n mod batchSize examples of the order are left out, so every batch is full. A batch
 * size larger than the dataset gives one batch of everything (and is an error with dropLast,
 * which would leave nothing).
 */
export const batches = <F extends Shape, L extends Shape, LD extends DType>(
  ds: Dataset<F, L, LD>,
  batchSize: number,
  options: BatchOptions = {},
): Iterable<Batch<F, L, LD>> => {
  const n = size(ds);
  checkInteger("batches", "batchSize", batchSize, 1);
  const dropLast = options.dropLast ?? false;
  if (dropLast && batchSize > n) {
    throw new RangeError(`batches: batchSize ${batchSize} exceeds the ${n} examples of "${ds.name}", so dropLast would leave no batch; expected a batch size in [1, ${n}]`);
  }
  const count = batchCount(n, batchSize, dropLast);
  const order = options.key === undefined ? undefined : permutationArray(options.key, n);
  const indicesOf = (b: number): readonly number[] => {
    const start = b * batchSize;
    const end = Math.min(start + batchSize, n);
    return Object.freeze(Array.from({ length: end - start }, (_, i) => (order === undefined ? start + i : (order[start + i] ?? 0))));
  };
  return {
    *[Symbol.iterator]() {
      for (let b = 0; b < count; b++) {
        const indices = indicesOf(b);
        yield { features: gatherRows("batches", ds.features, indices), labels: gatherRows("batches", ds.labels, indices), indices };
      }
    },
  };
};
