// Slice: literal bounds, negative bounds from the end, and out-of-range bounds as errors.
import { describe, expectTypeOf, test } from "vitest";
import type { Named, ShapeError, Slice } from "../../src/shape/index.js";

describe("Slice", () => {
  test("bounds within the axis", () => {
    expectTypeOf<Slice<[4, 5], 1, 1, 4>>().toEqualTypeOf<[4, 3]>();
    expectTypeOf<Slice<[4, 5], 0, 0, 4>>().toEqualTypeOf<[4, 5]>();
    expectTypeOf<Slice<[4, 5], -1, 2, 2>>().toEqualTypeOf<[4, 0]>();
    expectTypeOf<Slice<[100, 5], 0, 10, 100>>().toEqualTypeOf<[90, 5]>();
  });
  test("negative bounds count from the end", () => {
    expectTypeOf<Slice<[4, 5], 1, 0, -1>>().toEqualTypeOf<[4, 4]>();
    expectTypeOf<Slice<[4, 5], 1, -3, -1>>().toEqualTypeOf<[4, 2]>();
    expectTypeOf<Slice<[4, 5], 1, -5, 5>>().toEqualTypeOf<[4, 5]>();
  });
  test("runtime-sized axes: non-negative bounds give a literal, negative ones number", () => {
    expectTypeOf<Slice<[number, 10], 0, 0, 5>>().toEqualTypeOf<[5, 10]>();
    expectTypeOf<Slice<[Named<"t">, 10], 0, 2, 7>>().toEqualTypeOf<[5, 10]>();
    expectTypeOf<Slice<[number, 10], 0, 0, -1>>().toEqualTypeOf<[number, 10]>();
    expectTypeOf<Slice<[4, 10], 1, number, number>>().toEqualTypeOf<[4, number]>();
  });
  test("invalid bounds", () => {
    expectTypeOf<Slice<[4, 5], 1, 2, 7>>()
      .toEqualTypeOf<ShapeError<"slice: invalid bounds 2..7 for axis 1 of [4, 5]", [2, 7], [4, 5]>>();
    expectTypeOf<Slice<[4, 5], 1, 3, 1>>()
      .toEqualTypeOf<ShapeError<"slice: invalid bounds 3..1 for axis 1 of [4, 5]", [3, 1], [4, 5]>>();
    expectTypeOf<Slice<[4, 5], -1, -6, 2>>()
      .toEqualTypeOf<ShapeError<"slice: invalid bounds -6..2 for axis -1 of [4, 5]", [-6, 2], [4, 5]>>();
    expectTypeOf<Slice<[number, 5], 0, 3, 1>>()
      .toEqualTypeOf<ShapeError<`slice: invalid bounds 3..1 for axis 0 of [${number}, 5]`, [3, 1], [number, 5]>>();
  });
  test("axis out of range", () => {
    expectTypeOf<Slice<[4, 5], 2, 0, 1>>().toEqualTypeOf<ShapeError<"slice: axis 2 is out of range for [4, 5]", 2, [4, 5]>>();
  });
});
