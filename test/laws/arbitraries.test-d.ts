// The types of the laws' arbitraries: a tensor arbitrary is typed by its shape and dtype, so a
// typed function takes what it draws without a cast; trees and a layer's parameters keep their
// own types; batch-generic shapes have a `number` batch axis.
import type fc from "fast-check";
import { describe, expectTypeOf, it } from "vitest";
import * as A from "../../laws/arbitraries.js";
import { checkGradients } from "../../laws/check-gradients.js";
import type { LayerFactoryName, LayerRegistry } from "../../laws/layers/registry.js";
import { dense, type DenseParams } from "../../src/nn/index.js";
import type { Tensor } from "../../src/tensor/tensor.js";

describe("typed arbitraries", () => {
  it("tensorOf: the literal shape, float64 unless told", () => {
    expectTypeOf(A.tensorOf([4, 3])).toEqualTypeOf<fc.Arbitrary<Tensor<[4, 3], "float64">>>();
    expectTypeOf(A.tensorOf([], A.positive())).toEqualTypeOf<fc.Arbitrary<Tensor<[], "float64">>>();
    expectTypeOf(A.tensorOf([2], A.unitInterval(), "float32")).toEqualTypeOf<fc.Arbitrary<Tensor<[2], "float32">>>();
    expectTypeOf(A.int32Tensor([5], 0, 9)).toEqualTypeOf<fc.Arbitrary<Tensor<[5], "int32">>>();
    expectTypeOf(A.boolTensor([2, 2])).toEqualTypeOf<fc.Arbitrary<Tensor<[2, 2], "bool">>>();
    expectTypeOf(A.distinctTensor([3, 1])).toEqualTypeOf<fc.Arbitrary<Tensor<[3, 1], "float64">>>();
  });

  it("a typed function takes what tensorOf draws, and a wrong shape is a compile error", () => {
    const f = (x: Tensor<[4, 3], "float64">): Tensor<[4, 3], "float64"> => x;
    checkGradients(f, A.tensorOf([4, 3]));
    // @ts-expect-error -- [3, 4] tensors are not [4, 3] ones
    checkGradients(f, A.tensorOf([3, 4]));
  });

  it("domains: away from the kinks of relu, abs and max keep the shape", () => {
    expectTypeOf(A.awayFromKinks("relu", [4, 3], { margin: 0.1 })).toEqualTypeOf<fc.Arbitrary<Tensor<[4, 3], "float64">>>();
    expectTypeOf(A.awayFromKinks("max", [6])).toEqualTypeOf<fc.Arbitrary<Tensor<[6], "float64">>>();
    expectTypeOf(A.positive()).toEqualTypeOf<fc.Arbitrary<number>>();
    // @ts-expect-error -- only relu, abs and max have declared kinks
    A.awayFromKinks("sigmoid", [2]);
  });

  it("batch-generic shapes: a number batch axis before the example's shape", () => {
    expectTypeOf(A.batchOf([3])).toEqualTypeOf<fc.Arbitrary<Tensor<[number, 3], "float64">>>();
    expectTypeOf(A.batchOf([28, 28, 1], { maxBatch: 2 })).toEqualTypeOf<fc.Arbitrary<Tensor<[number, 28, 28, 1], "float64">>>();
    const generic = <B extends number>(x: Tensor<[B, 3], "float64">): Tensor<[B, 3], "float64"> => x;
    checkGradients(generic, A.batchOf([3]));
  });

  it("parameter trees: of an example's type, or a layer's own parameters", () => {
    type Example = { readonly w: Tensor<[2, 2], "float64">; readonly layers: readonly [Tensor<[3], "float64">, Tensor<[], "int32">] };
    expectTypeOf(A.treeLike<Example>).returns.toEqualTypeOf<fc.Arbitrary<Example>>();
    expectTypeOf(A.paramsOf(dense(4, 3, { dtype: "float64" }))).toEqualTypeOf<fc.Arbitrary<DenseParams<4, 3, "float64">>>();
  });
});

describe("the layer registry's type", () => {
  it("has a key for every export of nn that makes a layer, and none for the rest", () => {
    // (New layers join the union as they are exported, so it is asserted from both sides, not listed.)
    expectTypeOf<"makeLayer" | "dense" | "conv2d" | "maxPool2d" | "avgPool2d" | "batchNorm" | "layerNorm" | "dropout" | "embedding"
      | "flatten" | "activation" | "residual" | "sequential">().toExtend<LayerFactoryName>();
    expectTypeOf<Extract<LayerFactoryName, "relu" | "gelu" | "mse" | "conv2dForward" | "maxPool" | "accuracy" | "glorotUniform" | "gradientNorm">>().toEqualTypeOf<never>();
    expectTypeOf<keyof LayerRegistry>().toEqualTypeOf<LayerFactoryName>();
  });

  it("a registry without an entry for some layer does not compile", () => {
    // @ts-expect-error -- every other layer-making export is missing
    const partial: LayerRegistry = { dense: () => [] };
    expectTypeOf(partial).toEqualTypeOf<LayerRegistry>();
  });
});
