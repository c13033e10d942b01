// Polynomial and linear schedules: from an initial value to an end value over a number of steps,
// then constant.

import { add, clip, div, mul, pow, sub } from "../../ops/index.js";
import { checkFinite, checkNonNegative, checkPositive } from "../config.js";
import { makeSchedule, type Schedule } from "./schedule.js";

export interface PolynomialScheduleOptions {
  readonly initValue: number;
  readonly endValue: number;
  /** The exponent p (> 0): 1 is a straight line, 2 decays fast and then flattens. */
  readonly power: number;
  /** Steps from the initial to the end value (> 0). */
  readonly transitionSteps: number;
  /** The step at which the transition starts (default 0); the value is initValue before it. */
  readonly transitionBegin?: number;
}

/**
 * η(t) = (η₀ − η_end) · (1 − s/T)^p + η_end,  with s = clip(t − t_begin, 0, T)
 *
 * `name` is the name that error messages use (linearSchedule passes its own).
 */
export function polynomialSchedule(options: PolynomialScheduleOptions, name = "polynomialSchedule"): Schedule {
  const init = checkFinite(name, "initValue", options.initValue);
  const end = checkFinite(name, "endValue", options.endValue);
  const power = checkPositive(name, "power", options.power);
  const steps = checkPositive(name, "transitionSteps", options.transitionSteps);
  const begin = checkNonNegative(name, "transitionBegin", options.transitionBegin ?? 0);
  return makeSchedule(name, (step) => {
    const s = clip(sub(step, begin), 0, steps);
    const remaining = sub(1, div(s, steps));
    return add(mul(init - end, pow(remaining, power)), end);
  });
}

export type LinearScheduleOptions = Omit<PolynomialScheduleOptions, "power">;

/** η(t) = η₀ + (η_end − η₀) · s/T,  with s = clip(t − t_begin, 0, T): a straight line, then constant. */
export function linearSchedule(options: LinearScheduleOptions): Schedule {
  return polynomialSchedule({ ...options, power: 1 }, "linearSchedule");
}
