// Path data for polylines that may have holes. A point that cannot be drawn (NaN, ±Infinity, or
// a non-positive value on a log axis) ends the current piece of line instead of being drawn at 0;
// the next drawable point starts a new piece with "M".

import { num } from "./xml.js";

export type Point = readonly [number, number];

/** Pieces of consecutive drawable points; `undefined` marks a point that cannot be drawn. */
export const runs = (points: readonly (Point | undefined)[]): readonly (readonly Point[])[] => {
  const out: Point[][] = [];
  let current: Point[] = [];
  for (const p of points) {
    if (p === undefined) {
      if (current.length > 0) out.push(current);
      current = [];
    } else {
      current.push(p);
    }
  }
  if (current.length > 0) out.push(current);
  return out;
};

/** "M x y L x y ..." for each piece with at least two points (a single point draws no line). */
export const polylineData = (pieces: readonly (readonly Point[])[]): string =>
  pieces
    .filter((piece) => piece.length >= 2)
    .map((piece) => piece.map(([x, y], i) => `${i === 0 ? "M" : "L"}${num(x)} ${num(y)}`).join(""))
    .join("");

/** Whether both coordinates are finite. */
export const isFinitePoint = (p: Point): boolean => Number.isFinite(p[0]) && Number.isFinite(p[1]);

/**
 * Drops points closer than `minDistance` (pixels) to the last point kept; the first and last points
 * always stay. Iterates that converge pile thousands of points onto a few pixels, which only
 * bloat the file.
 */
export const thin = (piece: readonly Point[], minDistance: number): readonly Point[] => {
  const kept: Point[] = [];
  piece.forEach((p, i) => {
    const last = kept[kept.length - 1];
    const isEnd = i === piece.length - 1;
    if (last === undefined || Math.hypot(p[0] - last[0], p[1] - last[1]) >= minDistance) kept.push(p);
    else if (isEnd) kept[kept.length - 1] = p;
  });
  return kept;
};
