import { describe, expect, it } from "vitest";
import { barChart } from "../../../src/report/svg/barChart.js";
import { checkSvg, expectNiceLinearTicks, isOneTwoFive, legendLabels, plotArea, tickValues } from "./svgChecks.js";
import { attr, axisInverse, byClass, numAttr, textOf } from "./xmlDom.js";

const layers = Array.from({ length: 8 }, (_, i) => `layer ${i + 1}`);
const sigmoid = layers.map((_, i) => 0.8 * 0.25 ** (7 - i));
const relu = layers.map((_, i) => 0.5 + 0.05 * i);

describe("barChart", () => {
  const root = checkSvg(
    barChart({ title: "Gradient norms", yLabel: "norm", logY: true, categories: layers, series: [{ name: "sigmoid", values: sigmoid }, { name: "ReLU", values: relu }] }),
  );

  it("draws one bar per series and category, with the categories as x labels", () => {
    expect(byClass(root, "bar")).toHaveLength(16);
    expect(byClass(root, "tick-x").map(textOf)).toEqual(layers);
    expect(legendLabels(root)).toEqual(["sigmoid", "ReLU"]);
  });

  it("on a log axis, bars rise from the bottom to their value", () => {
    const ticks = tickValues(root, "y");
    expect(ticks.every(isOneTwoFive)).toBe(true);
    expect(Math.min(...ticks)).toBeLessThanOrEqual(Math.min(...sigmoid));
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(Math.max(...relu));
    const fy = axisInverse(root, "y", true);
    const bottom = plotArea(root).bottom;
    const bars = byClass(root, "bar");
    // Bars come series by series: sigmoid's eight, then ReLU's.
    [...sigmoid, ...relu].forEach((v, i) => {
      const bar = bars[i] ?? root;
      expect(Math.log10(fy(numAttr(bar, "y")))).toBeCloseTo(Math.log10(v), 2);
      expect(numAttr(bar, "y") + numAttr(bar, "height")).toBeCloseTo(bottom, 1);
    });
  });

  it("places each series' bar side by side inside its category's slot", () => {
    const bars = byClass(root, "bar");
    const ticks = byClass(root, "tick-x").map((t) => numAttr(t, "x"));
    layers.forEach((_, c) => {
      const a = bars[c] ?? root;
      const b = bars[8 + c] ?? root;
      expect(numAttr(a, "x") + numAttr(a, "width")).toBeLessThanOrEqual(numAttr(b, "x"));
      // The pair straddles the category's tick.
      expect(numAttr(a, "x")).toBeLessThan(ticks[c] ?? 0);
      expect(numAttr(b, "x") + numAttr(b, "width")).toBeGreaterThan(ticks[c] ?? 0);
    });
  });

  it("skips values it cannot draw instead of drawing them at zero", () => {
    const svg = checkSvg(barChart({ title: "t", yLabel: "y", logY: true, categories: ["a", "b", "c", "d"], series: [{ name: "s", values: [1, Number.NaN, 0, 10] }] }));
    expect(byClass(svg, "bar")).toHaveLength(2);
    expect(legendLabels(svg)).toEqual([]);
  });

  it("on a linear axis, bars start at zero and go down for negative values", () => {
    const svg = checkSvg(barChart({ title: "t", yLabel: "y", categories: ["a", "b", "c"], series: [{ name: "s", values: [2, -1, 3.5] }] }));
    expectNiceLinearTicks(tickValues(svg, "y"), -1, 3.5);
    const fy = axisInverse(svg, "y");
    const spans = byClass(svg, "bar").map((b) => [fy(numAttr(b, "y")), fy(numAttr(b, "y") + numAttr(b, "height"))]);
    const expected = [[2, 0], [0, -1], [3.5, 0]];
    spans.forEach((span, i) => {
      expect(span[0]).toBeCloseTo(expected[i]?.[0] ?? Number.NaN, 2);
      expect(span[1]).toBeCloseTo(expected[i]?.[1] ?? Number.NaN, 2);
    });
  });

  it("slants long category names and escapes them", () => {
    const names = Array.from({ length: 12 }, (_, i) => `encoder.block${i}.attention<q>`);
    const svg = checkSvg(barChart({ title: "t", yLabel: "y", categories: names, series: [{ name: "s", values: names.map(() => 1) }] }));
    const labels = byClass(svg, "tick-x");
    expect(labels.map(textOf)).toEqual(names);
    expect(labels.every((l) => attr(l, "transform").startsWith("rotate(-40"))).toBe(true);
  });

  it("rejects a series whose length differs from the categories'", () => {
    expect(() => barChart({ title: "t", yLabel: "y", categories: ["a", "b"], series: [{ name: "s", values: [1] }] })).toThrow(
      /barChart: series "s" has 1 values; expected one per category \(2\)/,
    );
  });
});
