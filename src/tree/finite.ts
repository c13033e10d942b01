// Finite checks, in the spirit of JAX's `debug_nans`: a NaN or an infinity in the parameters
// never recovers (every later step multiplies or adds it in), and ReLU can hide it from the loss
// (relu(NaN) = 0), so the parameters themselves are checked, and training stops with the epoch,
// the step and the path of the first bad value. Input data is checked once, before training.

import type { Shape } from "../shape/index.js";
import { isFloat, type DType } from "../tensor/dtype.js";
import { concreteData, type Tensor } from "../tensor/tensor.js";
import { leavesWithPaths } from "./tree.js";

/** Where the first non-finite value of a tree sits. */
export interface NonFinite {
  /** The leaf's path below the tree, e.g. "1.w" (empty for a bare tensor). */
  readonly path: string;
  /** Flat row-major index within the leaf. */
  readonly index: number;
  readonly value: number;
}

/** The first element of `data` that is NaN or ±Infinity, by index, or -1. */
export const firstNonFiniteIndex = (data: ArrayLike<number>): number => {
  for (let i = 0; i < data.length; i++) {
    // x - x is 0 for every finite x and NaN for NaN and ±Infinity: one test for both.
    const x = data[i] ?? 0;
    if (x - x !== 0) return i;
  }
  return -1;
};

/** The first non-finite value among the float leaves of `tree`, in path order, or undefined. */
export const firstNonFinite = (tree: unknown): NonFinite | undefined => {
  for (const [path, leaf] of leavesWithPaths(tree)) {
    if (!isFloat(leaf.dtype)) continue;
    const data = concreteData(leaf, "firstNonFinite"); // read in place: a copy of every parameter per check would cost
    const index = firstNonFiniteIndex(data);
    if (index >= 0) return { path, index, value: data[index] ?? Number.NaN };
  }
  return undefined;
};

/** The multi-index of flat `index` in `shape`, e.g. 5 in [2, 3] → [1, 2]. */
export const unravel = (index: number, shape: readonly number[]): number[] => {
  const out = new Array<number>(shape.length).fill(0);
  let rest = index;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const d = shape[axis] ?? 1;
    out[axis] = rest % d;
    rest = Math.floor(rest / d);
  }
  return out;
};

/**
 * Where the first non-finite value of a data tensor [N, …] sits, as "row r, column c" for a
 * table [N, d] and "row r, element [i, j]" for examples of higher rank; undefined if all are finite.
 */
export const nonFiniteDataCell = (t: Tensor<Shape, DType>): string | undefined => {
  if (!isFloat(t.dtype)) return undefined;
  const data = concreteData(t, "nonFiniteDataCell");
  const index = firstNonFiniteIndex(data);
  if (index < 0) return undefined;
  const [row = 0, ...within] = unravel(index, t.shape);
  const place = within.length === 0 ? "" : within.length === 1 ? `, column ${within[0]}` : `, element [${within.join(", ")}]`;
  return `row ${row}${place} holds ${data[index]}`;
};
