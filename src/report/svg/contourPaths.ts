// Optimizer paths over the contour lines of a 2-D function, e.g. SGD, momentum and Adam on the
// Rosenbrock function. f is sampled on a grid and its level sets are traced by marching squares.
// For a function that is never negative (a loss), the default levels are log-spaced, so the
// narrow valley near the minimum gets as many lines as the steep walls; otherwise they are
// evenly spaced. Each path starts at an open circle and ends at a filled marker.

import {
  layoutPlot,
  placeTicks,
  renderChart,
  resolveSize,
  type LegendItem,
  type SizeOptions,
} from "./frame.js";
import { contourLines, linspace, sample, type SampledGrid } from "./marchingSquares.js";
import { marker, markerShapeAt } from "./markers.js";
import { colourAt, levelGrey } from "./palette.js";
import { isFinitePoint, polylineData, runs, thin, type Point } from "./path.js";
import { linearScale } from "./scale.js";
import { extent, niceLinear, ticksWithin } from "./ticks.js";
import { element } from "./xml.js";

export interface NamedPath {
  readonly name: string;
  /** Successive iterates (x, y); non-finite points break the path. */
  readonly points: readonly Point[];
}

export interface ContourPathsSpec extends SizeOptions {
  readonly title: string;
  readonly xLabel?: string | undefined;
  readonly yLabel?: string | undefined;
  readonly f: (x: number, y: number) => number;
  readonly xRange: readonly [number, number];
  readonly yRange: readonly [number, number];
  readonly paths: readonly NamedPath[];
  /** Contour levels; by default chosen by `defaultLevels`. */
  readonly levels?: readonly number[] | undefined;
  /** Samples per axis for the contour grid; 121 by default. */
  readonly resolution?: number | undefined;
}

const op = "contourPaths";
const pathMarkerLimit = 60;

/**
 * Log-spaced levels in [lo, hi], 0 < lo < hi: 1-2-5 per decade for up to four decades, 1-3 per
 * decade up to six, whole decades beyond.
 */
export const logLevels = (lo: number, hi: number): readonly number[] => {
  const decades = Math.log10(hi / lo);
  const mantissas = decades <= 4 ? [1, 2, 5] : decades <= 6 ? [1, 3] : [1];
  const first = Math.floor(Math.log10(lo));
  const last = Math.ceil(Math.log10(hi));
  return Array.from({ length: last - first + 1 }, (_, i) => first + i)
    .flatMap((k) => mantissas.map((m) => Number(`${m}e${k}`)))
    .filter((v) => v >= lo && v <= hi);
};

/**
 * Levels for a sampled function. When no sample is negative: log-spaced from the smallest
 * positive sample, but no lower than 10⁻⁴ of the largest, up to the largest. (Lower levels
 * enclose a region around the minimum thinner than a grid cell in a narrow valley such as
 * Rosenbrock's, and the sampled contour falls apart into specks.) Otherwise: about twelve evenly
 * spaced nice values strictly inside the sampled range.
 */
export const defaultLevels = (grid: SampledGrid): readonly number[] => {
  const range = extent(grid.values.flat());
  if (range === undefined) return [];
  const [lo, hi] = range;
  if (lo >= 0 && hi > 0) {
    const smallest = extent(grid.values.flat().filter((v) => v > 0))?.[0] ?? hi;
    const floor = Math.max(smallest, hi * 1e-4);
    return floor < hi ? logLevels(floor, hi) : [];
  }
  if (!(hi > lo)) return [];
  return niceLinear(lo, hi, 12).values.filter((v) => v > lo && v < hi);
};

const checkRange = (name: string, range: readonly [number, number]): void => {
  if (!Number.isFinite(range[0]) || !Number.isFinite(range[1]) || !(range[1] > range[0])) {
    throw new RangeError(`${op}: ${name} must be [lo, hi] with finite lo < hi, got [${range[0]}, ${range[1]}]`);
  }
};

/** A level for the legend: up to three significant digits, without trailing zeros. */
const short = (v: number): string => String(Number(v.toPrecision(3)));

