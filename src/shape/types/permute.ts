// Reordering axes: Permute (any order), Transpose (all axes reversed, NumPy's `.T`) and
// SwapLast (the last two swapped: the transpose of a batch of matrices, which the derivative
// of matmul needs).
import type { Shape } from "../dim.js";
import type { ShapeError } from "../error.js";
import type { ShowShape } from "../show.js";
import type { ReverseTuple } from "./tuple.js";

/** Whether P holds each of 0..Rank-1: with Rank entries that is exactly once each. */
type IsPermutation<P extends readonly number[], Rank extends number, C extends unknown[] = []> =
  P["length"] extends Rank
    ? C["length"] extends Rank ? true
    : C["length"] extends P[number] ? IsPermutation<P, Rank, [...C, unknown]> : false
    : false;

/** Axis k of the result is axis P[k] of S, or a ShapeError
 *  "permute: [2, 0, 0] is not a permutation of the axes of [2, 3, 4]" (payload P, S).
 *  P must list 0..rank-1 (no negative axes). */
export type Permute<S extends Shape, P extends readonly number[]> =
  number extends S["length"] | P["length"]
    ? ShapeError<`permute: ${ShowShape<P>} is not a permutation of the axes of ${ShowShape<S>}`, P, S>
  : IsPermutation<P, S["length"]> extends true
    ? { -readonly [K in keyof P]: S[P[K] & keyof S] }
    : ShapeError<`permute: ${ShowShape<P>} is not a permutation of the axes of ${ShowShape<S>}`, P, S>;

/** S with all axes reversed: [2, 3, 4] → [4, 3, 2]. Ranks 0 and 1 are unchanged. */
export type Transpose<S extends Shape> = ReverseTuple<S>;

/** S with its last two axes swapped: [5, 2, 3] → [5, 3, 2], or a ShapeError
 *  "swapLast: needs rank >= 2: [3]" (payload S). */
export type SwapLast<S extends Shape> =
  S extends readonly [...infer Lead, infer A, infer B]
    ? [...Lead, B, A]
    : ShapeError<`swapLast: needs rank >= 2: ${ShowShape<S>}`, S>;
