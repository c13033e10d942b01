// reduceShape, squeezeShape, expandDimsShape.
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { expandDimsShape, reduceShape, sizeOf, squeezeShape } from "../../src/shape/index.js";
import { thrown } from "./thrown.js";

describe("reduceShape", () => {
  test.each([
    [[2, 3, 4], 1, false, [2, 4]],
    [[2, 3, 4], -1, true, [2, 3, 1]],
    [[2, 3, 4, 5], [0, 2], false, [3, 5]],
    [[2, 3, 4, 5], [-1, 1], true, [2, 1, 4, 1]],
    [[2, 3], [], false, [2, 3]],
    [[2, 3, 4], undefined, false, []],
    [[2, 3, 4], undefined, true, [1, 1, 1]],
    [[], undefined, false, []],
  ])("%j over %j (keep %s) is %j", (s, axes, keep, out) => {
    expect(reduceShape("sum", s, axes, keep)).toEqual(out);
  });
  test("errors name the reduction", () => {
    expect(thrown(() => reduceShape("sum", [64, 28, 28], 3, false)).message)
      .toBe("sum: axis 3 is out of range for [64, 28, 28] (expected an integer in -3..2)");
    const e = thrown(() => reduceShape("mean", [2, 3, 4], [2, -1], false));
    expect(e.message).toBe("mean: axis -1 is repeated in [2, -1] for [2, 3, 4] (expected each axis at most once (2 and -1 both name axis 2))");
    expect(e.shapes).toEqual([[2, 3, 4]]);
  });
  test("property: with keep, the result broadcasts back to the input and has size = input size / reduced size", () => {
    const shapeAndAxes = fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 5 }).chain((s) =>
      fc.tuple(fc.constant(s), fc.subarray([...s.keys()])));
    fc.assert(
      fc.property(shapeAndAxes, ([s, axes]) => {
        const kept = reduceShape("sum", s, axes, true);
        const dropped = reduceShape("sum", s, axes, false);
        expect(kept.length).toBe(s.length);
        expect(kept.filter((_, i) => !axes.includes(i))).toEqual(dropped);
        expect(sizeOf(kept) * axes.reduce((n, i) => n * (s[i] ?? 1), 1)).toBe(sizeOf(s));
      }),
    );
  });
});

describe("squeezeShape and expandDimsShape", () => {
  test("squeeze removes an axis of size 1", () => {
    expect(squeezeShape([2, 1, 3], 1)).toEqual([2, 3]);
    expect(squeezeShape([2, 3, 1], -1)).toEqual([2, 3]);
    expect(squeezeShape([1], 0)).toEqual([]);
  });
  test("squeeze errors", () => {
    const e = thrown(() => squeezeShape([2, 3], 1));
    expect(e.message).toBe("squeeze: axis 1 is not of size 1: [2, 3] (expected size 1, got 3)");
    expect(e.op).toBe("squeeze");
    expect(thrown(() => squeezeShape([2, 3], 2)).message).toBe("squeeze: axis 2 is out of range for [2, 3] (expected an integer in -2..1)");
  });
  test("expandDims inserts an axis of size 1 at -rank-1..rank", () => {
    expect(expandDimsShape([2, 3], 0)).toEqual([1, 2, 3]);
    expect(expandDimsShape([2, 3], 1)).toEqual([2, 1, 3]);
    expect(expandDimsShape([2, 3], 2)).toEqual([2, 3, 1]);
    expect(expandDimsShape([2, 3], -1)).toEqual([2, 3, 1]);
    expect(expandDimsShape([2, 3], -3)).toEqual([1, 2, 3]);
    expect(expandDimsShape([], 0)).toEqual([1]);
  });
  test("expandDims out of range", () => {
    expect(thrown(() => expandDimsShape([2, 3], 3)).message).toBe("expandDims: axis 3 is out of range for [2, 3] (expected an integer in -3..2)");
    expect(thrown(() => expandDimsShape([2, 3], -4)).expected).toBe("an integer in -3..2");
  });
  test("property: squeezing the axis just expanded gives the shape back", () => {
    const shapeAndAxis = fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 5 }).chain((s) =>
      fc.tuple(fc.constant(s), fc.integer({ min: -s.length - 1, max: s.length })));
    fc.assert(
      fc.property(shapeAndAxis, ([s, axis]) => {
        expect(squeezeShape(expandDimsShape(s, axis), axis)).toEqual(s);
      }),
    );
  });
});
