// Each building block against its closed form: hand-computed values and formulas that hold
// after a known number of steps (the first Adam step, momentum's geometric series, …).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDecayedWeights, adam, clipByGlobalNorm, clipByValue, globalNorm, momentum, multiSteps, piecewiseConstantSchedule, scale,
  scaleByAdagrad, scaleByAdam, scaleByLearningRate, scaleByLion, scaleByRms, scaleBySchedule, sgd, traceMomentum, MissingParamsError,
} from "../../src/optim/index.js";
import { incrementCount } from "../../src/optim/count.js";
import { fromArray, scalar } from "../../src/tensor/index.js";
import { expectCloseLeaves, identicalTrees, instantiate, numbersOf, problemArb } from "./helpers.js";
import { trajectory } from "./laws.js";

const vec = (xs: readonly number[]) => fromArray(xs, [xs.length], "float64");
const tree = (w: readonly number[], b: number) => ({ w: vec(w), b: scalar(b, "float64") });
const mapLeaves = (leaves: number[][], f: (x: number) => number): number[][] => leaves.map((l) => l.map(f));

describe("scaleByAdam / adam", () => {
  it("takes the first step −η·g/(|g| + ε) elementwise, for any β₁, β₂ (m̂₁ = g, v̂₁ = g²)", () => {
    const hyper = fc.record({
      lr: fc.double({ min: 1e-4, max: 1, noNaN: true }),
      b1: fc.double({ min: 0, max: 0.999, noNaN: true }),
      b2: fc.double({ min: 0, max: 0.9999, noNaN: true }),
      eps: fc.double({ min: 1e-10, max: 1e-2, noNaN: true }),
    });
    fc.assert(fc.property(hyper, problemArb(1, "moderate"), ({ lr, b1, b2, eps }, { template, params, grads }) => {
      const g = grads[0] ?? [];
      const opt = adam(lr, { b1, b2, eps });
      const p = instantiate(template, params);
      const [u] = opt.update(instantiate(template, g), opt.init(p), p);
      expectCloseLeaves(numbersOf(u), mapLeaves(g, (x) => (-lr * x) / (Math.abs(x) + eps)), 1e-12, 1e-300);
    }), { numRuns: 60 });
  });

  it("keeps the first step's bias correction exact in float32: 1 − β₂ᵗ by expm1, not 1 − 0.999 rounded", () => {
    // With 1 − pow(β₂, 1) the correction is 1 − f32(0.999) = 9.99987e-4 (1.3e-5 off), and the
    // first step g/(√v̂ + ε) for g = 1 comes out 6.4e-6 below 1.
    const opt = scaleByAdam({ eps: 1e-30 });
    const g = { w: fromArray([1, -3, 0.01], [3], "float32") };
    const [u] = opt.update(g, opt.init(g));
    const got = Array.from(u.w.toArray());
    [1, -1, 1].forEach((want, i) => expect(Math.abs((got[i] ?? NaN) - want)).toBeLessThan(5e-7));
  });

  it("matches hand-computed moments and bias corrections after two steps", () => {
    // g₁ = 2, g₂ = −1, β₁ = 0.5, β₂ = 0.75, ε = 0:
    //   m₁ = 1, v₁ = 1;  m₂ = 0.5·1 + 0.5·(−1) = 0, v₂ = 0.75·1 + 0.25·1 = 1
    //   m̂₂ = 0/(1 − 0.25) = 0 → u₂ = 0
    // g₂ = 3 instead: m₂ = 0.5 + 1.5 = 2, v₂ = 0.75 + 2.25 = 3; m̂₂ = 2/0.75, v̂₂ = 3/0.4375
    const t = scaleByAdam({ b1: 0.5, b2: 0.75, eps: 1e-300 });
    const p = scalar(0, "float64");
    const [, s1] = t.update(scalar(2, "float64"), t.init(p));
    expect(s1.mu.item()).toBe(1);
    expect(s1.nu.item()).toBe(1);
    expect(s1.count.item()).toBe(1);
    expect(t.update(scalar(-1, "float64"), s1)[0].item()).toBe(0);
    const [u2, s2] = t.update(scalar(3, "float64"), s1);
    expect(s2.mu.item()).toBe(2);
    expect(s2.nu.item()).toBe(3);
    expect(u2.item()).toBeCloseTo((2 / 0.75) / Math.sqrt(3 / 0.4375), 14);
  });
});

