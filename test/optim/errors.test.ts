// Bad input: hyperparameters are rejected when the optimizer is built, with the optimizer, the
// field and the value; gradients that do not fit the state are rejected at update, naming where.

import { describe, expect, it } from "vitest";
import {
  adagrad, adam, adamw, chain, clipByGlobalNorm, clipByValue, constantSchedule, cosineDecay, exponentialDecay, joinSchedules, lion,
  momentum, multiSteps, piecewiseConstantSchedule, polynomialSchedule, rmsprop, scale, scaleByAdam, sgd, stepDecay, traceMomentum,
  warmupCosineDecay, GradientDTypeError, MissingParamsError, OptimizerConfigError,
} from "../../src/optim/index.js";
import { fromArray, scalar } from "../../src/tensor/index.js";
import { TreeMismatchError } from "../../src/tree/index.js";

/** The OptimizerConfigError that `build` throws. */
function configError(build: () => unknown): OptimizerConfigError {
  try {
    build();
  } catch (e) {
    if (e instanceof OptimizerConfigError) return e;
    throw new Error(`expected an OptimizerConfigError, got ${String(e)}`);
  }
  throw new Error("expected an OptimizerConfigError, nothing was thrown");
}

describe("hyperparameters are checked when the optimizer is built", () => {
  it.each([
    ["sgd", "learningRate", -0.1, () => sgd(-0.1)],
    ["adam", "learningRate", Number.NaN, () => adam(Number.NaN)],
    ["rmsprop", "learningRate", Infinity, () => rmsprop(Infinity)],
    ["adam", "b1", 1, () => adam(0.1, { b1: 1 })],
    ["adam", "b2", -0.1, () => adam(0.1, { b2: -0.1 })],
    ["adamw", "b1", Number.NaN, () => adamw(0.1, { b1: Number.NaN })],
    ["adam", "eps", 0, () => adam(0.1, { eps: 0 })],
    ["adagrad", "eps", -1e-7, () => adagrad(0.1, { eps: -1e-7 })],
    ["rmsprop", "decay", 1, () => rmsprop(0.1, { decay: 1 })],
    ["rmsprop", "eps", 0, () => rmsprop(0.1, { eps: 0 })],
    ["lion", "b2", 1.5, () => lion(0.1, { b2: 1.5 })],
    ["sgd", "momentum", 1, () => sgd(0.1, { momentum: 1 })],
    ["momentum", "beta", -0.5, () => momentum(0.1, { beta: -0.5 })],
    ["adamw", "weightDecay", -1, () => adamw(0.1, { weightDecay: -1 })],
    ["adagrad", "initialAccumulatorValue", -0.1, () => adagrad(0.1, { initialAccumulatorValue: -0.1 })],
    ["scaleByAdam", "b1", 2, () => scaleByAdam({ b1: 2 })],
    ["traceMomentum", "decay", 1, () => traceMomentum({ decay: 1 })],
    ["scale", "step", Number.NaN, () => scale(Number.NaN)],
    ["clipByGlobalNorm", "maxNorm", 0, () => clipByGlobalNorm(0)],
    ["clipByValue", "maxDelta", -1, () => clipByValue(-1)],
    ["multiSteps", "everyK", 0, () => multiSteps(sgd(0.1), 0)],
    ["multiSteps", "everyK", 1.5, () => multiSteps(sgd(0.1), 1.5)],
  ] as const)("%s rejects %s = %s", (optimizer, field, value, build) => {
    const e = configError(build);
    expect(e.optimizer).toBe(optimizer);
    expect(e.field).toBe(field);
    expect(Object.is(e.value, value)).toBe(true);
    expect(e.message).toMatch(new RegExp(`^${optimizer}: ${field} must be .+, got ${String(value)}$`));
  });

  it("says what was expected", () => {
    expect(configError(() => adam(0.1, { b1: 1.5 })).message).toBe("adam: b1 must be in [0, 1), got 1.5");
    expect(configError(() => adam(-1)).message).toBe("adam: learningRate must be a finite number >= 0, got -1");
    expect(configError(() => adam(0.1, { eps: 0 })).message).toBe("adam: eps must be a finite number > 0, got 0");
  });

  it("rejects bad schedule settings", () => {
    expect(configError(() => exponentialDecay({ initValue: 1, transitionSteps: 0, decayRate: 0.5 })).field).toBe("transitionSteps");
    expect(configError(() => stepDecay({ initValue: 1, stepSize: -3, decayRate: 0.5 })).optimizer).toBe("stepDecay");
    expect(configError(() => polynomialSchedule({ initValue: 1, endValue: 0, power: 0, transitionSteps: 5 })).field).toBe("power");
    expect(configError(() => cosineDecay({ initValue: 1, decaySteps: 10, alpha: 2 })).field).toBe("alpha");
    expect(configError(() => warmupCosineDecay({ initValue: 0, peakValue: 1, warmupSteps: 10, decaySteps: 10 })).message)
      .toBe("warmupCosineDecay: decaySteps must be > warmupSteps = 10, got 10");
    expect(configError(() => constantSchedule(Number.NaN)).field).toBe("value");
    expect(configError(() => piecewiseConstantSchedule(1, [[-1, 0.5]])).field).toBe("boundariesAndScales[0][0] (step)");
    expect(configError(() => joinSchedules([constantSchedule(1), constantSchedule(2)], [])).field).toBe("boundaries");
    expect(configError(() => joinSchedules([constantSchedule(1), constantSchedule(2), constantSchedule(3)], [5, 2])).field).toBe("boundaries[1]");
  });
});

