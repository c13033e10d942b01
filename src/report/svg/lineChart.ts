// Line chart of one or more series against a shared x axis, e.g. training and validation loss
// per epoch. Points that cannot be drawn (NaN, ±Infinity, or y ≤ 0 with a log y axis) break the
// line there; they are never drawn at 0. Series with few points also get a marker per point, in a
// shape of their own, so lines stay distinguishable without colour.

import {
  layoutPlot,
  placeTicks,
  renderChart,
  resolveSize,
  type LegendItem,
  type SizeOptions,
} from "./frame.js";
import { marker, markerShapeAt } from "./markers.js";
import { colourAt } from "./palette.js";
import { isFinitePoint, polylineData, runs, type Point } from "./path.js";
import { linearScale, logScale } from "./scale.js";
import { extent, niceLinear, niceLog } from "./ticks.js";
import { element } from "./xml.js";

export interface LineSeries {
  readonly name: string;
  readonly points: readonly Point[];
  readonly dashed?: boolean | undefined;
}

export interface LineChartSpec extends SizeOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly LineSeries[];
  /** Logarithmic y axis (losses spanning decades). Points with y ≤ 0 are then skipped. */
  readonly logY?: boolean | undefined;
}

/** Series with at most this many drawable points get a marker on every point. */
const markerLimit = 50;
const dash = "7 4";

export const lineChart = (spec: LineChartSpec): string => {
  const size = resolveSize("lineChart", spec);
  const logY = spec.logY === true;
  const drawable = (p: Point): boolean => isFinitePoint(p) && (!logY || p[1] > 0);
  const kept = spec.series.flatMap((s) => s.points.filter(drawable));
  const xs = extent(kept.map((p) => p[0])) ?? [0, 1];
  const ys = extent(kept.map((p) => p[1])) ?? (logY ? [1, 10] : [0, 1]);
  const xTicks = niceLinear(xs[0], xs[1]);
  const yTicks = logY ? niceLog(ys[0], ys[1]) : niceLinear(ys[0], ys[1]);

  const styled = spec.series.map((s, i) => {
    const colour = colourAt(i);
    const shape = markerShapeAt(i);
    const dashed = s.dashed === true;
    const showMarkers = s.points.filter(drawable).length <= markerLimit;
    return { s, colour, shape, dashed, showMarkers };
  });

  const legend: readonly LegendItem[] = styled.map(({ s, colour, shape, dashed, showMarkers }) => ({
    label: s.name,
    swatch: [
      element("line", {
        x1: 0, y1: 6, x2: 24, y2: 6,
        stroke: colour, "stroke-width": 2, "stroke-dasharray": dashed ? dash : undefined,
      }),
      showMarkers ? marker(shape, 12, 6, 3.2, colour) : "",
    ].join(""),
  }));

  const plot = layoutPlot({ size, legend, yTickLabels: yTicks.labels });
  const sx = linearScale(xTicks.domain, [plot.left, plot.left + plot.width]);
  const sy = (logY ? logScale : linearScale)(yTicks.domain, [plot.top + plot.height, plot.top]);
  const toPixel = (p: Point): Point | undefined => (drawable(p) ? [sx(p[0]), sy(p[1])] : undefined);

  const content = styled.flatMap(({ s, colour, shape, dashed, showMarkers }) => {
    const pieces = runs(s.points.map(toPixel));
    const d = polylineData(pieces);
    const line = element("path", {
      class: "series",
      d,
      fill: "none",
      stroke: colour,
      "stroke-width": 2,
      "stroke-linejoin": "round",
      "stroke-dasharray": dashed ? dash : undefined,
    });
    // A point isolated between two gaps draws no line, so it always gets a marker.
    const marked = pieces.filter((piece) => showMarkers || piece.length === 1).flat();
    return [...(d === "" ? [] : [line]), ...marked.map(([x, y]) => marker(shape, x, y, 3.2, colour, "point"))];
  });

  return renderChart({
    size,
    title: spec.title,
    plot,
    x: { label: spec.xLabel, grid: true, ticks: placeTicks(xTicks, sx) },
    y: { label: spec.yLabel, grid: true, ticks: placeTicks(yTicks, sy) },
    legend,
    content,
  });
};
