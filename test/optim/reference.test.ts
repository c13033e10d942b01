// Every named optimizer agrees, step by step, with an independent plain-number implementation of
// its formulas, on random float64 trees, random gradients and random hyperparameters.

import fc from "fast-check";
import { describe, it } from "vitest";
import {
  adagrad, adam, adamw, applyUpdates, exponentialDecay, lion, momentum, rmsprop, sgd,
  type GradientTransformation, type StateFamily,
} from "../../src/optim/index.js";
import { expectCloseLeaves, instantiate, numbersOf, problemArb } from "./helpers.js";
import {
  adagradReference, adamReference, lionReference, momentumReference, rmspropReference, sgdReference, type Step,
} from "./reference.js";

const STEPS = 4;
const lr = fc.double({ min: 1e-3, max: 0.5, noNaN: true });
const beta = fc.double({ min: 0, max: 0.99, noNaN: true });
const eps = fc.double({ min: 1e-8, max: 1e-3, noNaN: true });
const decay = fc.double({ min: 0, max: 0.1, noNaN: true });

interface Case {
  readonly optimizer: GradientTransformation<StateFamily>;
  readonly reference: Step;
}

/** Runs the optimizer and the reference side by side and compares the parameters after every step. */
function agrees({ optimizer, reference }: Case, problem: { template: Parameters<typeof instantiate>[0]; params: number[][]; grads: number[][][] }): void {
  let params: unknown = instantiate(problem.template, problem.params);
  let state = optimizer.init(params);
  let expected: number[][] = problem.params;
  problem.grads.forEach((g, step) => {
    const [updates, next] = optimizer.update(instantiate(problem.template, g), state, params);
    params = applyUpdates(params, updates);
    state = next;
    expected = reference(expected, g);
    try {
      expectCloseLeaves(numbersOf(params), expected, 1e-12, 1e-15);
    } catch (e) {
      throw new Error(`after step ${step + 1}: ${String(e)}`);
    }
  });
}

const problem = problemArb(STEPS, "moderate");
const check = (cases: fc.Arbitrary<Case>) => fc.assert(fc.property(cases, problem, agrees), { numRuns: 40 });

describe("agreement with the formulas, step by step, on random trees (float64)", () => {
  it("sgd: θ ← θ − η g", () => check(lr.map((l) => ({ optimizer: sgd(l), reference: sgdReference(l) }))));

  it("sgd with momentum and momentum: v ← β v + g, θ ← θ − η v (Nesterov: θ ← θ − η (g + β v))", () => {
    check(fc.tuple(lr, beta, fc.boolean()).map(([l, b, nesterov]) => ({ optimizer: sgd(l, { momentum: b, nesterov }), reference: momentumReference(l, b, nesterov) })));
    check(fc.tuple(lr, beta).map(([l, b]) => ({ optimizer: momentum(l, { beta: b }), reference: momentumReference(l, b, false) })));
  });

  it("adam: m, v, bias correction, θ ← θ − η m̂/(√v̂ + ε)", () =>
    check(fc.tuple(lr, beta, beta, eps).map(([l, b1, b2, e]) => ({ optimizer: adam(l, { b1, b2, eps: e }), reference: adamReference(l, b1, b2, e) }))));

  it("adamw: θ ← θ − η (m̂/(√v̂ + ε) + λθ)", () =>
    check(fc.tuple(lr, beta, beta, eps, decay).map(([l, b1, b2, e, wd]) =>
      ({ optimizer: adamw(l, { b1, b2, eps: e, weightDecay: wd }), reference: adamReference(l, b1, b2, e, wd) }))));

  it("rmsprop: v ← ρ v + (1 − ρ) g², θ ← θ − η g/√(v + ε)", () =>
    check(fc.tuple(lr, beta, eps).map(([l, d, e]) => ({ optimizer: rmsprop(l, { decay: d, eps: e }), reference: rmspropReference(l, d, e) }))));

  it("adagrad: s ← s + g², θ ← θ − η g/√(s + ε)", () =>
    check(fc.tuple(lr, fc.double({ min: 0, max: 1, noNaN: true }), eps).map(([l, s0, e]) =>
      ({ optimizer: adagrad(l, { initialAccumulatorValue: s0, eps: e }), reference: adagradReference(l, s0, e) }))));

  it("lion: θ ← θ − η (sign(β₁ m + (1 − β₁) g) + λθ), m ← β₂ m + (1 − β₂) g", () =>
    check(fc.tuple(lr, beta, beta, decay).map(([l, b1, b2, wd]) =>
      ({ optimizer: lion(l, { b1, b2, weightDecay: wd }), reference: lionReference(l, b1, b2, wd) }))));

  it("a scheduled learning rate η(t) = η₀ rᵗ is read at t = 0, 1, 2, … (adam)", () =>
    check(fc.tuple(lr, fc.double({ min: 0.5, max: 1, noNaN: true })).map(([l, r]) => {
      const fixed = adamReference(1, 0.9, 0.999, 1e-8);
      let t = 0;
      // The reference with η = 1 gives θ − u; scale its step by η₀ rᵗ.
      const reference: Step = (params, grads) => {
        const unit = fixed(params, grads);
        const rate = l * r ** t++;
        return params.map((leaf, i) => leaf.map((x, j) => x + rate * ((unit[i]?.[j] ?? Number.NaN) - x)));
      };
      return { optimizer: adam(exponentialDecay({ initValue: l, transitionSteps: 1, decayRate: r })), reference };
    })));
});
