// What init builds — every per-parameter statistic mirrors the parameters' tree, shapes and
// dtypes, with its documented initial value — and that neither init nor update touches its
// arguments (the trees are deep-frozen, so a write would throw; the values are compared too).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { adagrad, adam, adamw, lion, momentum, multiSteps, rmsprop, sgd, type GradientTransformation, type StateFamily } from "../../src/optim/index.js";
import { fromArray, scalar } from "../../src/tensor/index.js";
import { assertSameStructure, leaves } from "../../src/tree/index.js";
import { deepFreeze, identicalTrees, instantiate, numbersOf, problemArb } from "./helpers.js";

const params = deepFreeze({
  dense: { w: fromArray([1, 2, 3, 4, 5, 6], [2, 3], "float64"), b: fromArray([0, 1, 2], [3]) },
  layers: [scalar(2, "float64"), { k: fromArray([7], [1]) }],
});

/** Every leaf of `tree` equals `value`, and `tree` has the parameters' structure, shapes and dtypes. */
function mirrorsParams(tree: unknown, value: number): void {
  assertSameStructure("state", params, tree);
  leaves(tree).forEach((x) => {
    const stored = x.dtype === "float32" ? Math.fround(value) : value;
    expect(Array.from(x.toArray()).every((v) => v === stored)).toBe(true);
  });
}

const zeroCount = (c: { readonly dtype: string; readonly shape: readonly number[]; item(): number | boolean }): void => {
  expect([c.dtype, c.shape.length, c.item()]).toEqual(["int32", 0, 0]);
};

describe("init", () => {
  it("builds per-parameter statistics that mirror the params, float32 and float64 leaves alike", () => {
    mirrorsParams(sgd(0.1, { momentum: 0.9 }).init(params)[0].trace, 0);
    mirrorsParams(momentum(0.1).init(params)[0].trace, 0);
    const [adamState, lrState] = adam(0.1).init(params);
    mirrorsParams(adamState.mu, 0);
    mirrorsParams(adamState.nu, 0);
    zeroCount(adamState.count);
    zeroCount(lrState.count);
    mirrorsParams(adamw(0.1).init(params)[0].mu, 0);
    mirrorsParams(rmsprop(0.1, { initialScale: 0.5 }).init(params)[0].nu, 0.5);
    mirrorsParams(adagrad(0.1).init(params)[0].sumOfSquares, 0.1);
    mirrorsParams(lion(0.1).init(params)[0].mu, 0);
    const accumulated = multiSteps(adam(0.1), 4).init(params);
    mirrorsParams(accumulated.acc, 0);
    mirrorsParams(accumulated.inner[0].nu, 0);
    zeroCount(accumulated.miniStep);
  });

  it("keeps nothing for plain sgd but the step count", () => {
    const [identityState, lrState] = sgd(0.1).init(params);
    expect(identityState).toEqual({});
    zeroCount(lrState.count);
  });
});

describe("purity", () => {
  const all: readonly GradientTransformation<StateFamily>[] = [
    sgd(0.1), sgd(0.1, { momentum: 0.9, nesterov: true }), momentum(0.1), adam(0.1), adamw(0.1), rmsprop(0.1), adagrad(0.1), lion(0.1),
    multiSteps(adam(0.1), 2),
  ];

  it("init and update neither write to their (frozen) arguments nor change their values", () => {
    fc.assert(fc.property(problemArb(2), fc.constantFrom(...all), ({ template, params: p, grads }, opt) => {
      const theta = deepFreeze(instantiate(template, p));
      const before = numbersOf(theta);
      const state = deepFreeze(opt.init(theta));
      const stateBefore = numbersOf(state);
      const g = deepFreeze(instantiate(template, grads[0] ?? []));
      const [u1, s1] = opt.update(g, state, theta);
      const [u2, s2] = opt.update(g, state, theta);
      expect(numbersOf(theta)).toEqual(before);
      expect(numbersOf(state)).toEqual(stateBefore);
      expect(numbersOf(g)).toEqual(grads[0]);
      expect(identicalTrees(u1, u2) && identicalTrees(s1, s2)).toBe(true);
    }), { numRuns: 40 });
  });

  it("the same inputs give identical states from init", () => {
    expect(identicalTrees(adam(0.1).init(params), adam(0.1).init(params))).toBe(true);
  });
});