describe("traceMomentum / sgd with momentum", () => {
  const geometric = (beta: number, k: number) => (1 - beta ** k) / (1 - beta);

  it("after k equal gradients holds v_k = g(1 − β^k)/(1 − β), so the step is −η·v_k", () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 0.99, noNaN: true }), fc.integer({ min: 1, max: 12 }), fc.double({ min: 1e-3, max: 1, noNaN: true }),
      (beta, k, lr) => {
        const g = tree([1.5, -2], 0.25);
        const run = trajectory(momentum(lr, { beta }), tree([0, 0], 0), Array.from({ length: k }, () => g));
        const vk = geometric(beta, k);
        expectCloseLeaves(numbersOf(run.updates[k - 1]), [[-lr * 0.25 * vk], [-lr * 1.5 * vk, lr * 2 * vk]], 1e-12);
      }), { numRuns: 60 });
  });

  it("with Nesterov's look-ahead steps by −η·(g + β v_k)", () => {
    const beta = 0.9;
    const k = 5;
    const g = tree([1, -3], 2);
    const run = trajectory(sgd(0.1, { momentum: beta, nesterov: true }), tree([0, 0], 0), Array.from({ length: k }, () => g));
    const factor = 1 + beta * geometric(beta, k);
    expectCloseLeaves(numbersOf(run.updates[k - 1]), [[-0.1 * 2 * factor], [-0.1 * factor, 0.3 * factor]], 1e-12);
  });

  it("keeps the velocity in its state: v = β v + g, step by step by hand", () => {
    const t = traceMomentum({ decay: 0.5 });
    const [u1, s1] = t.update(vec([4, -2]), t.init(vec([0, 0])));
    const [u2, s2] = t.update(vec([1, 1]), s1);
    expect(numbersOf(u1)).toEqual([[4, -2]]);
    expect(numbersOf(s2.trace)).toEqual([[3, 0]]);
    expect(numbersOf(u2)).toEqual([[3, 0]]);
  });
});

describe("scaleByRms", () => {
  it("divides by √(ρ v₀ + (1 − ρ) g² + ε) at the first step", () => {
    const t = scaleByRms({ decay: 0.9, eps: 1e-6, initialScale: 0.5 });
    const g = [2, -0.5, 0];
    const [u] = t.update(vec(g), t.init(vec([0, 0, 0])));
    expectCloseLeaves(numbersOf(u), [g.map((x) => x / Math.sqrt(0.9 * 0.5 + 0.1 * x * x + 1e-6))]);
  });
});

describe("scaleByAdagrad", () => {
  it("after k equal gradients divides by √(s₀ + k g² + ε)", () => {
    const g = [3, -1];
    const k = 4;
    const run = trajectory(scaleByAdagrad({ initialAccumulatorValue: 0.1, eps: 1e-7 }), vec([0, 0]), Array.from({ length: k }, () => vec(g)));
    expectCloseLeaves(numbersOf(run.updates[k - 1]), [g.map((x) => x / Math.sqrt(0.1 + k * x * x + 1e-7))]);
  });
});

