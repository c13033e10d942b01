import { describe, expectTypeOf, it } from "vitest";
import { arange, eye, fromArray, full, linspace, ones, scalar, tensor, zeros } from "../../src/tensor/create.js";
import type { Tensor } from "../../src/tensor/tensor.js";

describe("constructors infer literal shapes without `as const`", () => {
  it("reads the shape off a nested literal", () => {
    expectTypeOf(tensor([[1, 2, 3], [4, 5, 6]])).toEqualTypeOf<Tensor<[2, 3], "float32">>();
    expectTypeOf(tensor(7)).toEqualTypeOf<Tensor<[], "float32">>();
    expectTypeOf(tensor([true, false])).toEqualTypeOf<Tensor<[2], "bool">>();
    expectTypeOf(tensor([[1, 2]], "float64")).toEqualTypeOf<Tensor<[1, 2], "float64">>();
  });
  it("gives `number` dims for arrays of unknown length", () => {
    const rows: number[][] = [[1, 2]];
    expectTypeOf(tensor(rows)).toEqualTypeOf<Tensor<[number, number], "float32">>();
  });
  it("takes literal shape arguments", () => {
    expectTypeOf(zeros([2, 3])).toEqualTypeOf<Tensor<[2, 3], "float32">>();
    expectTypeOf(ones([4], "int32")).toEqualTypeOf<Tensor<[4], "int32">>();
    expectTypeOf(full([2, 2], 1.5, "float64")).toEqualTypeOf<Tensor<[2, 2], "float64">>();
    expectTypeOf(fromArray([1, 2, 3, 4], [2, 2])).toEqualTypeOf<Tensor<[2, 2], "float32">>();
    expectTypeOf(scalar(3)).toEqualTypeOf<Tensor<[], "float32">>();
    expectTypeOf(arange(5)).toEqualTypeOf<Tensor<[5], "float32">>();
    expectTypeOf(arange(0, 1, 0.25)).toEqualTypeOf<Tensor<[number], "float32">>();
    expectTypeOf(linspace(0, 1, 11)).toEqualTypeOf<Tensor<[11], "float32">>();
    expectTypeOf(eye(3)).toEqualTypeOf<Tensor<[3, 3], "float32">>();
    expectTypeOf(eye(2, 4, "float64")).toEqualTypeOf<Tensor<[2, 4], "float64">>();
  });
});
