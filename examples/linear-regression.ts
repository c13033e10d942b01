// Linear regression by gradient descent: batch, stochastic and mini-batch, side by side.
//
// The data: y = x·w* + b* + ε with x ~ N(0, I₃), known w* = (2, −1, 0.5), b* = 0.3, ε ~ N(0, 0.1²).
// The model: ŷ = x·w + b, with parameters θ = (w, b). The loss: the mean squared error
//
//   L(θ) = 1/N Σᵢ (ŷᵢ − yᵢ)²,     ∇_w L = 2/N Σᵢ (ŷᵢ − yᵢ) xᵢ,     ∇_b L = 2/N Σᵢ (ŷᵢ − yᵢ).
//
// Gradient descent repeats θ ← θ − η ∇L. The three variants differ only in which examples the
// gradient averages over:
//   batch GD        all N examples: one exact, smooth step per pass over the data;
//   stochastic GD   one example: N cheap, noisy steps per pass;
//   mini-batch GD   B examples (here 16): N/B steps per pass, noise shrinking like 1/√B.
// `fit` is the same loop for all three; only its batchSize changes. Each run gets the same
// learning rate η and the same number of passes (epochs), so each sees every example equally
// often, and the table shows what the number of updates buys.
//
// The least-squares solution of the normal equations (XᵀX) θ = Xᵀy is the exact minimizer of
// L on this data: the best any of the three can do, printed as the oracle.
//
// Run: npx tsx examples/linear-regression.ts        (TYGRAD_SHORT=1 for a tiny run)

import { add, data, fit, fromArray, key, mul, nn, optim, report, scalar, sum, zeros, type Model, type Tensor } from "../src/index.js";
import { choose, table, writePlot } from "./support/run.js";

type X = Tensor<[number, 3]>;
type Y = Tensor<[number], "float32">;
type Params = { readonly w: Tensor<[3]>; readonly b: Tensor<[]> };

const trueWeights = [2, -1, 0.5];
const trueBias = 0.3;
const n = choose(128, 32);
const epochs = choose(25, 3);
const learningRate = 0.05;
const miniBatch = 16;

const { dataset } = data.linearRegression(key(0), { n, features: 3, noise: 0.1, weights: trueWeights, bias: trueBias });
const examples = { features: dataset.features, labels: dataset.labels };

// ŷᵢ = Σⱼ xᵢⱼ wⱼ + b for every row i at once: w broadcasts along the rows, the sum runs over j.
const predict = (p: Params, x: X): Y => add(sum(mul(x, p.w), 1), p.b);

// A model is a pair of pure functions. This one has no state (batch norm would keep some) and
// starts from θ = 0.
const model: Model<Params, null, X, Y> = {
  init: () => ({ params: { w: zeros([3]), b: zeros([]) }, state: null }),
  apply: (p, state, x) => ({ output: predict(p, x), state }),
};
const loss = (predictions: Y, targets: Y) => nn.mse(predictions, targets);

// Plain gradient descent: θ ← θ − η g.
const optimizer = optim.sgd(learningRate);

const variants = [
  { name: "batch GD", batchSize: n },
  { name: "stochastic GD", batchSize: 1 },
  { name: "mini-batch GD", batchSize: miniBatch },
] as const;

async function run(v: (typeof variants)[number]) {
  // fit evaluates `validation` after each epoch; handing it the training set itself makes
  // valLoss the full-data loss L(θ) at the end of the epoch, the number to compare.
  const result = await fit({
    model, loss, optimizer, data: examples, validation: examples, epochs, batchSize: v.batchSize, key: key(1), jit: true,
  });
  const start = loss(predict(model.init(key(1)).params, examples.features), examples.labels).item();
  const curve = [start, ...result.history.map((r) => r.valLoss ?? NaN)];
  return { ...v, params: result.params, curve, updates: epochs * Math.ceil(n / v.batchSize) };
}
const runs = await Promise.all(variants.map(run));

// The exact least-squares fit, from the normal equations (XᵀX) θ = Xᵀy with a column of ones
// in X for the bias, solved by Gauss–Jordan elimination (XᵀX is symmetric positive definite, so
// no pivoting is needed).
function leastSquares(x: Float32Array, y: Float32Array, features: number): number[] {
  const m = features + 1;
  const row = (i: number, j: number) => (j < features ? x[i * features + j] ?? 0 : 1);
  // The augmented matrix [XᵀX | Xᵀy].
  const a = Array.from({ length: m }, (_, j) => {
    const r = Array.from({ length: m + 1 }, () => 0);
    for (let i = 0; i < y.length; i++) {
      for (let k = 0; k < m; k++) r[k] = (r[k] ?? 0) + row(i, j) * row(i, k);
      r[m] = (r[m] ?? 0) + row(i, j) * (y[i] ?? 0);
    }
    return r;
  });
  for (let c = 0; c < m; c++) {
    const pivot = a[c] ?? [];
    for (let r = 0; r < m; r++) {
      const target = a[r] ?? [];
      if (r === c) continue;
      const f = (target[c] ?? 0) / (pivot[c] ?? 1);
      for (let k = c; k <= m; k++) target[k] = (target[k] ?? 0) - f * (pivot[k] ?? 0);
    }
  }
  return a.map((r, c) => (r[m] ?? 0) / (r[c] ?? 1));
}
const exact = leastSquares(examples.features.toArray(), examples.labels.toArray(), 3);
const exactParams: Params = { w: fromArray(exact.slice(0, 3), [3]), b: scalar(exact[3] ?? NaN) };
const exactLoss = loss(predict(exactParams, examples.features), examples.labels).item();

console.log(`Linear regression on ${n} noisy examples, η = ${learningRate}, ${epochs} epochs each; mini-batches of ${miniBatch}.\n`);
console.log("Full-data MSE L(θ) after each epoch (epoch 0: θ = 0):\n");
console.log(table(
  ["epoch", ...runs.map((r) => r.name)],
  Array.from({ length: epochs + 1 }, (_, e) => [String(e), ...runs.map((r) => (r.curve[e] ?? NaN).toPrecision(4))]),
));
console.log(`\nUpdates made: ${runs.map((r) => `${r.name} ${r.updates}`).join(", ")}.`);
console.log(`The exact least-squares fit has L = ${exactLoss.toPrecision(4)}; the noise alone gives about 0.1² = 0.01.\n`);

const fmt = (v: number) => v.toFixed(3);
console.log(table(
  ["parameter", "true", "least squares", ...runs.map((r) => r.name)],
  ["w₁", "w₂", "w₃", "b"].map((name, j) => [
    name,
    fmt(j < 3 ? trueWeights[j] ?? NaN : trueBias),
    fmt(exact[j] ?? NaN),
    ...runs.map((r) => fmt(j < 3 ? r.params.w.toArray()[j] ?? NaN : r.params.b.item())),
  ]),
));

const path = writePlot("linear-regression-loss.svg", report.lineChart({
  title: `MSE per epoch, η = ${learningRate}: batch vs stochastic vs mini-batch`,
  xLabel: "epoch (passes over the data)",
  yLabel: "full-data MSE",
  logY: true,
  width: 760,
  series: [
    ...runs.map((r) => ({ name: `${r.name}: ${r.updates} steps`, points: r.curve.map((l, e) => [e, l] as const) })),
    { name: "least squares (exact)", dashed: true, points: [[0, exactLoss], [epochs, exactLoss]] },
  ],
}));
console.log(`\nWrote ${path}`);
