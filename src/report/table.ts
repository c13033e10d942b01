// The per-epoch table printed during training. Each line is a Markdown table row, so the same
// text is aligned in a terminal and renders as a table when pasted into Markdown:
//
//   | Epoch |   Loss | Accuracy | Val loss | Val acc |  Time |
//   |------:|-------:|---------:|---------:|--------:|------:|
//   |     1 | 0.6931 |    50.0% |   0.6900 |   51.2% | 1.23s |
//
// Only the columns a table is given appear. Losses get 4 significant digits, accuracies (fractions
// in [0, 1]) a percentage with one decimal, times the units of `formatDuration`.

import { formatDuration, formatPercent, formatSignificant } from "./format.js";

/** One epoch's figures. Keys beyond the named ones become extra columns (e.g. a learning rate). */
export interface EpochRow {
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy?: number | undefined;
  readonly valLoss?: number | undefined;
  readonly valAccuracy?: number | undefined;
  /** Wall-clock time of the epoch, in seconds. */
  readonly seconds?: number | undefined;
  readonly [extra: string]: number | string | undefined;
}

/** A table whose columns are fixed up front, so it can be printed one line at a time. */
export interface EpochTable {
  /** Column keys in display order; the first is always "epoch". */
  readonly columns: readonly string[];
  /** The header line and the Markdown alignment line, joined by "\n". */
  readonly header: () => string;
  /** One row, aligned under `header()`. Throws if the row carries a column the table lacks. */
  readonly row: (r: EpochRow) => string;
  /** `header()` followed by `row(r)` for every row, one per line. */
  readonly format: (rows: readonly EpochRow[]) => string;
}

interface Column {
  readonly key: string;
  readonly label: string;
  readonly cell: (value: number) => string;
  /** Width reserved when the table is printed incrementally and later values are unknown. */
  readonly reserve: number;
}

/** Exact integers as they are (epochs, steps); anything else with 4 significant digits. */
const formatPlain = (x: number): string =>
  Number.isInteger(x) && Math.abs(x) < 1e15 ? String(x) : formatSignificant(x);

const formatTime = (seconds: number): string =>
  Number.isFinite(seconds) && seconds >= 0 ? formatDuration(seconds) : formatSignificant(seconds);

// "-1.234e-5" is the widest a 4-significant-digit number gets; losses rarely need more than 8.
const named: readonly Column[] = [
  { key: "epoch", label: "Epoch", cell: formatPlain, reserve: 5 },
  { key: "loss", label: "Loss", cell: formatSignificant, reserve: 8 },
  { key: "accuracy", label: "Accuracy", cell: formatPercent, reserve: 6 },
  { key: "valLoss", label: "Val loss", cell: formatSignificant, reserve: 8 },
  { key: "valAccuracy", label: "Val acc", cell: formatPercent, reserve: 6 },
  { key: "seconds", label: "Time", cell: formatTime, reserve: 6 },
];

const timeKey = "seconds";

/** User text inside a cell: a "|" would end the Markdown cell, a newline the row. */
const sanitize = (text: string): string => {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    out += ch === "|" ? "\\|" : code < 0x20 || code === 0x7f ? " " : ch;
  }
  return out;
};

const extraColumn = (key: string): Column => ({
  key,
  label: sanitize(key),
  cell: formatPlain,
  reserve: 8,
});

/**
 * Display order: epoch, then the named columns in their fixed order, then extra columns in the
 * order given, with Time kept last so it lines up at the right edge.
 */
const resolveColumns = (keys: readonly string[]): readonly Column[] => {
  const wanted = new Set(keys);
  const known = new Set(named.map((c) => c.key));
  const first = named.filter((c) => c.key === "epoch" || (wanted.has(c.key) && c.key !== timeKey));
  const extras = [...wanted].filter((k) => !known.has(k)).map(extraColumn);
  const time = named.filter((c) => c.key === timeKey && wanted.has(timeKey));
  return [...first, ...extras, ...time];
};

const cellText = (column: Column, value: number | string | undefined): string =>
  value === undefined ? "" : typeof value === "string" ? sanitize(value) : column.cell(value);

interface Sized {
  readonly column: Column;
  readonly width: number;
}

const line = (cells: readonly string[], sized: readonly Sized[]): string =>
  `| ${sized.map((s, i) => (cells[i] ?? "").padStart(s.width)).join(" | ")} |`;

// "-----:" right-aligns the column when rendered as Markdown; the cell is width + 2 characters.
const alignment = (sized: readonly Sized[]): string =>
  `|${sized.map((s) => `${"-".repeat(s.width + 1)}:`).join("|")}|`;

const headerOf = (sized: readonly Sized[]): string =>
  `${line(
    sized.map((s) => s.column.label),
    sized,
  )}\n${alignment(sized)}`;

const cellsOf = (r: EpochRow, sized: readonly Sized[]): readonly string[] =>
  sized.map((s) => cellText(s.column, r[s.column.key]));

/** Keys of a row that hold a value, in the row's own order. */
const presentKeys = (r: EpochRow): readonly string[] =>
  Object.keys(r).filter((k) => r[k] !== undefined);

/**
 * A table with the given columns (keys of `EpochRow`; "epoch" is always included), for printing
 * a header before training and a row after each epoch.
 */
export const epochTable = (columns: readonly string[]): EpochTable => {
  const resolved = resolveColumns(columns);
  const sized = resolved.map((column) => ({
    column,
    width: Math.max(column.label.length, column.reserve),
  }));
  const keys = resolved.map((c) => c.key);
  const allowed = new Set(keys);
  const header = (): string => headerOf(sized);
  const row = (r: EpochRow): string => {
    const unknown = presentKeys(r).find((k) => !allowed.has(k));
    if (unknown !== undefined) {
      throw new Error(
        `epochTable.row: the row has a column "${unknown}" that the table was not created with ` +
          `(expected only: ${keys.join(", ")})`,
      );
    }
    return line(cellsOf(r, sized), sized);
  };
  const format = (rows: readonly EpochRow[]): string => [header(), ...rows.map(row)].join("\n");
  return { columns: keys, header, row, format };
};

/** Every column that holds a value in at least one row, in display order. */
export const columnsOf = (rows: readonly EpochRow[]): readonly string[] =>
  resolveColumns(rows.flatMap(presentKeys)).map((c) => c.key);

/**
 * A whole table at once: the columns are those present in any row and each column is exactly as
 * wide as its widest cell.
 */
export const formatEpochTable = (rows: readonly EpochRow[]): string => {
  const resolved = resolveColumns(rows.flatMap(presentKeys));
  const sized = resolved.map((column) => ({
    column,
    width: Math.max(
      column.label.length,
      ...rows.map((r) => cellText(column, r[column.key]).length),
    ),
  }));
  return [headerOf(sized), ...rows.map((r) => line(cellsOf(r, sized), sized))].join("\n");
};
