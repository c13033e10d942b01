// Cosine decay (half a cosine wave from the initial to the final value), alone or after a linear
// warmup.

import { add, cos, div, maximum, minimum, mul, pow } from "../../ops/index.js";
import { checkFinite, checkNonNegative, checkPositive } from "../config.js";
import { OptimizerConfigError } from "../errors.js";
import { linearSchedule } from "./polynomial.js";
import { joinSchedules, makeSchedule, type Schedule, type ScheduleFn } from "./schedule.js";

/** (from − to) · c(t)^p + to with c(t) = ½(1 + cos(π · min(t, T)/T)), which falls from 1 to 0. */
const cosineFromTo = (from: number, to: number, steps: number, exponent: number): ScheduleFn => (step) => {
  const s = minimum(maximum(step, 0), steps);
  const c = mul(0.5, add(1, cos(mul(Math.PI, div(s, steps)))));
  return add(mul(from - to, pow(c, exponent)), to);
};

export interface CosineDecayOptions {
  readonly initValue: number;
  /** Steps from the initial to the final value (> 0). */
  readonly decaySteps: number;
  /** The final value as a fraction of initValue (default 0), in [0, 1]. */
  readonly alpha?: number;
  /** The exponent p applied to the cosine factor (default 1). */
  readonly exponent?: number;
}

/**
 * η(t) = η₀ · ((1 − α) · c(t)^p + α),  c(t) = ½(1 + cos(π · min(t, T)/T))
 *
 * (Loshchilov & Hutter's SGDR without restarts): η₀ at t = 0, α·η₀ from t = T on.
 */
export function cosineDecay(options: CosineDecayOptions): Schedule {
  const name = "cosineDecay";
  const init = checkFinite(name, "initValue", options.initValue);
  const steps = checkPositive(name, "decaySteps", options.decaySteps);
  const alpha = checkNonNegative(name, "alpha", options.alpha ?? 0);
  if (alpha > 1) throw new OptimizerConfigError(name, "alpha", alpha, "in [0, 1]");
  const exponent = checkPositive(name, "exponent", options.exponent ?? 1);
  return makeSchedule(name, cosineFromTo(init, alpha * init, steps, exponent));
}

export interface WarmupCosineDecayOptions {
  /** The value at step 0, where the warmup starts. */
  readonly initValue: number;
  /** The value reached at the end of the warmup. */
  readonly peakValue: number;
  /** Steps of linear warmup (≥ 0). */
  readonly warmupSteps: number;
  /** Total steps, warmup included, until the value reaches endValue (> warmupSteps). */
  readonly decaySteps: number;
  /** The final value (default 0). */
  readonly endValue?: number;
  /** The exponent applied to the cosine factor (default 1). */
  readonly exponent?: number;
}

/**
 * A linear warmup from η₀ to η_peak over W steps, then a cosine decay to η_end at step T:
 *
 *   η(t) = η₀ + (η_peak − η₀) · t/W                         for t < W
 *   η(t) = (η_peak − η_end) · c(t − W)^p + η_end           for t ≥ W,  c(s) = ½(1 + cos(π · min(s, T−W)/(T−W)))
 */
export function warmupCosineDecay(options: WarmupCosineDecayOptions): Schedule {
  const name = "warmupCosineDecay";
  const init = checkFinite(name, "initValue", options.initValue);
  const peak = checkFinite(name, "peakValue", options.peakValue);
  const warmup = checkNonNegative(name, "warmupSteps", options.warmupSteps);
  const total = checkPositive(name, "decaySteps", options.decaySteps);
  if (!(total > warmup)) throw new OptimizerConfigError(name, "decaySteps", total, `> warmupSteps = ${warmup}`);
  const end = checkFinite(name, "endValue", options.endValue ?? 0);
  const exponent = checkPositive(name, "exponent", options.exponent ?? 1);
  const decay = makeSchedule(name, cosineFromTo(peak, end, total - warmup, exponent));
  if (warmup === 0) return decay;
  return joinSchedules([linearSchedule({ initValue: init, endValue: peak, transitionSteps: warmup }), decay], [warmup]);
}
