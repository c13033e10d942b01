// Initializers: fans, the variance each scheme promises (sample moments of large draws), the
// uniform/normal distinction (the fourth moment), bounds, orthogonality and determinism.
import { describe, expect, it } from "vitest";
import {
  constant, fans, gaussian, glorotNormal, glorotUniform, heNormal, heUniform, initializers, lecunNormal, lecunUniform, orthogonal,
  type Initializer,
} from "../../src/nn/init.js";
import { LayerConfigError } from "../../src/nn/errors.js";
import { key } from "../../src/random/key.js";

const moments = (xs: ArrayLike<number>): { mean: number; variance: number; kurtosis: number; maxAbs: number } => {
  const n = xs.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += xs[i] ?? 0;
  const mean = sum / n;
  let m2 = 0;
  let m4 = 0;
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    const d = (xs[i] ?? 0) - mean;
    m2 += d * d;
    m4 += d ** 4;
    maxAbs = Math.max(maxAbs, Math.abs(xs[i] ?? 0));
  }
  return { mean, variance: m2 / n, kurtosis: (m4 / n) / (m2 / n) ** 2, maxAbs };
};

describe("fans", () => {
  it("count inputs and outputs times the receptive field", () => {
    expect(fans([784, 128])).toEqual({ fanIn: 784, fanOut: 128 });
    expect(fans([3, 3, 16, 32])).toEqual({ fanIn: 144, fanOut: 288 });
    expect(fans([10])).toEqual({ fanIn: 10, fanOut: 10 });
    expect(fans([])).toEqual({ fanIn: 1, fanOut: 1 });
  });
});

describe("variance scaling", () => {
  // 120 000 draws: the sample variance is within ~1% of the true one (its relative standard
  // error is √(κ − 1)/√n ≤ 0.5%), the kurtosis within ~0.05 of 1.8 (uniform) or 3 (normal).
  const shape = [400, 300] as const;
  const cases: readonly [string, Initializer, number, "uniform" | "normal"][] = [
    ["glorotUniform", glorotUniform, 2 / 700, "uniform"],
    ["glorotNormal", glorotNormal, 2 / 700, "normal"],
    ["heUniform", heUniform, 2 / 400, "uniform"],
    ["heNormal", heNormal, 2 / 400, "normal"],
    ["lecunUniform", lecunUniform, 1 / 400, "uniform"],
    ["lecunNormal", lecunNormal, 1 / 400, "normal"],
  ];
  for (const [name, init, variance, kind] of cases) {
    it(`${name}: Var W = ${variance.toPrecision(4)}, ${kind}`, () => {
      const m = moments(init(key(11), shape).toArray());
      expect(Math.abs(m.mean)).toBeLessThan(0.02 * Math.sqrt(variance));
      expect(m.variance / variance).toBeGreaterThan(0.98);
      expect(m.variance / variance).toBeLessThan(1.02);
      if (kind === "uniform") {
        const limit = Math.sqrt(3 * variance);
        expect(m.maxAbs).toBeLessThanOrEqual(limit);
        expect(m.maxAbs).toBeGreaterThan(0.999 * limit);
        expect(m.kurtosis).toBeCloseTo(1.8, 1);
      } else {
        expect(m.kurtosis).toBeCloseTo(3, 1);
      }
    });
  }
  it("uses the receptive field for convolution kernels: He normal on [3, 3, 16, 32] has Var W = 2/144", () => {
    const m = moments(heNormal(key(12), [3, 3, 16, 32]).toArray());
    expect(m.variance * 144 / 2).toBeGreaterThan(0.95);
    expect(m.variance * 144 / 2).toBeLessThan(1.05);
  });
  it("is a pure function of the key, and honours the dtype", () => {
    expect(heUniform(key(1), [4, 5]).toArray()).toEqual(heUniform(key(1), [4, 5]).toArray());
    expect(heUniform(key(1), [4, 5]).toArray()).not.toEqual(heUniform(key(2), [4, 5]).toArray());
    const w = glorotNormal(key(1), [4, 5], "float64");
    expect(w.dtype).toBe("float64");
    expect(w.toArray()).toBeInstanceOf(Float64Array);
  });
  it("gaussian(σ) has variance σ², constant fills", () => {
    const m = moments(gaussian(0.5)(key(3), [300, 300]).toArray());
    expect(m.variance / 0.25).toBeGreaterThan(0.98);
    expect(m.variance / 0.25).toBeLessThan(1.02);
    expect(Array.from(constant(2.5)(key(0), [2, 2]).toArray())).toEqual([2.5, 2.5, 2.5, 2.5]);
    expect(Array.from(initializers.zeros(key(0), [3]).toArray())).toEqual([0, 0, 0]);
    expect(Array.from(initializers.ones(key(0), [2]).toArray())).toEqual([1, 1]);
  });
  it("rejects shapes with no inputs", () => {
    expect(() => heNormal(key(0), [0, 4])).toThrow(LayerConfigError);
  });
});

describe("orthogonal", () => {
  /** Gram matrix of the columns (or rows) of a row-major rows × cols matrix. */
  const gram = (w: ArrayLike<number>, rows: number, cols: number, ofColumns: boolean): number[][] => {
    const n = ofColumns ? cols : rows;
    const len = ofColumns ? rows : cols;
    const at = (v: number, i: number): number => (ofColumns ? (w[i * cols + v] ?? 0) : (w[v * cols + i] ?? 0));
    return Array.from({ length: n }, (_, a) => Array.from({ length: n }, (_, b) => {
      let s = 0;
      for (let i = 0; i < len; i++) s += at(a, i) * at(b, i);
      return s;
    }));
  };
  const expectIdentity = (g: number[][], tolerance: number): void =>
    g.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - (i === j ? 1 : 0))).toBeLessThan(tolerance)));

  it("a tall matrix has orthonormal columns: WᵀW = I", () => {
    expectIdentity(gram(orthogonal(key(5), [50, 20], "float64").toArray(), 50, 20, true), 1e-12);
  });
  it("a wide matrix has orthonormal rows: WWᵀ = I", () => {
    expectIdentity(gram(orthogonal(key(6), [20, 50], "float64").toArray(), 20, 50, false), 1e-12);
  });
  it("a kernel [3, 3, 4, 8] is a 36 × 8 matrix with orthonormal columns (float32 to 1e-6)", () => {
    expectIdentity(gram(orthogonal(key(7), [3, 3, 4, 8]).toArray(), 36, 8, true), 1e-6);
  });
  it("needs rank 2 or more", () => {
    expect(() => orthogonal(key(0), [5])).toThrow(/orthogonal: got shape \[5\] \(expected a shape of rank 2 or more\)/);
  });
});
