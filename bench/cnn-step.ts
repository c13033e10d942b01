// A convolutional training step, compiled and eager: the CLI's `--model cnn` (28×28×1 → conv 3×3,
// 8 → relu → max pool 2 → conv 3×3, 16 → relu → max pool 2 → dense 400 → 10), softmax
// cross-entropy and Adam on a batch of 64 images, with the WebAssembly backend the package entry
// point installs. Convolutions and pooling are compositions of slices, pads, concatenations and
// matmuls, so this is the row that shows whether strided copies stay on the device.
//
// Run: npx tsx bench/cnn-step.ts

import { applyUpdates, fromArray, jit, key, nn, optim, random, valueAndGrad, wasmBackend, type Tensor } from "../src/index.js";
import { conv2d, dense, flatten, maxPool2d, sequential, activation, relu } from "../src/nn/index.js";

const model = sequential(
  conv2d(1, 8, 3), activation(relu, "relu"), maxPool2d(2),
  conv2d(8, 16, 3), activation(relu, "relu"), maxPool2d(2),
  flatten(), dense(400, 10),
);
type Params = nn.ParamsOf<typeof model>;
const adam = optim.adam(1e-3);
type State = optim.StateFor<typeof adam, Params>;

const step = (p: Params, s: State, x: Tensor<[64, 28, 28, 1]>, y: Tensor<[64], "int32">) => {
  const [loss, grads] = valueAndGrad((q: Params) => nn.sparseSoftmaxCrossEntropy(model.apply(q, x), y))(p);
  const [updates, next] = adam.update(grads, s);
  return { loss, params: applyUpdates(p, updates), state: next };
};

const x = random.uniform(key(1), [64, 28, 28, 1]);
const y = fromArray(Array.from({ length: 64 }, (_, i) => i % 10), [64], "int32");
const init = model.init(key(2));

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Median ms per step over `reps` steps after one warm-up step, feeding each step's output to the next. */
const time = (f: typeof step, reps: number): number => {
  let out = f(init, adam.init(init), x, y);
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    out = f(out.params, out.state, x, y);
    out.loss.item();
    samples.push(performance.now() - t0);
  }
  return median(samples);
};

const compiled = jit(step, { donate: [0, 1] });
const stats = wasmBackend.compile(compiled.program(init, adam.init(init), x, y)).stats;
const eagerMs = time(step, 5);
const jitMs = time(compiled, 30); // last: its first call consumes (donates) the initial parameters
console.log(`CNN training step, batch 64: jit ${jitMs.toFixed(2)} ms, eager ${eagerMs.toFixed(1)} ms (${(eagerMs / jitMs).toFixed(1)}×)`);
console.log(`compiled steps: ${JSON.stringify(stats.steps)}; fallbacks: ${stats.fallbacks.join(", ") || "none"}`);
