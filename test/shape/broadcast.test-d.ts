// Broadcast: NumPy's rules with exact results and exact errors.
import { describe, expectTypeOf, test } from "vitest";
import type { Broadcast, Named, ShapeError } from "../../src/shape/index.js";

type Batch = Named<"batch">;

describe("Broadcast", () => {
  test("NumPy examples", () => {
    expectTypeOf<Broadcast<[8, 1, 6, 1], [7, 1, 5]>>().toEqualTypeOf<[8, 7, 6, 5]>();
    expectTypeOf<Broadcast<[256, 256, 3], [3]>>().toEqualTypeOf<[256, 256, 3]>();
    expectTypeOf<Broadcast<[15, 3, 5], [15, 1, 5]>>().toEqualTypeOf<[15, 3, 5]>();
    expectTypeOf<Broadcast<[3], [4, 1]>>().toEqualTypeOf<[4, 3]>();
    expectTypeOf<Broadcast<[], [2, 3]>>().toEqualTypeOf<[2, 3]>();
    expectTypeOf<Broadcast<[2, 3], []>>().toEqualTypeOf<[2, 3]>();
    expectTypeOf<Broadcast<[0], [1]>>().toEqualTypeOf<[0]>();
    expectTypeOf<Broadcast<readonly [2, 3], readonly [2, 3]>>().toEqualTypeOf<[2, 3]>();
  });
  test("mismatch names both shapes and the clashing dims", () => {
    expectTypeOf<Broadcast<[2, 3], [4, 3]>>().toEqualTypeOf<ShapeError<"broadcast: cannot broadcast [2, 3] with [4, 3] (axis 0: 2 vs 4)", 2, 4>>();
    expectTypeOf<Broadcast<[2, 1], [8, 4, 3]>>().toEqualTypeOf<ShapeError<"broadcast: cannot broadcast [2, 1] with [8, 4, 3] (axis 1: 2 vs 4)", 2, 4>>();
    expectTypeOf<Broadcast<[0], [5]>>().toEqualTypeOf<ShapeError<"broadcast: cannot broadcast [0] with [5] (axis 0: 0 vs 5)", 0, 5>>();
    // the first clash from the end is reported
    expectTypeOf<Broadcast<[5, 2], [6, 3]>>().toEqualTypeOf<ShapeError<"broadcast: cannot broadcast [5, 2] with [6, 3] (axis 1: 2 vs 3)", 2, 3>>();
  });
  test("the op name goes into the message", () => {
    expectTypeOf<Broadcast<[2], [3], "mul">>().toEqualTypeOf<ShapeError<"mul: cannot broadcast [2] with [3] (axis 0: 2 vs 3)", 2, 3>>();
  });
  test("number dims are optimistic and take the better-known size", () => {
    expectTypeOf<Broadcast<[number, 3], [5, 3]>>().toEqualTypeOf<[5, 3]>();
    expectTypeOf<Broadcast<[5, 3], [number, 3]>>().toEqualTypeOf<[5, 3]>();
    expectTypeOf<Broadcast<[number], [1]>>().toEqualTypeOf<[number]>();
    expectTypeOf<Broadcast<[1], [number]>>().toEqualTypeOf<[number]>();
    expectTypeOf<Broadcast<[Batch, 3], [number, 3]>>().toEqualTypeOf<[Batch, 3]>();
  });
  test("Named dims broadcast with themselves and 1, not with other sizes", () => {
    expectTypeOf<Broadcast<[Batch, 10], [Batch, 1]>>().toEqualTypeOf<[Batch, 10]>();
    expectTypeOf<Broadcast<[Batch, 10], [10]>>().toEqualTypeOf<[Batch, 10]>();
    expectTypeOf<Broadcast<[1, 10], [Batch, 10]>>().toEqualTypeOf<[Batch, 10]>();
    expectTypeOf<Broadcast<[Batch], [32]>>().toEqualTypeOf<ShapeError<`broadcast: cannot broadcast [${Batch}] with [32] (axis 0: ${Batch} vs 32)`, Batch, 32>>();
    expectTypeOf<Broadcast<[Batch], [Named<"time">]>>()
      .toEqualTypeOf<ShapeError<`broadcast: cannot broadcast [${Batch}] with [${Named<"time">}] (axis 0: ${Batch} vs ${Named<"time">})`, Batch, Named<"time">>>();
  });
  test("shapes of unknown rank are an error", () => {
    expectTypeOf<Broadcast<number[], [3]>>()
      .toEqualTypeOf<ShapeError<"broadcast: cannot broadcast shapes of unknown rank: number[] with [3]", number[], [3]>>();
  });
});
