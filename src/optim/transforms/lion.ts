// Lion's update direction (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"):
// the sign of an interpolation between the momentum and the gradient, so every coordinate moves
// by exactly ±1 before the learning rate.

import { add, mul, sign } from "../../ops/index.js";
import type { Grad } from "../../tree/index.js";
import { checkDecay } from "../config.js";
import { checkGradsMatch, fullLikeTree, statisticLike, mapFloat2 } from "../leaf-ops.js";
import type { GradientTransformation, StateFamily } from "../types.js";

/** The momentum m, one tensor per parameter. */
export interface LionState<P> {
  readonly mu: Grad<P>;
}

export interface LionFamily extends StateFamily {
  readonly state: LionState<this["params"]>;
}

export interface LionOptions {
  /** Interpolation weight of the momentum in the update direction, in [0, 1) (default 0.9). */
  readonly b1?: number;
  /** Decay of the momentum, in [0, 1) (default 0.99). */
  readonly b2?: number;
}

/**
 *   u_t = sign(β₁ m_{t−1} + (1 − β₁) g_t)
 *   m_t = β₂ m_{t−1} + (1 − β₂) g_t
 *
 * `name` is the name that error messages use (a named optimizer passes its own).
 */
export function scaleByLion(options: LionOptions = {}, name = "scaleByLion"): GradientTransformation<LionFamily> {
  const b1 = checkDecay(name, "b1", options.b1 ?? 0.9);
  const b2 = checkDecay(name, "b2", options.b2 ?? 0.99);
  return {
    init: (params) => ({ mu: statisticLike(params, 0) }),
    update: (grads, state) => {
      checkGradsMatch(name, state.mu, grads);
      const updates = mapFloat2(name, grads, state.mu, (g, m) => sign(add(mul(b1, m), mul(1 - b1, g))));
      const mu = mapFloat2(name, state.mu, grads, (m, g) => add(mul(b2, m), mul(1 - b2, g)));
      return [updates, { mu }];
    },
  };
}
