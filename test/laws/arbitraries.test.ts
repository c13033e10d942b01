// The arbitraries draw what they promise: shapes in range, shapes that broadcast (checked by
// the library's own broadcasting rule), values inside their domains, unit directions, trees.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { broadcastShapes } from "../../src/shape/index.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { flatten } from "../../src/tree/tree.js";
import * as A from "../../laws/arbitraries.js";
import { norm2, numbersOf } from "../../laws/numeric.js";

const sample = <T>(arb: fc.Arbitrary<T>, numRuns = 300): T[] => fc.sample(arb, { numRuns, seed: 11 });

describe("shapes", () => {
  test("shape respects its rank and dim bounds, and the defaults are rank 0..3, dims 1..3", () => {
    for (const s of sample(A.shape({ minRank: 2, maxRank: 4, minDim: 0, maxDim: 5 }))) {
      expect(s.length).toBeGreaterThanOrEqual(2);
      expect(s.length).toBeLessThanOrEqual(4);
      for (const d of s) expect(d >= 0 && d <= 5).toBe(true);
    }
    const defaults = sample(A.shape(), 1000);
    expect(new Set(defaults.map((s) => s.length))).toEqual(new Set([0, 1, 2, 3]));
    expect(new Set(defaults.flat())).toEqual(new Set([1, 2, 3]));
  });

  test("broadcastPair gives shapes that the library broadcasts to `out`", () => {
    const pairs = sample(A.broadcastPair(), 1000);
    for (const p of pairs) expect(broadcastShapes("test", p.left, p.right)).toEqual(p.out);
    // and not only the trivial cases: different ranks and 1-dims against larger dims occur
    expect(pairs.some((p) => p.left.length !== p.right.length)).toBe(true);
    expect(pairs.some((p) => p.left.some((d, i) => d === 1 && (p.out[i + p.out.length - p.left.length] ?? 1) > 1))).toBe(true);
  });

  test("broadcastOf is NumPy's rule on hand-computed cases", () => {
    expect(A.broadcastOf([8, 1, 6, 1], [7, 1, 5])).toEqual([8, 7, 6, 5]);
    expect(A.broadcastOf([], [2, 3])).toEqual([2, 3]);
    expect(A.broadcastOf([3], [4, 1])).toEqual([4, 3]);
  });

  test("permutation and axesOf", () => {
    for (const p of sample(A.permutation(4))) expect([...p].sort()).toEqual([0, 1, 2, 3]);
    for (const axes of sample(A.axesOf(4))) {
      expect([...axes].sort((a, b) => a - b)).toEqual(axes);
      expect(new Set(axes).size).toBe(axes.length);
    }
  });
});

