import { describe, expect, it } from "vitest";
import { lineChart } from "../../../src/report/svg/lineChart.js";
import { checkSvg, expectInside, expectNiceLinearTicks, expectUpright, isOneTwoFive, legendLabels, tickValues, titleOf } from "./svgChecks.js";
import { attr, axisInverse, byClass, polylines, textOf } from "./xmlDom.js";

const train = Array.from({ length: 20 }, (_, i) => [i + 1, 2.3 * Math.exp(-0.25 * i) + 0.05] as const);
const val = train.map(([x, y], i) => [x, i === 7 ? Number.NaN : y + 0.1] as const);
const chart = lineChart({
  title: "Loss",
  xLabel: "epoch",
  yLabel: "loss",
  series: [
    { name: "train", points: train },
    { name: "validation", points: val, dashed: true },
  ],
});
const root = checkSvg(chart);

describe("lineChart", () => {
  it("has a title, axis labels and a legend", () => {
    expect(titleOf(root)).toBe("Loss");
    expect(byClass(root, "axis-label").map(textOf)).toEqual(["epoch", "loss"]);
    expect(legendLabels(root)).toEqual(["train", "validation"]);
  });

  it("draws one path per series, broken where a value is NaN", () => {
    const [a, b] = byClass(root, "series").map((p) => polylines(attr(p, "d")));
    expect(a?.map((piece) => piece.length)).toEqual([20]);
    expect(b?.map((piece) => piece.length)).toEqual([7, 12]);
  });

  it("puts every point where its data says, and nowhere else", () => {
    expectUpright(root);
    expectInside(root, byClass(root, "series").flatMap((p) => polylines(attr(p, "d")).flat()));
    const fx = axisInverse(root, "x");
    const fy = axisInverse(root, "y");
    const [a, b] = byClass(root, "series").map((p) => polylines(attr(p, "d")).flat().map(([x, y]) => [fx(x), fy(y)]));
    const close = (got: readonly number[][] | undefined, want: readonly (readonly [number, number])[]) => {
      expect(got).toHaveLength(want.length);
      want.forEach(([x, y], i) => {
        expect(got?.[i]?.[0]).toBeCloseTo(x, 2);
        expect(got?.[i]?.[1]).toBeCloseTo(y, 2);
      });
    };
    close(a, train);
    close(b, val.filter(([, y]) => Number.isFinite(y)));
  });

  it("marks every point of a short series", () => {
    expect(byClass(root, "point")).toHaveLength(20 + 19);
  });

  it("dashes only the dashed series", () => {
    const [a, b] = byClass(root, "series");
    expect(a?.attrs.has("stroke-dasharray")).toBe(false);
    expect(b?.attrs.has("stroke-dasharray")).toBe(true);
  });

  it("chooses 1-2-5 ticks that cover the data", () => {
    expectNiceLinearTicks(tickValues(root, "x"), 1, 20);
    const ys = train.map(([, y]) => y).concat(val.map(([, y]) => y).filter(Number.isFinite));
    expectNiceLinearTicks(tickValues(root, "y"), Math.min(...ys), Math.max(...ys));
  });

  it("on a log axis skips values ≤ 0 and places the rest by their logarithm", () => {
    const points = [[1, 10], [2, 1], [3, 0], [4, 0.1], [5, -1], [6, 0.01]] as const;
    const svg = checkSvg(lineChart({ title: "log", xLabel: "x", yLabel: "y", logY: true, series: [{ name: "s", points }] }));
    const ticks = tickValues(svg, "y");
    expect(ticks.every(isOneTwoFive)).toBe(true);
    expect(Math.min(...ticks)).toBeLessThanOrEqual(0.01);
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(10);
    expectUpright(svg);
    const fy = axisInverse(svg, "y", true);
    const pieces = byClass(svg, "series").flatMap((p) => polylines(attr(p, "d")));
    // 10 and 1 form a line; 0.1 and 0.01 stand alone between skipped values, so they are markers.
    expect(pieces.map((piece) => piece.map(([, y]) => Number(fy(y).toPrecision(3))))).toEqual([[10, 1]]);
    expect(byClass(svg, "point")).toHaveLength(4);
  });

  it("leaves long series unmarked except for points isolated between gaps", () => {
    const points = Array.from({ length: 100 }, (_, i) => [i, i === 49 || i === 51 ? Number.NaN : Math.sin(i)] as const);
    const svg = checkSvg(lineChart({ title: "t", xLabel: "x", yLabel: "y", series: [{ name: "s", points }] }));
    expect(byClass(svg, "point")).toHaveLength(1);
    expect(polylines(attr(byClass(svg, "series")[0] ?? svg, "d")).map((p) => p.length)).toEqual([49, 48]);
  });

  it("escapes user text and keeps the document well-formed", () => {
    const nasty = `<script>alert("x")</script> & 'quotes'`;
    const text = lineChart({ title: nasty, xLabel: "a<b", yLabel: "c&d", series: [{ name: "</text>", points: [[0, 1], [1, 2]] }] });
    expect(text).not.toContain("<script");
    const svg = checkSvg(text);
    expect(titleOf(svg)).toBe(nasty);
    expect(byClass(svg, "axis-label").map(textOf)).toEqual(["a<b", "c&d"]);
    expect(legendLabels(svg)).toEqual(["</text>"]);
  });

  it("replaces characters XML cannot hold", () => {
    const svg = checkSvg(lineChart({ title: "a\u0000b\uD800c", xLabel: "", yLabel: "", series: [] }));
    expect(titleOf(svg)).toBe("a\uFFFDb\uFFFDc");
  });

  it("honours the requested size and refuses a tiny one", () => {
    checkSvg(lineChart({ title: "t", xLabel: "x", yLabel: "y", series: [], width: 800, height: 500 }), 800, 500);
    expect(() => lineChart({ title: "t", xLabel: "x", yLabel: "y", series: [], width: 10 })).toThrow(/lineChart: expected width ≥ 240.*got 10×400/);
  });
});
