// Decision regions of a 2-D classifier: the plane is tiled by the cells of an evaluation grid,
// each tinted with the colour of the class predicted there, and the data points are drawn on top
// in their true class's colour and shape. Given class probabilities instead of hard classes, a
// cell's tint deepens with the classifier's confidence, so the uncertain band along a boundary
// shows up pale.
//
// Grid values are samples at the points (xs[i], ys[j]); each cell reaches halfway to its
// neighbours. Neighbouring cells of the same colour in a row are merged into one rectangle.

import {
  layoutPlot,
  placeTicks,
  renderChart,
  resolveSize,
  type LegendItem,
  type SizeOptions,
} from "./frame.js";
import { marker, markerShapeAt } from "./markers.js";
import { colourAt, overWhite } from "./palette.js";
import { linearScale } from "./scale.js";
import { ticksWithin } from "./ticks.js";
import { element, num } from "./xml.js";

export type RegionGrid =
  | {
      readonly xs: readonly number[];
      readonly ys: readonly number[];
      /** classOf[j][i]: the class index predicted at (xs[i], ys[j]); NaN leaves the cell blank. */
      readonly classOf: readonly (readonly number[])[];
    }
  | {
      readonly xs: readonly number[];
      readonly ys: readonly number[];
      /** probabilities[j][i][k]: probability of class k at (xs[i], ys[j]); NaN leaves the cell blank. */
      readonly probabilities: readonly (readonly (readonly number[])[])[];
    };

export interface LabelledPoint {
  readonly x: number;
  readonly y: number;
  /** Index into `classes`. */
  readonly label: number;
}

export interface DecisionRegionsSpec extends SizeOptions {
  readonly title: string;
  readonly xLabel?: string | undefined;
  readonly yLabel?: string | undefined;
  readonly grid: RegionGrid;
  readonly points: readonly LabelledPoint[];
  /** Class names; class k is drawn in the k-th palette colour. */
  readonly classes: readonly string[];
}

const op = "decisionRegions";
/** Tint of a region with hard classes, as a fraction of the class colour over white. */
const hardTint = 0.35;
/** Confidence bands for probabilities: few enough that neighbouring cells merge into one run. */
const bands = 4;
const bandTint = (band: number): number => 0.1 + (0.34 * band) / (bands - 1);

const checkAxis = (name: string, values: readonly number[]): void => {
  if (values.length < 2) {
    throw new RangeError(`${op}: grid.${name} needs at least 2 sample positions, got ${values.length}`);
  }
  values.forEach((v, i) => {
    const previous = values[i - 1];
    if (!Number.isFinite(v) || (previous !== undefined && !(v > previous))) {
      throw new RangeError(`${op}: grid.${name} must be finite and strictly increasing; ${name}[${i}] = ${v}`);
    }
  });
};

/** Cell boundaries: midpoints between samples, and half a spacing beyond the two ends. */
const edges = (samples: readonly number[]): readonly number[] => {
  const at = (i: number): number => samples[i] ?? Number.NaN;
  const n = samples.length;
  return [
    at(0) - (at(1) - at(0)) / 2,
    ...samples.slice(1).map((v, i) => (at(i) + v) / 2),
    at(n - 1) + (at(n - 1) - at(n - 2)) / 2,
  ];
};

const checkClass = (what: string, k: number, count: number): void => {
  if (!Number.isInteger(k) || k < 0 || k >= count) {
    throw new RangeError(
      `${op}: ${what} = ${k} is not a class index; expected an integer in 0..${count - 1} (${count} classes)`,
    );
  }
};

