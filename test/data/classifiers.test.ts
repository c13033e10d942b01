// The measuring instruments of glyphs.test.ts and glyph-learnability.ts: the hand-written losses
// and gradients of classifiers.ts must equal what the library's valueAndGrad computes for the
// same models written with tensor ops.

import { describe, expect, it } from "vitest";
import { valueAndGrad } from "../../src/ad/api.js";
import { add, logsumexp, matmul, mean, mul, oneHot, relu, sub, sum } from "../../src/ops/index.js";
import { normalArray } from "../../src/random/continuous.js";
import { key } from "../../src/random/key.js";
import { fromArray, type Tensor } from "../../src/tensor/index.js";
import { mlp, softmaxRegression, type Examples } from "./classifiers.js";

const [n, d, hidden, classes] = [6, 5, 4, 3];
const data: Examples = {
  x: normalArray(key(1), n * d, "float32"),
  y: Int32Array.from([0, 2, 1, 1, 0, 2]),
  n,
  d,
};
const x = fromArray(data.x, [n, d]);
const onehot = oneHot(fromArray(data.y, [n], "int32"), classes);

/** Mean cross-entropy of logits z [n, classes]: mean(logsumexp(z) − Σ z ⊙ onehot). */
const crossEntropy = (z: Tensor<[number, number]>): Tensor<[]> => mean(sub(logsumexp(z, 1), sum(mul(z, onehot), 1)));

const expectClose = (got: ArrayLike<number>, want: ArrayLike<number>): void => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i] ?? Number.NaN, 5);
};

describe("hand-written gradients agree with valueAndGrad", () => {
  const idx = [0, 1, 2, 3, 4, 5];

  it("softmax regression", () => {
    const model = softmaxRegression(d, classes);
    // Start away from zero so every term matters.
    model.params.forEach((p, q) => p.set(normalArray(key(10 + q), p.length, "float32")));
    const [W, b] = model.params.map((p) => p.slice());
    const f = (p: { W: Tensor<[number, number]>; b: Tensor<[number]> }) => crossEntropy(add(matmul(x, p.W), p.b));
    const [loss, grads] = valueAndGrad(f)({ W: fromArray(W ?? [], [d, classes]), b: fromArray(b ?? [], [classes]) });
    const mine = model.lossAndGrad(data, idx);
    expect(mine.loss).toBeCloseTo(loss.item(), 5);
    expectClose(mine.grads[0] ?? [], grads.W.toArray());
    expectClose(mine.grads[1] ?? [], grads.b.toArray());
  });

  it("MLP with a ReLU hidden layer", () => {
    const model = mlp(key(2), d, hidden, classes);
    model.params[1]?.set(normalArray(key(20), hidden, "float32", 0, 0.5));
    model.params[3]?.set(normalArray(key(21), classes, "float32"));
    const [W1, b1, W2, b2] = model.params.map((p) => p.slice());
    type P = { W1: Tensor<[number, number]>; b1: Tensor<[number]>; W2: Tensor<[number, number]>; b2: Tensor<[number]> };
    const f = (p: P) => crossEntropy(add(matmul(relu(add(matmul(x, p.W1), p.b1)), p.W2), p.b2));
    const [loss, grads] = valueAndGrad(f)({
      W1: fromArray(W1 ?? [], [d, hidden]),
      b1: fromArray(b1 ?? [], [hidden]),
      W2: fromArray(W2 ?? [], [hidden, classes]),
      b2: fromArray(b2 ?? [], [classes]),
    });
    const mine = model.lossAndGrad(data, idx);
    expect(mine.loss).toBeCloseTo(loss.item(), 5);
    expectClose(mine.grads[0] ?? [], grads.W1.toArray());
    expectClose(mine.grads[1] ?? [], grads.b1.toArray());
    expectClose(mine.grads[2] ?? [], grads.W2.toArray());
    expectClose(mine.grads[3] ?? [], grads.b2.toArray());
  });
});
