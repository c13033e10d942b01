// sequential at the type level: the output type of a composition, and a shape or dtype mismatch
// between consecutive layers as a compile error whose ShapeError names both layers and the dims
// — at composition when the first layer's input decides it, else at apply.
import { describe, expectTypeOf, test } from "vitest";
import { relu } from "../../src/nn/activations.js";
import type { ChainCheck } from "../../src/nn/layers/chain.js";
import { activation } from "../../src/nn/layers/activation.js";
import { batchNorm, type BatchNormState } from "../../src/nn/layers/batch-norm.js";
import { conv2d } from "../../src/nn/layers/conv2d.js";
import { dense, type DenseLayer, type DenseParams } from "../../src/nn/layers/dense.js";
import { dropout } from "../../src/nn/layers/dropout.js";
import { embedding } from "../../src/nn/layers/embedding.js";
import { flatten } from "../../src/nn/layers/flatten.js";
import { maxPool2d } from "../../src/nn/layers/pool.js";
import { residual } from "../../src/nn/layers/residual.js";
import { sequential } from "../../src/nn/layers/sequential.js";
import type { ActivationLayer } from "../../src/nn/layers/activation.js";
import type { OutputShape } from "../../src/nn/layer.js";
import type { SequentialShape } from "../../src/nn/layers/sequential.js";
import type { Conv2dLayer } from "../../src/nn/layers/conv2d.js";
import type { Pool2dLayer } from "../../src/nn/layers/pool.js";
import type { FlattenLayer } from "../../src/nn/layers/flatten.js";
import { key } from "../../src/random/key.js";
import type { ShapeError } from "../../src/shape/error.js";
import type { Tensor } from "../../src/tensor/tensor.js";

declare const x: Tensor<[32, 784]>;
declare const images: Tensor<[32, 28, 28, 1]>;
declare const ids: Tensor<[8, 20], "int32">;
declare const x64: Tensor<[5, 3], "float64">;
const k = key(0);

describe("a well-typed composition", () => {
  test("an MLP: parameters per layer and the output shape", () => {
    const mlp = sequential(dense(784, 128), activation(relu, "relu"), dense(128, 10));
    const params = mlp.init(k);
    expectTypeOf(params).toEqualTypeOf<[DenseParams<784, 128>, null, DenseParams<128, 10>]>();
    expectTypeOf(mlp.apply(params, x)).toEqualTypeOf<Tensor<[32, 10], "float32">>();
    expectTypeOf(mlp.initState()).toEqualTypeOf<null>();
  });
  test("inside a generic model body the batch dim stays symbolic", () => {
    const mlp = sequential(dense(784, 128), activation(relu, "relu"), dense(128, 10));
    const forward = <B extends number>(p: ReturnType<typeof mlp.init>, xb: Tensor<[B, 784]>): Tensor<[B, 10]> => mlp.apply(p, xb);
    expectTypeOf(forward<5>).returns.toEqualTypeOf<Tensor<[5, 10], "float32">>();
    const cnn = sequential(conv2d(1, 8, 3), maxPool2d(2), flatten(), dense(1352, 10));
    const classify = <B extends number>(p: ReturnType<typeof cnn.init>, xb: Tensor<[B, 28, 28, 1]>): Tensor<[B, 10]> => cnn.apply(p, xb);
    expectTypeOf(classify<7>).returns.toEqualTypeOf<Tensor<[7, 10], "float32">>();
    const block = sequential(dense(64, 64), batchNorm(64), residual(dense(64, 64)));
    const run = <B extends number>(p: ReturnType<typeof block.init>, st: ReturnType<typeof block.initState>, xb: Tensor<[B, 64]>): Tensor<[B, 64]> =>
      block.apply(p, xb, { state: st })[0];
    expectTypeOf(run<3>).returns.toEqualTypeOf<Tensor<[3, 64], "float32">>();
  });
  test("a CNN: 28×28 → conv 3 → 26×26 → pool 2 → 13×13 → flatten 1352 → dense", () => {
    const cnn = sequential(conv2d(1, 8, 3), activation(relu, "relu"), maxPool2d(2), flatten(), dense(1352, 10));
    expectTypeOf(cnn.apply(cnn.init(k), images)).toEqualTypeOf<Tensor<[32, 10], "float32">>();
  });
  test("stateful layers make the model stateful: apply takes and returns the state tuple", () => {
    const model = sequential(dense(784, 64), batchNorm(64), residual(dense(64, 64)), dropout(0.1), dense(64, 10));
    const state = model.initState();
    expectTypeOf(state).toEqualTypeOf<[null, BatchNormState<64>, null, null, null]>();
    const [out, next] = model.apply(model.init(k), x, { state, train: true, key: k });
    expectTypeOf(out).toEqualTypeOf<Tensor<[32, 10], "float32">>();
    expectTypeOf(next).toEqualTypeOf<[null, BatchNormState<64>, null, null, null]>();
  });
  test("dtypes flow: int32 ids through an embedding, float64 layers give float64", () => {
    const model = sequential(embedding(1000, 16), dense(16, 4));
    expectTypeOf(model.apply(model.init(k), ids)).toEqualTypeOf<Tensor<[8, 20, 4], "float32">>();
    const m64 = sequential(dense(3, 2, { dtype: "float64" }), activation(relu, "relu"));
    expectTypeOf(m64.apply(m64.init(k), x64)).toEqualTypeOf<Tensor<[5, 2], "float64">>();
  });
});

