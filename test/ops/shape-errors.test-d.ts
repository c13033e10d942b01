// Shape mistakes are compile errors, reported on the offending argument with a ShapeError that
// names the op and the shapes. Each case asserts the rule's exact payload, that the op's
// parameter carries exactly that error (so no tensor fits it), and, once, that the call fails.
import { describe, expectTypeOf, it } from "vitest";
import { add, type Operand } from "../../src/ops/elementwise.js";
import { matmul } from "../../src/ops/matmul.js";
import { sum } from "../../src/ops/reduce.js";
import { concat, permute, reshape } from "../../src/ops/structure.js";
import type { Broadcast, ConcatAll, Guard, Matmul, Permute, Reduce, Reshape, ShapeError } from "../../src/shape/index.js";
import type { Tensor } from "../../src/tensor/tensor.js";

declare const x23: Tensor<[2, 3]>;
declare const x43: Tensor<[4, 3]>;
declare const x45: Tensor<[4, 5]>;
declare const x33: Tensor<[3, 3]>;
declare const images: Tensor<[64, 28, 28]>;
declare const x234: Tensor<[2, 3, 4]>;

describe("matmul: inner dims differ", () => {
  type E = ShapeError<"matmul: inner dims differ: [2, 3] @ [4, 5]", 3, 4>;
  it("the rule", () => {
    expectTypeOf<Matmul<[2, 3], [4, 5]>>().toEqualTypeOf<E>();
  });
  it("the op's second parameter", () => {
    expectTypeOf(matmul<[2, 3], [4, 5]>).parameter(1).toEqualTypeOf<Tensor<[4, 5], "float32"> & E>();
    expectTypeOf(matmul<[2, 3], [3, 5]>).parameter(1).toEqualTypeOf<Tensor<[3, 5], "float32">>();
  });
  it("the call", () => {
    // @ts-expect-error inner dims 3 and 4 differ
    matmul(x23, x45);
  });
});

describe("add: shapes that do not broadcast", () => {
  type E = ShapeError<"broadcast: cannot broadcast [2, 3] with [4, 3] (axis 0: 2 vs 4)", 2, 4>;
  it("the rule", () => {
    expectTypeOf<Broadcast<[2, 3], [4, 3]>>().toEqualTypeOf<E>();
  });
  it("the op's second parameter (Binary's first overload takes an Operand)", () => {
    expectTypeOf<Operand<[2, 3], [4, 3], "float32">>().toEqualTypeOf<(Tensor<[4, 3], "float32"> & E) | number>();
    expectTypeOf<Operand<[2, 3], [3], "float32">>().toEqualTypeOf<Tensor<[3], "float32"> | number>();
  });
  it("the call", () => {
    // @ts-expect-error [2, 3] and [4, 3] do not broadcast
    add(x23, x43);
  });
});

describe("reshape: element counts differ", () => {
  // the shared leading 64 is set aside; 28·28 = 784 elements cannot become 780
  type E = ShapeError<"reshape: element counts differ: [64, 28, 28] -> [64, 780]", 784, 780>;
  it("the rule", () => {
    expectTypeOf<Reshape<[64, 28, 28], [64, 780]>>().toEqualTypeOf<E>();
  });
  it("the op's shape parameter (the first and the last of reshape's signatures carry the rule)", () => {
    expectTypeOf<[64, 780] & Guard<Reshape<[64, 28, 28], [64, 780]>>>().toEqualTypeOf<[64, 780] & E>();
  });
  it("the call", () => {
    // @ts-expect-error 784 elements per image, not 780
    reshape(images, [64, 780]);
  });
});

describe("sum: axis out of range", () => {
  type E = ShapeError<"sum: axis 2 is out of range for [2, 3]", 2, [2, 3]>;
  it("the rule", () => {
    expectTypeOf<Reduce<[2, 3], 2, false, "sum">>().toEqualTypeOf<E>();
    expectTypeOf<Reduce<[2, 3], -3, false, "sum">>().toEqualTypeOf<ShapeError<"sum: axis -3 is out of range for [2, 3]", -3, [2, 3]>>();
    expectTypeOf<Reduce<[2, 3, 4], [2, -1], false, "sum">>().toEqualTypeOf<ShapeError<"sum: axis -1 is repeated in [2, -1] for [2, 3, 4]", -1, [2, 3, 4]>>();
  });
  it("the op's axis parameter", () => {
    type SumAt<Ax extends number> = Parameters<typeof sum<[2, 3], "float32", Ax, false>>[1];
    expectTypeOf<SumAt<2>>().toEqualTypeOf<2 & E>();
    expectTypeOf<SumAt<1>>().toEqualTypeOf<1>();
  });
  it("the call", () => {
    // @ts-expect-error axis 2 of a rank-2 tensor
    sum(x23, 2);
  });
});

describe("permute: not a permutation", () => {
  type E = ShapeError<"permute: [2, 0, 0] is not a permutation of the axes of [2, 3, 4]", [2, 0, 0], [2, 3, 4]>;
  it("the rule", () => {
    expectTypeOf<Permute<[2, 3, 4], [2, 0, 0]>>().toEqualTypeOf<E>();
    expectTypeOf<Permute<[2, 3, 4], [0, 1]>>().toEqualTypeOf<ShapeError<"permute: [0, 1] is not a permutation of the axes of [2, 3, 4]", [0, 1], [2, 3, 4]>>();
  });
  it("the op's permutation parameter", () => {
    expectTypeOf(permute<[2, 3, 4], [2, 0, 0]>).parameter(1).toEqualTypeOf<[2, 0, 0] & E>();
  });
  it("the call", () => {
    // @ts-expect-error axis 0 twice, axis 1 never
    permute(x234, [2, 0, 0]);
  });
});

describe("concat: dims differ outside the axis", () => {
  type E = ShapeError<"concat: shapes differ outside axis 1: [2, 3] and [3, 3]", 2, 3>;
  it("the rule", () => {
    expectTypeOf<ConcatAll<[[2, 3], [3, 3]], 1>>().toEqualTypeOf<E>();
    expectTypeOf<ConcatAll<[[2, 3], [3]], 0>>().toEqualTypeOf<ShapeError<"concat: ranks differ: [2, 3] and [3]", [2, 3], [3]>>();
  });
  it("the op's list parameter", () => {
    type List = readonly [Tensor<[2, 3]>, Tensor<[3, 3]>];
    expectTypeOf(concat<List, 1>).parameter(0).toEqualTypeOf<List & E>();
  });
  it("the call", () => {
    // @ts-expect-error 2 rows and 3 rows cannot sit side by side
    concat([x23, x33], 1);
  });
});
