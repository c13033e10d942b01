// Synthetic datasets: shapes, dtypes and class balance; determinism per key; each generator's
// geometry checked exactly on noise-free data (the points lie on the stated curves, on the stated
// side of the axes); noise of the stated standard deviation; linear regression's targets equal
// X·w + b, and least squares recovers the returned weights.

import { describe, expect, it } from "vitest";
import { classCounts, size, type Dataset } from "../../src/data/dataset.js";
import { blobs, linearRegression, moons, spirals, xor, type PlaneDataset } from "../../src/data/synthetic.js";
import { key } from "../../src/random/key.js";

const points = (ds: PlaneDataset): [number, number][] => ds.features.toNested().map(([x, y]) => [x ?? 0, y ?? 0]);
const labels = (ds: Dataset<[2]>): number[] => [...ds.labels.toArray()];

const generators = {
  spirals: (k = key(0), n = 300, noise?: number) => spirals(k, { n, classes: 3, ...(noise === undefined ? {} : { noise }) }),
  moons: (k = key(0), n = 300, noise?: number) => moons(k, { n, ...(noise === undefined ? {} : { noise }) }),
  blobs: (k = key(0), n = 300, noise?: number) => blobs(k, { n, ...(noise === undefined ? {} : { noise }) }),
  xor: (k = key(0), n = 300, noise?: number) => xor(k, { n, ...(noise === undefined ? {} : { noise }) }),
};

describe.each(Object.entries(generators))("%s", (name, make) => {
  it("gives float32 [n, 2] points with balanced int32 labels", () => {
    const ds = make(key(1), 301);
    expect(ds.name).toBe(name);
    expect(ds.features.dtype).toBe("float32");
    expect(ds.features.shape).toEqual([301, 2]);
    expect(ds.labels.dtype).toBe("int32");
    expect(ds.labels.shape).toEqual([301]);
    const counts = classCounts(ds);
    expect(counts.length).toBe(ds.classes);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(301);
    expect(ds.features.toArray().every(Number.isFinite)).toBe(true);
  });

  it("is the same for the same key and differs for another", () => {
    expect(make(key(7)).features.toArray()).toEqual(make(key(7)).features.toArray());
    expect(make(key(7)).labels.toArray()).toEqual(make(key(7)).labels.toArray());
    expect(make(key(8)).features.toArray()).not.toEqual(make(key(7)).features.toArray());
  });

  it("adds noise of the given standard deviation to each coordinate", () => {
    // Same key: the clean positions are the same, so the difference is the noise alone.
    const clean = make(key(2), 4000, 0).features.toArray();
    const noisy = make(key(2), 4000, 0.3).features.toArray();
    let [s, s2] = [0, 0];
    for (let i = 0; i < clean.length; i++) {
      const d = (noisy[i] ?? 0) - (clean[i] ?? 0);
      s += d;
      s2 += d * d;
    }
    const m = s / clean.length;
    expect(Math.abs(m)).toBeLessThan(0.02);
    expect(Math.sqrt(s2 / clean.length - m * m)).toBeCloseTo(0.3, 1.5);
  });

  it("refuses n that is not a positive integer and negative noise", () => {
    expect(() => make(key(0), 2.5)).toThrow(new RegExp(`${name}: n must be an integer ≥ 1, got 2.5`));
    expect(() => make(key(0), 0)).toThrow(new RegExp(`${name}: n must be an integer ≥ 1, got 0`));
    expect(() => make(key(0), 10, -0.1)).toThrow(new RegExp(`${name}: noise must be a finite number ≥ 0, got -0.1`));
  });
});

