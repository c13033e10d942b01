import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalCdf, normalPdf, normalQuantile } from "../../src/random/gaussian.js";

/** |actual - expected| ≤ tol · |expected|. */
const expectRelative = (actual: number, expected: number, tol: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.abs(expected));
};

// Reference values of Φ(x) = erfc(-x/√2)/2, evaluated in 40-digit arithmetic.
const CDF: ReadonlyArray<readonly [number, number]> = [
  [-37, 5.7255712225245768e-300],
  [-30, 4.9067139271481871e-198],
  [-10, 7.6198530241605261e-24],
  [-5, 2.8665157187919391e-7],
  [-3, 0.0013498980316300945],
  [-2.5, 0.0062096653257761352],
  [-2, 0.022750131948179207],
  [-1, 0.15865525393145705],
  [-0.5, 0.3085375387259869],
  [0, 0.5],
  [0.5, 0.6914624612740131],
  [1, 0.84134474606854295],
  [1.96, 0.97500210485177956],
  [3, 0.99865010196836991],
  [8, 0.99999999999999938],
];

// Reference quantiles: the root of Φ(x) = p, to 17 digits.
const QUANTILE: ReadonlyArray<readonly [number, number]> = [
  [1e-300, -37.047096299361199],
  [1e-100, -21.273453560965324],
  [1e-20, -9.2623400897984076],
  [1e-10, -6.3613409024040562],
  [0.001, -3.0902323061678135],
  [0.025, -1.9599639845400542],
  [0.1, -1.2815515655446005],
  [0.75, 0.67448975019608174],
  [0.975, 1.9599639845400542],
  [0.999, 3.0902323061678135],
];

describe("normalCdf", () => {
  it.each(CDF)("Φ(%d) has full relative accuracy", (x, want) => {
    expectRelative(normalCdf(x), want, 1e-14);
  });

  it("is symmetric: Φ(x) + Φ(-x) = 1", () => {
    fc.assert(
      fc.property(fc.double({ min: -8, max: 8, noNaN: true }), (x) => {
        expect(Math.abs(normalCdf(x) + normalCdf(-x) - 1)).toBeLessThan(4e-16);
      }),
    );
  });

  it("is increasing (until it rounds to 1)", () => {
    for (let x = -38; x < 5; x += 0.01) expect(normalCdf(x + 0.01)).toBeGreaterThan(normalCdf(x));
    for (let x = 5; x < 10; x += 0.01) expect(normalCdf(x + 0.01)).toBeGreaterThanOrEqual(normalCdf(x));
  });

  it("handles the infinities and NaN", () => {
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });
});

describe("normalPdf", () => {
  it("matches e^(-x²/2)/√(2π), also far out", () => {
    expectRelative(normalPdf(0), 0.39894228040143268, 1e-15);
    expectRelative(normalPdf(1), 0.24197072451914335, 1e-15);
    expectRelative(normalPdf(-1), 0.24197072451914335, 1e-15);
    expectRelative(normalPdf(30), 1.4736461348785475e-196, 4e-15);
  });
});

describe("normalQuantile", () => {
  it.each(QUANTILE)("Φ⁻¹(%d) is accurate", (p, want) => {
    expectRelative(normalQuantile(p), want, 2e-15);
  });

  it("inverts Φ where Φ(x) keeps its relative precision (x ≤ 1/2)", () => {
    fc.assert(
      fc.property(fc.double({ min: -37, max: 0.5, noNaN: true }), (x) => {
        expect(Math.abs(normalQuantile(normalCdf(x)) - x)).toBeLessThan(2e-14 * Math.max(1, Math.abs(x)));
      }),
    );
  });

  it("is Φ⁻¹(1/2) = 0 and odd about 1/2", () => {
    expect(normalQuantile(0.5)).toBe(0);
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 1, maxExcluded: true, noNaN: true }), (p) => {
        expect(normalQuantile(p) + normalQuantile(1 - p)).toBe(0);
      }),
    );
  });

  it("is ±∞ at the ends and NaN outside [0, 1]", () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.1)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
  });
});
