// A GRU learns the adding problem (Hochreiter & Schmidhuber, 1997), a test of memory over time.
//
// Each sequence has T steps of two inputs: a random value u_t ∈ [0, 1) and a marker m_t that is
// 1 at exactly two random steps and 0 elsewhere. The target is the sum of the two marked values,
//
//   y = Σ_t m_t · u_t,
//
// so the network must notice a marked value when it passes, hold it for up to T steps, and add
// the second one. Always answering 1 (the mean of y) gives a mean squared error of 1/6 ≈ 0.167;
// doing better needs memory. A GRU (nn.gru: the update gate z decides how much of the carry h to
// keep at each step, h' = (1 − z) ⊙ n + z ⊙ h) reads the sequence and a dense layer maps its last
// carry to y. The loop is unrolled: the compiled step holds T copies of the cell.
//
// The learning rate is halved when the validation loss stops falling (reduceLROnPlateau, a scale
// in Adam's chain that the jitted step reads as data), and the epoch table logs it together with
// the fraction of answers within 0.1 of the target (a FitOptions metric).
//
// Run: npx tsx examples/rnn.ts        (TYGRAD_SHORT=1 for a tiny run)

import { abs, cast, fit, fromArray, key, learningRateLogger, less, mean, nn, optim, random, reduceLROnPlateau, report, sub, type Key, type Tensor } from "../src/index.js";
import { choose } from "./support/run.js";

const started = performance.now();
const T = choose(30, 8);
const hidden = 32;

/** n sequences [n, T, 2] of (value, marker) and their targets [n, 1]. */
function addingProblem(k: Key, n: number) {
  const [kv, km] = random.split(k);
  const values = random.uniformArray(kv, n * T, "float32");
  const picks = random.randintArray(km, 2 * n, 0, T);
  const features = new Float32Array(n * T * 2);
  const targets = new Float32Array(n);
  for (let e = 0; e < n; e++) {
    const first = picks[2 * e] ?? 0;
    // A second step different from the first.
    const second = ((picks[2 * e + 1] ?? 0) % (T - 1) + first + 1) % T;
    for (let t = 0; t < T; t++) {
      const u = values[e * T + t] ?? 0;
      const marked = t === first || t === second;
      features[(e * T + t) * 2] = u;
      features[(e * T + t) * 2 + 1] = marked ? 1 : 0;
      if (marked) targets[e] = (targets[e] ?? 0) + u;
    }
  }
  return { features: fromArray(features, [n, T, 2]), labels: fromArray(targets, [n, 1]) };
}

const train = addingProblem(key(1), choose(4000, 256));
const test = addingProblem(key(2), choose(1000, 64));
const network = nn.sequential(nn.gru(2, hidden, { returnSequences: false }), nn.dense(hidden, 1));
type Batch = Tensor<[number, number, 2]>;
type Targets = Tensor<[number, 1]>;
const model = {
  init: (k: Key) => ({ params: network.init(k), state: null }),
  apply: (params: nn.ParamsOf<typeof network>, state: null, x: Batch) => ({ output: network.apply(params, x), state }),
};
const loss = (y: Targets, target: Targets) => nn.mse(y, target);
/** The fraction of answers within 0.1 of the target. */
const within = (y: Targets, target: Targets) => mean(cast(less(abs(sub(y, target)), 0.1), "float32"));

const plateau = reduceLROnPlateau({ factor: 0.5, patience: 2 });
const lr = 1e-2;
const epochs = choose(8, 1);
const table = report.epochTable(["epoch", "loss", "valLoss", "within", "valWithin", "lr", "seconds"]);
console.log(`The adding problem: ${train.features.shape[0]} sequences of ${T} steps; GRU(${hidden}) → dense, Adam, batch 32, jit\n`);
console.log(table.header());
const result = await fit({
  model, loss, optimizer: optim.chain(optim.adam(lr), plateau.transformation),
  data: train, validation: test, epochs, batchSize: 32, key: key(3), jit: true,
  metrics: { within },
  callbacks: [plateau.callback, learningRateLogger(lr)],
  reporter: { epochEnd: (r) => console.log(table.row(r)) },
});

const last = result.history.at(-1);
console.log(`\nHeld-out mean squared error ${last?.valLoss?.toFixed(4)} (always answering 1: ${(1 / 6).toFixed(4)});`);
console.log(`${(100 * (last?.["valWithin"] ?? NaN)).toFixed(1)}% of held-out answers within 0.1 of the target. Total time ${((performance.now() - started) / 1000).toFixed(1)} s.`);