describe("geometry of the noise-free sets", () => {
  it("spirals: radius t ∈ [0, 1) and angle 2π(c/classes + turns·t)", () => {
    const ds = spirals(key(3), { n: 500, classes: 4, noise: 0, turns: 1.5 });
    const y = labels(ds);
    points(ds).forEach(([px, py], i) => {
      const r = Math.hypot(px, py);
      expect(r).toBeLessThan(1);
      const want = 2 * Math.PI * ((y[i] ?? 0) / 4 + 1.5 * r);
      // Equal angles modulo 2π: the unit vectors agree.
      expect(px).toBeCloseTo(r * Math.cos(want), 5);
      expect(py).toBeCloseTo(r * Math.sin(want), 5);
    });
  });

  it("moons: class 0 on the upper unit half circle, class 1 on the lower one shifted by (1, ½)", () => {
    const ds = moons(key(4), { n: 400, noise: 0 });
    const y = labels(ds);
    points(ds).forEach(([px, py], i) => {
      const [cx, cy] = y[i] === 0 ? [0, 0] : [1, 0.5];
      expect(Math.hypot(px - cx, py - cy)).toBeCloseTo(1, 5);
      if (y[i] === 0) expect(py).toBeGreaterThanOrEqual(0);
      else expect(py).toBeLessThanOrEqual(0.5);
    });
  });

  it("xor: class 0 where x and y share a sign, class 1 where they differ, both quadrants used", () => {
    const ds = xor(key(5), { n: 400, noise: 0 });
    const y = labels(ds);
    const quadrants = new Set<string>();
    points(ds).forEach(([px, py], i) => {
      expect(Math.abs(px)).toBeGreaterThan(0);
      expect(Math.abs(px)).toBeLessThanOrEqual(1);
      expect(Math.abs(py)).toBeGreaterThan(0);
      expect(Math.abs(py)).toBeLessThanOrEqual(1);
      expect(Math.sign(px) * Math.sign(py)).toBe(y[i] === 0 ? 1 : -1);
      quadrants.add(`${Math.sign(px)},${Math.sign(py)}`);
    });
    expect(quadrants.size).toBe(4);
  });

  it("blobs: each class is centred on its centre with the given spread", () => {
    const check = (ds: PlaneDataset, centers: readonly (readonly [number, number])[], sigma: number): void => {
      const y = labels(ds);
      centers.forEach(([cx, cy], c) => {
        const mine = points(ds).filter((_, i) => y[i] === c);
        const mx = mine.reduce((a, [px]) => a + px, 0) / mine.length;
        const my = mine.reduce((a, [, py]) => a + py, 0) / mine.length;
        const sx = Math.sqrt(mine.reduce((a, [px]) => a + (px - mx) ** 2, 0) / mine.length);
        // Four standard errors of the mean.
        const tolerance = (4 * sigma) / Math.sqrt(mine.length);
        expect(Math.abs(mx - cx)).toBeLessThan(tolerance);
        expect(Math.abs(my - cy)).toBeLessThan(tolerance);
        expect(Math.abs(sx - sigma)).toBeLessThan(0.1 * sigma);
      });
    };
    const ring = [0, 1, 2].map((c) => [2 * Math.cos((2 * Math.PI * c) / 3), 2 * Math.sin((2 * Math.PI * c) / 3)] as const);
    check(blobs(key(6), { n: 3000 }), ring, 0.5);
    const centers = [[5, -1], [-3, 4]] as const;
    const custom = blobs(key(7), { n: 2000, centers, noise: 0.2 });
    expect(custom.classes).toBe(2);
    check(custom, centers, 0.2);
    expect(() => blobs(key(0), { n: 10, centers: [[1, Number.NaN]] })).toThrow(/blobs: centers\[0\] must be a pair of finite numbers/);
    expect(() => blobs(key(0), { n: 10, centers: [] })).toThrow(/blobs: centers must hold at least one point/);
  });

  it("spirals refuses fewer than two classes", () => {
    expect(() => spirals(key(0), { n: 10, classes: 1 })).toThrow(/spirals: classes must be an integer ≥ 2, got 1/);
  });
});

