// Point markers. Each class gets its own shape as well as its own colour, so classes can be told
// apart without colour (colour blindness, greyscale print).

import { element, num } from "./xml.js";

export type MarkerShape = "circle" | "square" | "triangle" | "diamond" | "triangleDown" | "plus";

const shapes: readonly MarkerShape[] = ["circle", "square", "triangle", "diamond", "triangleDown", "plus"];

export const markerShapeAt = (i: number): MarkerShape => shapes[i % shapes.length] ?? "circle";

const polygon = (points: readonly (readonly [number, number])[]): string =>
  `M${points.map(([x, y]) => `${num(x)} ${num(y)}`).join("L")}Z`;

/** Outline of a marker of radius r centred on (x, y), as path data. */
const outline = (shape: MarkerShape, x: number, y: number, r: number): string => {
  switch (shape) {
    case "circle": {
      // Two half-circle arcs, from the leftmost point to the rightmost and back.
      const arc = `A${num(r)} ${num(r)} 0 1 0`;
      return `M${num(x - r)} ${num(y)}${arc} ${num(x + r)} ${num(y)}${arc} ${num(x - r)} ${num(y)}Z`;
    }
    case "square": {
      const s = r * 0.88;
      return polygon([[x - s, y - s], [x + s, y - s], [x + s, y + s], [x - s, y + s]]);
    }
    case "triangle":
      return polygon([[x, y - r * 1.15], [x + r, y + r * 0.75], [x - r, y + r * 0.75]]);
    case "triangleDown":
      return polygon([[x, y + r * 1.15], [x + r, y - r * 0.75], [x - r, y - r * 0.75]]);
    case "diamond":
      return polygon([[x, y - r * 1.2], [x + r, y], [x, y + r * 1.2], [x - r, y]]);
    case "plus": {
      const w = r * 0.38;
      return polygon([
        [x - w, y - r], [x + w, y - r], [x + w, y - w], [x + r, y - w], [x + r, y + w], [x + w, y + w],
        [x + w, y + r], [x - w, y + r], [x - w, y + w], [x - r, y + w], [x - r, y - w], [x - w, y - w],
      ]);
    }
  }
};

/** A filled marker with a thin dark outline, so it stands out on any background colour. */
export const marker = (
  shape: MarkerShape,
  x: number,
  y: number,
  r: number,
  fill: string,
  className?: string,
): string =>
  element("path", {
    class: className, d: outline(shape, x, y, r), fill, stroke: "#222222", "stroke-width": 0.8,
  });
