// reshapeShape and flattenShape.
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { flattenShape, reshapeShape, sizeOf } from "../../src/shape/index.js";
import { thrown } from "./thrown.js";

describe("reshapeShape", () => {
  test.each([
    [[64, 28, 28], [64, 784], [64, 784]],
    [[2, 3], [3, 2], [3, 2]],
    [[1], [], []],
    [[], [1, 1], [1, 1]],
    [[0, 5], [5, 0], [5, 0]],
    [[64, 28, 28], [64, -1], [64, 784]],
    [[6, 4], [-1, 8], [3, 8]],
    [[2, 3, 4], [-1], [24]],
    [[0, 4], [-1, 4], [0, 4]],
  ])("%j -> %j is %j", (from, to, out) => {
    expect(reshapeShape(from, to)).toEqual(out);
  });
  test("element counts differ", () => {
    const e = thrown(() => reshapeShape([64, 28, 28], [64, 780]));
    expect(e.message).toBe("reshape: element counts differ: [64, 28, 28] -> [64, 780] (expected 50176 elements, got 49920)");
    expect(e.op).toBe("reshape");
    expect(e.shapes).toEqual([[64, 28, 28], [64, 780]]);
  });
  test("invalid targets", () => {
    const expected = "sizes >= 0 and at most one -1";
    expect(thrown(() => reshapeShape([6], [-1, -1])).message).toBe(`reshape: invalid target dims: [6] -> [-1, -1] (expected ${expected})`);
    expect(thrown(() => reshapeShape([6], [-2, -3])).expected).toBe(expected);
    expect(thrown(() => reshapeShape([6], [2.5, 2])).expected).toBe(expected);
  });
  test("a -1 that no size fits", () => {
    expect(thrown(() => reshapeShape([6, 4], [-1, 5])).message)
      .toBe("reshape: cannot infer -1: [6, 4] -> [-1, 5] (expected the other target dims (5 elements) to divide 24 elements evenly)");
    expect(thrown(() => reshapeShape([0, 4], [-1, 0])).problem).toBe("cannot infer -1: [0, 4] -> [-1, 0]");
  });
  test("an invalid source shape is named under reshape", () => {
    expect(thrown(() => reshapeShape([2, -3], [6])).op).toBe("reshape");
  });
  test("property: reshaping to any factorisation and back is the identity", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 4 }), fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 4 }), (a, b) => {
        if (sizeOf(a) !== sizeOf(b)) {
          expect(() => reshapeShape(a, b)).toThrow(/element counts differ/);
          return;
        }
        expect(reshapeShape(reshapeShape(a, b), a)).toEqual(a);
      }),
    );
  });
});

describe("flattenShape", () => {
  test.each([
    [[64, 3, 32, 32], 0, -1, [196608]],
    [[64, 3, 32, 32], 1, -1, [64, 3072]],
    [[64, 3, 32, 32], 1, 2, [64, 96, 32]],
    [[64, 3, 32, 32], -2, -1, [64, 3, 1024]],
    [[2, 3, 4], 1, 1, [2, 3, 4]],
    [[], 0, -1, [1]],
  ])("%j from %i to %i is %j", (s, start, end, out) => {
    expect(flattenShape(s, start, end)).toEqual(out);
  });
  test("defaults flatten everything", () => {
    expect(flattenShape([2, 3, 4])).toEqual([24]);
    expect(flattenShape([2, 3, 4], 1)).toEqual([2, 12]);
  });
  test("errors", () => {
    expect(thrown(() => flattenShape([2, 3], 3)).message).toBe("flatten: axis 3 is out of range for [2, 3] (expected an integer in -2..1)");
    expect(thrown(() => flattenShape([2, 3, 4], 2, 1)).message)
      .toBe("flatten: start axis 2 is after end axis 1 in [2, 3, 4] (expected start <= end once negative axes count from the end (2 > 1))");
    expect(thrown(() => flattenShape([], 1)).message).toBe("flatten: axis 1 is out of range for [1] (expected an integer in -1..0)");
  });
  test("property: flattening keeps the element count and the dims outside the range", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 5 }).chain((s) =>
        fc.tuple(fc.constant(s), fc.integer({ min: 0, max: s.length - 1 }), fc.integer({ min: 0, max: s.length - 1 }))), ([s, x, y]) => {
        const [i, j] = [Math.min(x, y), Math.max(x, y)];
        const out = flattenShape(s, i, j);
        expect(sizeOf(out)).toBe(sizeOf(s));
        expect(out.length).toBe(s.length - (j - i));
        expect(out.slice(0, i)).toEqual(s.slice(0, i));
        expect(out.slice(i + 1)).toEqual(s.slice(j + 1));
      }),
    );
  });
});