describe("linearRegression", () => {
  /** Solves the normal equations (XᵀX) β = Xᵀy by Gaussian elimination with partial pivoting. */
  const leastSquares = (x: ArrayLike<number>, y: ArrayLike<number>, n: number, f: number): number[] => {
    const a = Array.from({ length: f }, (_, r) => {
      const row = new Array<number>(f + 1).fill(0);
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < f; c++) row[c] = (row[c] ?? 0) + (x[i * f + r] ?? 0) * (x[i * f + c] ?? 0);
        row[f] = (row[f] ?? 0) + (x[i * f + r] ?? 0) * (y[i] ?? 0);
      }
      return row;
    });
    for (let c = 0; c < f; c++) {
      const p = a.slice(c).reduce((best, row, k) => (Math.abs(row[c] ?? 0) > Math.abs(a[best]?.[c] ?? 0) ? c + k : best), c);
      [a[c], a[p]] = [a[p] ?? [], a[c] ?? []];
      for (let r = 0; r < f; r++) {
        if (r === c) continue;
        const factor = (a[r]?.[c] ?? 0) / (a[c]?.[c] ?? 1);
        for (let k = c; k <= f; k++) (a[r] ?? [])[k] = (a[r]?.[k] ?? 0) - factor * (a[c]?.[k] ?? 0);
      }
    }
    return a.map((row, c) => (row[f] ?? 0) / (row[c] ?? 1));
  };

  it("without noise, every target is exactly x · w + b", () => {
    const { dataset, weights, bias } = linearRegression(key(1), { n: 50, features: 3, noise: 0, bias: 0.5 });
    expect(dataset.features.shape).toEqual([50, 3]);
    expect(dataset.labels.shape).toEqual([50]);
    expect(dataset.labels.dtype).toBe("float32");
    expect(weights.shape).toEqual([3]);
    expect(bias).toBe(0.5);
    const w = weights.toArray();
    const y = dataset.labels.toArray();
    dataset.features.toNested().forEach((row, i) => {
      expect(y[i]).toBeCloseTo(row.reduce((s, v, j) => s + v * (w[j] ?? 0), 0.5), 5);
    });
  });

  it("uses given weights, and least squares on noisy data recovers them", () => {
    const truth = [2, -1, 0.5, 3];
    const { dataset, weights } = linearRegression(key(2), { n: 4000, features: 4, noise: 0.5, weights: truth });
    expect([...weights.toArray()]).toEqual(truth);
    const fitted = leastSquares(dataset.features.toArray(), dataset.labels.toArray(), 4000, 4);
    // Standard error of each coefficient ≈ 0.5 / √4000 ≈ 0.008.
    fitted.forEach((b, j) => expect(Math.abs(b - (truth[j] ?? 0))).toBeLessThan(0.04));
    // The residual standard deviation is the noise level.
    const x = dataset.features.toArray();
    const y = dataset.labels.toArray();
    let s2 = 0;
    for (let i = 0; i < 4000; i++) s2 += ((y[i] ?? 0) - truth.reduce((s, w, j) => s + w * (x[i * 4 + j] ?? 0), 0)) ** 2;
    expect(Math.sqrt(s2 / 4000)).toBeCloseTo(0.5, 1);
  });

  it("draws N(0, 1) weights reproducibly when none are given", () => {
    const a = linearRegression(key(3), { n: 10, features: 5 });
    expect(a.weights.toArray()).toEqual(linearRegression(key(3), { n: 10, features: 5 }).weights.toArray());
    expect(size(a.dataset)).toBe(10);
  });

  it("refuses bad sizes and mismatched weights", () => {
    expect(() => linearRegression(key(0), { n: 1.5, features: 2 })).toThrow(/linearRegression: n must be an integer ≥ 1, got 1.5/);
    expect(() => linearRegression(key(0), { n: 10, features: 0 })).toThrow(/features must be an integer ≥ 1, got 0/);
    expect(() => linearRegression(key(0), { n: 10, features: 2, weights: [1] })).toThrow(/weights must be 2 finite numbers \(one per feature\), got 1/);
  });
});
