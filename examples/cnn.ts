// A convolutional network on digit images, next to an MLP with more parameters.
//
// A dense layer gives every output its own weight for every pixel, so it must learn a stroke
// separately at every place it can appear. A convolution slides one small kernel K (here 3×3)
// over the whole image,
//
//   y[i, j, c] = b[c] + Σ_{u, v, c'} x[i + u, j + v, c'] · K[u, v, c', c],
//
// so the same few weights detect an edge or a curve wherever it is ("weight sharing"); max
// pooling then keeps the strongest response in each 2×2 patch, which halves the resolution and
// shrugs off small shifts. Stacking conv → relu → pool twice builds detectors of larger shapes
// from smaller ones.
//
// Data: the built-in procedural digits (randomly placed, rotated, sheared and scaled glyphs with
// pixel noise), at 16×16 pixels to keep the run short. Both networks train with Adam on the same
// images; a separate set of fresh images measures accuracy.
//
// Run: npx tsx examples/cnn.ts        (TYGRAD_SHORT=1 for a tiny run)

import { data, fit, key, modelFromLayer, nn, optim, report, tree, type Tensor } from "../src/index.js";
import { choose, table, writePlot } from "./support/run.js";

const size = 16;
const images = (seed: number, n: number) => data.reshapeFeatures(data.glyphDigits(key(seed), { n, size }), [size, size, 1]);
const train = images(1, choose(3000, 256));
const test = images(2, choose(1000, 128));
const epochs = choose(8, 1);

const relu = nn.activation(nn.relu, "relu");
// [B, 16, 16, 1] → conv 3×3 ("same" padding), 8 channels → pool → [B, 8, 8, 8]
//                → conv 3×3, 16 channels → pool → [B, 4, 4, 16] → 256 features → 10 scores.
const cnn = nn.sequential(
  nn.conv2d(1, 8, 3, { padding: "same" }), relu, nn.maxPool2d(2),
  nn.conv2d(8, 16, 3, { padding: "same" }), relu, nn.maxPool2d(2),
  nn.flatten(), nn.dense(256, 10),
);
// The MLP sees the same pixels as a vector of 256.
const mlp = nn.sequential(nn.flatten(), nn.dense(size * size, 32), relu, nn.dense(32, 10));

const loss = (logits: Tensor<[number, 10]>, labels: Tensor<[number], "int32">) => nn.sparseSoftmaxCrossEntropy(logits, labels);
const common = { loss, optimizer: optim.adam(3e-3), data: train, validation: test, epochs, batchSize: 32, key: key(3), jit: true } as const;
const parameterCount = (params: unknown) => tree.leaves(params).reduce((n, leaf) => n + leaf.size, 0);

const runs = [
  { name: "CNN", params: parameterCount(cnn.init(key(0))), result: await fit({ ...common, model: modelFromLayer(cnn) }) },
  { name: "MLP", params: parameterCount(mlp.init(key(0))), result: await fit({ ...common, model: modelFromLayer(mlp) }) },
];

console.log(`${data.size(train)} training images of ${size}×${size} digits, ${data.size(test)} fresh ones for testing; Adam, batch 32.\n`);
console.log(table(
  ["epoch", ...runs.flatMap((r) => [`${r.name} train acc`, `${r.name} test acc`])],
  Array.from({ length: epochs }, (_, e) => [
    String(e + 1),
    ...runs.flatMap((r) => {
      const h = r.result.history[e];
      return [report.formatPercent(h?.accuracy ?? NaN), report.formatPercent(h?.valAccuracy ?? NaN)];
    }),
  ]),
));
console.log("");
for (const r of runs) {
  const last = r.result.history[r.result.history.length - 1];
  console.log(`${r.name}: ${r.params} parameters, test accuracy ${report.formatPercent(last?.valAccuracy ?? NaN)}`);
}

const path = writePlot("cnn-vs-mlp.svg", report.lineChart({
  title: `Test accuracy on ${size}×${size} digits: CNN vs MLP`,
  xLabel: "epoch",
  yLabel: "test accuracy",
  series: runs.map((r) => ({ name: `${r.name} (${r.params} parameters)`, points: r.result.history.map((h) => [h.epoch, h.valAccuracy ?? NaN] as const) })),
}));
console.log(`\nWrote ${path}`);
