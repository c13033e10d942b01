// One epoch of MNIST-10k training when ../../shared/data/mnist is present (skipped otherwise): the
// first 8,000 test-set images in 125 batches of 64, in order, with the MLP and Adam of the
// training-step case; the last 2,000 are held out. The "error" column is the held-out error rate
// (1 − accuracy) after one epoch from the shared initial parameters: about 0.08 for a correct step.

import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import { loadMnist } from "../../src/data/idx.js";
import { jaxTrainer } from "../libs/mlp/jax.js";
import { initParams, oneHot, sizes, type MlpBatch, type MlpInputs, type Trainer } from "../libs/mlp/problem.js";
import { tfjsTrainer } from "../libs/mlp/tfjs.js";
import { tygradTrainer } from "../libs/mlp/tygrad.js";
import { type BenchCase, type Runner } from "../lib/registry.js";

const directory = fileURLToPath(new URL("../../../shared/data/mnist", import.meta.url));
const batchSize = 64;
const trainCount = 8000;

const slice = (pixels: Float32Array, labels: Int32Array, start: number, end: number): MlpBatch => {
  const ids = labels.slice(start, end);
  return { size: end - start, x: pixels.slice(start * sizes.inputs, end * sizes.inputs), y: oneHot(ids, sizes.classes), labels: ids };
};

const loadInputs = async (): Promise<MlpInputs | undefined> => {
  if (!existsSync(directory)) return undefined;
  const mnist = await loadMnist(directory);
  if (E.isLeft(mnist)) throw new Error(`mnist: ${mnist.left.message}`);
  const test = mnist.right.test;
  if (test === undefined) return undefined;
  const pixels = Float32Array.from(test.images.data, (v) => v / 255);
  const labels = Int32Array.from(test.labels.data);
  const batches = Array.from({ length: trainCount / batchSize }, (_, b) => slice(pixels, labels, b * batchSize, (b + 1) * batchSize));
  return { params: initParams(303), batches, heldOut: slice(pixels, labels, trainCount, labels.length) };
};

const epochRunner = async (inputs: MlpInputs, make: (w: MlpInputs) => Promise<Trainer>): Promise<Runner> => {
  const epoch = async (t: Trainer): Promise<void> => {
    for (let i = 0; i < inputs.batches.length; i++) await t.step();
  };
  const trainer = await make(inputs);
  return {
    run: () => epoch(trainer),
    output: async () => {
      const fresh = await make(inputs);
      try {
        await epoch(fresh);
        return Float32Array.of(inputs.heldOut === undefined ? NaN : await fresh.accuracy(inputs.heldOut));
      } finally {
        fresh.dispose();
      }
    },
    dispose: () => trainer.dispose(),
  };
};

export const mnistCases = async (): Promise<readonly BenchCase<MlpInputs>[]> => {
  const data = await loadInputs();
  if (data === undefined) return [];
  return [
    {
      id: "mnist-10k-epoch",
      title: "MNIST-10k epoch (8000 images, batch 64, Adam); error = held-out error rate",
      unit: "epochs/s",
      work: 1,
      inputs: () => data,
      check: (_w, out) => 1 - (out[0] ?? NaN),
      runners: [
        { lib: "tygrad", variant: "jit, 1 thread", prepare: (w) => epochRunner(w, (i) => tygradTrainer(i.params, i.batches, "jit-1")) },
        { lib: "tygrad", variant: "jit, 2 threads", prepare: (w) => epochRunner(w, (i) => tygradTrainer(i.params, i.batches, "jit-2")) },
        { lib: "jax-wasm", variant: "jit", prepare: (w) => epochRunner(w, async (i) => jaxTrainer(i.params, i.batches, "jit")) },
        { lib: "tfjs-wasm", variant: "optimizer.minimize", prepare: (w) => epochRunner(w, (i) => tfjsTrainer(i.params, i.batches, "wasm")) },
      ],
    },
  ];
};
