// The whole pipeline on real data: MNIST's 10,000 test images (../shared/data/mnist next to the
// repository), the first 8,000 for training and the last 2,000 held out. A 784-128-10 MLP trained
// by Adam (learning rate 10⁻³, batches of 64) for 10 epochs must classify at least 95% of the
// held-out digits. Skipped, saying why, when the files are not there.
//
// The step is compiled with jit by the WebAssembly backend (about 0.3 s an epoch on one core;
// the reference interpreter, with TYGRAD_BACKEND=reference, takes about 7 s).

import "../../src/backend/wasm-jit/register.js";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { datasetFromRaw, loadMnist, slice } from "../../src/data/index.js";
import { activation, dense, relu, sequential } from "../../src/nn/index.js";
import { adam } from "../../src/optim/index.js";
import { key } from "../../src/random/index.js";
import { fit, modelFromLayer } from "../../src/train/index.js";
import { crossEntropy } from "../train/support.js";

const MNIST_DIR = fileURLToPath(new URL("../../../shared/data/mnist", import.meta.url));

/** The fraction of rows of `scores` [n, classes] whose largest entry is at the row's label. */
function argmaxAccuracy(scores: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if ((scores[i * classes + c] ?? -Infinity) > (scores[i * classes + best] ?? -Infinity)) best = c;
    if (best === labels[i]) correct++;
  }
  return correct / labels.length;
}

describe("MNIST-10k end to end", () => {
  it("a 784-128-10 MLP with Adam reaches at least 95% held-out accuracy", { timeout: 240_000 }, async (ctx) => {
    if (!existsSync(MNIST_DIR)) ctx.skip(`no MNIST folder at ${MNIST_DIR}`);
    const loaded = await loadMnist(MNIST_DIR);
    if (E.isLeft(loaded)) throw new Error(loaded.left.message);
    const split = loaded.right.test;
    if (split === undefined) return ctx.skip(`${MNIST_DIR} has no t10k images and labels`);
    const all = datasetFromRaw(split.images, split.labels, { shape: [784], name: "mnist-10k" });
    expect(all.features.shape).toEqual([10_000, 784]);
    const train = slice(all, 0, 8000);
    const held = slice(all, 8000);

    const layer = sequential(dense(784, 128), activation(relu, "relu"), dense(128, 10));
    const model = modelFromLayer(layer);
    const result = await fit({
      model, loss: crossEntropy, optimizer: adam(1e-3), batchSize: 64, epochs: 10, key: key(0), jit: true,
      data: { features: train.features, labels: train.labels },
      validation: { features: held.features, labels: held.labels },
    });

    const [first, last] = [result.history[0], result.history.at(-1)];
    expect(result.history).toHaveLength(10);
    expect(last?.loss).toBeLessThan((first?.loss ?? 0) / 4);
    expect(last?.valAccuracy).toBeGreaterThanOrEqual(0.95);
    // The same figure counted here from the logits, independently of the library's metrics.
    const logits = model.apply(result.params, result.modelState, held.features, { key: key(1), train: false }).output;
    expect(argmaxAccuracy(logits.toArray(), held.labels.toArray(), 10)).toBeGreaterThanOrEqual(0.95);
  });
});
