// Adagrad's rescaling: divide the gradient by the root of the sum of all its past squares, so
// each coordinate's step shrinks as it accumulates gradient.

import { add, div, sqrt, square } from "../../ops/index.js";
import type { Grad } from "../../tree/index.js";
import { checkNonNegative, checkPositive } from "../config.js";
import { checkGradsMatch, fullLikeTree, statisticLike, mapFloat2 } from "../leaf-ops.js";
import type { GradientTransformation, StateFamily } from "../types.js";

/** The sum of squared gradients so far, one tensor per parameter. */
export interface AdagradState<P> {
  readonly sumOfSquares: Grad<P>;
}

export interface AdagradFamily extends StateFamily {
  readonly state: AdagradState<this["params"]>;
}

export interface AdagradOptions {
  /** The sum's initial value s_0 (≥ 0, default 0.1). */
  readonly initialAccumulatorValue?: number;
  /** Added under the square root (> 0, default 1e-7). */
  readonly eps?: number;
}

/**
 *   s_t = s_{t−1} + g_t²
 *   u_t = g_t / √(s_t + ε)
 *
 * `name` is the name that error messages use (a named optimizer passes its own).
 */
export function scaleByAdagrad(options: AdagradOptions = {}, name = "scaleByAdagrad"): GradientTransformation<AdagradFamily> {
  const initial = checkNonNegative(name, "initialAccumulatorValue", options.initialAccumulatorValue ?? 0.1);
  const eps = checkPositive(name, "eps", options.eps ?? 1e-7);
  return {
    init: (params) => ({ sumOfSquares: statisticLike(params, initial) }),
    update: (grads, state) => {
      checkGradsMatch(name, state.sumOfSquares, grads);
      const sumOfSquares = mapFloat2(name, state.sumOfSquares, grads, (s, g) => add(s, square(g)));
      const updates = mapFloat2(name, grads, sumOfSquares, (g, s) => div(g, sqrt(add(eps, s))));
      return [updates, { sumOfSquares }];
    },
  };
}
