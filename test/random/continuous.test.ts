import { describe, expect, it } from "vitest";
import { normalArray, truncatedNormalArray, uniformArray } from "../../src/random/continuous.js";
import { normalCdf } from "../../src/random/gaussian.js";
import { key, split } from "../../src/random/key.js";
import { CHI2_999, chiSquare, histogram, max, mean, min, variance } from "./stats.js";

const N = 200_000;

describe("uniformArray", () => {
  it("float32 on [0, 1): mean 1/2 and variance 1/12 within 4 standard errors", () => {
    const u = uniformArray(key(1), N, "float32");
    expect(u).toBeInstanceOf(Float32Array);
    expect(Math.abs(mean(u) - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / N));
    // The variance of a sample variance of U(0,1) is (1/80 - 1/144)/N.
    expect(Math.abs(variance(u) - 1 / 12)).toBeLessThan(4 * Math.sqrt((1 / 80 - 1 / 144) / N));
  });

  it("float32 and float64 fill 20 equal bins evenly (chi-square, 19 df, 0.1% level)", () => {
    for (const dtype of ["float32", "float64"] as const) {
      const counts = histogram(uniformArray(key(2), N, dtype), 20, 0, 1);
      expect(chiSquare(counts, counts.map(() => N / 20))).toBeLessThan(CHI2_999[19] ?? 0);
    }
  });

  it("scales to [minval, maxval)", () => {
    const u = uniformArray(key(3), N, "float64", -3, 5);
    expect(min(u)).toBeGreaterThanOrEqual(-3);
    expect(max(u)).toBeLessThan(5);
    expect(Math.abs(mean(u) - 1)).toBeLessThan(4 * Math.sqrt(64 / 12 / N));
    expect(Math.abs(variance(u) - 64 / 12)).toBeLessThan(4 * 64 * Math.sqrt((1 / 80 - 1 / 144) / N));
  });

  it("never returns maxval, even where float32 rounding reaches it", () => {
    // Near 2^24 float32 steps are 1 apart, so u·16 + 16777200 rounds up to 2^24 for u > 31/32.
    const u = uniformArray(key(4), 4096, "float32", 16777200, 2 ** 24);
    expect(max(u)).toBe(2 ** 24 - 1);
    expect(min(u)).toBe(16777200);
  });

  it("float64 values use all 52 bits; float32 values are float32 arithmetic on 23", () => {
    const u64 = uniformArray(key(5), 1000, "float64");
    expect(u64.some((u) => (u * 2 ** 52) % 2 === 1)).toBe(true);
    const u32 = uniformArray(key(5), 1000, "float32");
    expect(u32.every((u) => Number.isInteger(u * 2 ** 23))).toBe(true);
  });

  it("matches JAX: uniform(key(0)) and, over [-1, 1), its affine image in float32", () => {
    expect(uniformArray(key(0), 1, "float32")[0]).toBe(Math.fround(0.947667002677917));
    expect(uniformArray(key(0), 1, "float32", -1, 1)[0]).toBe(Math.fround(Math.fround(0.9476670026779175 * 2) - 1));
  });

  it("rejects bad bounds, counts and dtypes, naming the sampler", () => {
    expect(() => uniformArray(key(0), 3, "float32", 1, 1)).toThrow(/^uniform: minval must be below maxval \(in float32\), got minval 1 and maxval 1/);
    expect(() => uniformArray(key(0), 3, "float32", 1, 1 + 1e-10)).toThrow(/minval must be below maxval \(in float32\)/);
    expect(() => uniformArray(key(0), 3, "float64", 2, 1)).toThrow(/got minval 2 and maxval 1/);
    expect(() => uniformArray(key(0), 3, "float64", Number.NaN, 1)).toThrow(/^uniform: minval must be a finite number, got NaN/);
    expect(() => uniformArray(key(0), 3, "float64", 0, Infinity)).toThrow(/maxval must be a finite number, got Infinity/);
    expect(() => uniformArray(key(0), 3, "float32", -3e38, 3e38)).toThrow(/^uniform: maxval - minval = .* overflows float32/);
    expect(() => uniformArray(key(0), -1, "float32")).toThrow(/^uniform: n must be an integer/);
    // A caller without types can pass any string.
    const dtype: string = "int32";
    expect(() => uniformArray(key(0), 3, dtype as "float32")).toThrow(/^uniform: dtype must be "float32" or "float64", got "int32"/);
  });
});

