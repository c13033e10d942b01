// The types of datasets: per-example shapes and label dtypes are carried through every function,
// with N as `number`; flattening multiplies literal dims; misuse does not compile.

import { describe, expectTypeOf, it } from "vitest";
import { batches, type Batch } from "../../src/data/batches.js";
import {
  concatDatasets,
  datasetFromRaw,
  flattenFeatures,
  reshapeFeatures,
  take,
  type Dataset,
} from "../../src/data/dataset.js";
import { glyphDigits } from "../../src/data/glyphs.js";
import { shuffle, split, trainTestSplit } from "../../src/data/split.js";
import { standardize } from "../../src/data/standardize.js";
import { linearRegression, spirals } from "../../src/data/synthetic.js";
import type { RawArray } from "../../src/io/raw.js";
import { key } from "../../src/random/key.js";
import type { Shape } from "../../src/shape/index.js";
import type { Tensor } from "../../src/tensor/index.js";

declare const mnist: Dataset<[784]>;
declare const raw: RawArray;
const k = key(0);

describe("Dataset types", () => {
  it("type MNIST-like features and labels, N being number", () => {
    expectTypeOf(mnist.features).toEqualTypeOf<Tensor<[number, 784]>>();
    expectTypeOf(mnist.labels).toEqualTypeOf<Tensor<[number], "int32">>();
  });

  it("are preserved by selection, splitting, shuffling and standardization", () => {
    expectTypeOf(take(mnist, [1, 2])).toEqualTypeOf<Dataset<[784]>>();
    expectTypeOf(split(mnist, 0.8)).toEqualTypeOf<readonly [Dataset<[784]>, Dataset<[784]>]>();
    expectTypeOf(trainTestSplit(k, mnist, 0.2).test).toEqualTypeOf<Dataset<[784]>>();
    expectTypeOf(shuffle(k, mnist)).toEqualTypeOf<Dataset<[784]>>();
    expectTypeOf(standardize(mnist).dataset).toEqualTypeOf<Dataset<[784]>>();
    expectTypeOf(standardize(mnist).statistics.mean).toEqualTypeOf<Tensor<[784]>>();
    expectTypeOf(concatDatasets(mnist, mnist)).toEqualTypeOf<Dataset<[784]>>();
  });

  it("give typed batches", () => {
    for (const b of batches(mnist, 32)) {
      expectTypeOf(b).toEqualTypeOf<Batch<[784], [], "int32">>();
      expectTypeOf(b.features).toEqualTypeOf<Tensor<[number, 784]>>();
    }
  });

  it("come from raw arrays with the shape asked for", () => {
    expectTypeOf(datasetFromRaw(raw, raw, { shape: [784] })).toEqualTypeOf<Dataset<[784]>>();
    expectTypeOf(datasetFromRaw(raw, raw, { shape: [28, 28, 1] })).toEqualTypeOf<Dataset<[28, 28, 1]>>();
    expectTypeOf(datasetFromRaw(raw, raw, { flatten: true })).toEqualTypeOf<Dataset<[number]>>();
    expectTypeOf(datasetFromRaw(raw, raw)).toEqualTypeOf<Dataset<Shape>>();
    expectTypeOf(datasetFromRaw(raw, raw, { labelDType: "float32" })).toEqualTypeOf<Dataset<Shape, [], "float32">>();
  });

  it("reshape and flatten with literal dims", () => {
    const glyphs = glyphDigits(k, { n: 10 });
    expectTypeOf(glyphs).toEqualTypeOf<Dataset<[28, 28]>>();
    expectTypeOf(glyphDigits(k, { n: 10, size: 16 })).toEqualTypeOf<Dataset<[16, 16]>>();
    expectTypeOf(flattenFeatures(glyphs)).toEqualTypeOf<Dataset<[784]>>();
    expectTypeOf(reshapeFeatures(glyphs, [28, 28, 1])).toEqualTypeOf<Dataset<[28, 28, 1]>>();
  });

  it("type the synthetic sets", () => {
    expectTypeOf(spirals(k, { n: 10 })).toEqualTypeOf<Dataset<[2]>>();
    const reg = linearRegression(k, { n: 10, features: 3 });
    expectTypeOf(reg.dataset).toEqualTypeOf<Dataset<[3], [], "float32">>();
    expectTypeOf(reg.weights).toEqualTypeOf<Tensor<[3]>>();
  });

  it("reject mixing datasets of different shapes and misused options", () => {
    // @ts-expect-error examples of [784] and [2] cannot be concatenated
    concatDatasets(mnist, spirals(k, { n: 10 }));
    // @ts-expect-error shuffle takes the key first
    shuffle(mnist, k);
    // @ts-expect-error labels are class ids or real targets only
    datasetFromRaw(raw, raw, { labelDType: "bool" });
  });
});
