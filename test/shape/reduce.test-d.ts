// Axes (NormAxis, DimAt), Reduce and ReduceAll, Squeeze and ExpandDims.
import { describe, expectTypeOf, test } from "vitest";
import type { DimAt, ExpandDims, Named, NormAxis, Reduce, ReduceAll, ShapeError, Squeeze } from "../../src/shape/index.js";

type Batch = Named<"batch">;

describe("NormAxis and DimAt", () => {
  test("non-negative and negative axes", () => {
    expectTypeOf<NormAxis<[64, 28, 28], 0>>().toEqualTypeOf<0>();
    expectTypeOf<NormAxis<[64, 28, 28], 2>>().toEqualTypeOf<2>();
    expectTypeOf<NormAxis<[64, 28, 28], -1>>().toEqualTypeOf<2>();
    expectTypeOf<NormAxis<[64, 28, 28], -3>>().toEqualTypeOf<0>();
    expectTypeOf<DimAt<[64, 28, 10], -1>>().toEqualTypeOf<10>();
    expectTypeOf<DimAt<[Batch, 784], 0>>().toEqualTypeOf<Batch>();
  });
  test("out of range", () => {
    expectTypeOf<NormAxis<[64, 28, 28], 3>>()
      .toEqualTypeOf<ShapeError<"normAxis: axis 3 is out of range for [64, 28, 28]", 3, [64, 28, 28]>>();
    expectTypeOf<NormAxis<[64, 28, 28], -4>>()
      .toEqualTypeOf<ShapeError<"normAxis: axis -4 is out of range for [64, 28, 28]", -4, [64, 28, 28]>>();
    expectTypeOf<NormAxis<[64, 28, 28], 1.5>>()
      .toEqualTypeOf<ShapeError<"normAxis: axis 1.5 is out of range for [64, 28, 28]", 1.5, [64, 28, 28]>>();
    expectTypeOf<NormAxis<[], 0>>().toEqualTypeOf<ShapeError<"normAxis: axis 0 is out of range for []", 0, []>>();
    expectTypeOf<DimAt<[2, 3], 2, "size">>().toEqualTypeOf<ShapeError<"size: axis 2 is out of range for [2, 3]", 2, [2, 3]>>();
  });
  test("a non-literal axis", () => {
    expectTypeOf<NormAxis<[2, 3], number>>().toEqualTypeOf<ShapeError<"normAxis: axis must be a number literal, got number", number, [2, 3]>>();
  });
});

describe("Reduce", () => {
  test("one axis", () => {
    expectTypeOf<Reduce<[2, 3, 4], 1>>().toEqualTypeOf<[2, 4]>();
    expectTypeOf<Reduce<[2, 3, 4], -1>>().toEqualTypeOf<[2, 3]>();
    expectTypeOf<Reduce<[2, 3, 4], -1, true>>().toEqualTypeOf<[2, 3, 1]>();
    expectTypeOf<Reduce<readonly [2, 3, 4], 0, true>>().toEqualTypeOf<[1, 3, 4]>();
    expectTypeOf<Reduce<[Batch, 10], 1>>().toEqualTypeOf<[Batch]>();
  });
  test("several axes, in any order, negative or not", () => {
    expectTypeOf<Reduce<[2, 3, 4, 5], [0, 2]>>().toEqualTypeOf<[3, 5]>();
    expectTypeOf<Reduce<[2, 3, 4, 5], readonly [-1, 1]>>().toEqualTypeOf<[2, 4]>();
    expectTypeOf<Reduce<[2, 3, 4, 5], [-1, 1], true>>().toEqualTypeOf<[2, 1, 4, 1]>();
    expectTypeOf<Reduce<[2, 3], [0, 1]>>().toEqualTypeOf<[]>();
    expectTypeOf<Reduce<[2, 3], []>>().toEqualTypeOf<[2, 3]>();
  });
  test("axis out of range names the op, the axis and the shape", () => {
    expectTypeOf<Reduce<[64, 28, 28], 3, false, "sum">>()
      .toEqualTypeOf<ShapeError<"sum: axis 3 is out of range for [64, 28, 28]", 3, [64, 28, 28]>>();
    expectTypeOf<Reduce<[2, 3], [0, -3]>>().toEqualTypeOf<ShapeError<"reduce: axis -3 is out of range for [2, 3]", -3, [2, 3]>>();
  });
  test("an axis named twice", () => {
    expectTypeOf<Reduce<[2, 3, 4], [2, -1], false, "mean">>()
      .toEqualTypeOf<ShapeError<"mean: axis -1 is repeated in [2, -1] for [2, 3, 4]", -1, [2, 3, 4]>>();
    expectTypeOf<Reduce<[2, 3, 4], [0, 0]>>().toEqualTypeOf<ShapeError<"reduce: axis 0 is repeated in [0, 0] for [2, 3, 4]", 0, [2, 3, 4]>>();
  });
  test("axes not known at compile time", () => {
    expectTypeOf<Reduce<[2, 3], number>>().toEqualTypeOf<ShapeError<"reduce: axis must be a number literal, got number", number, [2, 3]>>();
    expectTypeOf<Reduce<[2, 3], number[]>>()
      .toEqualTypeOf<ShapeError<"reduce: axes must be a tuple of number literals, got number[]", number[], [2, 3]>>();
  });
  test("ReduceAll", () => {
    expectTypeOf<ReduceAll<[2, 3, 4]>>().toEqualTypeOf<[]>();
    expectTypeOf<ReduceAll<[2, 3, 4], true>>().toEqualTypeOf<[1, 1, 1]>();
    expectTypeOf<ReduceAll<readonly [Batch, 3], true>>().toEqualTypeOf<[1, 1]>();
  });
});

