// Discrete samplers over flat typed arrays: bernoulli, randint, categorical, permutation and
// choice. The tensor-valued samplers in samplers.ts shape these; they are also usable alone.

import { randomBits64, toOpenUnitFloat64, toUnitFloat64 } from "./bits.js";
import { boundedIndex } from "./bounded.js";
import { checkIntegerIn, shapeSize } from "./checks.js";
import type { Key } from "./key.js";

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * `n` independent draws that are 1 with probability p and 0 otherwise: element i is
 * [u_i < p] for u_i uniform on the grid {0, 2^-52, …, 1 - 2^-52}, so the probability is p
 * rounded up to a multiple of 2^-52 — exactly 0 for p = 0 and exactly 1 for p = 1.
 */
export const bernoulliArray = (k: Key, n: number, p: number): Uint8Array => {
  checkIntegerIn("bernoulli", "n", n, 0, 0xffffffff);
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
    throw new RangeError(`bernoulli: p must be a probability in [0, 1], got ${String(p)}`);
  }
  const { hi, lo } = randomBits64(k, n);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = toUnitFloat64(hi[i] ?? 0, lo[i] ?? 0) < p ? 1 : 0;
  return out;
};

/**
 * `n` integers uniform on [minval, maxval), exactly unbiased (bounded.ts). The bounds must be
 * integers with -2^31 ≤ minval < maxval ≤ 2^31 so that every result fits in an int32.
 */
export const randintArray = (k: Key, n: number, minval: number, maxval: number): Int32Array => {
  checkIntegerIn("randint", "n", n, 0, 0xffffffff);
  checkIntegerIn("randint", "minval", minval, INT32_MIN, INT32_MAX);
  checkIntegerIn("randint", "maxval", maxval, INT32_MIN + 1, INT32_MAX + 1);
  if (minval >= maxval) {
    throw new RangeError(`randint: minval must be below maxval, got minval ${minval} and maxval ${maxval}`);
  }
  const range = maxval - minval;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = minval + boundedIndex(k, i, range);
  return out;
};

/** A flat categorical draw: the indices and the shape they have (logits' shape less `axis`). */
export interface CategoricalDraw {
  readonly data: Int32Array;
  readonly shape: readonly number[];
}

/**
 * The axis of `shape` that categorical draws along (`axis` counted from the end when negative),
 * after checking that it exists and has at least one category.
 */
export const categoricalAxis = (shape: readonly number[], axis: number): number => {
  const rank = shape.length;
  checkIntegerIn("categorical", "axis", axis, -rank, rank - 1);
  const ax = axis < 0 ? axis + rank : axis;
  if ((shape[ax] ?? 0) === 0) {
    throw new RangeError(`categorical: axis ${axis} of shape [${shape.join(", ")}] has no categories`);
  }
  return ax;
};

/**
 * One index per slice of `logits` along `axis`, drawn with probabilities softmax(logits) along
 * that axis, by the Gumbel-max trick: argmax_j (logits_j + g_j) with g_j = -ln(-ln u_j)
 * independent standard Gumbel noise (u_j ∈ (0, 1), 52 random bits), because
 * P(argmax = j) = e^(logit_j) / Σ e^(logit_i). The noise for logits element i comes from random
 * element i. Logits of -∞ are never drawn; a slice that is all -∞ draws its first index.
 * `axis` may be negative (counted from the end).
 */
export const categoricalArray = (
  k: Key,
  logits: ArrayLike<number>,
  shape: readonly number[],
  axis: number = -1,
): CategoricalDraw => {
  const size = shapeSize("categorical", shape);
  if (logits.length !== size) {
    throw new RangeError(
      `categorical: logits have ${logits.length} elements but shape [${shape.join(", ")}] needs ${size}`,
    );
  }
  const ax = categoricalAxis(shape, axis);
  const classes = shape[ax] ?? 0;
  // Row-major layout: element (o, j, m) of the [outer, classes, inner] view is at (o · classes + j) · inner + m.
  const inner = shape.slice(ax + 1).reduce((a, d) => a * d, 1);
  const outer = size / (classes * inner);
  const { hi, lo } = randomBits64(k, size);
  const out = new Int32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let m = 0; m < inner; m++) {
      let best = 0;
      let bestScore = -Infinity;
      for (let j = 0; j < classes; j++) {
        const at = (o * classes + j) * inner + m;
        const logit = logits[at] ?? Number.NaN;
        if (Number.isNaN(logit)) throw new RangeError(`categorical: logits[${at}] is NaN`);
        const gumbel = -Math.log(-Math.log(toOpenUnitFloat64(hi[at] ?? 0, lo[at] ?? 0)));
        const score = logit + gumbel;
        if (score > bestScore) {
          best = j;
          bestScore = score;
        }
      }
      out[o * inner + m] = best;
    }
  }
  return { data: out, shape: shape.filter((_, i) => i !== ax) };
};

/** Checks permutation's argument: n must be an integer in [0, 2^31 - 1]. */
export const checkPermutation = (n: number): void => checkIntegerIn("permutation", "n", n, 0, INT32_MAX);

/**
 * A uniformly random permutation of 0 … n-1 by the Fisher–Yates shuffle: for i = n-1 down to 1,
 * swap position i with a position j uniform on [0, i] (j = i included, else only cyclic
 * permutations could appear). Each j is an unbiased bounded integer from random element i, so
 * all n! orders are equally likely.
 */
export const permutationArray = (k: Key, n: number): Int32Array => {
  checkPermutation(n);
  const out = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = boundedIndex(k, i, i + 1);
    const t = out[i] ?? 0;
    out[i] = out[j] ?? 0;
    out[j] = t;
  }
  return out;
};

/** Checks choice's arguments: 1 ≤ n < 2^31, a count below 2^32, and at most n without replacement. */
export const checkChoice = (n: number, count: number, replace: boolean): void => {
  checkIntegerIn("choice", "n", n, 1, INT32_MAX);
  checkIntegerIn("choice", "count", count, 0, 0xffffffff);
  if (!replace && count > n) {
    throw new RangeError(`choice: cannot draw ${count} distinct indices from ${n} without replacement`);
  }
};

/**
 * `count` indices from 0 … n-1: with replacement, each uniform and independent (like randint);
 * without, the first `count` positions of a Fisher–Yates shuffle run from the front, so every
 * ordered selection of distinct indices is equally likely (count ≤ n).
 */
export const choiceArray = (k: Key, n: number, count: number, replace: boolean = true): Int32Array => {
  checkChoice(n, count, replace);
  if (replace) return randintArray(k, count, 0, n);
  // Partial shuffle: position i swaps with a uniform position in [i, n); only the swapped
  // entries are stored, so memory is O(count) however large n is.
  const moved = new Map<number, number>();
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const j = i + boundedIndex(k, i, n - i);
    const atJ = moved.get(j) ?? j;
    moved.set(j, moved.get(i) ?? i);
    out[i] = atJ;
  }
  return out;
};