describe("scaleByLion", () => {
  it("steps by sign(β₁ m + (1 − β₁) g) with m = β₂ m + (1 − β₂) g updated afterwards", () => {
    // β₁ = 0.9, β₂ = 0.99. g₁ = 1: u₁ = sign(0.1) = 1, m₁ = 0.01.
    // g₂ = −0.5: u₂ = sign(0.9·0.01 − 0.05) = sign(−0.041) = −1 (with β₁ and β₂ swapped it would be +1).
    const t = scaleByLion({ b1: 0.9, b2: 0.99 });
    const [u1, s1] = t.update(scalar(1, "float64"), t.init(scalar(0, "float64")));
    expect(u1.item()).toBe(1);
    expect(s1.mu.item()).toBeCloseTo(0.01, 15);
    const [u2, s2] = t.update(scalar(-0.5, "float64"), s1);
    expect(u2.item()).toBe(-1);
    expect(s2.mu.item()).toBeCloseTo(0.99 * 0.01 - 0.005, 15);
  });
});

describe("addDecayedWeights", () => {
  it("adds λθ to the update", () => {
    const t = addDecayedWeights(0.1);
    const [u] = t.update(tree([1, 2], 3), t.init(tree([0, 0], 0)), tree([10, -20], 5));
    expectCloseLeaves(numbersOf(u), [[3.5], [2, 0]], 1e-15);
  });

  it("needs the params, and says so", () => {
    const t = addDecayedWeights(0.1);
    expect(() => t.update(tree([1, 2], 3), t.init(tree([0, 0], 0)))).toThrow(MissingParamsError);
    expect(() => t.update(tree([1, 2], 3), t.init(tree([0, 0], 0)))).toThrow(/addDecayedWeights: update needs the current parameters/);
  });
});

describe("clipping", () => {
  it("clipByValue limits each coordinate to [−δ, δ]", () => {
    const t = clipByValue(1.5);
    expect(numbersOf(t.update(vec([-3, -1, 0, 1.5, 2]), t.init(vec([0, 0, 0, 0, 0])))[0])).toEqual([[-1.5, -1, 0, 1.5, 1.5]]);
  });

  it("globalNorm is the Euclidean norm over all leaves, accumulated in float64", () => {
    expect(globalNorm({ a: vec([3]), b: [fromArray([4, 12], [2], "float32")] }).item()).toBe(13);
    expect(globalNorm([]).item()).toBe(0);
  });

  it("clipByGlobalNorm rescales to norm c when the norm exceeds c, and leaves smaller gradients exactly as they are", () => {
    const g = { a: vec([3]), b: vec([0, 4]) }; // ‖g‖ = 5
    const clip1 = clipByGlobalNorm(1);
    expectCloseLeaves(numbersOf(clip1.update(g, clip1.init(g))[0]), [[0.6], [0, 0.8]], 1e-15);
    const clip10 = clipByGlobalNorm(10);
    expect(identicalTrees(clip10.update(g, clip10.init(g))[0], g)).toBe(true);
    const zero = { a: vec([0]), b: vec([0, 0]) };
    expect(identicalTrees(clip1.update(zero, clip1.init(zero))[0], zero)).toBe(true);
  });

  it("clipByGlobalNorm keeps each leaf's dtype in a mixed float32/float64 tree", () => {
    const g = { a: fromArray([6], [1], "float32"), b: vec([8]) }; // ‖g‖ = 10
    const t = clipByGlobalNorm(5);
    const [u] = t.update(g, t.init(g));
    expect(u.a.dtype).toBe("float32");
    expect(numbersOf(u)).toEqual([[3], [4]]);
  });
});

