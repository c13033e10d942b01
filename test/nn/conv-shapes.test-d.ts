// Output shapes of convolution and pooling computed at the type level for literal sizes:
// out = ⌊(H + 2P − D(K − 1) − 1)/S⌋ + 1, "same" gives ⌈H/S⌉, and a window wider than the padded
// input is a ShapeError naming both sizes.
import { describe, expectTypeOf, test } from "vitest";
import type { CeilDiv, FloorDiv } from "../../src/nn/shape/floor-div.js";
import type { Conv2dShape, Pool2dShape } from "../../src/nn/shape/window.js";
import { conv2dForward } from "../../src/nn/functional/conv.js";
import { avgPool, maxPool } from "../../src/nn/functional/pool.js";
import { conv2d } from "../../src/nn/layers/conv2d.js";
import { maxPool2d } from "../../src/nn/layers/pool.js";
import type { Named } from "../../src/shape/dim.js";
import type { ShapeError } from "../../src/shape/error.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { key } from "../../src/random/key.js";

describe("FloorDiv and CeilDiv (digit-wise long division)", () => {
  test("exact for literals, number otherwise", () => {
    expectTypeOf<FloorDiv<25, 2>>().toEqualTypeOf<12>();
    expectTypeOf<FloorDiv<784, 7>>().toEqualTypeOf<112>();
    expectTypeOf<FloorDiv<3, 5>>().toEqualTypeOf<0>();
    expectTypeOf<FloorDiv<123456789, 12345>>().toEqualTypeOf<10000>();
    expectTypeOf<FloorDiv<7, 1>>().toEqualTypeOf<7>();
    expectTypeOf<CeilDiv<28, 3>>().toEqualTypeOf<10>();
    expectTypeOf<CeilDiv<27, 3>>().toEqualTypeOf<9>();
    expectTypeOf<FloorDiv<number, 3>>().toEqualTypeOf<number>();
    expectTypeOf<FloorDiv<8, 0>>().toEqualTypeOf<number>();
  });
});

describe("Conv2dShape", () => {
  test("28×28, kernel 3, stride 1, padding 0 → 26×26", () => {
    expectTypeOf<Conv2dShape<[64, 28, 28, 1], 3, 3, 1, 8, {}>>().toEqualTypeOf<[64, 26, 26, 8]>();
  });
  test("stride, padding, dilation and 'same'", () => {
    expectTypeOf<Conv2dShape<[1, 28, 28, 1], 3, 3, 1, 8, { stride: 2; padding: 1 }>>().toEqualTypeOf<[1, 14, 14, 8]>();
    expectTypeOf<Conv2dShape<[1, 28, 28, 1], 3, 3, 1, 8, { dilation: 3 }>>().toEqualTypeOf<[1, 22, 22, 8]>();
    expectTypeOf<Conv2dShape<[1, 7, 6, 3], 3, 2, 3, 4, { stride: [2, 3]; padding: [2, 0] }>>().toEqualTypeOf<[1, 5, 2, 4]>();
    expectTypeOf<Conv2dShape<[1, 28, 28, 1], 5, 5, 1, 8, { padding: "same"; stride: 3 }>>().toEqualTypeOf<[1, 10, 10, 8]>();
    expectTypeOf<Conv2dShape<[1, 224, 224, 3], 7, 7, 3, 64, { padding: 3; stride: 2 }>>().toEqualTypeOf<[1, 112, 112, 64]>();
    expectTypeOf<Conv2dShape<[1, 28, 28, 1], 3, 3, 1, 8, { padding: "valid" }>>().toEqualTypeOf<[1, 26, 26, 8]>();
  });
  test("runtime-sized dims give number; names and the batch pass through", () => {
    expectTypeOf<Conv2dShape<[Named<"batch">, 28, 28, 1], 3, 3, 1, 8, {}>>().toEqualTypeOf<[Named<"batch">, 26, 26, 8]>();
    expectTypeOf<Conv2dShape<[2, number, 28, 1], 3, 3, 1, 8, {}>>().toEqualTypeOf<[2, number, 26, 8]>();
    expectTypeOf<Conv2dShape<[2, 28, 28, 1], 3, 3, 1, 8, { stride: number }>>().toEqualTypeOf<[2, number, number, 8]>();
  });
  test("a window wider than the padded input is a ShapeError naming both sizes", () => {
    expectTypeOf<Conv2dShape<[1, 3, 8, 1], 5, 1, 1, 1, {}>>().toEqualTypeOf<
      ShapeError<"conv2d: the height window 5 (kernel 5, dilation 1) is wider than the padded input height 3 (3 + 2·0)", 5, 3>
    >();
    expectTypeOf<Conv2dShape<[1, 8, 3, 1], 2, 2, 1, 1, { dilation: 3; padding: 0 }>>().toEqualTypeOf<
      ShapeError<"conv2d: the width window 4 (kernel 2, dilation 3) is wider than the padded input width 3 (3 + 2·0)", 4, 3>
    >();
  });
  test("channel mismatch and rank errors", () => {
    expectTypeOf<Conv2dShape<[1, 8, 8, 3], 3, 3, 1, 4, {}>>().toEqualTypeOf<
      ShapeError<"conv2d: the input [1, 8, 8, 3] has 3 channels, the kernel expects 1", 3, 1>
    >();
    expectTypeOf<Conv2dShape<[8, 8, 3], 3, 3, 3, 4, {}>>().toEqualTypeOf<ShapeError<"conv2d: expects an NHWC input of rank 4, got [8, 8, 3]", [8, 8, 3], 4>>();
  });
});

