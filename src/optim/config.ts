// Checks of hyperparameters, run when an optimizer or schedule is built. Each throws an
// OptimizerConfigError naming the optimizer, the field and the value. NaN fails every check
// (every comparison with NaN is false, so each test is written as "is valid", then negated).

import { OptimizerConfigError } from "./errors.js";

const isNumber = (v: unknown): v is number => typeof v === "number";

/** A finite number (any sign). */
export function checkFinite(optimizer: string, field: string, v: number): number {
  if (!(isNumber(v) && Number.isFinite(v))) throw new OptimizerConfigError(optimizer, field, v, "a finite number");
  return v;
}

/** A finite number ≥ 0 (learning rates, weight decay, clipping thresholds). */
export function checkNonNegative(optimizer: string, field: string, v: number): number {
  if (!(isNumber(v) && Number.isFinite(v) && v >= 0)) throw new OptimizerConfigError(optimizer, field, v, "a finite number >= 0");
  return v;
}

/** A finite number > 0 (epsilons, norms, durations in steps). */
export function checkPositive(optimizer: string, field: string, v: number): number {
  if (!(isNumber(v) && Number.isFinite(v) && v > 0)) throw new OptimizerConfigError(optimizer, field, v, "a finite number > 0");
  return v;
}

/** A decay rate β in [0, 1): β = 1 would never forget, and bias correction would divide by 1 − βᵗ = 0. */
export function checkDecay(optimizer: string, field: string, v: number): number {
  if (!(isNumber(v) && v >= 0 && v < 1)) throw new OptimizerConfigError(optimizer, field, v, "in [0, 1)");
  return v;
}

/** A whole number ≥ 1 (counts of steps). */
export function checkPositiveInteger(optimizer: string, field: string, v: number): number {
  if (!(isNumber(v) && Number.isSafeInteger(v) && v >= 1)) throw new OptimizerConfigError(optimizer, field, v, "an integer >= 1");
  return v;
}

/** A boolean flag. */
export function checkBoolean(optimizer: string, field: string, v: boolean): boolean {
  if (typeof v !== "boolean") throw new OptimizerConfigError(optimizer, field, v, "true or false");
  return v;
}
