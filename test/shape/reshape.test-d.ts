// Reshape and Flatten: element counts via digit-wise products, symbolic dims set aside, -1.
import { describe, expectTypeOf, test } from "vitest";
import type { Flatten, Named, Reshape, ShapeError } from "../../src/shape/index.js";

type Batch = Named<"batch">;

describe("Reshape", () => {
  test("equal element counts", () => {
    expectTypeOf<Reshape<[64, 28, 28], [64, 784]>>().toEqualTypeOf<[64, 784]>();
    expectTypeOf<Reshape<[2, 3], [3, 2]>>().toEqualTypeOf<[3, 2]>();
    expectTypeOf<Reshape<[2, 3], [6]>>().toEqualTypeOf<[6]>();
    expectTypeOf<Reshape<[32, 3, 3, 64], [18432]>>().toEqualTypeOf<[18432]>();
    expectTypeOf<Reshape<[1], []>>().toEqualTypeOf<[]>();
    expectTypeOf<Reshape<[], [1, 1]>>().toEqualTypeOf<[1, 1]>();
    expectTypeOf<Reshape<[4, 5], readonly [2, 10]>>().toEqualTypeOf<[2, 10]>();
    expectTypeOf<Reshape<[0, 5], [5, 0]>>().toEqualTypeOf<[5, 0]>();
  });
  test("element counts differ: payload is the counts of the parts that differ", () => {
    expectTypeOf<Reshape<[64, 28, 28], [64, 780]>>()
      .toEqualTypeOf<ShapeError<"reshape: element counts differ: [64, 28, 28] -> [64, 780]", 784, 780>>();
    expectTypeOf<Reshape<[2, 3], [7]>>().toEqualTypeOf<ShapeError<"reshape: element counts differ: [2, 3] -> [7]", 6, 7>>();
    expectTypeOf<Reshape<[2, 3], []>>().toEqualTypeOf<ShapeError<"reshape: element counts differ: [2, 3] -> []", 6, 1>>();
  });
  test("Named dims shared at the front or back are set aside", () => {
    expectTypeOf<Reshape<[Batch, 28, 28], [Batch, 784]>>().toEqualTypeOf<[Batch, 784]>();
    expectTypeOf<Reshape<[28, 28, Batch], [784, Batch]>>().toEqualTypeOf<[784, Batch]>();
    expectTypeOf<Reshape<[Batch, 12, 64], [Batch, 768]>>().toEqualTypeOf<[Batch, 768]>();
  });
  test("Named dims anywhere else are related as a multiset", () => {
    expectTypeOf<Reshape<[Batch, 3], [3, Batch]>>().toEqualTypeOf<[3, Batch]>();
    expectTypeOf<Reshape<[Batch, 28, 28], [784, Batch]>>().toEqualTypeOf<[784, Batch]>();
    expectTypeOf<Reshape<[Batch, 2, 3], [3, Batch, 3]>>()
      .toEqualTypeOf<ShapeError<`reshape: element counts differ: [${Batch}, 2, 3] -> [3, ${Batch}, 3]`, 2, 3>>();
  });
  test("symbolic dims that cannot be related", () => {
    expectTypeOf<Reshape<[Batch, 28], [784]>>()
      .toEqualTypeOf<ShapeError<`reshape: cannot relate symbolic dims: [${Batch}, 28] -> [784]`, [Batch, 28], [784]>>();
    expectTypeOf<Reshape<[Batch, 4], [Named<"time">, 4, 1]>>()
      .toEqualTypeOf<ShapeError<`reshape: cannot relate symbolic dims: [${Batch}, 4] -> [${Named<"time">}, 4, 1]`, [Batch, 4], [Named<"time">, 4, 1]>>();
  });
  test("number dims leave the check to runtime", () => {
    expectTypeOf<Reshape<[number, 28, 28], [number, 784]>>().toEqualTypeOf<[number, 784]>();
    expectTypeOf<Reshape<[number, 6], [5, 7]>>().toEqualTypeOf<[5, 7]>();
    expectTypeOf<Reshape<[2, 3], [number]>>().toEqualTypeOf<[number]>();
  });
  test("-1 takes the size that fits when it can be computed, else number", () => {
    expectTypeOf<Reshape<[64, 28, 28], [64, -1]>>().toEqualTypeOf<[64, 784]>();
    expectTypeOf<Reshape<[2, 3, 4], [-1]>>().toEqualTypeOf<[24]>();
    expectTypeOf<Reshape<[Batch, 28, 28], [Batch, -1]>>().toEqualTypeOf<[Batch, 784]>();
    expectTypeOf<Reshape<[Batch, 28, 28], [-1, 28, 28]>>().toEqualTypeOf<[Batch, 28, 28]>();
    expectTypeOf<Reshape<[Batch, 28, 28], [-1, 784]>>().toEqualTypeOf<[number, 784]>();
    expectTypeOf<Reshape<[6, 4], [-1, 8]>>().toEqualTypeOf<[number, 8]>();
  });
  test("invalid target dims", () => {
    expectTypeOf<Reshape<[6], [-1, -1]>>().toEqualTypeOf<ShapeError<"reshape: invalid target dims: [6] -> [-1, -1]", [6], [-1, -1]>>();
    expectTypeOf<Reshape<[6], [-2, -3]>>().toEqualTypeOf<ShapeError<"reshape: invalid target dims: [6] -> [-2, -3]", [6], [-2, -3]>>();
    expectTypeOf<Reshape<[6], [2.5, 2]>>().toEqualTypeOf<ShapeError<"reshape: invalid target dims: [6] -> [2.5, 2]", [6], [2.5, 2]>>();
  });
});

