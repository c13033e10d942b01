// The real MNIST test set, read from the shared data directory when it is present (see its
// README: 10,000 test images of 28×28, first labels 7 2 1 0 4 1 4 9 5 9, plus the training labels
// without their images). Skipped, with the reason, where the data is absent.

import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { loadIdxFile, loadMnist } from "../../src/data/idx.js";

const MNIST_DIR = fileURLToPath(new URL("../../../shared/data/mnist/", import.meta.url));
const absent = !existsSync(MNIST_DIR);
const why = absent ? ` (skipped: no MNIST data at ${MNIST_DIR})` : "";

describe(`MNIST from ${MNIST_DIR}${why}`, () => {
  it.skipIf(absent)("loads the 10,000 test images with their labels, in order", async () => {
    const result = await loadMnist(MNIST_DIR);
    if (E.isLeft(result)) throw new Error(result.left.message);
    const test = result.right.test;
    expect(test?.images.dtype).toBe("uint8");
    expect(test?.images.shape).toEqual([10000, 28, 28]);
    expect(test?.labels.shape).toEqual([10000]);
    expect([...(test?.labels.data.subarray(0, 10) ?? [])]).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
    // The training labels are present without their images: listed, not loaded.
    expect(result.right.train).toBeUndefined();
    expect(result.right.unpaired).toEqual(["train-labels-idx1-ubyte.gz"]);
  });

  it.skipIf(absent)("matches the test set's well-known statistics", async () => {
    const result = await loadMnist(MNIST_DIR);
    if (E.isLeft(result) || result.right.test === undefined) throw new Error("MNIST test split did not load");
    const { images, labels } = result.right.test;
    // Mean pixel of the test set, scaled to [0, 1]: 0.1325 (the often-quoted 0.1307 is the training set's).
    let sum = 0;
    for (const x of images.data) sum += x;
    const mean = sum / images.data.length / 255;
    expect(mean).toBeCloseTo(0.1325, 4);
    // Every class occurs; the test set has 980 zeros and 1,135 ones.
    const counts = new Array<number>(10).fill(0);
    for (const y of labels.data) counts[y] = (counts[y] ?? 0) + 1;
    expect(counts[0]).toBe(980);
    expect(counts[1]).toBe(1135);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10000);
  });

  it.skipIf(absent)("reads the 60,000 training labels on their own", async () => {
    const result = await loadIdxFile(`${MNIST_DIR}train-labels-idx1-ubyte.gz`);
    if (E.isLeft(result)) throw new Error(result.left.message);
    expect(result.right.shape).toEqual([60000]);
    expect(Math.max(...result.right.data)).toBe(9);
  });
});