describe("a mismatch between consecutive layers is a compile error naming the layers and dims", () => {
  test("dense(784 → 128) then dense(100 → 10): reported at composition", () => {
    type Layers = [DenseLayer<784, 128, "float32">, ActivationLayer<"relu">, DenseLayer<100, 10, "float32">];
    expectTypeOf<ChainCheck<Layers>>().toEqualTypeOf<
      ShapeError<"sequential: layer 3 (after layer 2 relu): dense(100 → 10): expects an input [..., 100], got [..., 128] (last dim 128)", 128, 100>
    >();
    // @ts-expect-error the call itself does not compile
    sequential(dense(784, 128), activation(relu, "relu"), dense(100, 10));
  });
  test("conv channels: conv2d(1 → 8) then conv2d(4 → 8): reported at composition", () => {
    type Layers = [Conv2dLayer<1, 8, 3, {}>, Conv2dLayer<4, 8, 3, {}>];
    expectTypeOf<ChainCheck<Layers>>().toEqualTypeOf<
      ShapeError<`sequential: layer 2 (after layer 1 conv2d(1 → 8, 3×3)): conv2d: the input [${number}, ${number}, ${number}, 8] has 8 channels, the kernel expects 4`, 8, 4>
    >();
  });
  test("a flatten size that depends on the image size: reported at apply, for the actual input", () => {
    type Layers = [Conv2dLayer<1, 8, 3, {}>, Pool2dLayer<"maxPool2d", 2, {}>, FlattenLayer, DenseLayer<1000, 10, "float32">];
    expectTypeOf<ChainCheck<Layers>>().toEqualTypeOf<unknown>();
    expectTypeOf<OutputShape<SequentialShape<Layers>, [32, 28, 28, 1]>>().toEqualTypeOf<
      ShapeError<"sequential: layer 4 (after layer 3 flatten): dense(1000 → 10): expects an input [..., 1000], got [32, 1352] (last dim 1352)", 1352, 1000>
    >();
    const model = sequential(conv2d(1, 8, 3), maxPool2d(2), flatten(), dense(1000, 10));
    // @ts-expect-error 13·13·8 = 1352 features reach a dense layer expecting 1000
    model.apply(model.init(k), images);
  });
  test("dtypes: a float32 layer feeding a float64 one, a float layer feeding an embedding", () => {
    // @ts-expect-error dense(128 → 10) expects float64 input, got float32
    sequential(dense(784, 128), dense(128, 10, { dtype: "float64" }));
    // @ts-expect-error embedding(100 → 16) expects int32 input, got float32
    sequential(dense(16, 4), embedding(100, 16));
  });
  test("residual blocks must keep the shape", () => {
    // @ts-expect-error residual(dense(64 → 32)): x + f(x) needs f to keep the shape
    residual(dense(64, 32));
  });
});