describe("gradients that do not fit the state are rejected at update", () => {
  const params = { w: fromArray([1, 2, 3], [3], "float64"), b: scalar(0, "float64") };

  it("names the optimizer and the path of a leaf of another shape (a dim known only at runtime)", () => {
    const opt = adam(0.1);
    const n: number = 2;
    const grads = { w: fromArray([1, 2], [n], "float64"), b: scalar(0, "float64") };
    expect(() => opt.update(grads, opt.init(params))).toThrow(TreeMismatchError);
    expect(() => opt.update(grads, opt.init(params))).toThrow(
      "adam: the gradients do not match the optimizer state: trees differ at $.w: expected a tensor float64[3], got a tensor float64[2]");
  });

  it("names a missing key and a leaf of another dtype", () => {
    const opt = sgd(0.1, { momentum: 0.9 });
    const state = opt.init(params);
    const missing: unknown = { w: params.w }; // e.g. decoded from outside the program
    expect(() => opt.update(missing, state)).toThrow(/sgd: the gradients do not match the optimizer state: trees differ at \$: expected a record with keys \{b, w\}, got a record with keys \{w\}/);
    const float32 = { w: fromArray([1, 2, 3], [3]), b: scalar(0, "float64") };
    // @ts-expect-error the compiler rejects a float32 leaf too; this checks the runtime guard
    expect(() => opt.update(float32, state)).toThrow(/trees differ at \$\.w: expected a tensor float64\[3\], got a tensor float32\[3\]/);
  });

  it("asks for the params when a transformation reads them", () => {
    const opt = adamw(0.1);
    expect(() => opt.update(params, opt.init(params))).toThrow(MissingParamsError);
    expect(() => lion(0.1).update(params, lion(0.1).init(params))).toThrow("lion: update needs the current parameters; call update(grads, state, params)");
  });

  it("rejects params of another tree than the gradients", () => {
    const opt = adamw(0.1);
    const other: unknown = { w: params.w };
    // @ts-expect-error the compiler rejects it too
    expect(() => opt.update(params, opt.init(params), other)).toThrow(/adamw: the gradients do not match the params/);
  });

  it("rejects integer gradients: optimizer arithmetic is defined on floats", () => {
    const opt = chain(scale(2));
    const ints = { k: fromArray([1, 2], [2], "int32") };
    expect(() => opt.update(ints, opt.init(ints))).toThrow(GradientDTypeError);
    expect(() => opt.update(ints, opt.init(ints))).toThrow("scale: gradient leaf 0 has dtype int32; expected float32 or float64");
  });
});
