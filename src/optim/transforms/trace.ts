// Momentum: an exponentially decaying sum of past gradients (the heavy ball), with an optional
// Nesterov look-ahead.

import { add, mul } from "../../ops/index.js";
import type { Grad } from "../../tree/index.js";
import { checkBoolean, checkDecay } from "../config.js";
import { checkGradsMatch, fullLikeTree, statisticLike, mapFloat2 } from "../leaf-ops.js";
import type { GradientTransformation, StateFamily } from "../types.js";

/** The velocity v: one tensor per parameter. */
export interface TraceState<P> {
  readonly trace: Grad<P>;
}

export interface TraceFamily extends StateFamily {
  readonly state: TraceState<this["params"]>;
}

export interface TraceOptions {
  /** The momentum β in [0, 1) (default 0.9). */
  readonly decay?: number;
  /** Use Nesterov's look-ahead (default false). */
  readonly nesterov?: boolean;
}

/**
 * Heavy-ball momentum:   v_t = β v_{t−1} + g_t,   u_t = v_t
 * Nesterov momentum:     v_t = β v_{t−1} + g_t,   u_t = g_t + β v_t
 *
 * with v_0 = 0. After k equal gradients g, v_k = g (1 − β^k)/(1 − β).
 *
 * `name` is the name that error messages use (a named optimizer passes its own).
 */
export function traceMomentum(options: TraceOptions = {}, name = "traceMomentum"): GradientTransformation<TraceFamily> {
  const beta = checkDecay(name, "decay", options.decay ?? 0.9);
  const nesterov = checkBoolean(name, "nesterov", options.nesterov ?? false);
  return {
    init: (params) => ({ trace: statisticLike(params, 0) }),
    update: (grads, state) => {
      checkGradsMatch(name, state.trace, grads);
      const trace = mapFloat2(name, state.trace, grads, (v, g) => add(mul(beta, v), g));
      const updates = mapFloat2(name, grads, trace, (g, v) => (nesterov ? add(g, mul(beta, v)) : v));
      return [updates, { trace }];
    },
  };
}
