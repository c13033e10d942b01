// Vanishing gradients in a deep network, and the three cures: ReLU with He initialization,
// batch normalization, residual connections.
//
// Backpropagation through L layers multiplies L Jacobians. For h_{l+1} = σ(h_l W_l + b_l),
//
//   ∂L/∂h_l = (∂L/∂h_{l+1} ⊙ σ'(z_l)) W_lᵀ,
//
// and the sigmoid's slope is at most σ'(0) = 1/4. With Glorot-scaled weights each layer shrinks
// the backward signal by a factor of about 4, so twenty layers down the first layer's gradient
// is some 10⁻¹² of the last one's: gradient descent, whose step is η times the gradient, leaves
// the early layers where they started, and the network cannot learn.
//
// The cures keep each factor near 1:
//   ReLU + He init        ReLU' = 1 wherever a unit is active, and weights drawn with variance
//                         2/n_in make up for the half of the units that are off;
//   batch normalization   z ↦ γ (z − μ_B)/σ_B + β before each sigmoid keeps the pre-activations
//                         where the sigmoid is steep, and rescales each layer's backward gain;
//   residual connections  h_{l+1} = h_l + f(h_l), so ∂h_{l+1}/∂h_l = I + ∂f/∂h_l: the identity
//                         carries the gradient past every block, whatever f does to it.
//
// Below: every dense layer's gradient norm at initialization, for the same 22-layer network
// (2 → 32, then 20 hidden layers of width 32, then 32 → 2) built four ways, on one batch of the
// two-moons problem; then a few epochs of plain gradient descent on each.
//
// Run: npx tsx examples/vanishing-gradients.ts        (TYGRAD_SHORT=1 for a tiny run)

import { data, fit, grad, key, modelFromLayer, nn, optim, report, type EpochRecord, type Tensor } from "../src/index.js";
import { choose, table, writePlot } from "./support/run.js";

const depth = 20;
const width = 32;
const sigmoid = nn.activation(nn.sigmoid, "sigmoid");

/** One hidden block of each kind: what is repeated `depth` times. */
const designs = [
  { name: "sigmoid", block: () => [nn.dense(width, width), sigmoid] },
  { name: "ReLU + He init", block: () => [nn.dense(width, width, { init: nn.heNormal }), nn.activation(nn.relu, "relu")] },
  { name: "sigmoid + batchNorm", block: () => [nn.dense(width, width), nn.batchNorm(width), sigmoid] },
  { name: "sigmoid, residual", block: () => [nn.residual(nn.sequential(sigmoid, nn.dense(width, width)))] },
] as const;

/** 2 → width, the hidden blocks, width → 2. (The depth is a runtime number, so the hidden
 *  stack has the general layer types; its ends are typed as usual.) */
function deepNet(block: () => readonly nn.AnyLayer[]) {
  const hidden = nn.sequential(...Array.from({ length: depth }, block).flat());
  return { hidden, net: nn.sequential(nn.dense(2, width), hidden, nn.dense(width, 2)) };
}

const loss = (logits: Tensor<[...number[], 2]>, labels: Tensor<[number], "int32">) => nn.sparseSoftmaxCrossEntropy(logits, labels);
const moons = data.moons(key(0), { n: choose(512, 128), noise: 0.1 });
const batch = data.slice(moons, 0, 64);

// Part 1: the gradient of the loss on one batch, at initialization, layer by layer.
const norms = designs.map(({ name, block }) => {
  const { hidden, net } = deepNet(block);
  const model = modelFromLayer(net);
  const { params, state } = model.init(key(1));
  const batchLoss = (p: typeof params) => loss(model.apply(p, state, batch.features, { key: key(2), train: true }).output, batch.labels);
  const [gIn, gHidden, gOut] = grad(batchLoss)(params);
  // ‖∂L/∂θ_l‖ for each dense layer l, from the input side to the output side.
  const hiddenNorms = nn.layerGradientNorms(hidden, gHidden).filter((n) => n.name.includes("dense")).map((n) => n.norm);
  return { name, values: [nn.gradientNorm(gIn), ...hiddenNorms, nn.gradientNorm(gOut)] };
});

const layerCount = depth + 2;
console.log(`Gradient norm ‖∂L/∂θ_l‖ of each dense layer l at initialization (layer 1 is next to the input):\n`);
console.log(table(
  ["layer", ...norms.map((n) => n.name)],
  Array.from({ length: layerCount }, (_, l) => [String(l + 1), ...norms.map((n) => (n.values[l] ?? NaN).toExponential(2))]),
));
console.log("\nFirst layer / last layer:");
for (const n of norms) console.log(`  ${n.name.padEnd(20)} ${((n.values[0] ?? NaN) / (n.values[layerCount - 1] ?? NaN)).toExponential(2)}`);

const bars = writePlot("vanishing-gradients-norms.svg", report.barChart({
  title: `Gradient norm per layer at initialization, ${layerCount}-layer MLP`,
  xLabel: "dense layer (1 = next to the input)",
  yLabel: "‖∂L/∂θ_l‖ (log scale)",
  categories: Array.from({ length: layerCount }, (_, l) => String(l + 1)),
  series: norms,
  logY: true,
  width: 900,
  height: 440,
}));

// Part 2: does each one learn? The same networks, a few epochs of plain gradient descent.
const epochs = choose(8, 1);
const learningRate = 0.1;
const trained: { readonly name: string; readonly history: readonly EpochRecord[] }[] = [];
for (const { name, block } of designs) {
  const result = await fit({
    model: modelFromLayer(deepNet(block).net), loss, optimizer: optim.sgd(learningRate),
    data: moons, epochs, batchSize: 32, key: key(3), jit: true,
  });
  trained.push({ name, history: result.history });
}
console.log(`\nTraining loss / accuracy per epoch, gradient descent with η = ${learningRate}, batches of 32`);
console.log(`(guessing: loss ln 2 = ${Math.LN2.toFixed(3)}, accuracy 50%):\n`);
console.log(table(
  ["epoch", ...trained.map((t) => t.name)],
  Array.from({ length: epochs }, (_, e) => [
    String(e + 1),
    ...trained.map((t) => {
      const r = t.history[e];
      return r === undefined ? "" : `${r.loss.toFixed(3)} / ${report.formatPercent(r.accuracy ?? NaN)}`;
    }),
  ]),
));

const curves = writePlot("vanishing-gradients-training.svg", report.lineChart({
  title: `Training loss of the ${layerCount}-layer MLPs, gradient descent η = ${learningRate}`,
  xLabel: "epoch",
  yLabel: "cross-entropy (log scale)",
  logY: true,
  series: [
    ...trained.map((t) => ({ name: t.name, points: t.history.map((r) => [r.epoch, r.loss] as const) })),
    { name: "ln 2: guessing", dashed: true, points: [[1, Math.LN2], [epochs, Math.LN2]] },
  ],
}));
console.log(`\nWrote ${bars}\nWrote ${curves}`);
