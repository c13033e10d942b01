import { describe, expect, it } from "vitest";
import { contourLines, linspace, sample, type SampledGrid } from "../../../src/report/svg/marchingSquares.js";
import type { Point } from "../../../src/report/svg/path.js";

/** Twice the signed area enclosed by a closed polyline (shoelace formula), halved. */
const area = (line: readonly Point[]): number =>
  Math.abs(line.slice(1).reduce((s, [x, y], i) => {
    const [px, py] = line[i] ?? [0, 0];
    return s + px * y - x * py;
  }, 0)) / 2;

/** Grid edges whose end values lie on opposite sides of the level, counted by brute force. */
const crossedEdges = (g: SampledGrid, level: number): number => {
  let n = 0;
  const v = (i: number, j: number): number => g.values[j]?.[i] ?? Number.NaN;
  for (let j = 0; j < g.ys.length; j++) {
    for (let i = 0; i < g.xs.length; i++) {
      if (i + 1 < g.xs.length && (v(i, j) >= level) !== (v(i + 1, j) >= level)) n++;
      if (j + 1 < g.ys.length && (v(i, j) >= level) !== (v(i, j + 1) >= level)) n++;
    }
  }
  return n;
};

describe("linspace and sample", () => {
  it("spaces samples evenly, ends included, and evaluates f at every grid point", () => {
    expect(linspace(-1, 1, 5)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(sample((x, y) => 10 * y + x, [0, 1], [0, 1, 2]).values).toEqual([[0, 1], [10, 11], [20, 21]]);
  });
});

describe("contourLines", () => {
  const h = 0.1;
  const axis = linspace(-2, 2, 41);
  const circle = sample((x, y) => x * x + y * y, axis, axis);

  it("traces x² + y² = 1 as one closed curve within a grid cell of the true circle", () => {
    const lines = contourLines(circle, 1);
    expect(lines).toHaveLength(1);
    const [line = []] = lines;
    expect(line[0]).toEqual(line[line.length - 1]);
    // One point per crossed grid edge, plus the repeated first point that closes the loop.
    expect(line.length).toBe(crossedEdges(circle, 1) + 1);
    for (const [x, y] of line) {
      const off = Math.abs(Math.hypot(x, y) - 1);
      expect(off).toBeLessThan(h);
      // Linear interpolation of f along an edge of length h errs by at most h²/8 · f'' = h²/4,
      // about h²/8 in the radius since |∇f| = 2r; h²/4 leaves room for higher-order terms.
      expect(off).toBeLessThanOrEqual((h * h) / 4 + 1e-12);
      // Every point lies on a grid line, where the crossing was interpolated.
      expect(axis.includes(x) || axis.includes(y)).toBe(true);
    }
    expect(area(line)).toBeCloseTo(Math.PI, 1);
    expect(Math.abs(area(line) - Math.PI) / Math.PI).toBeLessThan(0.01);
  });

  it("keeps separate components apart", () => {
    const twoWells = sample((x, y) => Math.min((x - 1) ** 2 + y * y, (x + 1) ** 2 + y * y), axis, axis);
    const lines = contourLines(twoWells, 0.25);
    expect(lines).toHaveLength(2);
    const centres = lines.map((l) => l.reduce((s, [x]) => s + x, 0) / l.length).sort((a, b) => a - b);
    expect(centres[0]).toBeCloseTo(-1, 1);
    expect(centres[1]).toBeCloseTo(1, 1);
    for (const l of lines) expect(area(l)).toBeCloseTo(Math.PI * 0.25, 1);
  });

  it("traces a level set that leaves the grid as an open line, edge to edge", () => {
    const g = sample((x) => x - 0.3, linspace(0, 1, 5), linspace(0, 1, 5));
    const lines = contourLines(g, 0);
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? [];
    const ys = line.map(([, y]) => y);
    expect(line.map(([x]) => x).every((x) => Math.abs(x - 0.3) < 1e-12)).toBe(true);
    expect([...ys].sort((a, b) => a - b)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it("resolves a saddle by the mean of the corners", () => {
    // Corners: bottom-left 1, bottom-right 0, top-right 1, top-left 0. The mean is 0.5.
    const saddle: SampledGrid = { xs: [0, 1], ys: [0, 1], values: [[1, 0], [0, 1]] };
    const sortLines = (ls: readonly (readonly Point[])[]) =>
      ls.map((l) => [...l].sort((a, b) => a[0] - b[0] || a[1] - b[1])).sort((a, b) => (a[0]?.[1] ?? 0) - (b[0]?.[1] ?? 0));
    // Level 0.5: the centre counts as high, so the high corners connect and the line cuts off
    // the two low corners.
    expect(sortLines(contourLines(saddle, 0.5))).toEqual([
      [[0.5, 0], [1, 0.5]],
      [[0, 0.5], [0.5, 1]],
    ]);
    // Level 0.6: the centre is low, so the line cuts off the two high corners instead.
    expect(sortLines(contourLines(saddle, 0.6))).toEqual([
      [[0, 0.4], [0.4, 0]],
      [[0.6, 1], [1, 0.6]],
    ]);
  });

  it("leaves a gap where the function is not finite", () => {
    const holed = sample((x, y) => (Math.abs(x - 1) < 1e-9 && Math.abs(y) < 1e-9 ? Number.NaN : x * x + y * y), axis, axis);
    const lines = contourLines(holed, 1);
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? [];
    expect(line[0]).not.toEqual(line[line.length - 1]);
    // The four cells around (1, 0) are skipped, so no point lies within a cell of it.
    for (const [x, y] of line) expect(Math.hypot(x - 1, y)).toBeGreaterThan(h * 0.99);
  });

  it("returns nothing for a level the function never reaches", () => {
    expect(contourLines(circle, 100)).toEqual([]);
  });
});
