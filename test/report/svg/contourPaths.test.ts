import { describe, expect, it } from "vitest";
import { contourPaths, defaultLevels, logLevels } from "../../../src/report/svg/contourPaths.js";
import { linspace, sample } from "../../../src/report/svg/marchingSquares.js";
import { checkSvg, expectInside, expectUpright, legendLabels } from "./svgChecks.js";
import { attr, axisInverse, byClass, numAttr, polylines } from "./xmlDom.js";

const rosenbrock = (x: number, y: number): number => (1 - x) ** 2 + 100 * (y - x * x) ** 2;

describe("logLevels", () => {
  it.each([
    [0.3, 200, [0.5, 1, 2, 5, 10, 20, 50, 100, 200]],
    [1e-3, 1e3, [1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000]],
    [1e-8, 1, [1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1]],
  ])("from %s to %s", (lo, hi, levels) => {
    expect(logLevels(lo, hi)).toEqual(levels);
  });
});

describe("defaultLevels", () => {
  it("is log-spaced over the top four decades for a non-negative function", () => {
    const axis = linspace(-2, 2, 61);
    const grid = sample(rosenbrock, axis, linspace(-1, 3, 61));
    const levels = defaultLevels(grid);
    const top = Math.max(...grid.values.flat());
    expect(levels.length).toBeGreaterThan(5);
    expect(levels[0]).toBeGreaterThanOrEqual(top * 1e-4);
    expect(levels[levels.length - 1]).toBeLessThanOrEqual(top);
    // Consecutive ratios between 2 and 2.5 (1-2-5) or 3 and 3.4 (1-3): evenly spread in log.
    levels.slice(1).forEach((v, i) => {
      const r = v / (levels[i] ?? 1);
      expect(r).toBeGreaterThanOrEqual(2 - 1e-9);
      expect(r).toBeLessThanOrEqual(10 / 3 + 1e-9);
    });
  });

  it("is evenly spaced inside the range for a function of both signs", () => {
    const axis = linspace(-1, 1, 21);
    const levels = defaultLevels(sample((x, y) => x * y, axis, axis));
    expect(levels).toEqual([-0.8, -0.6, -0.4, -0.2, 0, 0.2, 0.4, 0.6, 0.8]);
  });
});

describe("contourPaths", () => {
  const start = [-1.5, 2] as const;
  const path = [start, [-1, 1.5], [Number.NaN, 0], [0, 0.5], [0.5, 0.3], [1, 1]] as const;
  const root = checkSvg(
    contourPaths({
      title: "Circle",
      f: (x, y) => x * x + y * y,
      xRange: [-2, 2],
      yRange: [-2, 2],
      levels: [1],
      resolution: 41,
      paths: [{ name: "gd", points: path }],
    }),
  );

  it("draws the contour within a grid cell of the true curve", () => {
    expectUpright(root);
    const fx = axisInverse(root, "x");
    const fy = axisInverse(root, "y");
    const contours = byClass(root, "contour");
    expect(contours).toHaveLength(1);
    const pieces = polylines(attr(contours[0] ?? root, "d"));
    expect(pieces).toHaveLength(1);
    const points = pieces.flat();
    expect(points.length).toBeGreaterThan(40);
    expect(points[0]).toEqual(points[points.length - 1]);
    // Grid spacing 4 / 40 = 0.1.
    for (const [px, py] of points) expect(Math.abs(Math.hypot(fx(px), fy(py)) - 1)).toBeLessThan(0.1);
  });

  it("draws a path, broken at a NaN iterate, from an open circle to an end marker", () => {
    const fx = axisInverse(root, "x");
    const fy = axisInverse(root, "y");
    const drawn = byClass(root, "path").map((p) => polylines(attr(p, "d")));
    expect(drawn[0]?.map((piece) => piece.length)).toEqual([2, 3]);
    expectInside(root, drawn.flat(2));
    const s = byClass(root, "start")[0] ?? root;
    expect(fx(numAttr(s, "cx"))).toBeCloseTo(start[0], 2);
    expect(fy(numAttr(s, "cy"))).toBeCloseTo(start[1], 2);
    expect(byClass(root, "end")).toHaveLength(1);
    // Iterates between the two ends.
    expect(byClass(root, "iterate")).toHaveLength(3);
  });

  it("names the paths and the contour levels in the legend", () => {
    expect(legendLabels(root)).toEqual(["gd", "contour: f = 1"]);
  });

  it("draws one contour path per default level on Rosenbrock and thins converged iterates", () => {
    const iterates = Array.from({ length: 3000 }, (_, i) => [1 - 2 / (i + 1), 1 - 2 / (i + 1)] as const);
    const svg = checkSvg(contourPaths({ title: "R", f: rosenbrock, xRange: [-2, 2], yRange: [-1, 3], resolution: 61, paths: [{ name: "p", points: iterates }] }));
    const levels = defaultLevels(sample(rosenbrock, linspace(-2, 2, 61), linspace(-1, 3, 61)));
    expect(byClass(svg, "contour")).toHaveLength(levels.length);
    const drawn = polylines(attr(byClass(svg, "path")[0] ?? svg, "d")).flat();
    expect(drawn.length).toBeLessThan(300);
    const fx = axisInverse(svg, "x");
    expect(fx(drawn[0]?.[0] ?? 0)).toBeCloseTo(-1, 2);
    expect(fx(drawn[drawn.length - 1]?.[0] ?? 0)).toBeCloseTo(1 - 2 / 3000, 2);
  });

  it.each([
    [{ xRange: [1, 1] as const }, /contourPaths: xRange must be \[lo, hi\] with finite lo < hi, got \[1, 1\]/],
    [{ yRange: [0, Number.NaN] as const }, /contourPaths: yRange must be .*got \[0, NaN\]/],
    [{ resolution: 2 }, /contourPaths: resolution must be an integer in 3\.\.1001, got 2/],
  ])("rejects bad input, naming it", (change, message) => {
    expect(() =>
      contourPaths({ title: "t", f: rosenbrock, xRange: [-2, 2], yRange: [-1, 3], paths: [], ...change }),
    ).toThrow(message);
  });
});
