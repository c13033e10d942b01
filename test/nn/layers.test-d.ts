// Layer, loss and metric signatures: init returns typed parameters, apply returns the typed
// output, labels must be int32 of the logits' leading shape.
import { describe, expectTypeOf, test } from "vitest";
import { dense, type DenseParams } from "../../src/nn/layers/dense.js";
import { batchNorm, type BatchNormParams, type BatchNormState } from "../../src/nn/layers/batch-norm.js";
import { layerNorm } from "../../src/nn/layers/layer-norm.js";
import { embedding } from "../../src/nn/layers/embedding.js";
import { flatten } from "../../src/nn/layers/flatten.js";
import { dropout } from "../../src/nn/layers/dropout.js";
import { gelu, logSoftmax, softmax, softplus } from "../../src/nn/activations.js";
import { mse, softmaxCrossEntropy, sparseSoftmaxCrossEntropy } from "../../src/nn/losses.js";
import { accuracy, topK } from "../../src/nn/metrics.js";
import { l2Penalty } from "../../src/nn/penalties.js";
import { heNormal } from "../../src/nn/init.js";
import type { OutputShape } from "../../src/nn/layer.js";
import type { DenseShape } from "../../src/nn/layers/dense.js";
import type { FeaturesShape } from "../../src/nn/layers/features.js";
import type { ResidualCheck } from "../../src/nn/layers/residual.js";
import type { DenseLayer } from "../../src/nn/layers/dense.js";
import type { ShapeError } from "../../src/shape/error.js";
import { key } from "../../src/random/key.js";
import type { Named } from "../../src/shape/dim.js";
import type { Tensor } from "../../src/tensor/tensor.js";

const k = key(0);
declare const x: Tensor<[32, 784]>;
declare const logits: Tensor<[32, 10]>;
declare const labels: Tensor<[32], "int32">;
declare const named: Tensor<[Named<"batch">, 784]>;
declare const h128: Tensor<[32, 128]>;
declare const h: Tensor<[32, 64]>;
declare const maps: Tensor<[32, 13, 13, 8]>;
declare const ids: Tensor<[4, 7], "int32">;
declare const wrongRows: Tensor<[31], "int32">;
declare const floatLabels: Tensor<[32], "float32">;
declare const tokenLogits: Tensor<[4, 7, 100]>;
declare const tokenLabels: Tensor<[4, 7], "int32">;
declare const tokenLogitsAsLabels: Tensor<[4, 7, 100], "int32">;

describe("layers", () => {
  test("dense: init gives typed parameters, apply the typed output", () => {
    const layer = dense(784, 128);
    expectTypeOf(layer.init(k)).toEqualTypeOf<DenseParams<784, 128, "float32">>();
    expectTypeOf(layer.init(k).w).toEqualTypeOf<Tensor<[784, 128], "float32">>();
    expectTypeOf(dense(3, 2, { dtype: "float64" }).init(k).b).toEqualTypeOf<Tensor<[2], "float64">>();
    expectTypeOf(layer.apply(layer.init(k), x)).toEqualTypeOf<Tensor<[32, 128], "float32">>();
    expectTypeOf(layer.apply(layer.init(k), named)).toEqualTypeOf<Tensor<[Named<"batch">, 128], "float32">>();
    // @ts-expect-error dense(784 → 128): expects an input [..., 784], got [32, 10]
    layer.apply(layer.init(k), logits);
  });
  test("batchNorm: parameters, state, and apply returning [output, state]", () => {
    const bn = batchNorm(128);
    expectTypeOf(bn.init(k)).toEqualTypeOf<BatchNormParams<128>>();
    expectTypeOf(bn.initState()).toEqualTypeOf<BatchNormState<128>>();
    expectTypeOf(bn.apply(bn.init(k), h128, { state: bn.initState(), train: true })).toEqualTypeOf<[Tensor<[32, 128], "float32">, BatchNormState<128>]>();
    // @ts-expect-error batchNorm(128): expects an input [..., 128], got [32, 784]
    bn.apply(bn.init(k), x, { state: bn.initState() });
  });
  test("layerNorm, dropout, flatten, embedding", () => {
    expectTypeOf(layerNorm(64).apply(layerNorm(64).init(k), h)).toEqualTypeOf<Tensor<[32, 64], "float32">>();
    expectTypeOf(dropout(0.5).apply(null, h, { train: true, key: k })).toEqualTypeOf<Tensor<[32, 64], "float32">>();
    expectTypeOf(flatten().apply(null, maps)).toEqualTypeOf<Tensor<[32, 1352], "float32">>();
    const table = embedding(1000, 16, { dtype: "float64" });
    expectTypeOf(table.init(k).table).toEqualTypeOf<Tensor<[1000, 16], "float64">>();
    expectTypeOf(table.apply(table.init(k), ids)).toEqualTypeOf<Tensor<[4, 7, 16], "float64">>();
    // @ts-expect-error ids must be int32
    table.apply(table.init(k), h);
  });
  test("initializers keep the asked shape and dtype", () => {
    expectTypeOf(heNormal(k, [3, 3, 1, 8])).toEqualTypeOf<Tensor<[3, 3, 1, 8], "float32">>();
    expectTypeOf(heNormal(k, [5, 2], "float64")).toEqualTypeOf<Tensor<[5, 2], "float64">>();
  });
});

