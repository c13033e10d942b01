// Concat, ConcatAll and Stack: type-level addition along the axis, agreement elsewhere.
import { describe, expectTypeOf, test } from "vitest";
import type { Concat, ConcatAll, Named, ShapeError, Stack } from "../../src/shape/index.js";

type Batch = Named<"batch">;

describe("Concat", () => {
  test("adds the sizes on the axis", () => {
    expectTypeOf<Concat<[2, 300], [2, 468], 1>>().toEqualTypeOf<[2, 768]>();
    expectTypeOf<Concat<[2, 300], [2, 468], -1>>().toEqualTypeOf<[2, 768]>();
    expectTypeOf<Concat<[999, 4], [1, 4], 0>>().toEqualTypeOf<[1000, 4]>();
    expectTypeOf<Concat<readonly [3], readonly [0], 0>>().toEqualTypeOf<[3]>();
    expectTypeOf<Concat<[Batch, 10], [Batch, 20], 1>>().toEqualTypeOf<[Batch, 30]>();
  });
  test("number and Named sizes on the axis add up to number", () => {
    expectTypeOf<Concat<[number, 4], [5, 4], 0>>().toEqualTypeOf<[number, 4]>();
    expectTypeOf<Concat<[Batch, 4], [Batch, 4], 0>>().toEqualTypeOf<[number, 4]>();
  });
  test("number dims off the axis take the known size", () => {
    expectTypeOf<Concat<[number, 3], [5, 4], 1>>().toEqualTypeOf<[5, 7]>();
  });
  test("dims that differ off the axis", () => {
    expectTypeOf<Concat<[2, 3], [4, 5], 1>>()
      .toEqualTypeOf<ShapeError<"concat: shapes differ outside axis 1: [2, 3] and [4, 5]", 2, 4>>();
    expectTypeOf<Concat<[Batch, 3], [4, 5], -1>>()
      .toEqualTypeOf<ShapeError<`concat: shapes differ outside axis -1: [${Batch}, 3] and [4, 5]`, Batch, 4>>();
  });
  test("ranks differ", () => {
    expectTypeOf<Concat<[2, 3], [2, 3, 4], 0>>()
      .toEqualTypeOf<ShapeError<"concat: ranks differ: [2, 3] and [2, 3, 4]", [2, 3], [2, 3, 4]>>();
  });
  test("axis out of range", () => {
    expectTypeOf<Concat<[2, 3], [2, 3], 2>>().toEqualTypeOf<ShapeError<"concat: axis 2 is out of range for [2, 3]", 2, [2, 3]>>();
  });
});

describe("ConcatAll", () => {
  test("sums along the axis over every shape", () => {
    expectTypeOf<ConcatAll<[[2, 3], [2, 4], [2, 5]], 1>>().toEqualTypeOf<[2, 12]>();
    expectTypeOf<ConcatAll<[[7, 3]], 0>>().toEqualTypeOf<[7, 3]>();
  });
  test("compares each shape with the first", () => {
    expectTypeOf<ConcatAll<[[2, 3], [2, 4], [3, 5]], 1>>()
      .toEqualTypeOf<ShapeError<"concat: shapes differ outside axis 1: [2, 3] and [3, 5]", 2, 3>>();
  });
  test("no shapes", () => {
    expectTypeOf<ConcatAll<[], 0>>().toEqualTypeOf<ShapeError<"concat: needs at least one shape", [], 0>>();
  });
});

describe("Stack", () => {
  test("inserts a new axis of size = number of shapes", () => {
    expectTypeOf<Stack<[[2, 3], [2, 3], [2, 3]], 0>>().toEqualTypeOf<[3, 2, 3]>();
    expectTypeOf<Stack<[[2, 3], [2, 3]], 1>>().toEqualTypeOf<[2, 2, 3]>();
    expectTypeOf<Stack<[[2, 3], [2, 3]], 2>>().toEqualTypeOf<[2, 3, 2]>();
    expectTypeOf<Stack<[[2, 3], [2, 3]], -1>>().toEqualTypeOf<[2, 3, 2]>();
    expectTypeOf<Stack<[[2, 3], [2, 3]], -3>>().toEqualTypeOf<[2, 2, 3]>();
    expectTypeOf<Stack<[[number, 3], [4, 3]], 0>>().toEqualTypeOf<[2, 4, 3]>();
    expectTypeOf<Stack<[[]], 0>>().toEqualTypeOf<[1]>();
  });
  test("errors", () => {
    expectTypeOf<Stack<[[2, 3], [2, 4]], 0>>().toEqualTypeOf<ShapeError<"stack: shapes differ: [2, 3] and [2, 4]", 3, 4>>();
    expectTypeOf<Stack<[[2, 3], [2]], 0>>().toEqualTypeOf<ShapeError<"stack: shapes differ: [2, 3] and [2]", [2, 3], [2]>>();
    expectTypeOf<Stack<[[2, 3]], 3>>().toEqualTypeOf<ShapeError<"stack: axis 3 is out of range for [2, 3]", 3, [2, 3]>>();
    expectTypeOf<Stack<[[2, 3]], -4>>().toEqualTypeOf<ShapeError<"stack: axis -4 is out of range for [2, 3]", -4, [2, 3]>>();
    expectTypeOf<Stack<[], 0>>().toEqualTypeOf<ShapeError<"stack: needs at least one shape", [], 0>>();
  });
});
