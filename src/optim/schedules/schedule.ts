// Schedules: a hyperparameter (usually the learning rate) as a function of the step.
//
// A schedule is written once, with tensor ops, as a function of a float scalar step tensor, so
// it runs inside `update` (and in a traced, compiled training step). `schedule.at(n)` evaluates
// that same expression at a plain step number, in float64, for printing and plotting; there is
// no second formula to drift apart from the first.

import { less, sub, where } from "../../ops/index.js";
import { full, scalar, type FloatDType, type Tensor } from "../../tensor/index.js";
import { checkFinite, checkNonNegative } from "../config.js";
import { OptimizerConfigError } from "../errors.js";

/** A schedule's formula: the value at a step, as a float scalar of the step's dtype. */
export type ScheduleFn = <D extends FloatDType>(step: Tensor<[], D>) => Tensor<[], D>;

/** A hyperparameter as a function of the step t = 0, 1, 2, … (the number of updates made so far). */
export interface Schedule extends ScheduleFn {
  /** The value at a plain step number: the same tensor expression evaluated in float64. */
  readonly at: (step: number) => number;
}

/** A schedule from its formula; `name` appears in error messages. */
export function makeSchedule(name: string, formula: ScheduleFn): Schedule {
  const at = (step: number): number => {
    if (typeof step !== "number" || !Number.isFinite(step)) {
      throw new RangeError(`${name}.at: expected a finite step number, got ${String(step)}`);
    }
    return formula(scalar(step, "float64")).item();
  };
  const evaluate: ScheduleFn = (step) => formula(step);
  return Object.assign(evaluate, { at });
}

/** η(t) = value. */
export function constantSchedule(value: number): Schedule {
  checkFinite("constantSchedule", "value", value);
  return makeSchedule("constantSchedule", (step) => full([], value, step.dtype));
}

/**
 * Schedules played one after another: `schedules[0]` until `boundaries[0]`, then `schedules[1]`
 * (restarted, so it sees t − boundaries[0]) until `boundaries[1]`, and so on:
 *
 *   η(t) = schedules[i](t − b_{i−1})   for b_{i−1} ≤ t < b_i   (b_{−1} = 0)
 */
export function joinSchedules(schedules: readonly [Schedule, ...Schedule[]], boundaries: readonly number[]): Schedule {
  const op = "joinSchedules";
  if (!Array.isArray(schedules) || schedules.length === 0 || !schedules.every((s) => typeof s === "function")) {
    throw new OptimizerConfigError(op, "schedules", schedules, "a non-empty array of schedules");
  }
  if (!Array.isArray(boundaries) || boundaries.length !== schedules.length - 1) {
    throw new OptimizerConfigError(op, "boundaries", boundaries, `${schedules.length - 1} step(s), one between each pair of schedules`);
  }
  boundaries.forEach((b, i) => {
    checkNonNegative(op, `boundaries[${i}]`, b);
    const previous = boundaries[i - 1];
    if (previous !== undefined && b < previous) throw new OptimizerConfigError(op, `boundaries[${i}]`, b, `>= boundaries[${i - 1}] = ${previous}`);
  });
  const [first, ...rest] = schedules;
  return makeSchedule(op, (step) =>
    rest.reduce((value, next, i) => {
      const boundary = boundaries[i] ?? 0;
      return where(less(step, boundary), value, next(sub(step, boundary)));
    }, first(step)));
}