describe("values and tensors", () => {
  test("tensorOf: float64 by default, the requested shape and range", () => {
    for (const t of sample(A.shape().chain((s) => A.tensorOf(s, A.interval(-1, 2))))) {
      expect(t.dtype).toBe("float64");
      for (const v of numbersOf(t)) expect(v >= -1 && v <= 2).toBe(true);
    }
    const [t] = sample(A.tensorOf([2, 3], A.interval(0, 1), "float32"), 1);
    expect(t?.shape).toEqual([2, 3]);
    expect(t?.dtype).toBe("float32");
  });

  test("awayFrom keeps every value at least the margin from each point", () => {
    const values = sample(A.awayFrom(-3, 3, [-1, 0, 2], 0.25), 3000);
    for (const v of values) for (const p of [-1, 0, 2]) expect(Math.abs(v - p)).toBeGreaterThanOrEqual(0.25);
    expect(Math.min(...values)).toBeLessThan(-2);
    expect(Math.max(...values)).toBeGreaterThan(2.5);
  });

  test("awayFrom rejects points that are too close together or to the ends, saying why", () => {
    expect(() => A.awayFrom(-1, 1, [0, 0.1], 0.1)).toThrow("awayFrom: points [0,0.1] must be 0.2 apart and at least 0.1 inside [-1, 1]");
    expect(() => A.awayFrom(0, 1, [0], 0.1)).toThrow(/at least 0.1 inside \[0, 1\]/);
  });

  test("offsetFromIntegers: two disjoint offset ranges never come closer than their gap", () => {
    const pairs = sample(fc.tuple(A.offsetFromIntegers(-2, 1, 0.3, 0.7), A.offsetFromIntegers(-2, 1, -0.2, 0.2)), 3000);
    for (const [a, b] of pairs) expect(Math.abs(a - b)).toBeGreaterThanOrEqual(0.1 - 1e-12);
    expect(pairs.some(([a, b]) => a > b) && pairs.some(([a, b]) => a < b)).toBe(true);
  });

  test("distinctTensor: elements pairwise at least the gap apart, inside the range", () => {
    for (const t of sample(A.shape().chain((s) => A.distinctTensor(s, -2, 2, 0.05)))) {
      const v = Array.from(numbersOf(t)).sort((a, b) => a - b);
      v.forEach((x, i) => {
        expect(x >= -2 && x <= 2).toBe(true);
        if (i > 0) expect(x - (v[i - 1] ?? -Infinity)).toBeGreaterThanOrEqual(0.05 - 1e-12);
      });
    }
    expect(() => A.distinctTensor([10], 0, 1, 0.1)).toThrow("distinctTensor: 10 elements 0.1 apart do not fit in [0, 1]");
  });

  test("int32Tensor and boolTensor", () => {
    for (const t of sample(A.int32Tensor([5], -2, 3))) {
      expect(t.dtype).toBe("int32");
      for (const v of numbersOf(t)) expect(Number.isInteger(v) && v >= -2 && v <= 3).toBe(true);
    }
    const masks = sample(A.boolTensor([4]));
    expect(masks.every((m) => m.dtype === "bool")).toBe(true);
    expect(masks.some((m) => numbersOf(m).includes(1)) && masks.some((m) => numbersOf(m).includes(0))).toBe(true);
  });
});

describe("directions", () => {
  const likes = [new Tensor([2, 3], "float64", new Float64Array(6)), new Tensor([], "float64", new Float64Array(1))];

  test("unitDirection has norm 1 over all leaves together and each leaf's shape and dtype", () => {
    for (const u of sample(A.unitDirection(likes), 1000)) {
      expect(u.map((t) => t.shape)).toEqual([[2, 3], []]);
      expect(u.map((t) => t.dtype)).toEqual(["float64", "float64"]);
      expect(Math.abs(norm2(u) - 1)).toBeLessThan(1e-14);
    }
  });

  test("seededUnitDirection: unit norm, the same for the same seed, different for another", () => {
    const a = A.seededUnitDirection(42, likes);
    expect(Math.abs(norm2(a) - 1)).toBeLessThan(1e-14);
    expect(A.seededUnitDirection(42, likes).map(numbersOf)).toEqual(a.map(numbersOf));
    expect(A.seededUnitDirection(43, likes).map(numbersOf)).not.toEqual(a.map(numbersOf));
    expect(Math.abs(norm2(A.seededUnitDirection(0, likes)) - 1)).toBeLessThan(1e-14);
    // its entries spread over [-1, 1] before normalizing: both signs occur
    const signs = new Set(Array.from({ length: 20 }, (_, s) => A.seededUnitDirection(s, likes)).flatMap((d) => d.flatMap((t) => Array.from(numbersOf(t), Math.sign))));
    expect(signs.has(1) && signs.has(-1)).toBe(true);
  });
});

describe("parameter trees", () => {
  test("parameterTree: records and arrays of the given leaves, nested at most maxDepth deep", () => {
    const depth = (x: unknown): number =>
      x instanceof Tensor ? 0 : Array.isArray(x) ? 1 + Math.max(...x.map(depth)) : typeof x === "object" && x !== null ? 1 + Math.max(...Object.values(x).map(depth)) : 0;
    const trees = sample(A.parameterTree(A.tensorOf([2]), { maxDepth: 2 }), 500);
    for (const t of trees) {
      const [leaves] = flatten(t);
      expect(leaves.length).toBeGreaterThan(0);
      expect(leaves.every((l) => l.shape.length === 1 && l.shape[0] === 2)).toBe(true);
      expect(depth(t)).toBeLessThanOrEqual(2);
    }
    expect(trees.some((t) => Array.isArray(t)) && trees.some((t) => !(t instanceof Tensor) && !Array.isArray(t))).toBe(true);
  });
});