describe("Squeeze and ExpandDims", () => {
  test("Squeeze removes an axis of size 1", () => {
    expectTypeOf<Squeeze<[2, 1, 3], 1>>().toEqualTypeOf<[2, 3]>();
    expectTypeOf<Squeeze<[2, 3, 1], -1>>().toEqualTypeOf<[2, 3]>();
    expectTypeOf<Squeeze<[1], 0>>().toEqualTypeOf<[]>();
    expectTypeOf<Squeeze<[2, number], 1>>().toEqualTypeOf<[2]>();
  });
  test("Squeeze errors", () => {
    expectTypeOf<Squeeze<[2, 3], 1>>().toEqualTypeOf<ShapeError<"squeeze: axis 1 is not of size 1: [2, 3]", 3, [2, 3]>>();
    expectTypeOf<Squeeze<[Batch, 3], 0>>().toEqualTypeOf<ShapeError<`squeeze: axis 0 is not of size 1: [${Batch}, 3]`, Batch, [Batch, 3]>>();
    expectTypeOf<Squeeze<[2, 3], 2>>().toEqualTypeOf<ShapeError<"squeeze: axis 2 is out of range for [2, 3]", 2, [2, 3]>>();
  });
  test("ExpandDims inserts an axis of size 1 at -rank-1..rank", () => {
    expectTypeOf<ExpandDims<[2, 3], 0>>().toEqualTypeOf<[1, 2, 3]>();
    expectTypeOf<ExpandDims<[2, 3], 1>>().toEqualTypeOf<[2, 1, 3]>();
    expectTypeOf<ExpandDims<[2, 3], 2>>().toEqualTypeOf<[2, 3, 1]>();
    expectTypeOf<ExpandDims<[2, 3], -1>>().toEqualTypeOf<[2, 3, 1]>();
    expectTypeOf<ExpandDims<[2, 3], -3>>().toEqualTypeOf<[1, 2, 3]>();
    expectTypeOf<ExpandDims<[], 0>>().toEqualTypeOf<[1]>();
  });
  test("ExpandDims out of range", () => {
    expectTypeOf<ExpandDims<[2, 3], 3>>().toEqualTypeOf<ShapeError<"expandDims: axis 3 is out of range for [2, 3]", 3, [2, 3]>>();
    expectTypeOf<ExpandDims<[2, 3], -4>>().toEqualTypeOf<ShapeError<"expandDims: axis -4 is out of range for [2, 3]", -4, [2, 3]>>();
  });
});
