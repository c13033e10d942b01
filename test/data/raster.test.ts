// Anti-aliased lines: hand-computed coverage next to horizontal and diagonal pen strokes, round
// caps, ink darkness, max-combination of overlapping strokes, clipping at the image edge, and a
// property test against an independent whole-image computation of the same coverage rule.

import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { drawPolyline, drawSegment } from "../../src/data/raster.js";

const at = (image: Float32Array, size: number, row: number, col: number): number => image[row * size + col] ?? Number.NaN;

describe("drawSegment", () => {
  it("covers clamp(r + ½ − d, 0, 1) of each pixel, d the distance from its centre", () => {
    const image = new Float32Array(12 * 12);
    drawSegment(image, 12, 2, 5.5, 8, 5.5, 1, 1);
    expect(at(image, 12, 5, 5)).toBe(1); // on the line
    expect(at(image, 12, 4, 5)).toBe(0.5); // d = 1
    expect(at(image, 12, 6, 5)).toBe(0.5);
    expect(at(image, 12, 3, 5)).toBe(0); // d = 2 ≥ r + ½
    expect(at(image, 12, 5, 8)).toBe(1); // d = ½ past the end: inside the round cap
    expect(at(image, 12, 5, 1)).toBe(1);
    expect(at(image, 12, 5, 9)).toBe(0); // d = 1½
    expect(at(image, 12, 5, 0)).toBe(0);
  });

  it("measures distance perpendicular to a diagonal", () => {
    const image = new Float32Array(16 * 16);
    drawSegment(image, 16, 0, 0, 16, 16, 1, 1);
    // Pixel (row 2, col 4) has its centre (4.5, 2.5) at distance 2/√2 from the line y = x.
    expect(at(image, 16, 2, 4)).toBeCloseTo(1.5 - Math.SQRT2, 6);
    expect(at(image, 16, 7, 7)).toBe(1);
    expect(at(image, 16, 3, 7)).toBe(0);
  });

  it("scales by the ink and keeps the darker of overlapping strokes", () => {
    const image = new Float32Array(10 * 10);
    drawSegment(image, 10, 1, 5.5, 9, 5.5, 1, 0.5);
    expect(at(image, 10, 5, 5)).toBe(0.5);
    expect(at(image, 10, 4, 5)).toBe(0.25);
    drawSegment(image, 10, 5.5, 1, 5.5, 9, 1, 0.8);
    expect(at(image, 10, 5, 5)).toBeCloseTo(0.8, 6);
    expect(at(image, 10, 5, 2)).toBe(0.5);
    drawSegment(image, 10, 1, 5.5, 9, 5.5, 1, 0.3);
    expect(at(image, 10, 5, 2)).toBe(0.5);
  });

  it("clips to the image and ignores strokes entirely outside it", () => {
    const image = new Float32Array(8 * 8);
    drawSegment(image, 8, -50, -50, -40, -30, 2, 1);
    drawSegment(image, 8, 100, 3, 200, 3, 2, 1);
    expect(image.every((v) => v === 0)).toBe(true);
    drawSegment(image, 8, -10, 4.5, 20, 4.5, 0.5, 1);
    expect([...image.subarray(4 * 8, 5 * 8)]).toEqual(new Array(8).fill(1));
    expect(image.length).toBe(64);
  });
});

describe("drawPolyline", () => {
  it("draws each piece, and a single point as a dot", () => {
    const image = new Float32Array(10 * 10);
    drawPolyline(image, 10, [1.5, 1.5, 8.5, 1.5, 8.5, 8.5], 0.5, 1);
    expect(at(image, 10, 1, 5)).toBe(1);
    expect(at(image, 10, 5, 8)).toBe(1);
    expect(at(image, 10, 5, 5)).toBe(0);
    const dot = new Float32Array(10 * 10);
    drawPolyline(dot, 10, [4.5, 4.5], 1, 1);
    expect(at(dot, 10, 4, 4)).toBe(1);
    expect(at(dot, 10, 4, 5)).toBe(0.5);
    expect(at(dot, 10, 5, 5)).toBeCloseTo(1.5 - Math.SQRT2, 6);
  });
});

describe("agreement with a whole-image reference", () => {
  /** Distance from p to segment ab: to the nearer end, or to the line where the foot falls inside. */
  const distance = (px: number, py: number, ax: number, ay: number, bx: number, by: number): number => {
    const ends = Math.min(Math.hypot(px - ax, py - ay), Math.hypot(px - bx, py - by));
    const len = Math.hypot(bx - ax, by - ay);
    if (len === 0) return ends;
    const along = ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / len;
    if (along <= 0 || along >= len) return ends;
    const across = Math.abs((px - ax) * (by - ay) - (py - ay) * (bx - ax)) / len;
    return Math.min(ends, across);
  };

  it("gives every pixel of the image the coverage of its centre", () => {
    const coord = fc.double({ min: -4, max: 20, noNaN: true });
    fc.assert(
      fc.property(coord, coord, coord, coord, fc.double({ min: 0.3, max: 3, noNaN: true }), (ax, ay, bx, by, r) => {
        const size = 16;
        const image = new Float32Array(size * size);
        drawSegment(image, size, ax, ay, bx, by, r, 1);
        for (let row = 0; row < size; row++) {
          for (let col = 0; col < size; col++) {
            const d = distance(col + 0.5, row + 0.5, ax, ay, bx, by);
            const want = Math.min(1, Math.max(0, r + 0.5 - d));
            expect(at(image, size, row, col)).toBeCloseTo(want, 5);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
