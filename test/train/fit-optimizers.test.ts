// fit with every optimizer optim builds, passed as it is: with batchSize = N each epoch is one
// full-batch step, so two epochs of fit must equal two steps written out by hand — the gradient of
// the loss over all the data, `optimizer.update(grads, state, params)`, `applyUpdates` — which
// checks that fit threads the parameters, the optimizer state and (for weight decay) the
// parameters into update exactly as the optimizer's own interface says.
import { describe, expect, it } from "vitest";
import { grad } from "../../src/ad/api.js";
import { add, matmul, mean, square, sub } from "../../src/ops/index.js";
import * as optim from "../../src/optim/index.js";
import { key, normalArray } from "../../src/random/index.js";
import { fromArray, zeros, type Tensor } from "../../src/tensor/index.js";
import { fit, type Model, type Optimizer } from "../../src/train/index.js";
import { snapshot } from "./support.js";

type P = { readonly w: Tensor<[3, 1], "float64">; readonly b: Tensor<[1], "float64"> };
type X = Tensor<[number, 3], "float64">;
type Y = Tensor<[number, 1], "float64">;
const start: P = { w: fromArray([0.5, -0.25, 1], [3, 1], "float64"), b: zeros([1], "float64") };
const linear: Model<P, null, X, Y> = { init: () => ({ params: start, state: null }), apply: (p, state, x) => ({ output: add(matmul(x, p.w), p.b), state }) };
const mse = (y: Y, t: Y) => mean(square(sub(y, t)));

const n = 24;
const xs = fromArray(normalArray(key(1), n * 3, "float64"), [n, 3], "float64");
const ys = fromArray(normalArray(key(2), n, "float64"), [n, 1], "float64");

/** Two full-batch steps by hand. */
function byHand(optimizer: Optimizer): P {
  const g = grad((p: P) => mse(add(matmul(xs, p.w), p.b), ys));
  let params = start;
  let state: unknown = optimizer.init(params);
  for (let step = 0; step < 2; step++) {
    const [updates, next] = optimizer.update<unknown>(g(params), state, params);
    params = optim.applyUpdates(params, updates as P); // the updates of an update on P's gradients
    state = next;
  }
  return params;
}

const schedule = optim.warmupCosineDecay({ initValue: 0, peakValue: 0.1, warmupSteps: 1, decaySteps: 10 });
const optimizers: readonly (readonly [string, () => Optimizer])[] = [
  ["sgd", () => optim.sgd(0.1)],
  ["sgd with Nesterov momentum", () => optim.sgd(0.1, { momentum: 0.9, nesterov: true })],
  ["momentum", () => optim.momentum(0.1)],
  ["adam", () => optim.adam(0.1)],
  ["adamw (reads the params)", () => optim.adamw(0.1, { weightDecay: 0.5 })],
  ["rmsprop", () => optim.rmsprop(0.1)],
  ["adagrad", () => optim.adagrad(0.1)],
  ["lion", () => optim.lion(0.1)],
  ["chain(clipByGlobalNorm(1), adamw(schedule))", () => optim.chain(optim.clipByGlobalNorm(1), optim.adamw(schedule, { weightDecay: 0.1 }))],
  ["multiSteps(adam, 2)", () => optim.multiSteps(optim.adam(0.1), 2)],
];

describe("fit takes every optim optimizer as it is", () => {
  it.each(optimizers)("%s: two one-step epochs equal two steps by hand", async (_name, make) => {
    const r = await fit({ model: linear, loss: mse, optimizer: make(), data: { features: xs, labels: ys }, epochs: 2, batchSize: n, key: key(0) });
    const want = snapshot(byHand(make()));
    const got = snapshot(r.params);
    // The batch is the data in a shuffled order, so the mean sums in another order: equal up to rounding.
    for (const [path, values] of Object.entries(want)) {
      values.forEach((v, i) => expect(got[path]?.[i]).toBeCloseTo(v, 12));
    }
    expect(got).not.toEqual(snapshot(start));
  });
});
