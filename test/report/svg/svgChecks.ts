// Checks every chart must pass: well-formed XML, an <svg> root of the requested size, and nothing
// that reaches outside the file (no scripts, images, external links or web fonts).

import { expect } from "vitest";
import { attr, byClass, findAll, parseXml, textOf, type XmlElement } from "./xmlDom.js";

export const checkSvg = (text: string, width = 640, height = 400): XmlElement => {
  const root = parseXml(text);
  expect(root.name).toBe("svg");
  expect(attr(root, "xmlns")).toBe("http://www.w3.org/2000/svg");
  expect(attr(root, "width")).toBe(String(width));
  expect(attr(root, "height")).toBe(String(height));
  expect(attr(root, "viewBox")).toBe(`0 0 ${width} ${height}`);
  for (const e of findAll(root, "*")) {
    expect(["script", "image", "foreignObject", "style", "a", "use"]).not.toContain(e.name);
    for (const [key, value] of e.attrs) {
      expect(key.startsWith("on")).toBe(false);
      expect(key.endsWith("href")).toBe(false);
      // The only url() is the clip path, which must point at a clipPath inside this file.
      if (value.includes("url(")) {
        const id = value.slice("url(#".length, -1);
        expect(findAll(root, "clipPath").map((c) => c.attrs.get("id"))).toContain(id);
      }
    }
  }
  return root;
};

export const titleOf = (root: XmlElement): string => textOf(byClass(root, "title")[0] ?? root);

export const legendLabels = (root: XmlElement): readonly string[] => byClass(root, "legend-label").map(textOf);

export const tickValues = (root: XmlElement, axis: "x" | "y"): readonly number[] =>
  byClass(root, `tick-${axis}`).map((t) => Number(textOf(t)));

/** Whether x = m·10^k for an integer k and m ∈ {1, 2, 5}. */
export const isOneTwoFive = (x: number): boolean => {
  const k = Math.floor(Math.log10(x) + 1e-9);
  const m = x / 10 ** k;
  return [1, 2, 5, 10].some((c) => Math.abs(m - c) < 1e-9 * c);
};

/** Ticks are evenly spaced by a 1-2-5 step and reach from at most `min` to at least `max`. */
export const expectNiceLinearTicks = (ticks: readonly number[], min: number, max: number): void => {
  expect(ticks.length).toBeGreaterThanOrEqual(2);
  const step = (ticks[1] ?? 0) - (ticks[0] ?? 0);
  expect(isOneTwoFive(step)).toBe(true);
  ticks.forEach((t, i) => expect(t).toBeCloseTo((ticks[0] ?? 0) + i * step, 9));
  expect(ticks[0]).toBeLessThanOrEqual(min);
  expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
};

/**
 * Tick values grow rightwards on the x axis and upwards (towards smaller SVG y) on the y axis, so
 * an inverse map fitted through the ticks cannot hide a flipped axis.
 */
export const expectUpright = (root: XmlElement): void => {
  const along = (axis: "x" | "y") =>
    byClass(root, `tick-${axis}`).map((t) => ({ v: Number(textOf(t)), at: Number(attr(t, axis)) }));
  const xs = along("x");
  const ys = along("y");
  xs.slice(1).forEach((t, i) => expect(t.at).toBeGreaterThan(xs[i]?.at ?? Infinity));
  xs.slice(1).forEach((t, i) => expect(t.v).toBeGreaterThan(xs[i]?.v ?? Infinity));
  ys.slice(1).forEach((t, i) => expect(t.at).toBeLessThan(ys[i]?.at ?? -Infinity));
  ys.slice(1).forEach((t, i) => expect(t.v).toBeGreaterThan(ys[i]?.v ?? Infinity));
};

/** The plot area's rectangle. */
export const plotArea = (root: XmlElement): { left: number; top: number; right: number; bottom: number } => {
  const r = byClass(root, "plot-area")[0];
  if (r === undefined) throw new Error("no plot area");
  const left = Number(attr(r, "x"));
  const top = Number(attr(r, "y"));
  return { left, top, right: left + Number(attr(r, "width")), bottom: top + Number(attr(r, "height")) };
};

export const expectInside = (root: XmlElement, points: readonly (readonly [number, number])[]): void => {
  const a = plotArea(root);
  for (const [x, y] of points) {
    expect(x).toBeGreaterThanOrEqual(a.left - 0.01);
    expect(x).toBeLessThanOrEqual(a.right + 0.01);
    expect(y).toBeGreaterThanOrEqual(a.top - 0.01);
    expect(y).toBeLessThanOrEqual(a.bottom + 0.01);
  }
};