/** The fill of every cell, row by row (undefined = blank), after checking the grid's shape. */
const cellFills = (grid: RegionGrid, classCount: number): readonly (readonly (string | undefined)[])[] => {
  const rows = "classOf" in grid ? grid.classOf : grid.probabilities;
  const name = "classOf" in grid ? "classOf" : "probabilities";
  if (rows.length !== grid.ys.length) {
    throw new RangeError(
      `${op}: grid.${name} has ${rows.length} rows; expected one per y sample (${grid.ys.length})`,
    );
  }
  rows.forEach((row, j) => {
    if (row.length !== grid.xs.length) {
      throw new RangeError(
        `${op}: grid.${name}[${j}] has ${row.length} entries; expected one per x sample (${grid.xs.length})`,
      );
    }
  });
  if ("classOf" in grid) {
    return grid.classOf.map((row, j) =>
      row.map((k, i) => {
        if (!Number.isFinite(k)) return undefined;
        checkClass(`grid.classOf[${j}][${i}]`, k, classCount);
        return overWhite(colourAt(k), hardTint);
      }),
    );
  }
  return grid.probabilities.map((row, j) =>
    row.map((p, i) => {
      if (p.length !== classCount) {
        throw new RangeError(
          `${op}: grid.probabilities[${j}][${i}] has ${p.length} entries; ` +
            `expected one per class (${classCount})`,
        );
      }
      if (!p.every(Number.isFinite)) return undefined;
      const best = p.reduce((b, v, k) => (v > (p[b] ?? -Infinity) ? k : b), 0);
      // Confidence rescaled so a uniform guess (1/K) is 0 and certainty is 1.
      const floor = 1 / classCount;
      const confidence = classCount === 1 ? 1 : ((p[best] ?? floor) - floor) / (1 - floor);
      const band = Math.min(bands - 1, Math.max(0, Math.floor(confidence * bands)));
      return overWhite(colourAt(best), bandTint(band));
    }),
  );
};

/** Maximal runs of equal, non-blank fills in one row: [first index, last index, fill]. */
export const fillRuns = (
  row: readonly (string | undefined)[],
): readonly (readonly [number, number, string])[] => {
  const out: [number, number, string][] = [];
  row.forEach((fill, i) => {
    const last = out[out.length - 1];
    if (fill === undefined) return;
    if (last !== undefined && last[2] === fill && last[1] === i - 1) last[1] = i;
    else out.push([i, i, fill]);
  });
  return out;
};

export const decisionRegions = (spec: DecisionRegionsSpec): string => {
  const size = resolveSize(op, spec);
  const { grid, classes } = spec;
  if (classes.length === 0) throw new RangeError(`${op}: classes must name at least one class`);
  checkAxis("xs", grid.xs);
  checkAxis("ys", grid.ys);
  const fills = cellFills(grid, classes.length);
  spec.points.forEach((p, n) => checkClass(`points[${n}].label`, p.label, classes.length));

  const ex = edges(grid.xs);
  const ey = edges(grid.ys);
  const xTicks = ticksWithin(ex[0] ?? 0, ex[ex.length - 1] ?? 1);
  const yTicks = ticksWithin(ey[0] ?? 0, ey[ey.length - 1] ?? 1);
  const tint = "classOf" in grid ? hardTint : bandTint(bands - 1);
  const legend: readonly LegendItem[] = [
    ...classes.map((name, k) => ({
      label: name,
      swatch: [
        element("rect", { x: 0, y: 0, width: 24, height: 12, fill: overWhite(colourAt(k), tint) }),
        marker(markerShapeAt(k), 12, 6, 4, colourAt(k)),
      ].join(""),
    })),
    ...("classOf" in grid ? [] : [{ label: "paler = less confident" }]),
  ];

  const plot = layoutPlot({ size, legend, yTickLabels: yTicks.labels });
  const sx = linearScale(xTicks.domain, [plot.left, plot.left + plot.width]);
  const sy = linearScale(yTicks.domain, [plot.top + plot.height, plot.top]);

  // Edges are rounded once, so two neighbouring cells share exactly the same boundary coordinate
  // and no hairline gap can open between them.
  const px = ex.map((e) => Number(num(sx(e))));
  const py = ey.map((e) => Number(num(sy(e))));
  const cells = fills.flatMap((row, j) => {
    const top = py[j + 1] ?? 0;
    const bottom = py[j] ?? 0;
    return fillRuns(row).map(([i0, i1, fill]) => {
      const left = px[i0] ?? 0;
      const width = (px[i1 + 1] ?? 0) - left;
      return element("rect", { class: "cell", x: left, y: top, width, height: bottom - top, fill });
    });
  });
  const points = spec.points
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
    .map((p) => marker(markerShapeAt(p.label), sx(p.x), sy(p.y), 4, colourAt(p.label), "point"));

  return renderChart({
    size,
    title: spec.title,
    plot,
    x: { label: spec.xLabel ?? "x", grid: false, ticks: placeTicks(xTicks, sx) },
    y: { label: spec.yLabel ?? "y", grid: false, ticks: placeTicks(yTicks, sy) },
    legend,
    content: [element("g", { "shape-rendering": "crispEdges" }, cells), ...points],
  });
};
