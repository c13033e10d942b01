// Anti-aliased thick lines on a square grayscale image (row-major, ink in [0, 1]).
//
// A pen of radius r drawn along a segment covers every point within distance r of it. A pixel
// whose centre is at distance d from the segment is covered by about
//   coverage(d) = clamp(r + ½ − d, 0, 1)
// of its area: fully inside when d ≤ r − ½, empty when d ≥ r + ½, linear in between. This is the
// exact covered fraction when the pen's edge runs along a row or column of pixels, and close for
// other directions and gentle curves. Where strokes overlap, the darker one wins (max), as ink
// on paper does not add up.
//
// Pixel (row, col) has its centre at (col + ½, row + ½) in pixel units. Only the pixels in each
// segment's bounding box (grown by the pen) are visited, so the cost follows the ink, not the
// image size.

/**
 * Draws the segment from (ax, ay) to (bx, by) (pixel units) with pen radius `r` and ink
 * darkness `ink` ∈ [0, 1] into `image`, a `size`×`size` buffer owned by the caller.
 */
export const drawSegment = (
  image: Float32Array,
  size: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  r: number,
  ink: number,
): void => {
  const reach = r + 0.5;
  const col0 = Math.max(0, Math.floor(Math.min(ax, bx) - reach));
  const col1 = Math.min(size - 1, Math.ceil(Math.max(ax, bx) + reach));
  const row0 = Math.max(0, Math.floor(Math.min(ay, by) - reach));
  const row1 = Math.min(size - 1, Math.ceil(Math.max(ay, by) + reach));
  const reach2 = reach * reach;
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  for (let row = row0; row <= row1; row++) {
    const py = row + 0.5 - ay;
    for (let col = col0; col <= col1; col++) {
      const px = col + 0.5 - ax;
      // The nearest point of the segment is a + t (b − a), t the projection clamped to [0, 1].
      const t = length2 === 0 ? 0 : Math.min(1, Math.max(0, (px * dx + py * dy) / length2));
      const ex = px - t * dx;
      const ey = py - t * dy;
      const d2 = ex * ex + ey * ey;
      if (d2 >= reach2) continue;
      const value = ink * Math.min(1, reach - Math.sqrt(d2));
      const at = row * size + col;
      if (value > (image[at] ?? 0)) image[at] = value;
    }
  }
};

/** Draws a polyline given as flat coordinates [x0, y0, x1, y1, …] (pixel units). */
export const drawPolyline = (image: Float32Array, size: number, points: ArrayLike<number>, r: number, ink: number): void => {
  if (points.length === 2) {
    const [x, y] = [points[0] ?? 0, points[1] ?? 0];
    drawSegment(image, size, x, y, x, y, r, ink);
  }
  for (let k = 2; k + 1 < points.length; k += 2) {
    drawSegment(image, size, points[k - 2] ?? 0, points[k - 1] ?? 0, points[k] ?? 0, points[k + 1] ?? 0, r, ink);
  }
};
