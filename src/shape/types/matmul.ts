// Matrix product shapes, NumPy `matmul` style for operands of rank ≥ 2: the last two axes are
// matrices, [..., M, K] @ [..., K, N] → [..., M, N], and the leading (batch) axes broadcast.
//
// Rank-1 operands (NumPy's vector promotion) are deliberately not accepted: a vector is
// expanded to a [1, K] or [K, 1] matrix explicitly (expandDims), so every matmul in a
// program, and its derivative, is a plain matrix product.
import type { Shape } from "../dim.js";
import type { ShapeError } from "../error.js";
import type { DimCompat } from "../same.js";
import type { ShowShape } from "../show.js";
import type { BroadcastDims, Clash } from "./broadcast.js";

/** The shape of A @ B, or a ShapeError:
 *  - "matmul: lhs needs rank >= 2: A @ B" (payload A, B), likewise for the rhs;
 *  - "matmul: inner dims differ: A @ B" (payload: the two inner dims K1, K2);
 *  - "matmul: batch dims do not broadcast: A @ B" (payload: the clashing batch dims). */
export type Matmul<A extends Shape, B extends Shape> =
  A extends readonly [...infer BatchA extends Shape, infer M, infer K1]
    ? B extends readonly [...infer BatchB extends Shape, infer K2, infer N]
      ? DimCompat<K1, K2> extends true
        ? BroadcastDims<BatchA, BatchB> extends infer R
          ? R extends Clash<infer a, infer b>
            ? ShapeError<`matmul: batch dims do not broadcast: ${ShowShape<A>} @ ${ShowShape<B>}`, a, b>
            : R extends readonly unknown[] ? [...R, M, N] : never
          : never
        : ShapeError<`matmul: inner dims differ: ${ShowShape<A>} @ ${ShowShape<B>}`, K1, K2>
      : ShapeError<`matmul: rhs needs rank >= 2: ${ShowShape<A>} @ ${ShowShape<B>}`, A, B>
    : ShapeError<`matmul: lhs needs rank >= 2: ${ShowShape<A>} @ ${ShowShape<B>}`, A, B>;
