// A whole training step — loss, gradient, optimizer update, applying the updates — traces to a
// Program and runs compiled with the same results as eagerly. Tracing would fail with a
// ConcretizationError if update read a number out of a tensor, so this checks that optimizers,
// schedules and step counts are built from tensor ops only.

import { describe, expect, it } from "vitest";
import { valueAndGrad } from "../../src/ad/index.js";
import { jit, referenceBackend } from "../../src/backend/jit/index.js";
import { add, matmul, mean, square, sub } from "../../src/ops/index.js";
import {
  adagrad, adam, adamw, applyUpdates, chain, clipByGlobalNorm, cosineDecay, lion, momentum, multiSteps, rmsprop, sgd,
  warmupCosineDecay, type GradientTransformation, type StateFamily,
} from "../../src/optim/index.js";
import { fromArray, type FloatDType, type Tensor } from "../../src/tensor/index.js";
import { identicalTrees } from "./helpers.js";

interface Params {
  readonly w: Tensor<[3, 2], "float64">;
  readonly b: Tensor<[2], "float64">;
}
const params: Params = {
  w: fromArray([0.1, -0.2, 0.3, 0.05, -0.4, 0.2], [3, 2], "float64"),
  b: fromArray([0, 0.1], [2], "float64"),
};
const x = fromArray([1, 2, -1, 0.5, 0, 1, -2, 1, 3, 1, -1, 0], [4, 3], "float64");
const y = fromArray([1, 0, 0, 1, 1, 1, -1, 0], [4, 2], "float64");

const loss = (p: Params): Tensor<[], "float64"> => mean(square(sub(add(matmul(x, p.w), p.b), y)));
const lossAndGrad = valueAndGrad(loss);

const optimizers: readonly (readonly [string, GradientTransformation<StateFamily>])[] = [
  ["sgd", sgd(0.1)],
  ["sgd with Nesterov momentum", sgd(0.1, { momentum: 0.9, nesterov: true })],
  ["momentum", momentum(0.1)],
  ["adam with a warmup-cosine schedule", adam(warmupCosineDecay({ initValue: 0, peakValue: 0.1, warmupSteps: 2, decaySteps: 10 }))],
  ["adamw", adamw(0.05)],
  ["rmsprop", rmsprop(0.01)],
  ["adagrad", adagrad(cosineDecay({ initValue: 0.5, decaySteps: 5 }))],
  ["lion", lion(0.01)],
  ["clipped adam", chain(clipByGlobalNorm(0.5), adam(0.05))],
  ["adam accumulated over 2 steps", multiSteps(adam(0.05), 2)],
];

describe("a traced training step", () => {
  it.each(optimizers)("%s: compiled steps give the same parameters, state and loss as eager ones", (_, opt) => {
    const step = (p: Params, state: unknown): readonly [Params, unknown, Tensor<[], FloatDType>] => {
      const [value, g] = lossAndGrad(p);
      const [updates, next] = opt.update(g, state, p);
      return [applyUpdates(p, updates), next, value];
    };
    const compiled = jit(step, { backend: referenceBackend });
    let [eagerParams, eagerState] = [params, opt.init(params)];
    let [jitParams, jitState] = [params, opt.init(params)];
    for (let i = 0; i < 4; i++) {
      const eager = step(eagerParams, eagerState);
      const traced = compiled(jitParams, jitState);
      expect(identicalTrees(traced, eager)).toBe(true);
      [eagerParams, eagerState] = [eager[0], eager[1]];
      [jitParams, jitState] = [traced[0], traced[1]];
    }
    // One signature: the state (step count included) keeps its shapes, so the program is reused.
    expect(compiled.stats().compilations).toBe(1);
    expect(compiled.stats().cacheHits).toBe(3);
  });

  it("the loss decreases over the compiled steps (adam)", () => {
    const opt = adam(0.05);
    let [p, s] = [params, opt.init(params)];
    const compiled = jit((current: Params, state: typeof s) => {
      const [updates, next] = opt.update(lossAndGrad(current)[1], state, current);
      return [applyUpdates(current, updates), next] as const;
    }, { backend: referenceBackend });
    const before = loss(p).item();
    for (let i = 0; i < 20; i++) [p, s] = compiled(p, s);
    expect(loss(p).item()).toBeLessThan(before / 2);
  });
});
