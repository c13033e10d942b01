// Contour lines by marching squares. f is sampled on a rectangular grid; in each cell, the level
// line crosses an edge exactly when the edge's two corner values lie on opposite sides of the
// level, and the crossing is placed by linear interpolation along that edge:
//
//   t = (level − v₀) / (v₁ − v₀),   p = p₀ + t · (p₁ − p₀).
//
// A cell has 0, 2 or 4 crossed edges. With 4 (a saddle) the mean of the corners decides which
// pairs to join. Segments from neighbouring cells meet at the crossing of their shared edge, so
// they are chained into polylines by edge identity, never by comparing floating-point points.
// Cells with a non-finite corner are skipped, which breaks a line there.

import type { Point } from "./path.js";

export interface SampledGrid {
  /** Sample x positions, increasing. */
  readonly xs: readonly number[];
  /** Sample y positions, increasing. */
  readonly ys: readonly number[];
  /** values[j][i] = f(xs[i], ys[j]). */
  readonly values: readonly (readonly number[])[];
}

/** Samples f on the grid xs × ys. Non-finite results are kept and later leave gaps. */
export const sample = (
  f: (x: number, y: number) => number,
  xs: readonly number[],
  ys: readonly number[],
): SampledGrid => ({ xs, ys, values: ys.map((y) => xs.map((x) => f(x, y))) });

/** `n` evenly spaced values from lo to hi inclusive. */
export const linspace = (lo: number, hi: number, n: number): readonly number[] =>
  Array.from({ length: n }, (_, i) => (n === 1 ? lo : lo + ((hi - lo) * i) / (n - 1)));

/**
 * The polylines of { (x, y) : f(x, y) = level } in data coordinates. A closed curve comes back as
 * a polyline whose last point equals its first.
 */
export const contourLines = (grid: SampledGrid, level: number): readonly (readonly Point[])[] => {
  const { xs, ys, values } = grid;
  const nx = xs.length;
  const ny = ys.length;
  const v = (i: number, j: number): number => values[j]?.[i] ?? Number.NaN;
  const x = (i: number): number => xs[i] ?? Number.NaN;
  const y = (j: number): number => ys[j] ?? Number.NaN;
  const above = (i: number, j: number): boolean => v(i, j) >= level;

  // Edge ids: horizontal edge (i,j)–(i+1,j) is j·nx + i; vertical edge (i,j)–(i,j+1) is
  // nx·ny + j·nx + i. Both cells beside an edge name it by the same id.
  const horizontal = (i: number, j: number): number => j * nx + i;
  const vertical = (i: number, j: number): number => nx * ny + j * nx + i;

  const crossing = (id: number): Point => {
    const isVertical = id >= nx * ny;
    const k = isVertical ? id - nx * ny : id;
    const i = k % nx;
    const j = Math.floor(k / nx);
    const [i1, j1] = isVertical ? [i, j + 1] : [i + 1, j];
    const v0 = v(i, j);
    const t = (level - v0) / (v(i1, j1) - v0);
    return [x(i) + t * (x(i1) - x(i)), y(j) + t * (y(j1) - y(j))];
  };

  const segments: (readonly [number, number])[] = [];
  for (let j = 0; j + 1 < ny; j++) {
    for (let i = 0; i + 1 < nx; i++) {
      const corners = [v(i, j), v(i + 1, j), v(i + 1, j + 1), v(i, j + 1)];
      if (!corners.every(Number.isFinite)) continue;
      const bottom = above(i, j) !== above(i + 1, j) ? horizontal(i, j) : undefined;
      const right = above(i + 1, j) !== above(i + 1, j + 1) ? vertical(i + 1, j) : undefined;
      const top = above(i, j + 1) !== above(i + 1, j + 1) ? horizontal(i, j + 1) : undefined;
      const left = above(i, j) !== above(i, j + 1) ? vertical(i, j) : undefined;
      const crossed = [bottom, right, top, left].filter((e): e is number => e !== undefined);
      const [a, b] = crossed;
      if (crossed.length === 2 && a !== undefined && b !== undefined) {
        segments.push([a, b]);
      } else if (
        bottom !== undefined && right !== undefined && top !== undefined && left !== undefined
      ) {
        // Saddle: if the centre is on the same side as the bottom-left corner, that corner and the
        // top-right one are connected through the middle, so the line cuts off the other two.
        const centre = corners.reduce((s, c) => s + c, 0) / 4;
        if (centre >= level === above(i, j)) {
          segments.push([bottom, right], [top, left]);
        } else {
          segments.push([left, bottom], [right, top]);
        }
      }
    }
  }
  return chain(segments).map((ids) => ids.map(crossing));
};

/**
 * Joins segments that share an edge id into maximal chains. Each id touches at most two
 * segments (one per cell beside the edge), so the walk never branches. Open chains are walked
 * from an end; what remains are closed loops.
 */
const chain = (segments: readonly (readonly [number, number])[]): readonly (readonly number[])[] => {
  const touching = new Map<number, number[]>();
  segments.forEach(([a, b], s) => {
    for (const id of [a, b]) {
      const list = touching.get(id);
      if (list === undefined) touching.set(id, [s]);
      else list.push(s);
    }
  });
  const used = new Array<boolean>(segments.length).fill(false);
  const walk = (first: number, from: number): readonly number[] => {
    const ids = [from];
    let s: number | undefined = first;
    let at = from;
    while (s !== undefined) {
      used[s] = true;
      const [a, b] = segments[s] ?? [at, at];
      at = a === at ? b : a;
      ids.push(at);
      s = (touching.get(at) ?? []).find((t) => !used[t]);
    }
    return ids;
  };
  const out: (readonly number[])[] = [];
  for (const [id, list] of touching) {
    const only = list[0];
    if (list.length === 1 && only !== undefined && !used[only]) out.push(walk(only, id));
  }
  segments.forEach(([a], s) => {
    if (!used[s]) out.push(walk(s, a));
  });
  return out;
};
