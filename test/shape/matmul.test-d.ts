// Matmul: matrices, batches with broadcasting, and each kind of error.
import { describe, expectTypeOf, test } from "vitest";
import type { Matmul, Named, ShapeError } from "../../src/shape/index.js";

describe("Matmul", () => {
  test("matrix and batched products", () => {
    expectTypeOf<Matmul<[2, 3], [3, 4]>>().toEqualTypeOf<[2, 4]>();
    expectTypeOf<Matmul<readonly [2, 3], readonly [3, 4]>>().toEqualTypeOf<[2, 4]>();
    expectTypeOf<Matmul<[10, 2, 3], [10, 3, 4]>>().toEqualTypeOf<[10, 2, 4]>();
    expectTypeOf<Matmul<[8, 1, 2, 3], [5, 3, 7]>>().toEqualTypeOf<[8, 5, 2, 7]>();
    expectTypeOf<Matmul<[10, 2, 3], [3, 4]>>().toEqualTypeOf<[10, 2, 4]>();
    expectTypeOf<Matmul<[Named<"b">, 784], [784, 10]>>().toEqualTypeOf<[Named<"b">, 10]>();
    expectTypeOf<Matmul<[number, 784], [784, 10]>>().toEqualTypeOf<[number, 10]>();
  });
  test("number inner dims are optimistic", () => {
    expectTypeOf<Matmul<[2, number], [5, 4]>>().toEqualTypeOf<[2, 4]>();
    expectTypeOf<Matmul<[2, 3], [number, 4]>>().toEqualTypeOf<[2, 4]>();
  });
  test("inner dims differ", () => {
    expectTypeOf<Matmul<[2, 3], [4, 5]>>().toEqualTypeOf<ShapeError<"matmul: inner dims differ: [2, 3] @ [4, 5]", 3, 4>>();
    expectTypeOf<Matmul<[7, 2, 3], [4, 5]>>().toEqualTypeOf<ShapeError<"matmul: inner dims differ: [7, 2, 3] @ [4, 5]", 3, 4>>();
    expectTypeOf<Matmul<[2, Named<"k">], [Named<"j">, 5]>>()
      .toEqualTypeOf<ShapeError<`matmul: inner dims differ: [2, ${Named<"k">}] @ [${Named<"j">}, 5]`, Named<"k">, Named<"j">>>();
  });
  test("rank below 2", () => {
    expectTypeOf<Matmul<[3], [3, 4]>>().toEqualTypeOf<ShapeError<"matmul: lhs needs rank >= 2: [3] @ [3, 4]", [3], [3, 4]>>();
    expectTypeOf<Matmul<[2, 3], [3]>>().toEqualTypeOf<ShapeError<"matmul: rhs needs rank >= 2: [2, 3] @ [3]", [2, 3], [3]>>();
    expectTypeOf<Matmul<[], []>>().toEqualTypeOf<ShapeError<"matmul: lhs needs rank >= 2: [] @ []", [], []>>();
  });
  test("batch dims that do not broadcast", () => {
    expectTypeOf<Matmul<[8, 2, 3], [5, 3, 7]>>()
      .toEqualTypeOf<ShapeError<"matmul: batch dims do not broadcast: [8, 2, 3] @ [5, 3, 7]", 8, 5>>();
  });
});
