// concatShape and stackShape.
import { describe, expect, test } from "vitest";
import { concatShape, stackShape } from "../../src/shape/index.js";
import { thrown } from "./thrown.js";

describe("concatShape", () => {
  test("sizes on the axis add up", () => {
    expect(concatShape([[2, 300], [2, 468]], 1)).toEqual([2, 768]);
    expect(concatShape([[2, 300], [2, 468]], -1)).toEqual([2, 768]);
    expect(concatShape([[2, 3], [2, 4], [2, 5]], 1)).toEqual([2, 12]);
    expect(concatShape([[3, 4], [0, 4]], 0)).toEqual([3, 4]);
    expect(concatShape([[7, 3]], 0)).toEqual([7, 3]);
  });
  test("a dim off the axis differs from the first shape's", () => {
    const e = thrown(() => concatShape([[2, 3], [2, 4], [3, 5]], 1));
    expect(e.message).toBe("concat: shapes differ outside axis 1: [2, 3] and [3, 5] (expected dim 0 to be 2, got 3)");
    expect(e.op).toBe("concat");
    expect(e.shapes).toEqual([[2, 3], [3, 5]]);
  });
  test("ranks differ", () => {
    expect(thrown(() => concatShape([[2, 3], [2, 3, 4]], 0)).message).toBe("concat: ranks differ: [2, 3] and [2, 3, 4] (expected rank 2, got 3)");
  });
  test("axis out of range, no shapes, bad dims", () => {
    expect(thrown(() => concatShape([[2, 3], [2, 3]], 2)).message).toBe("concat: axis 2 is out of range for [2, 3] (expected an integer in -2..1)");
    expect(thrown(() => concatShape([], 0)).message).toBe("concat: needs at least one shape (expected one or more shapes)");
    expect(thrown(() => concatShape([[2], [-2]], 0)).message).toBe("concat: invalid dim 0: [-2] (expected a non-negative safe integer, got -2)");
  });
});

describe("stackShape", () => {
  test("a new axis of size = number of shapes", () => {
    expect(stackShape([[2, 3], [2, 3], [2, 3]], 0)).toEqual([3, 2, 3]);
    expect(stackShape([[2, 3], [2, 3]], 1)).toEqual([2, 2, 3]);
    expect(stackShape([[2, 3], [2, 3]], 2)).toEqual([2, 3, 2]);
    expect(stackShape([[2, 3], [2, 3]], -1)).toEqual([2, 3, 2]);
    expect(stackShape([[2, 3], [2, 3]], -3)).toEqual([2, 2, 3]);
    expect(stackShape([[]], 0)).toEqual([1]);
  });
  test("errors", () => {
    expect(thrown(() => stackShape([[2, 3], [2, 4]], 0)).message).toBe("stack: shapes differ: [2, 3] and [2, 4] (expected equal shapes, got 3 and 4 at dim 1)");
    expect(thrown(() => stackShape([[2, 3], [2]], 0)).message).toBe("stack: shapes differ: [2, 3] and [2] (expected equal shapes, got ranks 2 and 1)");
    expect(thrown(() => stackShape([[2, 3]], 3)).message).toBe("stack: axis 3 is out of range for [2, 3] (expected an integer in -3..2)");
    expect(thrown(() => stackShape([[2, 3]], -4)).expected).toBe("an integer in -3..2");
    expect(thrown(() => stackShape([], 0)).message).toBe("stack: needs at least one shape (expected one or more shapes)");
  });
});
