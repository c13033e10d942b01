// Exponential decay: the value shrinks by a constant factor every `transitionSteps` steps,
// smoothly or in a staircase.

import { maximum, minimum, mul, pow, sub, div } from "../../ops/index.js";
import { checkBoolean, checkFinite, checkNonNegative, checkPositive } from "../config.js";
import { floorNonNegative } from "../leaf-ops.js";
import { makeSchedule, type Schedule } from "./schedule.js";

export interface ExponentialDecayOptions {
  readonly initValue: number;
  /** Steps over which the value is multiplied by decayRate once (> 0). */
  readonly transitionSteps: number;
  /** The factor r per transition (> 0; below 1 decays, above 1 grows). */
  readonly decayRate: number;
  /** The step at which the decay starts (default 0); the value is initValue before it. */
  readonly transitionBegin?: number;
  /** Decay in whole transitions only (default false): ⌊s/T⌋ instead of s/T. */
  readonly staircase?: boolean;
  /** A floor (when decaying) or ceiling (when growing) that the value never passes. */
  readonly endValue?: number;
}

/**
 * η(t) = η₀ · r^(s/T),  with s = max(t − t_begin, 0), and ⌊s/T⌋ for a staircase;
 * clamped at endValue when given.
 *
 * `name` is the name that error messages use (stepDecay passes its own).
 */
export function exponentialDecay(options: ExponentialDecayOptions, name = "exponentialDecay"): Schedule {
  const init = checkFinite(name, "initValue", options.initValue);
  const steps = checkPositive(name, "transitionSteps", options.transitionSteps);
  const rate = checkPositive(name, "decayRate", options.decayRate);
  const begin = checkNonNegative(name, "transitionBegin", options.transitionBegin ?? 0);
  const staircase = checkBoolean(name, "staircase", options.staircase ?? false);
  const end = options.endValue === undefined ? undefined : checkFinite(name, "endValue", options.endValue);
  return makeSchedule(name, (step) => {
    const elapsed = div(maximum(sub(step, begin), 0), steps);
    const exponent = staircase ? floorNonNegative(elapsed) : elapsed;
    const value = mul(init, pow(rate, exponent));
    if (end === undefined) return value;
    return rate < 1 ? maximum(value, end) : minimum(value, end);
  });
}

export interface StepDecayOptions {
  readonly initValue: number;
  /** Steps between two decays (> 0). */
  readonly stepSize: number;
  /** The factor applied at each decay (> 0), e.g. 0.1. */
  readonly decayRate: number;
}

/** η(t) = η₀ · r^⌊t/stepSize⌋: constant for stepSize steps, then multiplied by r. */
export function stepDecay(options: StepDecayOptions): Schedule {
  const name = "stepDecay";
  const stepSize = checkPositive(name, "stepSize", options.stepSize);
  return exponentialDecay({ initValue: options.initValue, transitionSteps: stepSize, decayRate: options.decayRate, staircase: true }, name);
}