/** The legend line describing the contour levels, if there are any. */
const levelNote = (levels: readonly number[]): readonly LegendItem[] => {
  const first = levels[0];
  const last = levels[levels.length - 1];
  if (first === undefined || last === undefined) return [];
  const label =
    levels.length === 1
      ? `contour: f = ${short(first)}`
      : `contours: f = ${short(first)} … ${short(last)}`;
  const swatch = element("line", {
    x1: 0, y1: 6, x2: 24, y2: 6, stroke: levelGrey(0, 2), "stroke-width": 1,
  });
  return [{ label, swatch }];
};

/** One optimizer path in pixels: its line, its iterates (if few), an open start, a filled end. */
const drawPath = (pieces: readonly (readonly Point[])[], i: number): readonly string[] => {
  const colour = colourAt(i);
  const drawn = pieces.flat();
  const start = drawn[0];
  const end = drawn[drawn.length - 1];
  const d = polylineData(pieces);
  const line = element("path", {
    class: "path", d, fill: "none", stroke: colour, "stroke-width": 2, "stroke-linejoin": "round",
  });
  const iterates = drawn.length <= pathMarkerLimit ? drawn.slice(1, -1) : [];
  return [
    ...(d === "" ? [] : [line]),
    ...iterates.map(([x, y]) => element("circle", { class: "iterate", cx: x, cy: y, r: 1.8, fill: colour })),
    ...(start === undefined
      ? []
      : [
          element("circle", {
            class: "start", cx: start[0], cy: start[1], r: 4.5,
            fill: "#ffffff", stroke: colour, "stroke-width": 2,
          }),
        ]),
    ...(end === undefined || drawn.length < 2
      ? []
      : [marker(markerShapeAt(i), end[0], end[1], 5, colour, "end")]),
  ];
};

export const contourPaths = (spec: ContourPathsSpec): string => {
  const size = resolveSize(op, spec);
  const [x0, x1] = spec.xRange;
  const [y0, y1] = spec.yRange;
  checkRange("xRange", spec.xRange);
  checkRange("yRange", spec.yRange);
  const resolution = spec.resolution ?? 121;
  if (!Number.isInteger(resolution) || resolution < 3 || resolution > 1001) {
    throw new RangeError(`${op}: resolution must be an integer in 3..1001, got ${resolution}`);
  }
  const grid = sample(spec.f, linspace(x0, x1, resolution), linspace(y0, y1, resolution));
  const levels = [...(spec.levels ?? defaultLevels(grid))].filter(Number.isFinite).sort((a, b) => a - b);
  const xTicks = ticksWithin(x0, x1);
  const yTicks = ticksWithin(y0, y1);

  const legend: readonly LegendItem[] = [
    ...spec.paths.map((p, i) => ({
      label: p.name,
      swatch: [
        element("line", { x1: 0, y1: 6, x2: 24, y2: 6, stroke: colourAt(i), "stroke-width": 2 }),
        marker(markerShapeAt(i), 12, 6, 3.5, colourAt(i)),
      ].join(""),
    })),
    ...levelNote(levels),
  ];

  const plot = layoutPlot({ size, legend, yTickLabels: yTicks.labels });
  const sx = linearScale(xTicks.domain, [plot.left, plot.left + plot.width]);
  const sy = linearScale(yTicks.domain, [plot.top + plot.height, plot.top]);
  const toPixel = (p: Point): Point => [sx(p[0]), sy(p[1])];

  const contours = levels.flatMap((level, rank) => {
    const d = polylineData(contourLines(grid, level).map((line) => line.map(toPixel)));
    const stroke = levelGrey(rank, levels.length);
    return d === "" ? [] : [element("path", { class: "contour", d, fill: "none", stroke, "stroke-width": 1 })];
  });
  const paths = spec.paths.flatMap((p, i) => {
    const pieces = runs(p.points.map((q) => (isFinitePoint(q) ? toPixel(q) : undefined)));
    return drawPath(pieces.map((piece) => thin(piece, 0.5)), i);
  });

  return renderChart({
    size,
    title: spec.title,
    plot,
    x: { label: spec.xLabel ?? "x", grid: false, ticks: placeTicks(xTicks, sx) },
    y: { label: spec.yLabel ?? "y", grid: false, ticks: placeTicks(yTicks, sy) },
    legend,
    content: [...contours, ...paths],
  });
};
