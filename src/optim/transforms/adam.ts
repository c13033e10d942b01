// Adam's rescaling: divide a running mean of the gradients by the square root of a running mean
// of their squares, both corrected for starting at zero.

import { add, div, expm1, mul, neg, sqrt, square } from "../../ops/index.js";
import type { Grad } from "../../tree/index.js";
import { checkDecay, checkPositive } from "../config.js";
import { countAs, incrementCount, zeroCount, type Count } from "../count.js";
import { checkGradsMatch, fullLikeTree, statisticLike, mapFloat2, mapFloat3, perDType, stretch } from "../leaf-ops.js";
import type { GradientTransformation, StateFamily } from "../types.js";

/** The step count t and the two moment estimates m and v, one tensor of each per parameter. */
export interface AdamState<P> {
  readonly count: Count;
  readonly mu: Grad<P>;
  readonly nu: Grad<P>;
}

export interface AdamFamily extends StateFamily {
  readonly state: AdamState<this["params"]>;
}

export interface AdamOptions {
  /** Decay of the first-moment estimate, in [0, 1) (default 0.9). */
  readonly b1?: number;
  /** Decay of the second-moment estimate, in [0, 1) (default 0.999). */
  readonly b2?: number;
  /** Added to √v̂ so the division is safe (> 0, default 1e-8). */
  readonly eps?: number;
}

/**
 *   m_t = β₁ m_{t−1} + (1 − β₁) g_t
 *   v_t = β₂ v_{t−1} + (1 − β₂) g_t²
 *   m̂_t = m_t / (1 − β₁ᵗ),   v̂_t = v_t / (1 − β₂ᵗ)      (bias correction: m_0 = v_0 = 0)
 *   u_t = m̂_t / (√v̂_t + ε)
 *
 * At t = 1, m̂ = g and v̂ = g², so u_1 = g / (|g| + ε).
 *
 * `name` is the name that error messages use (a named optimizer passes its own).
 */
export function scaleByAdam(options: AdamOptions = {}, name = "scaleByAdam"): GradientTransformation<AdamFamily> {
  const b1 = checkDecay(name, "b1", options.b1 ?? 0.9);
  const b2 = checkDecay(name, "b2", options.b2 ?? 0.999);
  const eps = checkPositive(name, "eps", options.eps ?? 1e-8);
  return {
    init: (params) => ({ count: zeroCount(), mu: statisticLike(params, 0), nu: statisticLike(params, 0) }),
    update: (grads, state) => {
      checkGradsMatch(name, state.mu, grads);
      const mu = mapFloat2(name, state.mu, grads, (m, g) => add(mul(b1, m), mul(1 - b1, g)));
      const nu = mapFloat2(name, state.nu, grads, (v, g) => add(mul(b2, v), mul(1 - b2, square(g))));
      const count = incrementCount(state.count);
      const corrections = perDType((dtype) => {
        const t = countAs(count, dtype);
        // 1 − βᵗ = −expm1(t·ln β): no cancellation when βᵗ is close to 1 (β₂ = 0.999 at t = 1)
        return { first: neg(expm1(mul(t, Math.log(b1)))), second: neg(expm1(mul(t, Math.log(b2)))) };
      });
      const updates = mapFloat3(name, grads, mu, nu, (g, m, v) => {
        const { first, second } = corrections(g.dtype);
        const mHat = div(m, stretch(first, m));
        const vHat = div(v, stretch(second, v));
        return div(mHat, add(eps, sqrt(vHat)));
      });
      return [updates, { count, mu, nu }];
    },
  };
}
