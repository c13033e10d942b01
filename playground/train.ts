// The playground's second tab: a small MLP trained in the page on spirals or moons, with jit on
// the Wasm backend. After each epoch the page gets the epoch's record and the loss curve so far
// (and a moment to draw them); at the end, the decision regions over the plane.

import * as t from "../src/index.js";

export interface TrainSettings {
  readonly dataset: "spirals" | "moons";
  readonly hidden: number;
  readonly epochs: number;
  readonly learningRate: number;
}

export interface EpochView {
  readonly record: t.EpochRecord;
  readonly lossCurve: string;
}

type Logits = t.Tensor<[...number[], 2]>;
type Labels = t.Tensor<[number], "int32">;

const lossCurve = (history: readonly t.EpochRecord[]): string =>
  t.report.lineChart({
    title: "Loss per epoch",
    xLabel: "epoch",
    yLabel: "loss",
    series: [
      { name: "training", points: history.map((r) => [r.epoch, r.loss] as const) },
      { name: "validation", points: history.map((r) => [r.epoch, r.valLoss ?? NaN] as const), dashed: true },
    ],
    width: 520,
    height: 320,
  });

/** Trains; calls `onEpoch` after each epoch and waits for it (the page draws then). */
export async function train(settings: TrainSettings, onEpoch: (view: EpochView) => Promise<void>): Promise<{ history: readonly t.EpochRecord[]; regions: string }> {
  const all = settings.dataset === "spirals"
    ? t.data.spirals(t.key(0), { n: 400, classes: 2, noise: 0.05 })
    : t.data.moons(t.key(0), { n: 400, noise: 0.1 });
  const h = settings.hidden;
  const model = t.modelFromLayer(t.nn.sequential(
    t.nn.dense(2, h), t.nn.activation(t.nn.relu, "relu"), t.nn.dense(h, h), t.nn.activation(t.nn.relu, "relu"), t.nn.dense(h, 2),
  ));
  const loss = (logits: Logits, labels: Labels) => t.nn.sparseSoftmaxCrossEntropy(logits, labels);
  const history: t.EpochRecord[] = [];
  const result = await t.fit({
    model, loss, optimizer: t.optim.adam(settings.learningRate), data: all, validationSplit: 0.2,
    epochs: settings.epochs, batchSize: 32, key: t.key(1), jit: true,
    reporter: { epochEnd: (record) => void history.push(record) },
    onEpoch: async () => {
      const record = history[history.length - 1];
      if (record !== undefined) await onEpoch({ record, lossCurve: lossCurve(history) });
    },
  });
  const resolution = 61;
  const xs = t.report.linspace(-1.6, 2.4, resolution);
  const ys = t.report.linspace(-1.4, 1.6, resolution);
  const grid = t.fromArray(ys.flatMap((y) => xs.flatMap((x) => [x, y])), [resolution * resolution, 2]);
  const logits = model.apply(result.params, result.modelState, grid, { key: t.key(2), train: false }).output;
  const probs = t.nn.softmax(logits, 1).toArray();
  const probabilities = ys.map((_, j) => xs.map((_, i) => Array.from(probs.subarray(2 * (j * resolution + i), 2 * (j * resolution + i) + 2))));
  const coords = all.features.toArray();
  const labels = all.labels.toArray();
  const regions = t.report.decisionRegions({
    title: `Decision regions after ${settings.epochs} epochs`,
    xLabel: "x", yLabel: "y",
    grid: { xs, ys, probabilities },
    points: Array.from(labels, (label, i) => ({ x: coords[2 * i] ?? NaN, y: coords[2 * i + 1] ?? NaN, label })),
    classes: ["class 0", "class 1"],
    width: 520, height: 420,
  });
  return { history, regions };
}
