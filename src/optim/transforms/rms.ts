// RMSProp's rescaling: divide the gradient by the root of a running mean of its squares.

import { add, div, mul, sqrt, square } from "../../ops/index.js";
import type { Grad } from "../../tree/index.js";
import { checkDecay, checkNonNegative, checkPositive } from "../config.js";
import { checkGradsMatch, fullLikeTree, statisticLike, mapFloat2 } from "../leaf-ops.js";
import type { GradientTransformation, StateFamily } from "../types.js";

/** The running mean of squared gradients, one tensor per parameter. */
export interface RmsState<P> {
  readonly nu: Grad<P>;
}

export interface RmsFamily extends StateFamily {
  readonly state: RmsState<this["params"]>;
}

export interface RmsOptions {
  /** Decay ρ of the running mean, in [0, 1) (default 0.9). */
  readonly decay?: number;
  /** Added under the square root (> 0, default 1e-8). */
  readonly eps?: number;
  /** The running mean's initial value v_0 (≥ 0, default 0). */
  readonly initialScale?: number;
}

/**
 *   v_t = ρ v_{t−1} + (1 − ρ) g_t²
 *   u_t = g_t / √(v_t + ε)
 *
 * `name` is the name that error messages use (a named optimizer passes its own).
 */
export function scaleByRms(options: RmsOptions = {}, name = "scaleByRms"): GradientTransformation<RmsFamily> {
  const decay = checkDecay(name, "decay", options.decay ?? 0.9);
  const eps = checkPositive(name, "eps", options.eps ?? 1e-8);
  const initialScale = checkNonNegative(name, "initialScale", options.initialScale ?? 0);
  return {
    init: (params) => ({ nu: statisticLike(params, initialScale) }),
    update: (grads, state) => {
      checkGradsMatch(name, state.nu, grads);
      const nu = mapFloat2(name, state.nu, grads, (v, g) => add(mul(decay, v), mul(1 - decay, square(g))));
      const updates = mapFloat2(name, grads, nu, (g, v) => div(g, sqrt(add(eps, v))));
      return [updates, { nu }];
    },
  };
}