describe("normalArray", () => {
  it("has mean 0, variance 1 and uncorrelated Box–Muller partners (4 standard errors)", () => {
    const z = normalArray(key(6), N, "float64");
    expect(Math.abs(mean(z))).toBeLessThan(4 / Math.sqrt(N));
    expect(Math.abs(variance(z) - 1)).toBeLessThan(4 * Math.sqrt(2 / N));
    let cross = 0;
    for (let j = 0; j < N; j += 2) cross += (z[j] ?? 0) * (z[j + 1] ?? 0);
    expect(Math.abs(cross / (N / 2))).toBeLessThan(4 / Math.sqrt(N / 2));
  });

  it("is normal: Φ(z) fills 20 equal bins evenly (chi-square, 19 df, 0.1% level)", () => {
    const z = normalArray(key(7), N, "float64");
    const counts = histogram(z.map(normalCdf), 20, 0, 1);
    expect(chiSquare(counts, counts.map(() => N / 20))).toBeLessThan(CHI2_999[19] ?? 0);
  });

  it("has the normal's fourth moment, 3 (4 standard errors; Var z⁴ = 96)", () => {
    const z = normalArray(key(8), N, "float64");
    expect(Math.abs(mean(z.map((x) => x ** 4)) - 3)).toBeLessThan(4 * Math.sqrt(96 / N));
  });

  it("applies mean and stddev, and float32 is the rounded float64 draw", () => {
    const k = key(9);
    const z = normalArray(k, 101, "float64");
    const scaled = normalArray(k, 101, "float64", 10, 2);
    scaled.forEach((s, i) => expect(s).toBeCloseTo(10 + 2 * (z[i] ?? 0), 12));
    const z32 = normalArray(k, 101, "float32");
    expect(z32).toBeInstanceOf(Float32Array);
    z32.forEach((s, i) => expect(s).toBe(Math.fround(z[i] ?? 0)));
  });

  it("gives the same leading values for odd and even counts", () => {
    const k = key(10);
    expect(normalArray(k, 7, "float64")).toEqual(normalArray(k, 8, "float64").subarray(0, 7));
  });

  it("rejects bad arguments", () => {
    expect(() => normalArray(key(0), 3, "float64", 0, -1)).toThrow(/^normal: stddev must be non-negative, got -1/);
    expect(() => normalArray(key(0), 3, "float64", Number.NaN)).toThrow(/^normal: mean must be a finite number, got NaN/);
    expect(() => normalArray(key(0), 2.5, "float64")).toThrow(/^normal: n must be an integer .*got 2.5/);
  });
});

describe("truncatedNormalArray", () => {
  // Closed forms for Z ~ N(0, 1) given a < Z < b, with P = Φ(b) - Φ(a):
  //   E = (φ(a) - φ(b)) / P,   Var = 1 + (a φ(a) - b φ(b)) / P - E²,
  // evaluated in 40-digit arithmetic.
  const cases: ReadonlyArray<readonly [number, number, number, number]> = [
    [-2, 2, 0, 0.77374130354992325],
    [0.5, 3, 1.1316649249513497, 0.24909903431507567],
    [-1, 0.25, -0.32881954294029869, 0.12233577212291003],
    [4, 6, 4.2255469318061976, 0.046557157840402451],
    [-Infinity, -3, -3.2830986549304365, 0.070559186785268117],
    [1, Infinity, 1.5251352761609812, 0.19909766557034879],
  ];

  it.each(cases)("on (%d, %d) has the closed-form mean %d and variance %d", (a, b, m, v) => {
    const n = 100_000;
    const z = truncatedNormalArray(key(11), n, "float64", a, b);
    expect(min(z)).toBeGreaterThan(a);
    expect(max(z)).toBeLessThan(b);
    // Standard errors: √(v/n) for the mean, √((μ₄ - v²)/n) for the variance, with μ₄ ≤ 9v²
    // (the exponential's ratio, which one-sided far tails approach).
    expect(Math.abs(mean(z) - m)).toBeLessThan(4 * Math.sqrt(v / n));
    expect(Math.abs(variance(z) - v)).toBeLessThan(4 * Math.sqrt((8 * v * v) / n));
  });

  it("follows the truncated distribution function (chi-square on 20 bins, 19 df, 0.1% level)", () => {
    for (const [a, b] of [[-2, 2], [0.5, 3], [4, 6]] as const) {
      const z = truncatedNormalArray(key(12), N, "float64", a, b);
      const pa = normalCdf(a);
      const mass = normalCdf(b) - pa;
      const counts = histogram(z.map((x) => (normalCdf(x) - pa) / mass), 20, 0, 1);
      expect(chiSquare(counts, counts.map(() => N / 20))).toBeLessThan(CHI2_999[19] ?? 0);
    }
  });

  it("stays strictly inside the bounds in float32, even for a narrow interval", () => {
    const z = truncatedNormalArray(key(13), 10_000, "float32", -2, 2);
    expect(z).toBeInstanceOf(Float32Array);
    expect(z.every((x) => x > -2 && x < 2)).toBe(true);
    const lo = 1;
    const hi = 1 + 2 ** -20; // eight float32 steps
    const narrow = truncatedNormalArray(key(14), 10_000, "float32", lo, hi);
    expect(narrow.every((x) => x > lo && x < hi)).toBe(true);
    expect(new Set(narrow).size).toBe(7);
  });

  it("defaults to (-2, 2)", () => {
    expect(truncatedNormalArray(key(15), 50, "float64")).toEqual(truncatedNormalArray(key(15), 50, "float64", -2, 2));
  });

  it("is reproducible and prefix-stable", () => {
    const [k] = split(key(16), 1);
    expect(truncatedNormalArray(k, 10, "float64", 0, 1)).toEqual(truncatedNormalArray(k, 20, "float64", 0, 1).subarray(0, 10));
  });

  it("rejects empty, unrepresentable and negligible intervals", () => {
    expect(() => truncatedNormalArray(key(0), 3, "float64", 1, 1)).toThrow(/^truncatedNormal: lower must be below upper, got lower 1 and upper 1/);
    expect(() => truncatedNormalArray(key(0), 3, "float64", 2, -2)).toThrow(/got lower 2 and upper -2/);
    expect(() => truncatedNormalArray(key(0), 3, "float64", Number.NaN, 1)).toThrow(/^truncatedNormal: lower and upper must be numbers, got NaN and 1/);
    expect(() => truncatedNormalArray(key(0), 3, "float32", 1, 1 + 2 ** -23)).toThrow(/^truncatedNormal: no float32 value lies strictly between lower 1 and upper 1.0000001/);
    expect(() => truncatedNormalArray(key(0), 3, "float64", 40, 41)).toThrow(/^truncatedNormal: the interval \(40, 41\) has probability 0/);
  });
});
