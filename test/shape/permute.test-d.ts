// Permute, Transpose and SwapLast.
import { describe, expectTypeOf, test } from "vitest";
import type { Named, Permute, ShapeError, SwapLast, Transpose } from "../../src/shape/index.js";

describe("Permute", () => {
  test("axis k of the result is axis P[k]", () => {
    expectTypeOf<Permute<[2, 3, 4], [2, 0, 1]>>().toEqualTypeOf<[4, 2, 3]>();
    expectTypeOf<Permute<[2, 3, 4], readonly [1, 2, 0]>>().toEqualTypeOf<[3, 4, 2]>();
    expectTypeOf<Permute<[Named<"b">, 3, 32, 32], [0, 2, 3, 1]>>().toEqualTypeOf<[Named<"b">, 32, 32, 3]>();
    expectTypeOf<Permute<[], []>>().toEqualTypeOf<[]>();
  });
  test("not a permutation", () => {
    expectTypeOf<Permute<[2, 3, 4], [2, 0, 0]>>()
      .toEqualTypeOf<ShapeError<"permute: [2, 0, 0] is not a permutation of the axes of [2, 3, 4]", [2, 0, 0], [2, 3, 4]>>();
    expectTypeOf<Permute<[2, 3, 4], [0, 1]>>()
      .toEqualTypeOf<ShapeError<"permute: [0, 1] is not a permutation of the axes of [2, 3, 4]", [0, 1], [2, 3, 4]>>();
    expectTypeOf<Permute<[2, 3], [0, 1, 2]>>()
      .toEqualTypeOf<ShapeError<"permute: [0, 1, 2] is not a permutation of the axes of [2, 3]", [0, 1, 2], [2, 3]>>();
    expectTypeOf<Permute<[2, 3], [-1, 0]>>()
      .toEqualTypeOf<ShapeError<"permute: [-1, 0] is not a permutation of the axes of [2, 3]", [-1, 0], [2, 3]>>();
  });
});

describe("Transpose and SwapLast", () => {
  test("Transpose reverses all axes", () => {
    expectTypeOf<Transpose<[2, 3, 4]>>().toEqualTypeOf<[4, 3, 2]>();
    expectTypeOf<Transpose<readonly [2, 3]>>().toEqualTypeOf<[3, 2]>();
    expectTypeOf<Transpose<[5]>>().toEqualTypeOf<[5]>();
    expectTypeOf<Transpose<[]>>().toEqualTypeOf<[]>();
  });
  test("SwapLast swaps the last two", () => {
    expectTypeOf<SwapLast<[5, 2, 3]>>().toEqualTypeOf<[5, 3, 2]>();
    expectTypeOf<SwapLast<readonly [2, 3]>>().toEqualTypeOf<[3, 2]>();
    expectTypeOf<SwapLast<[3]>>().toEqualTypeOf<ShapeError<"swapLast: needs rank >= 2: [3]", [3]>>();
  });
});
