// matmulShape: matrices, broadcast batches, and each error.
import { describe, expect, test } from "vitest";
import { matmulShape } from "../../src/shape/index.js";
import { thrown } from "./thrown.js";

describe("matmulShape", () => {
  test.each([
    [[2, 3], [3, 4], [2, 4]],
    [[10, 2, 3], [10, 3, 4], [10, 2, 4]],
    [[8, 1, 2, 3], [5, 3, 7], [8, 5, 2, 7]],
    [[10, 2, 3], [3, 4], [10, 2, 4]],
    [[2, 0], [0, 5], [2, 5]],
  ])("%j @ %j is %j", (a, b, out) => {
    expect(matmulShape(a, b)).toEqual(out);
  });
  test("inner dims differ", () => {
    const e = thrown(() => matmulShape([2, 3], [4, 5]));
    expect(e.message).toBe("matmul: inner dims differ: [2, 3] @ [4, 5] (expected lhs dim -1 (3) to equal rhs dim -2 (4))");
    expect(e.op).toBe("matmul");
    expect(e.shapes).toEqual([[2, 3], [4, 5]]);
    expect(e.expected).toBe("lhs dim -1 (3) to equal rhs dim -2 (4)");
  });
  test("rank below 2 on either side", () => {
    expect(thrown(() => matmulShape([3], [3, 4])).message).toBe("matmul: lhs needs rank >= 2: [3] @ [3, 4] (expected rank >= 2 for lhs, got 1)");
    expect(thrown(() => matmulShape([2, 3], [3])).message).toBe("matmul: rhs needs rank >= 2: [2, 3] @ [3] (expected rank >= 2 for rhs, got 1)");
    expect(thrown(() => matmulShape([], [])).expected).toBe("rank >= 2 for lhs, got 0");
  });
  test("batch dims that do not broadcast, with the axis counted on the full shapes", () => {
    expect(thrown(() => matmulShape([8, 2, 3], [5, 3, 7])).message)
      .toBe("matmul: batch dims do not broadcast: [8, 2, 3] @ [5, 3, 7] (expected batch dims 8 and 5 at axis -3 to be equal or 1)");
    expect(thrown(() => matmulShape([6, 8, 2, 3], [7, 1, 3, 7])).expected).toBe("batch dims 6 and 7 at axis -4 to be equal or 1");
  });
  test("invalid dims", () => {
    expect(thrown(() => matmulShape([2, 3.5], [3, 4])).message).toBe("matmul: invalid dim 1: [2, 3.5] (expected a non-negative safe integer, got 3.5)");
  });
});
