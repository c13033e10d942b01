// broadcastShapes: hand-computed cases, the error, and a property against a brute-force
// definition written from the documentation's wording rather than from the algorithm.
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { broadcastShapes } from "../../src/shape/index.js";
import { thrown } from "./thrown.js";

describe("broadcastShapes", () => {
  test.each([
    [[8, 1, 6, 1], [7, 1, 5], [8, 7, 6, 5]],
    [[256, 256, 3], [3], [256, 256, 3]],
    [[15, 3, 5], [15, 1, 5], [15, 3, 5]],
    [[3], [4, 1], [4, 3]],
    [[], [2, 3], [2, 3]],
    [[0], [1], [0]],
    [[1, 1], [1], [1, 1]],
  ])("%j with %j is %j", (a, b, out) => {
    expect(broadcastShapes("add", a, b)).toEqual(out);
  });
  test("mismatch: message and fields", () => {
    const e = thrown(() => broadcastShapes("add", [2, 3], [4, 3]));
    expect(e.message).toBe("add: cannot broadcast [2, 3] with [4, 3] (expected dims 2 and 4 at axis -2 to be equal or 1)");
    expect(e.op).toBe("add");
    expect(e.shapes).toEqual([[2, 3], [4, 3]]);
    expect(e.expected).toBe("dims 2 and 4 at axis -2 to be equal or 1");
    expect(thrown(() => broadcastShapes("mul", [0], [5])).expected).toBe("dims 0 and 5 at axis -1 to be equal or 1");
  });
  test("invalid dims are rejected under the op's name", () => {
    expect(thrown(() => broadcastShapes("add", [2], [-1])).message).toBe("add: invalid dim 0: [-1] (expected a non-negative safe integer, got -1)");
  });

  // Brute force: "A can be broadcast to C" when A, padded with leading 1s to C's rank, has at each
  // axis either C's dim or 1. The broadcast of A and B is the target that both can be broadcast
  // to, searched over every C whose dims are drawn from {1, a_i, b_i}. At most one fits (each
  // axis is forced), which the search also checks.
  const padTo = (s: readonly number[], rank: number): number[] => [...new Array<number>(rank - s.length).fill(1), ...s];
  const canBroadcastTo = (s: readonly number[], c: readonly number[]): boolean =>
    s.length <= c.length && padTo(s, c.length).every((d, i) => d === c[i] || d === 1);
  const bruteForce = (a: readonly number[], b: readonly number[]): number[] | undefined => {
    const rank = Math.max(a.length, b.length);
    const [pa, pb] = [padTo(a, rank), padTo(b, rank)];
    let candidates: number[][] = [[]];
    for (let i = 0; i < rank; i++) {
      const options = [...new Set([1, pa[i] ?? 1, pb[i] ?? 1])];
      candidates = candidates.flatMap((c) => options.map((d) => [...c, d]));
    }
    const fits = candidates.filter((c) => canBroadcastTo(a, c) && canBroadcastTo(b, c));
    expect(fits.length).toBeLessThanOrEqual(1);
    return fits[0];
  };
  const shape = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 });

  test("property: agrees with the brute-force definition, including when it throws", () => {
    fc.assert(
      fc.property(shape, shape, (a, b) => {
        const expected = bruteForce(a, b);
        if (expected === undefined) expect(() => broadcastShapes("add", a, b)).toThrow(/cannot broadcast/);
        else expect(broadcastShapes("add", a, b)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
  test("property: commutative, and a shape broadcasts with itself to itself", () => {
    fc.assert(
      fc.property(shape, shape, (a, b) => {
        expect(broadcastShapes("add", a, a)).toEqual(a);
        let ab: readonly number[] | undefined;
        let ba: readonly number[] | undefined;
        try { ab = broadcastShapes("add", a, b); } catch { ab = undefined; }
        try { ba = broadcastShapes("add", b, a); } catch { ba = undefined; }
        expect(ab).toEqual(ba);
      }),
    );
  });
});
