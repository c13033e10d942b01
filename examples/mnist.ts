// The classic first network: a 784-128-10 MLP trained with Adam on MNIST handwritten digits.
//
// Each 28×28 image becomes a vector x of 784 pixel values in [0, 1]. The network computes
//
//   h = relu(x W₁ + b₁)        128 hidden units
//   z = h W₂ + b₂              10 class scores (logits), one per digit
//
// and training minimizes the softmax cross-entropy −log softmax(z)_y of the true digit y, in
// mini-batches of 64 with Adam (η = 10⁻³). About 100,000 parameters, learned from the pixels
// alone.
//
// The data: MNIST's IDX files (gzip-compressed or not), from the folder given by `--data <dir>`,
// else the environment variable TYGRAD_MNIST, else ../shared/data/mnist next to this repository
// when it is there. With the full training split present it trains on the 60,000 training images
// and holds out the 10,000 test images; with only the test split (t10k-*) it trains on the first
// 8,000 test images and holds out the last 2,000 ("MNIST-10k"). The held-out images are never
// trained on; they are evaluated after every epoch (nothing is chosen by them).
//
// Run: npx tsx examples/mnist.ts [--data <dir>] [--epochs <n>]        (TYGRAD_SHORT=1 for a tiny run)

import * as E from "fp-ts/lib/Either.js";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { data, fit, key, modelFromLayer, nn, optim, report, type Tensor } from "../src/index.js";
import { choose, short } from "./support/run.js";

const { values: flags } = parseArgs({ options: { data: { type: "string" }, epochs: { type: "string" } } });
const epochs = flags.epochs === undefined ? choose(5, 1) : Number(flags.epochs);
if (!Number.isInteger(epochs) || epochs < 1) {
  console.error(`mnist: --epochs must be a positive integer, got ${JSON.stringify(flags.epochs)}`);
  process.exit(2);
}

const besideRepository = resolve(import.meta.dirname, "..", "..", "shared", "data", "mnist");
const directory = flags.data ?? process.env.TYGRAD_MNIST ?? (existsSync(besideRepository) ? besideRepository : undefined);

/** No data: say where it was looked for and how to provide it, then stop (a normal outcome in short mode). */
function missing(reason: string): never {
  const message = [
    `mnist: ${reason}`,
    "  Give a folder holding train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz]",
    "  and/or t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz], with --data <dir>",
    "  or the environment variable TYGRAD_MNIST.",
  ].join("\n");
  if (short) {
    console.log(`${message}\n  (short mode: nothing to train, stopping here.)`);
    process.exit(0);
  }
  console.error(message);
  process.exit(1);
}

if (directory === undefined) missing(`no MNIST folder given, and ${besideRepository} does not exist.`);
const loaded = await data.loadMnist(directory);
if (E.isLeft(loaded)) missing(loaded.left.message);
const mnist = loaded.right;

// Pixels (bytes 0…255) become float32 in [0, 1], each image a row of 784.
const asDataset = (split: data.MnistSplit, name: string) => data.datasetFromRaw(split.images, split.labels, { name, shape: [784] });
const { train: fullTrain, test: fullTest } = (() => {
  if (mnist.train !== undefined && mnist.test !== undefined) {
    return { train: asDataset(mnist.train, "mnist-train"), test: asDataset(mnist.test, "mnist-test") };
  }
  const only = mnist.train ?? mnist.test;
  if (only === undefined) return missing(`${directory} holds no complete split.`);
  const all = asDataset(only, "mnist-10k");
  const n = data.size(all);
  const held = Math.min(2000, Math.floor(n / 5));
  return { train: data.slice(all, 0, n - held), test: data.slice(all, n - held) };
})();
// Short mode: a few hundred images, one epoch.
const train = short ? data.slice(fullTrain, 0, Math.min(512, data.size(fullTrain))) : fullTrain;
const test = short ? data.slice(fullTest, 0, Math.min(256, data.size(fullTest))) : fullTest;

const model = modelFromLayer(nn.sequential(nn.dense(784, 128), nn.activation(nn.relu, "relu"), nn.dense(128, 10)));
const loss = (logits: Tensor<[...number[], 10]>, labels: Tensor<[number], "int32">) => nn.sparseSoftmaxCrossEntropy(logits, labels);

const reporter = report.consoleReporter(
  { write: (s) => void process.stdout.write(s), isTTY: process.stdout.isTTY === true, columns: process.stdout.columns ?? 80 },
  { columns: ["epoch", "loss", "accuracy", "valLoss", "valAccuracy", "seconds"], batchSize: 64 },
);
console.log(`784-128-10 MLP on ${directory}: ${data.size(train)} training images, ${data.size(test)} held out; Adam(1e-3), batch 64, ${epochs} epoch${epochs === 1 ? "" : "s"}.`);
console.log("(Val = the held-out images.)\n");
const result = await fit({
  model, loss, optimizer: optim.adam(1e-3), data: train, validation: test, epochs, batchSize: 64, key: key(0), jit: true,
  reporter: { epochStart: reporter.epochStart, step: reporter.step, epochEnd: (r) => reporter.epochEnd({ ...r }) },
});

const last = result.history[result.history.length - 1];
console.log(`\nHeld-out accuracy: ${report.formatPercent(last?.valAccuracy ?? NaN)} (loss ${(last?.valLoss ?? NaN).toFixed(4)}) on ${data.size(test)} images not used for training.`);