describe("scaling by constants and schedules", () => {
  it("scale multiplies by s", () => {
    const t = scale(-0.5);
    expect(numbersOf(t.update(vec([2, -4]), t.init(vec([0, 0])))[0])).toEqual([[-1, 2]]);
  });

  it("scaleBySchedule multiplies step t's gradient by s(t), t = 0, 1, 2, …", () => {
    const s = piecewiseConstantSchedule(1, [[2, 0.5]]);
    const run = trajectory(scaleBySchedule(s), vec([0]), [vec([4]), vec([4]), vec([4]), vec([4])]);
    expect(run.updates.map((u) => numbersOf(u)[0]?.[0])).toEqual([4, 4, 2, 2]);
  });

  it("scaleByLearningRate steps by −η·g, or −η(t)·g for a schedule", () => {
    const constant = trajectory(scaleByLearningRate(0.25), vec([0]), [vec([4]), vec([-8])]);
    expect(constant.updates.map((u) => numbersOf(u)[0]?.[0])).toEqual([-1, 2]);
    const scheduled = trajectory(scaleByLearningRate(piecewiseConstantSchedule(0.25, [[1, 2]])), vec([0]), [vec([4]), vec([4])]);
    expect(scheduled.updates.map((u) => numbersOf(u)[0]?.[0])).toEqual([-1, -2]);
  });

  it("works in float32 too, keeping the dtype", () => {
    const t = sgd(0.5);
    const g = fromArray([1, -2], [2], "float32");
    const [u] = t.update(g, t.init(g));
    expect(u.dtype).toBe("float32");
    expect(numbersOf(u)).toEqual([[-0.5, 1]]);
  });
});

describe("multiSteps", () => {
  const grads = [[1, 2], [3, -2], [5, 6], [-1, 0], [2, 2], [2, 4]].map(vec);

  it("emits the inner update of the mean of every k gradients, and zeros in between", () => {
    const opt = multiSteps(sgd(0.5), 3);
    const p = vec([0, 0]);
    let state = opt.init(p);
    const seen = [];
    for (const g of grads) {
      const [u, next] = opt.update(g, state, p);
      seen.push({ update: numbersOf(u)[0], miniStep: next.miniStep.item(), gradientStep: next.gradientStep.item(), inner: next.inner });
      if (next.miniStep.item() !== 0) expect(identicalTrees(next.inner, state.inner)).toBe(true);
      state = next;
    }
    expect(seen.map((s) => s.update)).toEqual([
      [0, 0], [0, 0], [-1.5, -1], // mean of the first three = (3, 2)
      [0, 0], [0, 0], [-0.5, -1], // mean of the next three = (1, 2)
    ]);
    expect(seen.map((s) => s.miniStep)).toEqual([1, 2, 0, 1, 2, 0]);
    expect(seen.map((s) => s.gradientStep)).toEqual([0, 0, 1, 1, 1, 2]);
  });

  it("sums instead of averaging with useGradMean: false", () => {
    const run = trajectory(multiSteps(sgd(0.5), 3, { useGradMean: false }), vec([0, 0]), grads);
    expect(numbersOf(run.updates[2])).toEqual([[-4.5, -3]]); // sum of the first three = (9, 6)
    expect(numbersOf(run.updates[5])).toEqual([[-1.5, -3]]); // the sum starts again: (3, 6)
  });

  it("equals the inner optimizer run on the means", () => {
    const accumulated = trajectory(multiSteps(adam(0.1), 2), vec([0, 0]), grads);
    const means = [[2, 0], [2, 3], [2, 3]].map(vec);
    const direct = trajectory(adam(0.1), vec([0, 0]), means);
    [1, 3, 5].forEach((i, j) => expectCloseLeaves(numbersOf(accumulated.updates[i]), numbersOf(direct.updates[j]), 1e-12));
  });

  it("with k = 1 is the inner optimizer itself", () => {
    const once = trajectory(multiSteps(adam(0.1), 1), vec([0, 0]), grads);
    const direct = trajectory(adam(0.1), vec([0, 0]), grads);
    once.updates.forEach((u, i) => expect(identicalTrees(u, direct.updates[i])).toBe(true));
  });
});

describe("the step count", () => {
  it("counts in int32 and stops at 2³¹ − 1 instead of wrapping to a negative step", () => {
    expect(incrementCount(scalar(41, "int32")).item()).toBe(42);
    expect(incrementCount(scalar(2 ** 31 - 2, "int32")).item()).toBe(2 ** 31 - 1);
    expect(incrementCount(scalar(2 ** 31 - 1, "int32")).item()).toBe(2 ** 31 - 1);
  });
});
