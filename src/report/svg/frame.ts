// The chart furniture shared by every plot: page size and margins, title, plot border, grid
// lines, tick marks and labels, axis labels and a legend to the right of the plot. A chart
// computes its ticks, asks `layoutPlot` where the plot area is, maps its data into that area and
// hands the drawn content to `renderChart`, which clips it to the plot area.

import { element, hashId, num, textElement, type Attrs } from "./xml.js";

export interface SizeOptions {
  /** Width in pixels; 640 by default. */
  readonly width?: number | undefined;
  /** Height in pixels; 400 by default. */
  readonly height?: number | undefined;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface Rect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** One legend line: a label and, optionally, a sample drawn in a 24×12 box with its corner at (0, 0). */
export interface LegendItem {
  readonly label: string;
  readonly swatch?: string | undefined;
}

export interface AxisTick {
  /** Pixel position along the axis. */
  readonly at: number;
  readonly label: string;
}

export interface Axis {
  readonly label: string;
  readonly ticks: readonly AxisTick[];
  /** Draw a light grid line across the plot at every tick. */
  readonly grid: boolean;
  /** Slant the tick labels (x axis only), for long category names. */
  readonly rotateLabels?: boolean | undefined;
}

/** Ticks placed along an axis by its scale. */
export const placeTicks = (
  ticks: { readonly values: readonly number[]; readonly labels: readonly string[] },
  scale: (v: number) => number,
): readonly AxisTick[] => ticks.values.map((v, i) => ({ at: scale(v), label: ticks.labels[i] ?? "" }));

const fonts = { title: 16, axis: 13, tick: 11, legend: 12 } as const;
const colours = { text: "#222222", axis: "#555555", grid: "#e6e6e6" } as const;
const legendLabelMax = 28;
const rotatedLabelMax = 32;
const swatchWidth = 24;
const legendRowHeight = 20;

/** A generous estimate of rendered text width in a sans-serif face (no font metrics here). */
export const textWidth = (text: string, fontSize: number): number => [...text].length * fontSize * 0.6;

/** `text` cut to `max` characters with an ellipsis, counting code points. */
export const truncate = (text: string, max: number): string => {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
};

export const resolveSize = (what: string, options: SizeOptions): Size => {
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  if (!Number.isFinite(width) || !Number.isFinite(height) || width < 240 || height < 160) {
    throw new RangeError(`${what}: expected width ≥ 240 and height ≥ 160 pixels, got ${width}×${height}`);
  }
  return { width, height };
};

export interface LayoutInput {
  readonly size: Size;
  readonly legend: readonly LegendItem[];
  readonly yTickLabels: readonly string[];
  readonly xTickLabels?: readonly string[] | undefined;
  readonly rotateX?: boolean | undefined;
}

const sin40 = Math.sin((40 * Math.PI) / 180);
const cos40 = Math.cos((40 * Math.PI) / 180);

/** The plot area: the page minus room for title, axis labels, tick labels and legend. */
export const layoutPlot = (input: LayoutInput): Rect => {
  const { width, height } = input.size;
  const yTicks = Math.max(0, ...input.yTickLabels.map((l) => textWidth(l, fonts.tick)));
  const rotated = input.rotateX === true;
  const xLabels = (input.xTickLabels ?? []).map((l) => (rotated ? truncate(l, rotatedLabelMax) : l));
  const xTicks = Math.max(0, ...xLabels.map((l) => textWidth(l, fonts.tick)));
  const slant = rotated ? xTicks * sin40 : 0;
  // A slanted first label reaches left of the plot by its width times cos 40°.
  const firstReach = rotated ? textWidth(xLabels[0] ?? "", fonts.tick) * cos40 + 8 : 0;
  const left = Math.max(12 + fonts.axis + 10 + yTicks + 8, firstReach);
  const bottom = 8 + fonts.tick + 10 + fonts.axis + 10 + slant;
  const legendLabels = input.legend.map((i) => truncate(i.label, legendLabelMax));
  const legend = Math.max(0, ...legendLabels.map((l) => textWidth(l, fonts.legend)));
  const right = input.legend.length === 0 ? 20 : 16 + swatchWidth + 8 + legend + 12;
  const top = 44;
  return {
    left,
    top,
    width: Math.max(40, width - left - right),
    height: Math.max(40, height - top - bottom),
  };
};

/** Text in the chart's text colour; `content` is user text and is escaped. */
const text = (
  className: string,
  at: { readonly x: number; readonly y: number },
  fontSize: number,
  content: string,
  extra: Attrs = {},
): string =>
  textElement(
    "text",
    { class: className, x: at.x, y: at.y, "font-size": fontSize, fill: colours.text, ...extra },
    content,
  );

const titleText = (title: string, width: number): string => {
  // Shrink a long title down to 10px, then cut it, so it never runs off the page.
  const fit = (width - 24) / (0.6 * Math.max(1, [...title].length));
  const size = Math.max(10, Math.min(fonts.title, fit));
  const shown = truncate(title, Math.floor((width - 24) / (0.6 * size)));
  return text("title", { x: width / 2, y: 27 }, size, shown, {
    "text-anchor": "middle",
    "font-weight": "bold",
  });
};

const gridLines = (plot: Rect, x: Axis, y: Axis): readonly string[] => {
  const right = plot.left + plot.width;
  const bottom = plot.top + plot.height;
  const line = (x1: number, y1: number, x2: number, y2: number): string =>
    element("line", { x1, y1, x2, y2, stroke: colours.grid });
  return [
    ...(x.grid ? x.ticks.map((t) => line(t.at, plot.top, t.at, bottom)) : []),
    ...(y.grid ? y.ticks.map((t) => line(plot.left, t.at, right, t.at)) : []),
  ];
};

const xTicks = (plot: Rect, x: Axis): readonly string[] => {
  const base = plot.top + plot.height;
  const labelY = base + 8 + fonts.tick;
  return x.ticks.flatMap((t) => [
    element("line", { x1: t.at, y1: base, x2: t.at, y2: base + 5, stroke: colours.axis }),
    x.rotateLabels === true
      ? text("tick-x", { x: t.at, y: labelY }, fonts.tick, truncate(t.label, rotatedLabelMax), {
          "text-anchor": "end",
          transform: `rotate(-40 ${num(t.at)} ${num(labelY)})`,
        })
      : text("tick-x", { x: t.at, y: labelY }, fonts.tick, t.label, { "text-anchor": "middle" }),
  ]);
};

const yTicks = (plot: Rect, y: Axis): readonly string[] =>
  y.ticks.flatMap((t) => [
    element("line", { x1: plot.left - 5, y1: t.at, x2: plot.left, y2: t.at, stroke: colours.axis }),
    // 0.35 em below the tick centres the digits on it vertically.
    text("tick-y", { x: plot.left - 8, y: t.at + fonts.tick * 0.35 }, fonts.tick, t.label, {
      "text-anchor": "end",
    }),
  ]);

const axisLabels = (size: Size, plot: Rect, x: Axis, y: Axis): readonly string[] => {
  const cx = plot.left + plot.width / 2;
  const cy = plot.top + plot.height / 2;
  // Beside the widest y tick label; the rotated glyphs extend left of this baseline.
  const widestTick = Math.max(0, ...y.ticks.map((t) => textWidth(t.label, fonts.tick)));
  const ly = Math.max(12 + fonts.axis, plot.left - 8 - widestTick - 8);
  return [
    text("axis-label", { x: cx, y: size.height - 10 }, fonts.axis, x.label, { "text-anchor": "middle" }),
    text("axis-label", { x: ly, y: cy }, fonts.axis, y.label, {
      "text-anchor": "middle",
      transform: `rotate(-90 ${num(ly)} ${num(cy)})`,
    }),
  ];
};

const legendBlock = (plot: Rect, items: readonly LegendItem[]): string => {
  const x = plot.left + plot.width + 16;
  const rows = items.map((item, i) => {
    const y = plot.top + 4 + i * legendRowHeight;
    const label = truncate(item.label, legendLabelMax);
    if (item.swatch === undefined) return text("legend-label", { x, y: y + 10 }, fonts.legend, label);
    return [
      element("g", { transform: `translate(${num(x)} ${num(y)})` }, [item.swatch]),
      text("legend-label", { x: x + swatchWidth + 8, y: y + 10 }, fonts.legend, label),
    ].join("");
  });
  return rows.length === 0 ? "" : element("g", { class: "legend" }, rows);
};

export interface ChartParts {
  readonly size: Size;
  readonly title: string;
  readonly plot: Rect;
  readonly x: Axis;
  readonly y: Axis;
  readonly legend: readonly LegendItem[];
  /** Data marks, clipped to the plot area. */
  readonly content: readonly string[];
}

/** The complete, self-contained SVG document. */
export const renderChart = (parts: ChartParts): string => {
  const { size, plot } = parts;
  const body = parts.content.join("");
  // Clip ids must differ between charts inlined into one HTML page; a hash of the content does.
  const clipId = `clip-${hashId(`${parts.title}\n${body}`)}`;
  const plotRect = { x: plot.left, y: plot.top, width: plot.width, height: plot.height };
  const children = [
    textElement("title", {}, parts.title),
    element("rect", { width: size.width, height: size.height, fill: "#ffffff" }),
    element("defs", {}, [element("clipPath", { id: clipId }, [element("rect", plotRect)])]),
    ...gridLines(plot, parts.x, parts.y),
    element("g", { "clip-path": `url(#${clipId})` }, [body]),
    element("rect", { class: "plot-area", ...plotRect, fill: "none", stroke: colours.axis }),
    ...xTicks(plot, parts.x),
    ...yTicks(plot, parts.y),
    ...axisLabels(size, plot, parts.x, parts.y),
    titleText(parts.title, size.width),
    legendBlock(plot, parts.legend),
  ];
  return `${element(
    "svg",
    {
      xmlns: "http://www.w3.org/2000/svg",
      width: size.width,
      height: size.height,
      viewBox: `0 0 ${num(size.width)} ${num(size.height)}`,
      role: "img",
      "font-family": "sans-serif",
    },
    children.filter((c) => c !== ""),
  )}\n`;
};
