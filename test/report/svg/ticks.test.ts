import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extent, niceLinear, niceLog, niceStep, ticksWithin } from "../../../src/report/svg/ticks.js";

/** Whether x = m·10^k for an integer k and m ∈ {1, 2, 5}, to a relative tolerance. */
const isOneTwoFive = (x: number, tolerance = 1e-9): boolean => {
  const k = Math.floor(Math.log10(x) + 1e-9);
  const m = x / 10 ** k;
  return [1, 2, 5, 10].some((c) => Math.abs(m - c) < tolerance * c);
};

const range = fc
  .tuple(fc.double({ min: -1e300, max: 1e300, noNaN: true }), fc.double({ min: -1e300, max: 1e300, noNaN: true }))
  .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);

describe("niceStep", () => {
  it.each([
    [1, 5, 0.2],
    [10, 5, 2],
    [5.05, 5, 1],
    [7.5, 5, 2],
    [3.5, 5, 0.5],
    [0.003, 5, 0.0005],
  ])("span %s over ~%s intervals → %s", (span, target, step) => {
    expect(niceStep(span, target)).toBe(step);
  });
  it("is always 1, 2 or 5 times a power of ten, within a factor √2.5 of span/target", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-9, max: 1e9, noNaN: true }), fc.integer({ min: 1, max: 20 }), (span, target) => {
        const step = niceStep(span, target);
        expect(isOneTwoFive(step)).toBe(true);
        const ratio = step / (span / target);
        expect(ratio).toBeGreaterThan(1 / Math.sqrt(2.5) - 1e-9);
        expect(ratio).toBeLessThan(Math.sqrt(5) + 1e-9);
      }),
    );
  });
  it("rejects a non-positive span", () => {
    expect(() => niceStep(0, 5)).toThrow(/niceStep.*span=0/);
  });
});

describe("niceLinear", () => {
  it("frames training losses with 0.5 steps", () => {
    expect(niceLinear(0.05, 2.3)).toEqual({
      domain: [0, 2.5],
      values: [0, 0.5, 1, 1.5, 2, 2.5],
      labels: ["0", "0.5", "1.0", "1.5", "2.0", "2.5"],
    });
  });
  it("uses exponents for very small steps", () => {
    expect(niceLinear(0, 4e-5).labels).toEqual(["0", "1e-5", "2e-5", "3e-5", "4e-5"]);
  });
  it("keeps ticks exact when they are large and close together", () => {
    const t = niceLinear(1e6, 1e6 + 1e-6);
    expect(t.values).toEqual([1e6, 1000000.0000002, 1000000.0000004, 1000000.0000006, 1000000.0000008, 1000000.000001]);
    expect(new Set(t.labels).size).toBe(t.labels.length);
  });
  it("widens a single value into an interval", () => {
    expect(niceLinear(5, 5).domain).toEqual([2, 8]);
    expect(niceLinear(0, 0).domain).toEqual([-1, 1]);
  });
  it("covers the data with evenly spaced 1-2-5 ticks that start and end the domain", () => {
    fc.assert(
      fc.property(range, ([min, max]) => {
        const t = niceLinear(min, max);
        const [lo, hi] = t.domain;
        expect(lo).toBeLessThanOrEqual(min);
        expect(Number.isFinite(lo) && Number.isFinite(hi)).toBe(true);
        expect(hi).toBeGreaterThanOrEqual(max);
        expect(t.values[0]).toBe(lo);
        expect(t.values[t.values.length - 1]).toBe(hi);
        expect(t.values.length).toBeGreaterThanOrEqual(2);
        expect(t.values.length).toBeLessThanOrEqual(13);
        // The step is read off the ticks, so allow for cancellation when they are large.
        const step = (hi - lo) / (t.values.length - 1);
        expect(isOneTwoFive(step, 1e-6)).toBe(true);
        t.values.forEach((v, i) => {
          expect(Math.abs(v - (lo + i * step))).toBeLessThan(step * 1e-6);
          // Each label reads back as its value.
          expect(Math.abs(Number(t.labels[i]) - v)).toBeLessThan(step * 1e-6);
        });
        expect(new Set(t.labels).size).toBe(t.labels.length);
      }),
    );
  });
});

describe("ticksWithin", () => {
  it("keeps the domain and puts ticks inside it", () => {
    expect(ticksWithin(-3.04, 3.04)).toEqual({ domain: [-3.04, 3.04], values: [-3, -2, -1, 0, 1, 2, 3], labels: ["-3", "-2", "-1", "0", "1", "2", "3"] });
  });
});

describe("niceLog", () => {
  it("uses 1-2-5 ticks over up to three decades, snapping the domain to them", () => {
    expect(niceLog(0.069, 2.35)).toEqual({
      domain: [0.05, 5],
      values: [0.05, 0.1, 0.2, 0.5, 1, 2, 5],
      labels: ["0.05", "0.1", "0.2", "0.5", "1", "2", "5"],
    });
  });
  it("gives a single value on a mark an interval", () => {
    expect(niceLog(1, 1).values).toEqual([1, 2]);
    expect(niceLog(1e12, 1e12).values).toEqual([1e12, 2e12]);
  });
  it("finds the right decade next to a power of ten", () => {
    expect(niceLog(999999999997.6953, 999999999997.6953).values).toEqual([5e11, 1e12]);
    expect(niceLog(1.0000000000001, 1.0000000000001).values).toEqual([1, 2]);
  });
  it("uses whole decades, then every n-th decade, over wider ranges", () => {
    expect(niceLog(3e-5, 2).values).toEqual([1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1, 10]);
    expect(niceLog(1e-7, 1)).toEqual({
      domain: [1e-8, 1],
      values: [1e-8, 1e-6, 1e-4, 1e-2, 1],
      labels: ["1e-8", "1e-6", "0.0001", "0.01", "1"],
    });
  });
  it("covers the data with increasing 1-2-5 ticks", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1e300, noNaN: true }), fc.double({ min: 1, max: 1e20, noNaN: true }), (min, factor) => {
        const max = Math.min(1e308, min * factor);
        const t = niceLog(min, max);
        expect(t.domain[0]).toBeLessThanOrEqual(min);
        expect(t.domain[1]).toBeGreaterThanOrEqual(max);
        expect(t.values[0]).toBe(t.domain[0]);
        expect(t.values[t.values.length - 1]).toBe(t.domain[1]);
        t.values.forEach((v, i) => {
          expect(isOneTwoFive(v)).toBe(true);
          if (i > 0) expect(v).toBeGreaterThan(t.values[i - 1] ?? 0);
          expect(Number(t.labels[i])).toBeCloseTo(v, 12);
        });
      }),
    );
  });
  it("refuses values it cannot frame", () => {
    expect(() => niceLog(0, 1)).toThrow(/niceLog: a log axis needs positive values, got min=0/);
    expect(() => niceLog(1, 1.5e308)).toThrow(/niceLog: values must lie in \[1e-307, 1e308\]/);
  });
  it("stays finite next to the largest double", () => {
    // Every third decade; aligned to multiples of 3 the top tick would be 1e309 = Infinity.
    expect(niceLog(5.8e289, 1.0000000000000002e306).domain).toEqual([1e289, 1e307]);
  });
});

describe("extent", () => {
  it("ignores non-finite values", () => {
    expect(extent([3, Number.NaN, -1, Infinity, 2])).toEqual([-1, 3]);
    expect(extent([Number.NaN])).toBeUndefined();
  });
});
