// jit: trace a whole training step once, then run the compiled program.
//
// Called eagerly, a training step re-does its bookkeeping every time: `valueAndGrad` traces the
// loss to a program, linearizes it and transposes it (the backward pass) before any number is
// computed, and each op is dispatched on its own. `jit(step)` traces the step — forward pass,
// backward pass and optimizer update together — once per input signature (shapes, dtypes, tree
// structure), hands the resulting Program to a backend to compile, and from then on only runs
// it. The result is the same function: same inputs, same outputs.
//
// Part 1 prints the program jit compiles for a tiny softmax-regression step, so the whole
// pipeline is visible in one listing. Part 2 times a 784-128-10 MLP step with Adam, eagerly and
// compiled, and checks that both give the same parameters. Part 3 compiles a step with dropout,
// a new key per call and donated parameters. How much faster the compiled step
// is depends on the backend jit uses: the WebAssembly one when it is available, else the
// reference interpreter (which saves only the per-call tracing).
//
// Run: npx tsx examples/jit.ts        (TYGRAD_SHORT=1 for a tiny run)

import {
  add, applyUpdates, data, DonatedTensorError, fold, fromArray, jit, key, matmul, nn, optim, printProgram, tree, valueAndGrad,
  type Key, type Tensor,
} from "../src/index.js";
import { choose } from "./support/run.js";

// Part 1: softmax regression, 4 features → 3 classes, a batch of 2, one step of gradient descent:
//   z = x W + b,   L = mean −log softmax(z)_y,   (W, b) ← (W, b) − η ∇L.
type Small = { readonly w: Tensor<[4, 3]>; readonly b: Tensor<[3]> };
const sgd = optim.sgd(0.1);
const smallStep = (p: Small, s: ReturnType<typeof sgd.init<Small>>, x: Tensor<[2, 4]>, y: Tensor<[2], "int32">) => {
  const [loss, gradient] = valueAndGrad((q: Small) => nn.sparseSoftmaxCrossEntropy(add(matmul(x, q.w), q.b), y))(p);
  const [updates, state] = sgd.update(gradient, s);
  return { loss, params: applyUpdates(p, updates), state };
};
const small: Small = { w: fromArray(Array.from({ length: 12 }, (_, i) => Math.sin(i) / 2), [4, 3]), b: fromArray([0, 0, 0], [3]) };
const xs = fromArray([1, 0, -1, 0.5, 0, 2, 1, -1], [2, 4]);
const ys = fromArray([2, 0], [2], "int32");
const compiledSmall = jit(smallStep);
// The inputs are the leaves of the arguments in order (a record's leaves by key: b, then W),
// and so are the outputs: the loss, the new b and W, the new step count.
console.log("The program of one training step. Inputs: b, W, the optimizer's step count, x, y;");
console.log("outputs: the loss, the new b and W, the new step count.\n");
console.log(printProgram(compiledSmall.program(small, sgd.init(small), xs, ys)));

// Part 2: the 784-128-10 MLP with Adam on a batch of 64 digit images.
const mlp = nn.sequential(nn.dense(784, 128), nn.activation(nn.relu, "relu"), nn.dense(128, 10));
type Params = nn.ParamsOf<typeof mlp>;
const adam = optim.adam(1e-3);
type AdamState = ReturnType<typeof adam.init<Params>>;
const step = (p: Params, s: AdamState, x: Tensor<[number, 784]>, y: Tensor<[number], "int32">) => {
  const [loss, gradient] = valueAndGrad((q: Params) => nn.sparseSoftmaxCrossEntropy(mlp.apply(q, x), y))(p);
  const [updates, state] = adam.update(gradient, s);
  return { loss, params: applyUpdates(p, updates), state };
};
const compiled = jit(step);

const batch = data.flattenFeatures(data.glyphDigits(key(1), { n: 64 }));
const start = mlp.init(key(2));
const steps = choose(20, 3);

/** Runs `steps` steps; returns the final parameters and each step's wall-clock time in ms. */
function run(f: typeof step) {
  let params = start;
  let state = adam.init(start);
  const times: number[] = [];
  for (let t = 0; t < steps; t++) {
    const began = performance.now();
    const out = f(params, state, batch.features, batch.labels);
    out.loss.item(); // wait for the value: the step is only done when its outputs exist
    times.push(performance.now() - began);
    ({ params, state } = out);
  }
  return { params, times };
}
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const eager = run(step);
const jitted = run(compiled);
// The first compiled call traces and compiles; the others only run.
const [first = NaN, ...rest] = jitted.times;
const largest = Math.max(...tree.zip(eager.params, jitted.params).map(([a, b]) => {
  const [u, v] = [Array.from(a.toArray()), Array.from(b.toArray())];
  return u.reduce((m, ui, i) => Math.max(m, Math.abs(ui - (v[i] ?? NaN))), 0);
}));

console.log(`\n784-128-10 MLP, Adam, batch 64, ${steps} steps:`);
console.log(`  eager:     median ${median(eager.times).toFixed(1)} ms per step`);
console.log(`  jit:       first call ${first.toFixed(1)} ms (trace + compile + run), then median ${median(rest).toFixed(1)} ms per step`);
console.log(`  parameters after ${steps} steps differ by at most ${largest.toExponential(2)}`);

// Part 3: dropout, a fresh key per step, and donation. Keys are data to jit, so the steps below
// share one compiled program although each draws its own dropout mask; `donate: [0, 1]` lets
// each call write the new parameters and Adam state into the arrays of the ones it was given,
// so the loop allocates no result arrays. A donated tensor is retired: reading it throws.
const dropped = nn.sequential(nn.dense(784, 128), nn.activation(nn.relu, "relu"), nn.dropout(0.5), nn.dense(128, 10));
type DropParams = nn.ParamsOf<typeof dropped>; // [dense, relu (none), dropout (none), dense]
const dropStep = (p: DropParams, s: ReturnType<typeof adam.init<DropParams>>, x: Tensor<[number, 784]>, y: Tensor<[number], "int32">, k: Key) => {
  const [loss, gradient] = valueAndGrad((q: DropParams) => nn.sparseSoftmaxCrossEntropy(dropped.apply(q, x, { train: true, key: k }), y))(p);
  const [updates, state] = adam.update(gradient, s);
  return { loss, params: applyUpdates(p, updates), state };
};
const donating = jit(dropStep, { donate: [0, 1] });
let params = dropped.init(key(2));
let state = adam.init(params);
const firstParams = params;
const losses: number[] = [];
for (let t = 0; t < steps; t++) {
  const out = donating(params, state, batch.features, batch.labels, fold(key(3), t));
  losses.push(out.loss.item());
  ({ params, state } = out);
}
let retired = "";
try {
  firstParams[0].w.toArray();
} catch (e) {
  retired = e instanceof DonatedTensorError ? e.message : String(e);
}
console.log(`\nWith dropout 0.5, a new key each step and donate: [0, 1]:`);
console.log(`  ${steps} steps, ${donating.stats().compilations} compilation; loss ${losses[0]?.toFixed(3)} → ${losses.at(-1)?.toFixed(3)}`);
console.log(`  reading the first step's parameters: ${retired}`);
