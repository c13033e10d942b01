// sliceShape, against hand-computed cases and against Array.prototype.slice as the reference
// for Python-style bounds (within range, where the two agree).
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { sliceShape } from "../../src/shape/index.js";
import { thrown } from "./thrown.js";

describe("sliceShape", () => {
  test.each([
    [[4, 5], 1, 1, 4, [4, 3]],
    [[4, 5], 0, 0, 4, [4, 5]],
    [[4, 5], -1, 2, 2, [4, 0]],
    [[4, 5], 1, 0, -1, [4, 4]],
    [[4, 5], 1, -3, -1, [4, 2]],
    [[4, 5], 1, -5, 5, [4, 5]],
  ])("%j axis %i from %i to %i is %j", (s, axis, start, end, out) => {
    expect(sliceShape(s, axis, start, end)).toEqual(out);
  });
  test.each([
    [2, 7],
    [3, 1],
    [-6, 2],
    [0, 6],
    [0.5, 2],
  ])("bounds %d..%d are invalid for an axis of size 5", (start, end) => {
    const e = thrown(() => sliceShape([4, 5], 1, start, end));
    expect(e.message).toBe(`slice: invalid bounds ${start}..${end} for axis 1 of [4, 5] (expected 0 <= start <= end <= 5, negative bounds counting from the end)`);
    expect(e.shapes).toEqual([[4, 5]]);
  });
  test("axis out of range", () => {
    expect(thrown(() => sliceShape([4, 5], 2, 0, 1)).message).toBe("slice: axis 2 is out of range for [4, 5] (expected an integer in -2..1)");
  });
  test("property: the new size is what Array.prototype.slice keeps, for bounds within the axis", () => {
    const sizeAndBounds = fc.integer({ min: 0, max: 12 }).chain((d) =>
      fc.tuple(fc.constant(d), fc.integer({ min: -d, max: d }), fc.integer({ min: -d, max: d })));
    fc.assert(
      fc.property(sizeAndBounds, ([d, start, end]) => {
        const from = start < 0 ? start + d : start;
        const to = end < 0 ? end + d : end;
        if (from > to) {
          expect(() => sliceShape([3, d], 1, start, end)).toThrow(/invalid bounds/);
        } else {
          const kept = Array.from({ length: d }, (_, i) => i).slice(start, end).length;
          expect(sliceShape([3, d], 1, start, end)).toEqual([3, kept]);
        }
      }),
    );
  });
});
