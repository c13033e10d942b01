// normalizeAxis and normalizeAxes.
import { describe, expect, test } from "vitest";
import { normalizeAxes, normalizeAxis } from "../../src/shape/index.js";
import { thrown } from "./thrown.js";

describe("normalizeAxis", () => {
  test("non-negative axes stay, negative ones count from the end", () => {
    expect(normalizeAxis("sum", 0, 3)).toBe(0);
    expect(normalizeAxis("sum", 2, 3)).toBe(2);
    expect(normalizeAxis("sum", -1, 3)).toBe(2);
    expect(normalizeAxis("sum", -3, 3)).toBe(0);
  });
  test.each([3, -4, 1.5, Number.NaN])("axis %d is out of range for rank 3", (axis) => {
    const e = thrown(() => normalizeAxis("sum", axis, 3));
    expect(e.message).toBe(`sum: axis ${axis} is out of range for rank 3 (expected an integer in -3..2)`);
    expect(e.op).toBe("sum");
    expect(e.shapes).toEqual([]);
    expect(e.expected).toBe("an integer in -3..2");
  });
  test("rank 0 has no axes", () => {
    expect(thrown(() => normalizeAxis("max", 0, 0)).message).toBe("max: axis 0 is out of range for rank 0 (expected no axis (rank 0 has none))");
  });
});

describe("normalizeAxes", () => {
  test("sorted indices", () => {
    expect(normalizeAxes("sum", [2, 0], 3)).toEqual([0, 2]);
    expect(normalizeAxes("sum", [-1, 1], 4)).toEqual([1, 3]);
    expect(normalizeAxes("sum", [], 4)).toEqual([]);
  });
  test("an axis named twice, directly or through a negative axis", () => {
    const e = thrown(() => normalizeAxes("mean", [2, -1], 3));
    expect(e.message).toBe("mean: axis -1 is repeated in [2, -1] for rank 3 (expected each axis at most once (2 and -1 both name axis 2))");
    expect(thrown(() => normalizeAxes("mean", [0, 0], 2)).expected).toBe("each axis at most once (0 and 0 both name axis 0)");
  });
  test("an axis out of range", () => {
    expect(thrown(() => normalizeAxes("sum", [0, 5], 3)).message).toBe("sum: axis 5 is out of range for rank 3 (expected an integer in -3..2)");
  });
});
