// Plain float64 arithmetic on the numbers of concrete tensors, for the laws' own bookkeeping:
// finite-difference steps, inner products, norms and the worst disagreement between two
// results. It works on JS numbers, not through the library's ops, so a broken kernel cannot
// hide its own error from the law that checks it.

import { fromArray } from "../src/tensor/create.js";
import { isFloat } from "../src/tensor/dtype.js";
import type { AnyTensor } from "../src/tensor/tensor.js";

/** A list of tensors: the flat leaves of a function's inputs or outputs. */
export type Leaves = readonly AnyTensor[];

/** The elements of a concrete tensor as float64 numbers (bool as 0/1). */
export const numbersOf = (t: AnyTensor): Float64Array => Float64Array.from(t.toArray());

/** A tensor of `like`'s shape and dtype holding `values` (rounded to that dtype). */
export const tensorLike = (like: AnyTensor, values: ArrayLike<number>): AnyTensor => fromArray(values, like.shape, like.dtype);

/** Total number of elements. */
export const totalSize = (xs: Leaves): number => xs.reduce((n, x) => n + x.size, 0);

/** ‖xs‖∞ over every element of every leaf (NaN if any element is NaN). */
export function maxAbs(xs: Leaves): number {
  let m = 0;
  for (const x of xs) {
    for (const v of numbersOf(x)) {
      if (Number.isNaN(v)) return Number.NaN;
      m = Math.max(m, Math.abs(v));
    }
  }
  return m;
}

/** ‖xs‖₂ over every element of every leaf. */
export function norm2(xs: Leaves): number {
  const big = maxAbs(xs);
  if (big === 0 || !Number.isFinite(big)) return big;
  // Scaled by the largest entry, so that squares neither overflow nor underflow.
  let sum = 0;
  for (const x of xs) for (const v of numbersOf(x)) sum += (v / big) ** 2;
  return big * Math.sqrt(sum);
}

/** xs + h·us, leaf by leaf (us has the structure of xs). */
export const axpy = (xs: Leaves, h: number, us: Leaves): AnyTensor[] =>
  xs.map((x, i) => {
    const a = numbersOf(x);
    const u = leafAt(us, i);
    const b = numbersOf(u);
    return tensorLike(x, a.map((v, k) => v + h * (b[k] ?? 0)));
  });

/** (as − bs) / d, leaf by leaf: the central difference of two evaluations. */
export const differenceQuotient = (as: Leaves, bs: Leaves, d: number): Float64Array[] =>
  as.map((a, i) => {
    const x = numbersOf(a);
    const y = numbersOf(leafAt(bs, i));
    return x.map((v, k) => (v - (y[k] ?? 0)) / d);
  });

/** Σ aᵢ·bᵢ over lists of arrays of matching lengths. */
export function dotNumbers(as: readonly ArrayLike<number>[], bs: readonly ArrayLike<number>[]): number {
  let value = 0;
  as.forEach((a, i) => {
    const b = bs[i] ?? [];
    for (let k = 0; k < a.length; k++) value += (a[k] ?? 0) * (b[k] ?? 0);
  });
  return value;
}

/** ⟨as, bs⟩ = Σ aᵢ·bᵢ over all leaves. */
export const inner = (as: Leaves, bs: Leaves): number => dotNumbers(numbersOfAll(as), numbersOfAll(bs));

/** Where two lists of arrays disagree most. */
export interface Disagreement {
  /** Which leaf, and which element (row-major) within it. */
  readonly leaf: number;
  readonly index: number;
  readonly left: number;
  readonly right: number;
  /** |left − right|, NaN when either is NaN. */
  readonly difference: number;
}

/** The element where `as` and `bs` differ most (a NaN on either side counts as the worst; leaf −1 when there are no elements). */
export function worstDisagreement(as: readonly ArrayLike<number>[], bs: readonly ArrayLike<number>[]): Disagreement {
  let worst: Disagreement | undefined;
  as.forEach((a, i) => {
    const b = bs[i] ?? [];
    for (let k = 0; k < a.length; k++) {
      if (worst !== undefined && Number.isNaN(worst.difference)) return;
      const left = a[k] ?? 0;
      const right = b[k] ?? Number.NaN;
      const difference = Math.abs(left - right);
      if (worst === undefined || Number.isNaN(difference) || difference > worst.difference) worst = { leaf: i, index: k, left, right, difference };
    }
  });
  return worst ?? { leaf: -1, index: -1, left: 0, right: 0, difference: 0 };
}

/** The numbers of each leaf. */
export const numbersOfAll = (xs: Leaves): Float64Array[] => xs.map(numbersOf);

/** The float (differentiable) leaves' positions. */
export const floatPositions = (xs: Leaves): number[] => xs.flatMap((x, i) => (isFloat(x.dtype) ? [i] : []));

const leafAt = (xs: Leaves, i: number): AnyTensor => {
  const x = xs[i];
  if (x === undefined) throw new RangeError(`laws: expected a leaf at position ${i}, the lists differ in length (${xs.length})`);
  return x;
};
