// permuteShape, transposeShape, swapLastShape.
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { permuteShape, swapLastShape, transposeShape } from "../../src/shape/index.js";
import { thrown } from "./thrown.js";

describe("permuteShape", () => {
  test("axis k of the result is axis perm[k]", () => {
    expect(permuteShape([2, 3, 4], [2, 0, 1])).toEqual([4, 2, 3]);
    expect(permuteShape([64, 3, 32, 32], [0, 2, 3, 1])).toEqual([64, 32, 32, 3]);
    expect(permuteShape([], [])).toEqual([]);
  });
  test.each([
    [[2, 0, 0], "each of 0..2 exactly once"],
    [[0, 1], "each of 0..2 exactly once"],
    [[0, 1, 2, 3], "each of 0..2 exactly once"],
    [[-1, 0, 1], "each of 0..2 exactly once"],
    [[0, 1, 3], "each of 0..2 exactly once"],
    [[0.5, 1, 2], "each of 0..2 exactly once"],
  ])("%j is not a permutation of 3 axes", (perm, expected) => {
    const e = thrown(() => permuteShape([2, 3, 4], perm));
    expect(e.message).toBe(`permute: ${`[${perm.join(", ")}]`} is not a permutation of the axes of [2, 3, 4] (expected ${expected})`);
    expect(e.shapes).toEqual([[2, 3, 4]]);
  });
  test("rank 0 takes only the empty permutation", () => {
    expect(thrown(() => permuteShape([], [0])).expected).toBe("an empty permutation");
  });
  test("property: permuting by p and then by p's inverse is the identity", () => {
    const shapeAndPerm = fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 6 }).chain((s) =>
      fc.tuple(fc.constant(s), fc.shuffledSubarray([...s.keys()], { minLength: s.length, maxLength: s.length })));
    fc.assert(
      fc.property(shapeAndPerm, ([s, p]) => {
        const inverse = p.map((_, k) => p.indexOf(k));
        expect(permuteShape(permuteShape(s, p), inverse)).toEqual(s);
      }),
    );
  });
});

describe("transposeShape and swapLastShape", () => {
  test("transpose reverses all axes", () => {
    expect(transposeShape([2, 3, 4])).toEqual([4, 3, 2]);
    expect(transposeShape([5])).toEqual([5]);
    expect(transposeShape([])).toEqual([]);
  });
  test("transpose does not change its argument", () => {
    const s = [2, 3, 4];
    transposeShape(s);
    expect(s).toEqual([2, 3, 4]);
  });
  test("swapLast swaps the last two axes", () => {
    expect(swapLastShape([5, 2, 3])).toEqual([5, 3, 2]);
    expect(swapLastShape([2, 3])).toEqual([3, 2]);
    expect(thrown(() => swapLastShape([3])).message).toBe("swapLast: needs rank >= 2: [3] (expected rank >= 2, got 1)");
  });
});
