// Overfitting, and three cures: L2 regularization, dropout, early stopping.
//
// Forty noisy points from two interleaving half-moons, and a network with about 17,000
// parameters (2 → 128 → 128 → 2): far more capacity than forty points need. Trained long
// enough it memorizes them — training accuracy reaches 100% and the training loss heads to 0 —
// while the loss on fresh points from the same distribution (the validation set) turns and
// rises: the network is fitting the noise, and it grows ever more confident about it.
//
// The cures, each a small change to the same run:
//   L2 regularization   minimize L(θ) + λ/2 ‖θ‖²: the penalty's gradient λθ pulls every weight
//                       towards 0 at each step ("weight decay"), so only weights the data keeps
//                       asking for grow large, and the function stays smooth.
//   dropout             while training, zero each hidden unit with probability p and scale the
//                       survivors by 1/(1 − p): no unit can rely on any particular other one,
//                       which acts like averaging many thinned networks. Off at evaluation.
//   early stopping      watch the validation loss after every epoch; stop when it has not
//                       improved for `patience` epochs and keep the parameters of the best one.
//
// The validation set steers early stopping, so the final verdict comes from a third, untouched
// test set.
//
// Run: npx tsx examples/overfitting.ts        (TYGRAD_SHORT=1 for a tiny run)

import { data, evalStep, fit, key, modelFromLayer, nn, optim, report, type EpochRecord, type Tensor } from "../src/index.js";
import { choose, table, writePlot } from "./support/run.js";

const noise = 0.3;
const train = data.moons(key(0), { n: 40, noise });
const validation = data.moons(key(1), { n: choose(300, 100), noise });
const test = data.moons(key(2), { n: choose(1000, 200), noise });
const epochs = choose(300, 15);
const width = choose(128, 32);
const lambda = 1e-2;
const dropoutRate = 0.5;
const patience = choose(20, 3);

const relu = nn.activation(nn.relu, "relu");
const plain = modelFromLayer(nn.sequential(
  nn.dense(2, width), relu,
  nn.dense(width, width), relu,
  nn.dense(width, 2),
));
const withDropout = modelFromLayer(nn.sequential(
  nn.dense(2, width), relu, nn.dropout(dropoutRate),
  nn.dense(width, width), relu, nn.dropout(dropoutRate),
  nn.dense(width, 2),
));
const loss = (logits: Tensor<[...number[], 2]>, labels: Tensor<[number], "int32">) => nn.sparseSoftmaxCrossEntropy(logits, labels);

// Everything the four runs share: the data, Adam, the number of epochs, the batch size, the key.
const common = { loss, optimizer: optim.adam(0.01), data: train, validation, epochs, batchSize: 20, key: key(3) } as const;

// Every run compiles its training step with jit. Dropout draws a new mask at every step from that
// step's key, which the compiled step takes as an argument, so it too is compiled just once.
const noCure = await fit({ ...common, model: plain, jit: true });
const l2 = await fit({ ...common, model: plain, jit: true, penalty: (p) => nn.l2Penalty(p, { weight: lambda }) });
const dropout = await fit({ ...common, model: withDropout, jit: true });
const early = await fit({ ...common, model: plain, jit: true, earlyStopping: { monitor: "valLoss", patience, restoreBest: true } });

// The test set, seen once, in evaluation mode (dropout off).
const onTest = evalStep(plain, loss);
const onTestWithDropout = evalStep(withDropout, loss);
const testBatch = { x: test.features, y: test.labels };
const runs = [
  { name: "no cure", file: "none", fitted: noCure, test: onTest(noCure.params, noCure.modelState, testBatch, key(4)) },
  { name: `L2, λ = ${lambda}`, file: "l2", fitted: l2, test: onTest(l2.params, l2.modelState, testBatch, key(4)) },
  { name: `dropout, p = ${dropoutRate}`, file: "dropout", fitted: dropout, test: onTestWithDropout(dropout.params, dropout.modelState, testBatch, key(4)) },
  { name: `early stopping, patience ${patience}`, file: "early-stopping", fitted: early, test: onTest(early.params, early.modelState, testBatch, key(4)) },
];

// The run without a cure, epoch by epoch: training accuracy climbs to 100% while the
// validation loss, after a first dip, climbs too.
const shownEpochs = new Set([1, 5, 10, 25, 50, 100, 150, 200, 250, 300, epochs]);
console.log(`${train.features.shape[0]} training points, a 2-${width}-${width}-2 MLP, Adam, ${epochs} epochs. Without a cure:\n`);
// (The rows without their timing column.)
console.log(report.formatEpochTable(noCure.history.filter((r) => shownEpochs.has(r.epoch)).map(({ seconds: _, ...r }) => r)));

const lowest = (history: readonly EpochRecord[]) =>
  history.reduce((best, r) => ((r.valLoss ?? Infinity) < (best.valLoss ?? Infinity) ? r : best));
const lastOf = (history: readonly EpochRecord[]) => history[history.length - 1];
console.log(`\nThe cures (test set: ${test.features.shape[0]} fresh points, never used in training or for stopping):\n`);
console.log(table(
  ["variant", "epochs run", "params of epoch", "train acc, last epoch", "lowest val loss (epoch)", "last val loss", "test loss", "test acc"],
  runs.map(({ name, fitted, test: m }) => {
    const best = lowest(fitted.history);
    const final = lastOf(fitted.history);
    return [
      name,
      String(fitted.epoch),
      String(fitted.returnedEpoch),
      report.formatPercent(final?.accuracy ?? NaN),
      `${(best.valLoss ?? NaN).toFixed(3)} (${best.epoch})`,
      (final?.valLoss ?? NaN).toFixed(3),
      m.loss.item().toFixed(3),
      report.formatPercent(m.accuracy?.item() ?? NaN),
    ];
  }),
));

const best = runs.reduce((a, b) => ((b.test.accuracy?.item() ?? 0) > (a.test.accuracy?.item() ?? 0) ? b : a));
console.log(`\nHighest test accuracy: ${best.name}, ${report.formatPercent(best.test.accuracy?.item() ?? NaN)}.`);

// One chart per variant: training loss (solid) and validation loss (dashed) per epoch.
const verticalAt = (epoch: number, history: readonly EpochRecord[]) => {
  const losses = history.flatMap((r) => [r.loss, r.valLoss ?? NaN]).filter(Number.isFinite);
  return [[epoch, Math.min(...losses)], [epoch, Math.max(...losses)]] as const;
};
console.log("");
for (const { name, file, fitted } of runs) {
  const path = writePlot(`overfitting-${file}.svg`, report.lineChart({
    title: `${name}: training vs validation loss`,
    xLabel: "epoch",
    yLabel: "cross-entropy",
    logY: true,
    series: [
      { name: "training loss", points: fitted.history.map((r) => [r.epoch, r.loss] as const) },
      { name: "validation loss", dashed: true, points: fitted.history.map((r) => [r.epoch, r.valLoss ?? NaN] as const) },
      // Where early stopping took its parameters from: a vertical line at that epoch.
      ...(fitted.stoppedEarly ? [{ name: `kept: epoch ${fitted.returnedEpoch}`, points: verticalAt(fitted.returnedEpoch, fitted.history) }] : []),
    ],
  }));
  console.log(`Wrote ${path}`);
}
