// Decoupled weight decay (Loshchilov & Hutter 2019): add λθ to the update, so that after the
// learning rate the parameters shrink by ηλθ each step, independently of any gradient rescaling.

import { add, mul } from "../../ops/index.js";
import { assertSameStructure } from "../../tree/index.js";
import { checkNonNegative } from "../config.js";
import { MissingParamsError } from "../errors.js";
import { mapFloat2 } from "../leaf-ops.js";
import { emptyState, type EmptyFamily, type GradientTransformation } from "../types.js";

/**
 * u = g + λ θ. Needs the params: `update(grads, state, params)`.
 *
 * `name` is the name that error messages use (a named optimizer passes its own).
 */
export function addDecayedWeights(weightDecay: number, name = "addDecayedWeights"): GradientTransformation<EmptyFamily> {
  const lambda = checkNonNegative(name, "weightDecay", weightDecay);
  return {
    init: () => emptyState,
    update: (grads, state, params) => {
      if (params === undefined) throw new MissingParamsError(name);
      assertSameStructure(`${name}: the gradients do not match the params`, params, grads);
      return [mapFloat2(name, grads, params, (g, p) => add(g, mul(lambda, p))), state];
    },
  };
}