describe("Pool2dShape (stride defaults to the window)", () => {
  test("non-overlapping windows, strides, padding", () => {
    expectTypeOf<Pool2dShape<"maxPool", [64, 26, 26, 8], 2, 2, {}>>().toEqualTypeOf<[64, 13, 13, 8]>();
    expectTypeOf<Pool2dShape<"maxPool", [64, 27, 27, 8], 2, 2, {}>>().toEqualTypeOf<[64, 13, 13, 8]>();
    expectTypeOf<Pool2dShape<"avgPool", [1, 7, 6, 3], 3, 3, { stride: 1 }>>().toEqualTypeOf<[1, 5, 4, 3]>();
    expectTypeOf<Pool2dShape<"maxPool", [1, 7, 6, 3], 2, 2, { padding: 1 }>>().toEqualTypeOf<[1, 4, 4, 3]>();
    expectTypeOf<Pool2dShape<"maxPool", [1, 2, 2, 1], 3, 3, {}>>().toEqualTypeOf<
      ShapeError<"maxPool: the height window 3 (kernel 3, dilation 1) is wider than the padded input height 2 (2 + 2·0)", 3, 2>
    >();
  });
});

declare const images: Tensor<[32, 28, 28, 1]>;
declare const kernel: Tensor<[3, 3, 1, 8]>;
declare const images64: Tensor<[32, 28, 28, 1], "float64">;

describe("typed calls", () => {
  test("conv2dForward and the pools return the computed shapes", () => {
    expectTypeOf(conv2dForward(images, kernel)).toEqualTypeOf<Tensor<[32, 26, 26, 8], "float32">>();
    expectTypeOf(conv2dForward(images, kernel, { stride: 2, padding: "same" })).toEqualTypeOf<Tensor<[32, 14, 14, 8], "float32">>();
    expectTypeOf(maxPool(images64, 2)).toEqualTypeOf<Tensor<[32, 14, 14, 1], "float64">>();
    expectTypeOf(avgPool(images, [4, 7], { stride: [4, 7] })).toEqualTypeOf<Tensor<[32, 7, 4, 1], "float32">>();
  });
  test("the conv2d layer: typed kernel and bias, typed output", () => {
    const layer = conv2d(1, 8, 3, { stride: 1 });
    const params = layer.init(key(0));
    expectTypeOf(params).toEqualTypeOf<{ readonly w: Tensor<[3, 3, 1, 8], "float32">; readonly b: Tensor<[8], "float32"> }>();
    expectTypeOf(layer.apply(params, images)).toEqualTypeOf<Tensor<[32, 26, 26, 8], "float32">>();
    expectTypeOf(maxPool2d(2).apply(null, layer.apply(params, images))).toEqualTypeOf<Tensor<[32, 13, 13, 8], "float32">>();
    const wide = conv2d(3, 16, [5, 3], { dtype: "float64", padding: [2, 1] });
    expectTypeOf(wide.init(key(0)).w).toEqualTypeOf<Tensor<[5, 3, 3, 16], "float64">>();
  });
  test("bad calls are compile errors on the input", () => {
    // @ts-expect-error the input has 1 channel, the kernel expects 3
    conv2d(3, 8, 3).apply(conv2d(3, 8, 3).init(key(0)), images);
    // @ts-expect-error a float64 input for a float32 kernel
    conv2dForward(images64, kernel);
    // @ts-expect-error a 30×30 window on 28×28
    maxPool(images, 30);
  });
});
