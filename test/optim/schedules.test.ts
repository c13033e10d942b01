// Schedules at chosen steps against hand-computed values; the tensor form and `at` agree.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  constantSchedule, cosineDecay, exponentialDecay, joinSchedules, linearSchedule, makeSchedule, piecewiseConstantSchedule,
  polynomialSchedule, stepDecay, warmupCosineDecay, type Schedule,
} from "../../src/optim/index.js";
import { add, mul } from "../../src/ops/index.js";
import { scalar } from "../../src/tensor/index.js";

const values = (s: Schedule, steps: readonly number[]) => steps.map((t) => s.at(t));
const expectValues = (s: Schedule, expected: readonly (readonly [step: number, value: number])[]) =>
  expected.forEach(([t, v]) => expect(s.at(t), `at step ${t}`).toBeCloseTo(v, 14));

describe("schedule values at chosen steps", () => {
  it("constantSchedule", () => {
    expect(values(constantSchedule(0.3), [0, 1, 1e6])).toEqual([0.3, 0.3, 0.3]);
  });

  it("exponentialDecay: η₀ · r^(t/T), smooth or staircase, with a start and a floor", () => {
    expectValues(exponentialDecay({ initValue: 1, transitionSteps: 10, decayRate: 0.5 }), [[0, 1], [5, Math.SQRT1_2], [10, 0.5], [25, 2 ** -2.5]]);
    expectValues(exponentialDecay({ initValue: 1, transitionSteps: 10, decayRate: 0.5, staircase: true }), [[5, 1], [9, 1], [10, 0.5], [19, 0.5], [20, 0.25]]);
    expectValues(exponentialDecay({ initValue: 2, transitionSteps: 10, decayRate: 0.5, transitionBegin: 5 }), [[0, 2], [5, 2], [15, 1]]);
    expectValues(exponentialDecay({ initValue: 1, transitionSteps: 1, decayRate: 0.5, endValue: 0.3 }), [[1, 0.5], [2, 0.3], [100, 0.3]]);
    expectValues(exponentialDecay({ initValue: 1, transitionSteps: 1, decayRate: 2, endValue: 5 }), [[2, 4], [3, 5]]);
  });

  it("stepDecay: η₀ · r^⌊t/stepSize⌋", () => {
    expectValues(stepDecay({ initValue: 0.1, stepSize: 30, decayRate: 0.1 }), [[0, 0.1], [29, 0.1], [30, 0.01], [65, 0.001]]);
  });

  it("polynomialSchedule and linearSchedule: (η₀ − η_end)(1 − t/T)^p + η_end, then constant", () => {
    expectValues(polynomialSchedule({ initValue: 1, endValue: 0, power: 2, transitionSteps: 10 }), [[0, 1], [5, 0.25], [10, 0], [20, 0]]);
    expectValues(polynomialSchedule({ initValue: 3, endValue: 1, power: 1, transitionSteps: 4, transitionBegin: 2 }), [[0, 3], [2, 3], [4, 2], [6, 1]]);
    expectValues(linearSchedule({ initValue: 0, endValue: 1, transitionSteps: 4 }), [[-3, 0], [1, 0.25], [4, 1], [100, 1]]);
  });

  it("cosineDecay: η₀((1 − α)·½(1 + cos(πt/T))^p + α)", () => {
    expectValues(cosineDecay({ initValue: 2, decaySteps: 100 }), [[0, 2], [25, 1 + Math.SQRT1_2], [50, 1], [100, 0], [150, 0]]);
    expectValues(cosineDecay({ initValue: 2, decaySteps: 100, alpha: 0.1 }), [[50, 1.1], [100, 0.2]]);
    expectValues(cosineDecay({ initValue: 2, decaySteps: 100, exponent: 2 }), [[50, 0.5]]);
  });

  it("warmupCosineDecay: linear from η₀ to the peak, then half a cosine down to η_end", () => {
    expectValues(warmupCosineDecay({ initValue: 0, peakValue: 1, warmupSteps: 10, decaySteps: 110, endValue: 0.1 }),
      [[0, 0], [5, 0.5], [10, 1], [60, 0.55], [110, 0.1], [1000, 0.1]]);
    expectValues(warmupCosineDecay({ initValue: 0.5, peakValue: 1, warmupSteps: 0, decaySteps: 10 }), [[0, 1], [5, 0.5], [10, 0]]);
  });

  it("piecewiseConstantSchedule: multiplied by each scale from its step on, in any order of the pairs", () => {
    const expected = [[0, 0.1], [999, 0.1], [1000, 0.01], [1999, 0.01], [2000, 0.001], [2500, 0.001]] as const;
    expectValues(piecewiseConstantSchedule(0.1, [[1000, 0.1], [2000, 0.1]]), expected);
    expectValues(piecewiseConstantSchedule(0.1, [[2000, 0.1], [1000, 0.1]]), expected);
  });

  it("joinSchedules: each schedule restarts at its boundary", () => {
    const joined = joinSchedules([constantSchedule(1), linearSchedule({ initValue: 1, endValue: 0, transitionSteps: 10 })], [5]);
    expectValues(joined, [[0, 1], [4, 1], [5, 1], [10, 0.5], [15, 0], [100, 0]]);
    const three = joinSchedules([constantSchedule(3), constantSchedule(2), linearSchedule({ initValue: 0, endValue: 1, transitionSteps: 2 })], [1, 4]);
    expect(values(three, [0, 1, 3, 4, 5, 6])).toEqual([3, 2, 2, 0, 0.5, 1]);
  });
});

describe("a schedule as a function of a step tensor", () => {
  const schedules: readonly [string, Schedule][] = [
    ["exponentialDecay", exponentialDecay({ initValue: 1, transitionSteps: 7, decayRate: 0.3, staircase: true, transitionBegin: 3 })],
    ["polynomialSchedule", polynomialSchedule({ initValue: 2, endValue: 0.5, power: 1.5, transitionSteps: 40 })],
    ["cosineDecay", cosineDecay({ initValue: 1, decaySteps: 50, alpha: 0.2 })],
    ["warmupCosineDecay", warmupCosineDecay({ initValue: 0, peakValue: 1, warmupSteps: 5, decaySteps: 60 })],
    ["piecewiseConstantSchedule", piecewiseConstantSchedule(1, [[10, 0.5], [30, 0.2]])],
  ];

  it.each(schedules)("%s gives the same value on a float64 step tensor as at the number, and close to it in float32", (_, s) => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100 }), (t) => {
      const v64 = s(scalar(t, "float64"));
      expect(v64.dtype).toBe("float64");
      expect(v64.item()).toBe(s.at(t));
      const v32 = s(scalar(t, "float32"));
      expect(v32.dtype).toBe("float32");
      expect(Math.abs(v32.item() - s.at(t))).toBeLessThanOrEqual(1e-6);
    }), { numRuns: 30 });
  });

  it("makeSchedule turns a tensor formula into a schedule", () => {
    const affine = makeSchedule("affine", (step) => add(mul(step, 0.5), 1));
    expect(affine.at(4)).toBe(3);
    expect(affine(scalar(4, "float32")).item()).toBe(3);
  });

  it("at rejects a step that is not a finite number", () => {
    expect(() => constantSchedule(1).at(Number.NaN)).toThrow(/constantSchedule\.at: expected a finite step number, got NaN/);
  });
});
