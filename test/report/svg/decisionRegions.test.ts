import { describe, expect, it } from "vitest";
import { decisionRegions } from "../../../src/report/svg/decisionRegions.js";
import { linspace } from "../../../src/report/svg/marchingSquares.js";
import { checkSvg, expectUpright, legendLabels, plotArea } from "./svgChecks.js";
import { attr, axisInverse, byClass, findAll, numAttr } from "./xmlDom.js";

const xs = linspace(0, 9, 10);
const ys = linspace(0, 5, 6);
// Class 0 left of x = 4.5, class 1 right of it.
const classOf = ys.map(() => xs.map((x) => (x < 4.5 ? 0 : 1)));
const points = [
  { x: 1, y: 1, label: 0 },
  { x: 8, y: 4, label: 1 },
  { x: Number.NaN, y: 2, label: 1 },
];
const root = checkSvg(decisionRegions({ title: "Regions", grid: { xs, ys, classOf }, points, classes: ["left", "right"] }));

const channels = (hex: string): number[] => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
const whiteness = (hex: string): number => channels(hex).reduce((s, c) => s + c, 0);

describe("decisionRegions", () => {
  it("merges each row's runs of one class into one cell", () => {
    const cells = byClass(root, "cell");
    expect(cells).toHaveLength(ys.length * 2);
  });

  it("tiles the plot area exactly with the grid's cells", () => {
    const a = plotArea(root);
    const cells = byClass(root, "cell");
    const area = cells.reduce((s, c) => s + numAttr(c, "width") * numAttr(c, "height"), 0);
    expect(area).toBeCloseTo((a.right - a.left) * (a.bottom - a.top), 0);
    for (const c of cells) {
      expect(numAttr(c, "x")).toBeGreaterThanOrEqual(a.left - 0.01);
      expect(numAttr(c, "x") + numAttr(c, "width")).toBeLessThanOrEqual(a.right + 0.01);
    }
  });

  it("puts the class boundary halfway between the samples on either side", () => {
    expectUpright(root);
    const fx = axisInverse(root, "x");
    const left = byClass(root, "cell").filter((_, i) => i % 2 === 0);
    for (const c of left) expect(fx(numAttr(c, "x") + numAttr(c, "width"))).toBeCloseTo(4.5, 1);
    // The grid's extent is the axis's: half a spacing beyond the outer samples.
    expect(fx(plotArea(root).left)).toBeCloseTo(-0.5, 2);
    expect(fx(plotArea(root).right)).toBeCloseTo(9.5, 2);
  });

  it("colours cells like their class's legend swatch, and classes differently", () => {
    const swatches = findAll(byClass(root, "legend")[0] ?? root, "rect").map((r) => attr(r, "fill"));
    const [a, b] = byClass(root, "cell").map((c) => attr(c, "fill"));
    expect([a, b]).toEqual(swatches);
    expect(a).not.toBe(b);
    expect(legendLabels(root)).toEqual(["left", "right"]);
  });

  it("draws the finite points on top of the cells, in their class colours", () => {
    const marks = byClass(root, "point");
    expect(marks).toHaveLength(2);
    const all = findAll(root, "*");
    const lastCell = all.lastIndexOf(byClass(root, "cell").at(-1) ?? root);
    expect(all.indexOf(marks[0] ?? root)).toBeGreaterThan(lastCell);
    const legendMarkers = findAll(byClass(root, "legend")[0] ?? root, "path").map((p) => attr(p, "fill"));
    expect(marks.map((m) => attr(m, "fill"))).toEqual(legendMarkers);
  });

  it("shades probabilities by confidence: a coin flip paler than a sure call", () => {
    const probabilities = [[[0.5, 0.5], [0.7, 0.3], [0.95, 0.05], [0.05, 0.95]]];
    const svg = checkSvg(
      decisionRegions({ title: "p", grid: { xs: [0, 1, 2, 3], ys: [0, 1], probabilities: [probabilities[0] ?? [], probabilities[0] ?? []] }, points: [], classes: ["a", "b"] }),
    );
    const fills = byClass(svg, "cell").slice(0, 4).map((c) => attr(c, "fill"));
    expect(fills).toHaveLength(4);
    const [flip = "", leaning = "", sure = "", sureOther = ""] = fills;
    expect(whiteness(flip)).toBeGreaterThan(whiteness(leaning));
    expect(whiteness(leaning)).toBeGreaterThan(whiteness(sure));
    // Same confidence, other class: equally deep, different hue.
    expect(sureOther).not.toBe(sure);
    expect(legendLabels(svg)).toContain("paler = less confident");
  });

  it("leaves a cell blank where the grid holds NaN", () => {
    const holed = classOf.map((row, j) => row.map((k, i) => (i === 2 && j === 0 ? Number.NaN : k)));
    const svg = checkSvg(decisionRegions({ title: "t", grid: { xs, ys, classOf: holed }, points: [], classes: ["a", "b"] }));
    // Row 0 becomes [0, 0] [blank] [0, 0] [1 × 5]: one more cell than before.
    expect(byClass(svg, "cell")).toHaveLength(ys.length * 2 + 1);
  });

  it("escapes class names", () => {
    const svg = checkSvg(decisionRegions({ title: "t", grid: { xs, ys, classOf }, points: [], classes: ["<a>", "b & c"] }));
    expect(legendLabels(svg)).toEqual(["<a>", "b & c"]);
  });

  interface Change {
    readonly xs?: readonly number[];
    readonly classOf?: readonly (readonly number[])[];
    readonly points?: readonly { x: number; y: number; label: number }[];
  }
  it.each<[Change, RegExp]>([
    [{ points: [{ x: 0, y: 0, label: 0 }, { x: 0, y: 0, label: 5 }] }, /decisionRegions: points\[1\]\.label = 5 is not a class index; expected an integer in 0\.\.1 \(2 classes\)/],
    [{ classOf: classOf.map((r, j) => (j === 2 ? r.slice(0, 3) : r)) }, /decisionRegions: grid\.classOf\[2\] has 3 entries; expected one per x sample \(10\)/],
    [{ classOf: classOf.slice(1) }, /decisionRegions: grid\.classOf has 5 rows; expected one per y sample \(6\)/],
    [{ classOf: classOf.map((r) => r.map((k) => k + 0.5)) }, /decisionRegions: grid\.classOf\[0\]\[0\] = 0\.5 is not a class index/],
    [{ xs: [0, 2, 1, 3, 4, 5, 6, 7, 8, 9] }, /decisionRegions: grid\.xs must be finite and strictly increasing; xs\[2\] = 1/],
  ])("rejects bad input, naming it", (change, message) => {
    const grid = { xs: change.xs ?? xs, ys, classOf: change.classOf ?? classOf };
    expect(() => decisionRegions({ title: "t", grid, points: change.points ?? [], classes: ["a", "b"] })).toThrow(message);
  });
});