describe("Flatten", () => {
  test("collapses Start..End into their product", () => {
    expectTypeOf<Flatten<[64, 3, 32, 32]>>().toEqualTypeOf<[196608]>();
    expectTypeOf<Flatten<[64, 3, 32, 32], 1>>().toEqualTypeOf<[64, 3072]>();
    expectTypeOf<Flatten<[64, 3, 32, 32], 1, 2>>().toEqualTypeOf<[64, 96, 32]>();
    expectTypeOf<Flatten<[64, 3, 32, 32], -2>>().toEqualTypeOf<[64, 3, 1024]>();
    expectTypeOf<Flatten<[2, 3, 4], 1, 1>>().toEqualTypeOf<[2, 3, 4]>();
    expectTypeOf<Flatten<[5]>>().toEqualTypeOf<[5]>();
    expectTypeOf<Flatten<[]>>().toEqualTypeOf<[1]>();
  });
  test("names survive outside the range; inside it the size is runtime-known", () => {
    expectTypeOf<Flatten<[Batch, 3, 32, 32], 1>>().toEqualTypeOf<[Batch, 3072]>();
    expectTypeOf<Flatten<[Batch, 3, 32], 0, 0>>().toEqualTypeOf<[Batch, 3, 32]>();
    expectTypeOf<Flatten<[Batch, 3]>>().toEqualTypeOf<[number]>();
  });
  test("errors", () => {
    expectTypeOf<Flatten<[2, 3], 3>>().toEqualTypeOf<ShapeError<"flatten: axis 3 is out of range for [2, 3]", 3, [2, 3]>>();
    expectTypeOf<Flatten<[2, 3], 0, -3>>().toEqualTypeOf<ShapeError<"flatten: axis -3 is out of range for [2, 3]", -3, [2, 3]>>();
    expectTypeOf<Flatten<[2, 3, 4], 2, 1>>()
      .toEqualTypeOf<ShapeError<"flatten: start axis 2 is after end axis 1 in [2, 3, 4]", 2, 1>>();
    expectTypeOf<Flatten<[2, 3, 4], -1, 0>>()
      .toEqualTypeOf<ShapeError<"flatten: start axis -1 is after end axis 0 in [2, 3, 4]", -1, 0>>();
  });
});