describe("the exact errors", () => {
  test("dense, batchNorm and residual name the dims", () => {
    expectTypeOf<OutputShape<DenseShape<784, 128>, [32, 10]>>().toEqualTypeOf<
      ShapeError<"dense(784 → 128): expects an input [..., 784], got [32, 10] (last dim 10)", 10, 784>
    >();
    expectTypeOf<OutputShape<DenseShape<784, 128>, []>>().toEqualTypeOf<ShapeError<"dense(784 → 128): expects an input [..., 784], got a scalar", [], 784>>();
    expectTypeOf<OutputShape<FeaturesShape<"batchNorm(64)", 64>, [8, 4, 4, 32]>>().toEqualTypeOf<
      ShapeError<"batchNorm(64): expects an input [..., 64], got [8, 4, 4, 32] (last dim 32)", 32, 64>
    >();
    expectTypeOf<ResidualCheck<DenseLayer<64, 32, "float32">>>().toEqualTypeOf<
      ShapeError<"residual(dense(64 → 32)): x + f(x) needs f to keep the shape, but f maps [..., 64] to [..., 32]", readonly [...number[], 64], [...number[], 32]>
    >();
    expectTypeOf<ResidualCheck<DenseLayer<64, 64, "float32">>>().toEqualTypeOf<unknown>();
  });
});

describe("activations, losses and metrics", () => {
  test("activations keep shape and dtype", () => {
    expectTypeOf(softmax(logits)).toEqualTypeOf<Tensor<[32, 10], "float32">>();
    expectTypeOf(logSoftmax(logits, 0)).toEqualTypeOf<Tensor<[32, 10], "float32">>();
    expectTypeOf(gelu(x)).toEqualTypeOf<Tensor<[32, 784], "float32">>();
    expectTypeOf(gelu(x, { approximate: "none" })).toEqualTypeOf<Tensor<[32, 784], "float32">>();
    // @ts-expect-error approximate is "tanh" or "none"
    gelu(x, { approximate: "exact" });
    expectTypeOf(softplus(x)).toEqualTypeOf<Tensor<[32, 784], "float32">>();
    // @ts-expect-error softplus needs a float tensor
    softplus(labels);
  });
  test("losses are scalars of the predictions' dtype; targets must match", () => {
    expectTypeOf(softmaxCrossEntropy(logits, logits)).toEqualTypeOf<Tensor<[], "float32">>();
    expectTypeOf(sparseSoftmaxCrossEntropy(logits, labels)).toEqualTypeOf<Tensor<[], "float32">>();
    expectTypeOf(mse(x, x)).toEqualTypeOf<Tensor<[], "float32">>();
    // @ts-expect-error 31 labels for 32 rows of logits
    sparseSoftmaxCrossEntropy(logits, wrongRows);
    // @ts-expect-error labels must be int32
    sparseSoftmaxCrossEntropy(logits, floatLabels);
    // @ts-expect-error targets of another shape
    mse(x, logits);
  });
  test("labels follow the logits' leading axes, also in generic bodies and for sequences", () => {
    const loss = <B extends number>(z: Tensor<[B, 10]>, y: Tensor<[B], "int32">) => sparseSoftmaxCrossEntropy(z, y);
    expectTypeOf(loss<4>).returns.toEqualTypeOf<Tensor<[], "float32">>();
    expectTypeOf(sparseSoftmaxCrossEntropy(tokenLogits, tokenLabels)).toEqualTypeOf<Tensor<[], "float32">>();
    expectTypeOf(accuracy(tokenLogits, tokenLabels)).toEqualTypeOf<Tensor<[], "float32">>();
    // @ts-expect-error one label per row, not per class
    accuracy(tokenLogits, tokenLogitsAsLabels);
  });
  test("metrics and penalties", () => {
    expectTypeOf(accuracy(logits, labels)).toEqualTypeOf<Tensor<[], "float32">>();
    expectTypeOf(topK(logits, labels, 5)).toEqualTypeOf<Tensor<[], "float32">>();
    expectTypeOf(l2Penalty(dense(3, 2, { dtype: "float64" }).init(k))).toEqualTypeOf<Tensor<[], "float64">>();
    expectTypeOf(l2Penalty([dense(3, 2).init(k), null])).toEqualTypeOf<Tensor<[], "float32">>();
  });
});
