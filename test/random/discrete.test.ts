import { describe, expect, it } from "vitest";
import { bernoulliArray, categoricalArray, choiceArray, permutationArray, randintArray } from "../../src/random/discrete.js";
import { fold, key } from "../../src/random/key.js";
import { CHI2_999, chiSquare } from "./stats.js";

const counts = (xs: ArrayLike<number>, k: number, offset: number = 0): number[] => {
  const c = new Array<number>(k).fill(0);
  for (let i = 0; i < xs.length; i++) {
    const b = (xs[i] ?? 0) - offset;
    c[b] = (c[b] ?? 0) + 1;
  }
  return c;
};

describe("bernoulliArray", () => {
  it("succeeds at rate p within 4 standard errors", () => {
    const n = 100_000;
    for (const p of [0.3, 0.01, 0.5]) {
      const rate = bernoulliArray(fold(key(1), Math.round(p * 100)), n, p).reduce((a, b) => a + b, 0) / n;
      expect(Math.abs(rate - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    }
  });

  it("is never 1 for p = 0 and always 1 for p = 1", () => {
    expect(bernoulliArray(key(2), 10_000, 0).every((b) => b === 0)).toBe(true);
    expect(bernoulliArray(key(2), 10_000, 1).every((b) => b === 1)).toBe(true);
  });

  it("resolves small probabilities (52-bit uniforms, not 23-bit)", () => {
    // With 23-bit uniforms, p = 1e-9 would succeed with probability 2^-23 ≈ 1.2e-7 and one
    // success among 2·10^6 draws would be expected at rate 0.24; with 52 bits it is 0.002.
    expect(bernoulliArray(key(3), 2_000_000, 1e-9).every((b) => b === 0)).toBe(true);
  });

  it("rejects probabilities outside [0, 1]", () => {
    for (const p of [-0.1, 1.5, Number.NaN]) {
      expect(() => bernoulliArray(key(0), 3, p)).toThrow(new RegExp(`^bernoulli: p must be a probability in \\[0, 1\\], got ${p}`));
    }
  });
});

describe("randintArray", () => {
  it("covers [minval, maxval) evenly (chi-square, 6 df, 0.1% level)", () => {
    const n = 70_000;
    const x = randintArray(key(4), n, -3, 4);
    expect(x).toBeInstanceOf(Int32Array);
    expect(x.every((v) => v >= -3 && v < 4)).toBe(true);
    const c = counts(x, 7, -3);
    expect(chiSquare(c, c.map(() => n / 7))).toBeLessThan(CHI2_999[6] ?? 0);
  });

  it("is unbiased where `word mod range` is not: range 3·2^30", () => {
    // 2^32 = range + 2^30, so the modulo would put the lowest third of the range at probability
    // 1/2 and the other two at 1/4; rejection keeps all three at 1/3.
    const n = 30_000;
    const x = randintArray(key(5), n, -(2 ** 31), 2 ** 30);
    const c = [0, 0, 0];
    for (const v of x) {
      const third = Math.floor((v + 2 ** 31) / 2 ** 30);
      c[third] = (c[third] ?? 0) + 1;
    }
    expect(chiSquare(c, [n / 3, n / 3, n / 3])).toBeLessThan(CHI2_999[2] ?? 0);
  });

  it("reaches both ends of the int32 range", () => {
    const x = randintArray(key(6), 10, -(2 ** 31), -(2 ** 31) + 1);
    expect(x.every((v) => v === -(2 ** 31))).toBe(true);
    const y = randintArray(key(6), 1000, 2 ** 31 - 2, 2 ** 31);
    expect(new Set(y)).toEqual(new Set([2 ** 31 - 2, 2 ** 31 - 1]));
  });

  it("rejects bad bounds", () => {
    expect(() => randintArray(key(0), 3, 5, 5)).toThrow(/^randint: minval must be below maxval, got minval 5 and maxval 5/);
    expect(() => randintArray(key(0), 3, 0.5, 5)).toThrow(/^randint: minval must be an integer in \[-2147483648, 2147483647\], got 0.5/);
    expect(() => randintArray(key(0), 3, 0, 2 ** 31 + 1)).toThrow(/^randint: maxval must be an integer in \[-2147483647, 2147483648\], got 2147483649/);
  });
});

describe("categoricalArray", () => {
  const softmax = (logits: readonly number[]): number[] => {
    const m = Math.max(...logits);
    const e = logits.map((l) => Math.exp(l - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  };

  it("draws with probabilities softmax(logits) along the last axis (chi-square, 3 df, 0.1% level)", () => {
    const row = [1, 2, 0.5, -1];
    const rows = 50_000;
    const logits = Array.from({ length: rows }, () => row).flat();
    const draw = categoricalArray(key(7), logits, [rows, 4], -1);
    expect(draw.shape).toEqual([rows]);
    const c = counts(draw.data, 4);
    expect(chiSquare(c, softmax(row).map((p) => p * rows))).toBeLessThan(CHI2_999[3] ?? 0);
  });

  it("reduces a middle axis with the right strides", () => {
    // logits[i, j, m] = bias[j] + 5·m: column m = 0 follows softmax(bias); m = 1 is the same
    // distribution shifted by a constant, which softmax ignores. Slices differ in i only by noise.
    const bias = [0, 1, -0.5];
    const outer = 20_000;
    const logits: number[] = [];
    for (let i = 0; i < outer; i++) for (const b of bias) logits.push(b, b + 5);
    const draw = categoricalArray(key(8), logits, [outer, 3, 2], 1);
    expect(draw.shape).toEqual([outer, 2]);
    for (const m of [0, 1]) {
      const column = draw.data.filter((_, i) => i % 2 === m);
      const c = counts(column, 3);
      expect(chiSquare(c, softmax(bias).map((p) => p * outer))).toBeLessThan(CHI2_999[2] ?? 0);
    }
  });

  it("never draws a -∞ logit and always draws a dominant one", () => {
    const draw = categoricalArray(key(9), [-Infinity, 0, -Infinity, 0, -Infinity, 50].concat(Array(6).fill(0)), [2, 6]);
    expect(draw.data[0]).toBe(5);
    const masked = categoricalArray(key(10), Array.from({ length: 3000 }, (_, i) => (i % 3 === 1 ? -Infinity : 0)), [1000, 3]);
    expect(masked.data.every((j) => j !== 1)).toBe(true);
  });

  it("rejects NaN logits, bad axes and mismatched shapes", () => {
    expect(() => categoricalArray(key(0), [0, Number.NaN], [2])).toThrow(/^categorical: logits\[1\] is NaN/);
    expect(() => categoricalArray(key(0), [0, 1], [2], 1)).toThrow(/^categorical: axis must be an integer in \[-1, 0\], got 1/);
    expect(() => categoricalArray(key(0), [0, 1, 2], [2])).toThrow(/^categorical: logits have 3 elements but shape \[2\] needs 2/);
    expect(() => categoricalArray(key(0), [], [3, 0], 1)).toThrow(/^categorical: axis 1 of shape \[3, 0\] has no categories/);
    expect(() => categoricalArray(key(0), [0, 1], [2, -1])).toThrow(/^categorical: shape \[2, -1\] is invalid/);
  });
});

describe("permutationArray", () => {
  it("returns each of 0 … n-1 once", () => {
    const p = permutationArray(key(11), 1000);
    expect(p).toBeInstanceOf(Int32Array);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(permutationArray(key(11), 0)).toEqual(new Int32Array(0));
    expect(permutationArray(key(11), 1)).toEqual(new Int32Array([0]));
  });

  it("makes all 120 orders of 5 equally likely (chi-square, 119 df, 0.1% level)", () => {
    const trials = 24_000;
    const seen = new Map<string, number>();
    const k = key(12);
    for (let t = 0; t < trials; t++) {
      const id = permutationArray(fold(k, t), 5).join("");
      seen.set(id, (seen.get(id) ?? 0) + 1);
    }
    expect(seen.size).toBe(120);
    const observed = [...seen.values()];
    expect(chiSquare(observed, observed.map(() => trials / 120))).toBeLessThan(CHI2_999[119] ?? 0);
  });

  it("puts each value at each position equally often (chi-square, 16 df, 0.1% level)", () => {
    // For a 5×5 table of counts with both margins fixed, Pearson's statistic has 16 df.
    const trials = 20_000;
    const table = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
    const k = key(13);
    for (let t = 0; t < trials; t++) {
      permutationArray(fold(k, t), 5).forEach((v, pos) => {
        const row = table[pos];
        if (row) row[v] = (row[v] ?? 0) + 1;
      });
    }
    const flat = table.flat();
    expect(chiSquare(flat, flat.map(() => trials / 5))).toBeLessThan(CHI2_999[16] ?? 0);
  });

  it("rejects bad sizes", () => {
    expect(() => permutationArray(key(0), -1)).toThrow(/^permutation: n must be an integer in \[0, 2147483647\], got -1/);
    expect(() => permutationArray(key(0), 2.5)).toThrow(/got 2.5/);
  });
});

describe("choiceArray", () => {
  it("without replacement: distinct indices, each equally likely to be chosen", () => {
    const trials = 10_000;
    const hits = new Array<number>(10).fill(0);
    for (let t = 0; t < trials; t++) {
      const c = choiceArray(fold(key(14), t), 10, 3, false);
      expect(new Set(c).size).toBe(3);
      for (const i of c) hits[i] = (hits[i] ?? 0) + 1;
    }
    expect(chiSquare(hits, hits.map(() => (trials * 3) / 10))).toBeLessThan(CHI2_999[9] ?? 0);
  });

  it("without replacement and count = n: a permutation", () => {
    const c = choiceArray(key(15), 50, 50, false);
    expect([...c].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("with replacement: uniform indices that can repeat", () => {
    const n = 40_000;
    const c = choiceArray(key(16), 4, n);
    const h = counts(c, 4);
    expect(chiSquare(h, h.map(() => n / 4))).toBeLessThan(CHI2_999[3] ?? 0);
  });

  it("rejects impossible requests", () => {
    expect(() => choiceArray(key(0), 3, 4, false)).toThrow(/^choice: cannot draw 4 distinct indices from 3 without replacement/);
    expect(() => choiceArray(key(0), 0, 1)).toThrow(/^choice: n must be an integer in \[1, 2147483647\], got 0/);
  });
});
