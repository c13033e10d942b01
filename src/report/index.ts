// Reporting: pure functions from numbers and records to text (epoch tables, progress lines,
// JSON lines, SVG charts), plus one writer that sends the table and progress line to a sink.

export { formatDuration, formatPercent, formatRate, formatSignificant } from "./format.js";
export { columnsOf, epochTable, formatEpochTable, type EpochRow, type EpochTable } from "./table.js";
export { bar, progressLine, rateAndEta, type Progress } from "./progress.js";
export { jsonLine, keyOrder, writeJsonLine, type JsonRecord, type JsonValue } from "./jsonl.js";
export type { Sink } from "./sink.js";
export { consoleReporter, type ConsoleReporter, type ConsoleReporterOptions } from "./writer.js";
export { lineChart, type LineChartSpec, type LineSeries } from "./svg/lineChart.js";
export {
  decisionRegions,
  type DecisionRegionsSpec,
  type LabelledPoint,
  type RegionGrid,
} from "./svg/decisionRegions.js";
export {
  contourPaths,
  defaultLevels,
  logLevels,
  type ContourPathsSpec,
  type NamedPath,
} from "./svg/contourPaths.js";
export { barChart, type BarChartSpec, type BarSeries } from "./svg/barChart.js";
export { contourLines, linspace, sample, type SampledGrid } from "./svg/marchingSquares.js";
export { niceLinear, niceLog, niceStep, ticksWithin, type Ticks } from "./svg/ticks.js";
export { escapeXml } from "./svg/xml.js";
export type { Point } from "./svg/path.js";
export type { SizeOptions } from "./svg/frame.js";
