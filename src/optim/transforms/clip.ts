// Gradient clipping: limit each coordinate (by value) or the whole gradient (by its global norm,
// which keeps the direction and only shortens the step).

import { add, clip, div, minimum, mul, sqrt, square, sum } from "../../ops/index.js";
import { zeros, type Tensor } from "../../tensor/index.js";
import { checkNonNegative, checkPositive } from "../config.js";
import { convert, floatLeaves, mapFloat, perDType, stretch } from "../leaf-ops.js";
import { emptyState, type EmptyFamily, type GradientTransformation } from "../types.js";

/**
 * u = clip(g, −δ, δ), coordinate by coordinate.
 *
 * `name` is the name that error messages use (a named optimizer passes its own).
 */
export function clipByValue(maxDelta: number, name = "clipByValue"): GradientTransformation<EmptyFamily> {
  const delta = checkNonNegative(name, "maxDelta", maxDelta);
  return {
    init: () => emptyState,
    update: (grads, state) => [mapFloat(name, grads, (g) => clip(g, -delta, delta)), state],
  };
}

/**
 * ‖g‖ = √(Σ over all leaves and elements of g²), accumulated in float64.
 *
 * `name` is the name that error messages use (clipByGlobalNorm passes its own).
 */
export function globalNorm(tree: unknown, name = "globalNorm"): Tensor<[], "float64"> {
  const squares = floatLeaves(name, tree).map((x) => convert(sum(square(x)), "float64"));
  return sqrt(squares.reduce((total, s) => add(total, s), zeros([], "float64")));
}

/**
 * u = g · min(1, c/‖g‖): gradients whose global norm exceeds c are scaled down to norm c, the
 * others pass unchanged (a zero gradient too: c/0 = ∞, so the factor is 1).
 *
 * `name` is the name that error messages use (a named optimizer passes its own).
 */
export function clipByGlobalNorm(maxNorm: number, name = "clipByGlobalNorm"): GradientTransformation<EmptyFamily> {
  const c = checkPositive(name, "maxNorm", maxNorm);
  return {
    init: () => emptyState,
    update: (grads, state) => {
      const factor = minimum(div(c, globalNorm(grads, name)), 1);
      const inDType = perDType((dtype) => convert(factor, dtype));
      return [mapFloat(name, grads, (g) => mul(stretch(inDType(g.dtype), g), g)), state];
    },
  };
}
