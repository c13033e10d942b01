// assertShape and assertDType at the type level: the result has exactly the dims given (literals,
// numbers, type parameters such as x.shape[0]), -1 is typed number, and the dtype is kept or set.
import { describe, expectTypeOf, it } from "vitest";
import { add, assertDType, assertShape, matmul, type Shape, type Tensor } from "../../src/index.js";

declare const anything: Tensor<Shape>;
declare const ids: Tensor<Shape, "int32">;
declare const loaded: Tensor<Shape, "float64">;

describe("assertShape", () => {
  it("types the tensor with literal dims, and -1 as number at any of the first six axes", () => {
    expectTypeOf(assertShape(anything, [32, 784])).toEqualTypeOf<Tensor<[32, 784]>>();
    expectTypeOf(assertShape(anything, [-1, 784])).toEqualTypeOf<Tensor<[number, 784]>>();
    expectTypeOf(assertShape(anything, [2, -1])).toEqualTypeOf<Tensor<[2, number]>>();
    expectTypeOf(assertShape(anything, [1, 2, 3, 4, 5, -1, 7])).toEqualTypeOf<Tensor<[1, 2, 3, 4, 5, number, 7]>>();
    expectTypeOf(assertShape(anything, [])).toEqualTypeOf<Tensor<[]>>();
    expectTypeOf(assertShape(anything, [-1])).toEqualTypeOf<Tensor<[number]>>();
  });

  it("keeps the dtype, and a number-typed dim is number", () => {
    const n: number = 10;
    expectTypeOf(assertShape(ids, [n, 3])).toEqualTypeOf<Tensor<[number, 3], "int32">>();
    expectTypeOf(assertShape(loaded, [n, -1])).toEqualTypeOf<Tensor<[number, number], "float64">>();
    const dims: readonly number[] = [1, 2];
    expectTypeOf(assertShape(loaded, dims)).toEqualTypeOf<Tensor<number[], "float64">>();
  });

  it("keeps type parameters: dims taken from x.shape are typed B and T, with or without a -1", () => {
    function attend<B extends number, T extends number>(x: Tensor<[B, T, 16]>, w: Tensor<Shape>) {
      const [b, t] = x.shape;
      const same = assertShape(w, [b, t, 16]);
      expectTypeOf(same).toEqualTypeOf<Tensor<[B, T, 16]>>();
      expectTypeOf(assertShape(w, [x.shape[0], -1, 16])).toEqualTypeOf<Tensor<[B, number, 16]>>();
      expectTypeOf(assertShape(w, [-1, t])).toEqualTypeOf<Tensor<[number, T]>>();
      // The checked tensor takes part in typed ops as any [B, T, 16] would.
      expectTypeOf(add(x, same)).toEqualTypeOf<Tensor<[B, T, 16]>>();
      return matmul(same, assertShape(w, [16, 8]));
    }
    expectTypeOf(attend<2, 5>).returns.toEqualTypeOf<Tensor<[2, 5, 8]>>();
  });
});

describe("assertDType", () => {
  it("sets the dtype and keeps the shape", () => {
    const x = anything as Tensor<[3, 4], "float32" | "float64">;
    expectTypeOf(assertDType(x, "float64")).toEqualTypeOf<Tensor<[3, 4], "float64">>();
    expectTypeOf(assertDType(assertShape(ids, [-1]), "int32")).toEqualTypeOf<Tensor<[number], "int32">>();
  });
});
