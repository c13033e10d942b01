import { describe, expectTypeOf, it } from "vitest";
import { add, exp, mul, relu, sigmoid, sub } from "../../src/ops/elementwise.js";
import type { Shape } from "../../src/shape/index.js";
import type { FloatDType } from "../../src/tensor/dtype.js";
import { less, where } from "../../src/ops/compare.js";
import type { Tensor } from "../../src/tensor/tensor.js";

declare const x: Tensor<[2, 3]>;
declare const row: Tensor<[3]>;
declare const y: Tensor<[4, 3]>;
declare const x64: Tensor<[2, 3], "float64">;
declare const labels: Tensor<[2, 3], "int32">;

describe("broadcasting binary ops", () => {
  it("broadcasts by NumPy rules", () => {
    expectTypeOf(add(x, row)).toEqualTypeOf<Tensor<[2, 3], "float32">>();
    expectTypeOf(mul(row, x)).toEqualTypeOf<Tensor<[2, 3], "float32">>();
    expectTypeOf(add(x64, x64)).toEqualTypeOf<Tensor<[2, 3], "float64">>();
  });
  it("accepts numbers on either side", () => {
    expectTypeOf(mul(x, 2)).toEqualTypeOf<Tensor<[2, 3], "float32">>();
    expectTypeOf(sub(1, x64)).toEqualTypeOf<Tensor<[2, 3], "float64">>();
  });
  it("rejects shapes that do not broadcast, on the offending argument", () => {
    // @ts-expect-error [2, 3] and [4, 3] do not broadcast
    add(x, y);
  });
  it("rejects mixing dtypes", () => {
    // @ts-expect-error float32 + float64 needs an explicit cast
    add(x, x64);
  });
  it("keeps shape and dtype through unary ops and restricts float-only ops", () => {
    expectTypeOf(relu(x64)).toEqualTypeOf<Tensor<[2, 3], "float64">>();
    expectTypeOf(exp(x)).toEqualTypeOf<Tensor<[2, 3], "float32">>();
    // @ts-expect-error exp needs a float tensor
    exp(labels);
  });
  it("comparisons give bool masks and where selects", () => {
    expectTypeOf(less(x, row)).toEqualTypeOf<Tensor<[2, 3], "bool">>();
    expectTypeOf(where(less(x, 0), x, 0)).toEqualTypeOf<Tensor<[2, 3], "float32">>();
  });
});

describe("shape-generic code and shapes known only at runtime", () => {
  it("same-shape ops and number operands keep a generic shape S", () => {
    function swish<S extends Shape, D extends FloatDType>(v: Tensor<S, D>): Tensor<S, D> {
      return mul(v, sigmoid(v));
    }
    function scaled<S extends Shape>(v: Tensor<S>): Tensor<S> {
      return sub(mul(v, 2), 1);
    }
    expectTypeOf(swish(x)).toEqualTypeOf<Tensor<[2, 3], "float32">>();
    expectTypeOf(scaled(row)).toEqualTypeOf<Tensor<[3], "float32">>();
  });
  it("a number combines with a tensor of unknown rank", () => {
    const g = null as unknown as Tensor<Shape, "float64">;
    expectTypeOf(sub(g, mul(g, 0.1))).toEqualTypeOf<Tensor<Shape, "float64">>();
  });
  it("broadcasting errors are still reported with their ShapeError", () => {
    // @ts-expect-error cannot broadcast [2, 3] with [4, 3]
    mul(x, y);
    // @ts-expect-error a float64 operand needs a cast
    mul(x, x64);
  });
});
