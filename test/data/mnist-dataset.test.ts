// MNIST as a typed dataset: loadMnist + datasetFromRaw on the shared test split when it is present
// (skipped, with the reason, otherwise). Checked against the split's well-known facts: 10,000
// images, first labels 7 2 1 0 4, 980 zeros and 1,135 ones, mean pixel 0.1325 after scaling.

import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { batchCount, batches } from "../../src/data/batches.js";
import { classCounts, datasetFromRaw, size } from "../../src/data/dataset.js";
import { loadMnist } from "../../src/data/idx.js";
import { standardize } from "../../src/data/standardize.js";

const MNIST_DIR = fileURLToPath(new URL("../../../shared/data/mnist/", import.meta.url));
const absent = !existsSync(MNIST_DIR);
const why = absent ? ` (skipped: no MNIST data at ${MNIST_DIR})` : "";

describe(`MNIST as a dataset${why}`, () => {
  it.skipIf(absent)("becomes float32 [10000, 784] features in [0, 1] with int32 labels over 10 classes", async () => {
    const loaded = await loadMnist(MNIST_DIR);
    if (E.isLeft(loaded)) throw new Error(loaded.left.message);
    const split = loaded.right.test;
    if (split === undefined) throw new Error("the MNIST test split did not load");
    const ds = datasetFromRaw(split.images, split.labels, { shape: [784], classes: 10, name: "mnist-test" });
    expect(ds.features.shape).toEqual([10000, 784]);
    expect(ds.features.dtype).toBe("float32");
    expect(ds.labels.dtype).toBe("int32");
    expect([...ds.labels.toArray().subarray(0, 5)]).toEqual([7, 2, 1, 0, 4]);
    const counts = classCounts(ds);
    expect(counts[0]).toBe(980);
    expect(counts[1]).toBe(1135);
    const x = ds.features.toArray();
    let [sum, lo, hi] = [0, Infinity, -Infinity];
    for (const v of x) {
      sum += v;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect(lo).toBe(0);
    expect(hi).toBe(1);
    expect(sum / x.length).toBeCloseTo(0.1325, 4);

    // Images kept as 28×28, and the usual pipeline steps on the real data.
    expect(datasetFromRaw(split.images, split.labels).features.shape).toEqual([10000, 28, 28]);
    const { statistics } = standardize(ds);
    // The corner pixel is blank in every image: centred at 0 and left unscaled.
    expect(statistics.mean.toArray()[0]).toBe(0);
    expect(statistics.std.toArray()[0]).toBe(1);
    let seen = 0;
    for (const b of batches(ds, 1000)) seen += b.indices.length;
    expect(seen).toBe(size(ds));
    expect(batchCount(size(ds), 128)).toBe(79);
  });
});
