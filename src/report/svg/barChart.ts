// Bar chart over named categories, with one bar per series in each category, e.g. the gradient
// norm of every layer (with a log scale, vanishing gradients show as bars falling decade by
// decade towards the input). Values that cannot be drawn (NaN, ±Infinity, or ≤ 0 on a log axis)
// get no bar, rather than a bar of height 0.

import {
  layoutPlot,
  placeTicks,
  renderChart,
  resolveSize,
  textWidth,
  type LegendItem,
  type SizeOptions,
} from "./frame.js";
import { colourAt } from "./palette.js";
import { linearScale, logScale } from "./scale.js";
import { extent, niceLinear, niceLog } from "./ticks.js";
import { element } from "./xml.js";

export interface BarSeries {
  readonly name: string;
  /** One value per category, in the order of `categories`. */
  readonly values: readonly number[];
}

export interface BarChartSpec extends SizeOptions {
  readonly title: string;
  readonly xLabel?: string | undefined;
  readonly yLabel: string;
  readonly categories: readonly string[];
  readonly series: readonly BarSeries[];
  /** Logarithmic value axis; bars then rise from the bottom of the axis. */
  readonly logY?: boolean | undefined;
}

const op = "barChart";
/** Fraction of each category's slot taken by its group of bars. */
const groupFraction = 0.8;

export const barChart = (spec: BarChartSpec): string => {
  const size = resolveSize(op, spec);
  const n = spec.categories.length;
  spec.series.forEach((s) => {
    if (s.values.length !== n) {
      throw new RangeError(
        `${op}: series "${s.name}" has ${s.values.length} values; expected one per category (${n})`,
      );
    }
  });
  const logY = spec.logY === true;
  const drawable = (v: number): boolean => Number.isFinite(v) && (!logY || v > 0);
  const range = extent(spec.series.flatMap((s) => s.values.filter(drawable)));
  const yTicks = logY
    ? niceLog(...(range ?? [1, 10]))
    : niceLinear(Math.min(0, range?.[0] ?? 0), Math.max(0, range?.[1] ?? 1));

  const legend: readonly LegendItem[] =
    spec.series.length > 1
      ? spec.series.map((s, i) => ({
          label: s.name,
          swatch: element("rect", { x: 4, y: 0, width: 16, height: 12, fill: colourAt(i) }),
        }))
      : [];

  // First pass without slanted labels decides whether the category names fit side by side.
  const flat = layoutPlot({ size, legend, yTickLabels: yTicks.labels });
  const widest = Math.max(0, ...spec.categories.map((c) => textWidth(c, 11)));
  const rotateX = n > 0 && widest > (flat.width / n) * 0.95;
  const plot = rotateX
    ? layoutPlot({ size, legend, yTickLabels: yTicks.labels, xTickLabels: spec.categories, rotateX })
    : flat;

  const sy = (logY ? logScale : linearScale)(yTicks.domain, [plot.top + plot.height, plot.top]);
  const base = logY ? plot.top + plot.height : sy(0);
  const slot = n === 0 ? plot.width : plot.width / n;
  const barWidth = (slot * groupFraction) / Math.max(1, spec.series.length);
  const slotStart = (c: number): number => plot.left + c * slot + (slot * (1 - groupFraction)) / 2;

  const bars = spec.series.flatMap((s, k) =>
    s.values.flatMap((v, c) => {
      if (!drawable(v)) return [];
      const top = sy(v);
      return [
        element("rect", {
          class: "bar",
          x: slotStart(c) + k * barWidth,
          y: Math.min(top, base),
          width: Math.max(1, barWidth - 1),
          height: Math.abs(base - top),
          fill: colourAt(k),
        }),
      ];
    }),
  );

  return renderChart({
    size,
    title: spec.title,
    plot,
    x: {
      label: spec.xLabel ?? "",
      grid: false,
      rotateLabels: rotateX,
      ticks: spec.categories.map((label, c) => ({ at: plot.left + (c + 0.5) * slot, label })),
    },
    y: { label: spec.yLabel, grid: true, ticks: placeTicks(yTicks, sy) },
    legend,
    content: bars,
  });
};
