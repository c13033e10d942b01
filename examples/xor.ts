// XOR: the function no linear model can represent, and the hidden layer that can.
//
//   x₁ x₂ │ y
//    0  0 │ 0
//    0  1 │ 1
//    1  0 │ 1
//    1  1 │ 0
//
// Why no line separates the classes: a linear classifier predicts 1 where w₁x₁ + w₂x₂ + b > 0.
// The rows ask for b < 0, w₂ + b > 0, w₁ + b > 0 and w₁ + w₂ + b < 0. Adding the middle two
// gives w₁ + w₂ + 2b > 0; adding the outer two gives w₁ + w₂ + 2b < 0. No (w, b) does both.
// Trained with the logistic loss, the best linear model is w = 0, b = 0: p = ½ everywhere and a
// loss of ln 2 ≈ 0.6931 — it learns nothing.
//
// A 2-2-1 network, h = tanh(x W₁ + b₁), p = σ(h W₂ + b₂), bends the plane: its two hidden
// units each draw one line (typically one acts like OR and the other like NAND of the inputs),
// and the output unit combines them, "OR and NAND", which is XOR. Two hidden units are just
// enough, and gradient descent does not always find the way: from some random starting points
// it settles in a local minimum that gets two rows right and says ½ on the other two (loss
// ln 2 / 2 ≈ 0.347). A wider 2-8-1 network has many ways to be right and finds one from every
// start we try: over-parameterization makes the loss landscape easier.
//
// Every model is trained by the loop this whole library is about:
//   forward pass → loss → backward pass (grad) → update θ ← θ − η ∇L(θ) → repeat.
//
// Run: npx tsx examples/xor.ts        (TYGRAD_SHORT=1 for a tiny run)

import { applyUpdates, jit, key, nn, optim, tensor, valueAndGrad, type Tensor } from "../src/index.js";
import { choose, table } from "./support/run.js";

const inputs = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
const targets = tensor([[0], [1], [1], [0]]);
const steps = choose(2000, 300);
const seeds = choose(10, 3);
const learningRate = 1;

/**
 * Full-batch gradient descent on the logistic loss of `logits`, from `start`; returns the
 * trained parameters and the loss before each step. The step (forward, backward and update) is
 * compiled once with jit and then reused.
 */
function train<P>(logits: (p: P) => Tensor<[4, 1]>, start: P): { readonly params: P; readonly losses: readonly number[] } {
  // L(θ) = −mean[y log σ(z) + (1 − y) log(1 − σ(z))], computed from the logits z for stability.
  const loss = (p: P) => nn.sigmoidBinaryCrossEntropy(logits(p), targets);
  // Plain gradient descent: its updates are −η ∇L(θ), which applyUpdates adds to θ.
  const sgd = optim.sgd(learningRate);
  const step = jit((p: P, s: ReturnType<typeof sgd.init<P>>) => {
    const [value, gradient] = valueAndGrad(loss)(p);
    const [updates, state] = sgd.update(gradient, s);
    return { value, params: applyUpdates(p, updates), state };
  });
  let params = start;
  let state = sgd.init(start);
  const losses: number[] = [];
  for (let t = 0; t < steps; t++) {
    const out = step(params, state);
    losses.push(out.value.item());
    ({ params, state } = out);
  }
  return { params, losses };
}

const last = (xs: readonly number[]) => xs[xs.length - 1] ?? NaN;
const probabilities = (logits: Tensor<[4, 1]>) => Array.from(nn.sigmoid(logits).toArray());
const targetList = Array.from(targets.toArray());
const allRight = (p: readonly number[]) => p.every((pi, i) => (pi > 0.5 ? 1 : 0) === targetList[i]);

// A linear model: logistic regression, z = x W + b.
const linear = nn.dense(2, 1);
const linearFit = train((p) => linear.apply(p, inputs), linear.init(key(0)));

// The 2-2-1 and 2-8-1 networks, each trained from several random starting points.
const narrow = nn.sequential(nn.dense(2, 2), nn.activation(nn.tanh, "tanh"), nn.dense(2, 1));
const wide = nn.sequential(nn.dense(2, 8), nn.activation(nn.tanh, "tanh"), nn.dense(8, 1));
const narrowFits = Array.from({ length: seeds }, (_, s) => train((p) => narrow.apply(p, inputs), narrow.init(key(s))));
const wideFits = Array.from({ length: seeds }, (_, s) => train((p) => wide.apply(p, inputs), wide.init(key(s))));
const narrowP = narrowFits.map((f) => probabilities(narrow.apply(f.params, inputs)));
const wideP = wideFits.map((f) => probabilities(wide.apply(f.params, inputs)));

console.log(`XOR, ${steps} steps of full-batch gradient descent with η = ${learningRate}, from ${seeds} random starts.\n`);
console.log(table(
  ["start (seed)", "2-2-1 final loss", "2-2-1 all right?", "2-8-1 final loss", "2-8-1 all right?"],
  Array.from({ length: seeds }, (_, s) => [
    String(s),
    last(narrowFits[s]?.losses ?? []).toFixed(4),
    allRight(narrowP[s] ?? []) ? "yes" : "no",
    last(wideFits[s]?.losses ?? []).toFixed(4),
    allRight(wideP[s] ?? []) ? "yes" : "no",
  ]),
));
console.log(`\nThe linear model ends at loss ${last(linearFit.losses).toFixed(4)}; ln 2 = ${Math.LN2.toFixed(4)} is the loss of predicting ½ everywhere.`);
console.log(`ln 2 / 2 = ${(Math.LN2 / 2).toFixed(4)} is the local minimum that answers two rows and says ½ on the others.\n`);

// The truth table of the first 2-2-1 run that solved XOR, with what its hidden units compute.
const solved = narrowP.findIndex(allRight);
const shown = Math.max(solved, 0);
const narrowParams = narrowFits[shown]?.params ?? narrow.init(key(shown));
const hidden = nn.tanh(narrow.layers[0].apply(narrowParams[0], inputs)).toNested();
const linearP = probabilities(linear.apply(linearFit.params, inputs));
const rows = inputs.toNested();
console.log(`Predictions p(y = 1) (2-2-1 and 2-8-1 from seed ${shown}):\n`);
console.log(table(
  ["x₁", "x₂", "y", "linear", "2-2-1", "hidden h₁", "hidden h₂", "2-8-1"],
  rows.map(([x1, x2], i) => [
    String(x1), String(x2), String(targetList[i]),
    (linearP[i] ?? NaN).toFixed(3),
    (narrowP[shown]?.[i] ?? NaN).toFixed(3),
    (hidden[i]?.[0] ?? NaN).toFixed(2),
    (hidden[i]?.[1] ?? NaN).toFixed(2),
    (wideP[shown]?.[i] ?? NaN).toFixed(3),
  ]),
));
console.log(`\n2-2-1 solved XOR from ${narrowP.filter(allRight).length} of ${seeds} starts, 2-8-1 from ${wideP.filter(allRight).length} of ${seeds}; the linear model never can.`);
