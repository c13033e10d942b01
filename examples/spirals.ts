// Three interleaved spirals: a classifier whose decision boundary must curl.
//
// Each class is one spiral arm, (x, y) = t·(cos φ, sin φ) with φ = 2π(c/3 + t) for t in [0, 1),
// plus a little noise. No straight line (no linear model) separates the arms; a multilayer
// perceptron can, because each ReLU layer folds the plane along lines and the next layer draws
// its own lines in the folded space, so a few layers carve out curved regions.
//
// The model maps a point to three class scores (logits) z, and training minimizes the softmax
// cross-entropy
//
//   L = −mean log softmax(z)_y = −mean [z_y − log Σ_k exp z_k],
//
// the negative log-probability of the true class, with Adam in mini-batches of 32. A fifth of
// the points are held out, never trained on, to measure how well the regions generalize. The
// plot tints each region by the predicted class, paler where the classifier is unsure, with the
// points drawn on top.
//
// Run: npx tsx examples/spirals.ts        (TYGRAD_SHORT=1 for a tiny run)

import { data, fit, fromArray, key, modelFromLayer, nn, optim, report, type Tensor } from "../src/index.js";
import { choose, writePlot } from "./support/run.js";

type Logits = Tensor<[number, 3]>;   // the batches the loss sees (the model's own type is [...number[], 3])
type Labels = Tensor<[number], "int32">;

const classes = 3;
const all = data.spirals(key(0), { n: choose(900, 300), classes, noise: 0.04 });
const { train, test } = data.trainTestSplit(key(1), all, 0.2);

// 2 → 64 → 64 → 3, ReLU between the layers.
const layer = nn.sequential(
  nn.dense(2, 64), nn.activation(nn.relu, "relu"),
  nn.dense(64, 64), nn.activation(nn.relu, "relu"),
  nn.dense(64, classes),
);
const model = modelFromLayer(layer);
const loss = (logits: Logits, labels: Labels) => nn.sparseSoftmaxCrossEntropy(logits, labels);
const optimizer = optim.adam(0.01);

const reporter = report.consoleReporter(
  { write: (s) => void process.stdout.write(s) },
  { columns: ["epoch", "loss", "accuracy", "valLoss", "valAccuracy", "seconds"] },
);
const epochs = choose(100, 4);
const printEvery = choose(10, 1);
console.log(`An MLP on ${classes}-arm spirals: ${train.features.shape[0]} training points, ${test.features.shape[0]} held out.\n`);
const result = await fit({
  model, loss, optimizer, data: train, validation: test, epochs, batchSize: 32, key: key(2), jit: true,
  reporter: { epochEnd: (r) => (r.epoch % printEvery === 0 || r.epoch === 1 ? reporter.epochEnd({ ...r }) : undefined) },
});
const final = result.history[result.history.length - 1];
console.log(`\nHeld-out accuracy ${report.formatPercent(final?.valAccuracy ?? NaN)} after ${epochs} epochs (chance: 33.3%).`);

// Class probabilities on a grid over the plane: one forward pass over every grid point.
const resolution = choose(101, 41);
const xs = report.linspace(-1.2, 1.2, resolution);
const ys = report.linspace(-1.2, 1.2, resolution);
const grid = fromArray(ys.flatMap((y) => xs.flatMap((x) => [x, y])), [resolution * resolution, 2]);
const logits = model.apply(result.params, result.modelState, grid, { key: key(3), train: false }).output;
const probs = nn.softmax(logits, 1).toArray();
// probabilities[j][i] = the three class probabilities at (xs[i], ys[j]), grid row j·resolution + i.
const probabilities = ys.map((_, j) => xs.map((_, i) => {
  const row = j * resolution + i;
  return Array.from(probs.subarray(classes * row, classes * (row + 1)));
}));

const coords = all.features.toNested();
const labels = all.labels.toArray();
const path = writePlot("spirals-decision-regions.svg", report.decisionRegions({
  title: `Decision regions of a 2-64-64-3 MLP (held-out accuracy ${report.formatPercent(final?.valAccuracy ?? NaN)})`,
  xLabel: "x",
  yLabel: "y",
  grid: { xs, ys, probabilities },
  points: coords.map(([x, y], i) => ({ x: x ?? NaN, y: y ?? NaN, label: labels[i] ?? 0 })),
  classes: ["arm 0", "arm 1", "arm 2"],
  width: 640,
  height: 560,
}));
console.log(`Wrote ${path}`);
