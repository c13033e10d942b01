// Piecewise constant schedule: the value is multiplied by a given factor at given steps.

import { less, mul, where } from "../../ops/index.js";
import { full, type FloatDType, type Tensor } from "../../tensor/index.js";
import { checkFinite, checkNonNegative } from "../config.js";
import { OptimizerConfigError } from "../errors.js";
import { makeSchedule, type Schedule } from "./schedule.js";

/**
 * η(t) = η₀ · ∏ { scale_i : step_i ≤ t }
 *
 * e.g. `piecewiseConstantSchedule(0.1, [[1000, 0.1], [2000, 0.1]])` is 0.1 until step 999,
 * 0.01 from step 1000 and 0.001 from step 2000.
 */
export function piecewiseConstantSchedule(initValue: number, boundariesAndScales: readonly (readonly [step: number, scale: number])[]): Schedule {
  const name = "piecewiseConstantSchedule";
  const init = checkFinite(name, "initValue", initValue);
  if (!Array.isArray(boundariesAndScales)) {
    throw new OptimizerConfigError(name, "boundariesAndScales", boundariesAndScales, "an array of [step, scale] pairs");
  }
  boundariesAndScales.forEach((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2) throw new OptimizerConfigError(name, `boundariesAndScales[${i}]`, pair, "a [step, scale] pair");
    checkNonNegative(name, `boundariesAndScales[${i}][0] (step)`, pair[0]);
    checkFinite(name, `boundariesAndScales[${i}][1] (scale)`, pair[1]);
  });
  // Products commute, so the pairs may come in any order.
  const formula = <D extends FloatDType>(step: Tensor<[], D>): Tensor<[], D> => {
    let value = full([], init, step.dtype);
    for (const [boundary, scale] of boundariesAndScales) value = where(less(step, boundary), value, mul(value, scale));
    return value;
  };
  return makeSchedule(name, formula);
}
