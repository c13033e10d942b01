// Scaling the updates: by a constant, by a schedule of the step, and by the learning rate
// (a constant or a schedule, with the minus sign that turns a gradient into a descent step).

import { mul, neg } from "../../ops/index.js";
import { full, type FloatDType, type Tensor } from "../../tensor/index.js";
import { checkFinite, checkNonNegative } from "../config.js";
import { countAs, incrementCount, zeroCount, type Count, type CountState } from "../count.js";
import { OptimizerConfigError } from "../errors.js";
import { mapFloat, perDType, stretch } from "../leaf-ops.js";
import type { Schedule } from "../schedules/schedule.js";
import { emptyState, type EmptyFamily, type GradientTransformation, type StateFamily } from "../types.js";

/** u = s · g for a constant s. */
export function scale(step: number): GradientTransformation<EmptyFamily> {
  const s = checkFinite("scale", "step", step);
  return {
    init: () => emptyState,
    update: (grads, state) => [mapFloat("scale", grads, (g) => mul(s, g)), state],
  };
}

/** The family of transformations whose state is a step counter. */
export interface CountFamily extends StateFamily {
  readonly state: CountState;
}

/** u_t = s(t) · g_t, with t the number of updates made before this one (0 at the first). */
export function scaleBySchedule(schedule: Schedule): GradientTransformation<CountFamily> {
  const op = "scaleBySchedule";
  if (typeof schedule !== "function") throw new OptimizerConfigError(op, "schedule", schedule, "a schedule");
  return {
    init: () => ({ count: zeroCount() }),
    update: (grads, state) => {
      const factor = perDType((dtype) => schedule(countAs(state.count, dtype)));
      const updates = mapFloat(op, grads, (g) => mul(stretch(factor(g.dtype), g), g));
      return [updates, { count: incrementCount(state.count) }];
    },
  };
}

/** A learning rate: a constant η, or a schedule η(t). */
export type LearningRate = number | Schedule;

/** Throws an OptimizerConfigError unless lr is a finite number ≥ 0 or a schedule. */
export function checkLearningRate(optimizer: string, lr: LearningRate): void {
  if (typeof lr === "function") return;
  checkNonNegative(optimizer, "learningRate", lr);
}

/**
 * u_t = −η · g_t, or −η(t) · g_t for a schedule: the descent step. The state counts the steps
 * in both cases (it is what a schedule reads, and a constant rate keeps the same state type).
 *
 * `name` is the name that error messages use (a named optimizer passes its own).
 */
export function scaleByLearningRate(learningRate: LearningRate, name = "scaleByLearningRate"): GradientTransformation<CountFamily> {
  checkLearningRate(name, learningRate);
  const lr = learningRate;
  /** −η at step t, as a scalar of each float dtype. */
  const negativeRate = (count: Count) =>
    perDType((dtype): Tensor<[], FloatDType> => (typeof lr === "number" ? full([], -lr, dtype) : neg(lr(countAs(count, dtype)))));
  return {
    init: () => ({ count: zeroCount() }),
    update: (grads, state) => {
      const rate = negativeRate(state.count);
      const updates = mapFloat(name, grads, (g) => mul(stretch(rate(g.dtype), g), g));
      return [updates, { count: incrementCount(state.count) }];
    },
  };
}
