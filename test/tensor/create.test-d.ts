import { describe, expectTypeOf, it } from "vitest";
import { arange, eye, fromArray, full, linspace, ones, onesLike, scalar, tensor, zeros, zerosLike } from "../../src/tensor/create.js";
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

describe("readers are typed by shape and dtype", () => {
  const m = tensor([[1, 2, 3], [4, 5, 6]]);
  const mask = tensor([true, false]);
  it("toNested mirrors the shape; bool gives booleans; rank 0 a bare element", () => {
    expectTypeOf(m.toNested()).toEqualTypeOf<number[][]>();
    expectTypeOf(mask.toNested()).toEqualTypeOf<boolean[]>();
    expectTypeOf(scalar(1).toNested()).toEqualTypeOf<number>();
  });
  it("item is a number, or a boolean for bool", () => {
    expectTypeOf(scalar(1).item()).toEqualTypeOf<number>();
    expectTypeOf(mask.item()).toEqualTypeOf<boolean>();
  });
  it("toArray gives the dtype's typed array", () => {
    expectTypeOf(m.toArray()).toEqualTypeOf<Float32Array>();
    expectTypeOf(ones([2], "float64").toArray()).toEqualTypeOf<Float64Array>();
    expectTypeOf(ones([2], "int32").toArray()).toEqualTypeOf<Int32Array>();
    expectTypeOf(mask.toArray()).toEqualTypeOf<Uint8Array>();
  });
  it("shape is exactly S and rank its length", () => {
    expectTypeOf(m.shape).toEqualTypeOf<[2, 3]>();
    expectTypeOf(m.rank).toEqualTypeOf<2>();
    expectTypeOf(m.dtype).toEqualTypeOf<"float32">();
  });
  it("zerosLike and onesLike copy the type", () => {
    expectTypeOf(zerosLike(ones([4, 1], "int32"))).toEqualTypeOf<Tensor<[4, 1], "int32">>();
    expectTypeOf(onesLike(mask)).toEqualTypeOf<Tensor<[2], "bool">>();
  });
  it("unknown dtypes are compile errors", () => {
    // @ts-expect-error float16 is not a dtype
    zeros([2], "float16");
  });
});
