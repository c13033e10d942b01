import { describe, expectTypeOf, it } from "vitest";
import type { ShapeError } from "../../src/shape/index.js";
import { key } from "../../src/random/key.js";
import {
  bernoulli,
  categorical,
  choice,
  normal,
  permutation,
  randint,
  truncatedNormal,
  uniform,
} from "../../src/random/samplers.js";
import { zeros, type Tensor } from "../../src/tensor/index.js";

const k = key(0);

describe("sampler types", () => {
  it("carry the requested shape, literal dims included, and the dtype", () => {
    expectTypeOf(uniform(k, [2, 3])).toEqualTypeOf<Tensor<[2, 3], "float32">>();
    expectTypeOf(uniform(k, [4], { dtype: "float64" })).toEqualTypeOf<Tensor<[4], "float64">>();
    expectTypeOf(normal(k, [])).toEqualTypeOf<Tensor<[], "float32">>();
    expectTypeOf(normal(k, [8, 1], { dtype: "float64", stddev: 2 })).toEqualTypeOf<Tensor<[8, 1], "float64">>();
    expectTypeOf(truncatedNormal(k, [5])).toEqualTypeOf<Tensor<[5], "float32">>();
    expectTypeOf(truncatedNormal(k, [5], -1, 1, { dtype: "float64" })).toEqualTypeOf<Tensor<[5], "float64">>();
    expectTypeOf(bernoulli(k, 0.5, [3, 3])).toEqualTypeOf<Tensor<[3, 3], "bool">>();
    expectTypeOf(randint(k, [7], 0, 10)).toEqualTypeOf<Tensor<[7], "int32">>();
    expectTypeOf(permutation(k, 10)).toEqualTypeOf<Tensor<[10], "int32">>();
    expectTypeOf(choice(k, 10, [2, 2])).toEqualTypeOf<Tensor<[2, 2], "int32">>();
  });

  it("keep runtime dims as number", () => {
    const n: number = 5;
    expectTypeOf(uniform(k, [n, 3])).toEqualTypeOf<Tensor<[number, 3], "float32">>();
    expectTypeOf(permutation(k, n)).toEqualTypeOf<Tensor<[number], "int32">>();
  });

  it("reject dtypes a sampler cannot produce", () => {
    // @ts-expect-error uniform produces floats only
    uniform(k, [2], { dtype: "int32" });
  });

  it("categorical removes the sampled axis, the last by default", () => {
    const logits = zeros([4, 3, 2]);
    expectTypeOf(categorical(k, logits)).toEqualTypeOf<Tensor<[4, 3], "int32">>();
    expectTypeOf(categorical(k, logits, 1)).toEqualTypeOf<Tensor<[4, 2], "int32">>();
    expectTypeOf(categorical(k, logits, -3)).toEqualTypeOf<Tensor<[3, 2], "int32">>();
    expectTypeOf(categorical(k, zeros([5], "float64"))).toEqualTypeOf<Tensor<[], "int32">>();
  });

  it("categorical reports an axis out of range on the logits argument", () => {
    const logits = zeros([4, 3]);
    expectTypeOf<Parameters<typeof categorical<[4, 3], "float32", 2>>[1]>().toEqualTypeOf<
      Tensor<[4, 3], "float32"> & ShapeError<"categorical: axis 2 is out of range for [4, 3]", 2, [4, 3]>
    >();
    // @ts-expect-error axis 2 does not exist in [4, 3]
    categorical(k, logits, 2);
  });

  it("categorical accepts only float logits", () => {
    // @ts-expect-error int32 logits are not probabilities' logarithms
    categorical(k, zeros([3], "int32"));
  });
});
