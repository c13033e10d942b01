// The one impure piece of reporting: it sends the epoch table and, on a terminal, the progress
// line to a sink. On a terminal the progress line is redrawn in place with "\r" and replaced by
// the epoch's row when the epoch ends; anywhere else (CI logs, files) only the table is written.

import { DEFAULT_COLUMNS, progressLine } from "./progress.js";
import type { Sink } from "./sink.js";
import { epochTable, type EpochRow } from "./table.js";

export interface ConsoleReporterOptions {
  /** Table columns, as for `epochTable`. */
  readonly columns: readonly string[];
  /** Milliseconds from any fixed origin; defaults to `performance.now`. */
  readonly clock?: (() => number) | undefined;
  /** Redraw the progress line at most this often (ms); the last step is always drawn. */
  readonly minRedrawMs?: number | undefined;
  /** Examples per step, to report examples/s rather than steps/s. */
  readonly batchSize?: number | undefined;
}

export interface ConsoleReporter {
  /** An epoch of `totalSteps` steps begins. */
  readonly epochStart: (totalSteps: number) => void;
  /** `step` steps of the epoch are done; `loss` is the running loss so far. */
  readonly step: (step: number, loss?: number) => void;
  /** The epoch is over: its row replaces the progress line. */
  readonly epochEnd: (row: EpochRow) => void;
}

const defaultRedrawMs = 100;

export const consoleReporter = (sink: Sink, options: ConsoleReporterOptions): ConsoleReporter => {
  const table = epochTable(options.columns);
  const clock = options.clock ?? (() => performance.now());
  const minRedrawMs = options.minRedrawMs ?? defaultRedrawMs;
  const tty = sink.isTTY === true;
  // State of this one reporter: whether the header is out, the epoch in progress, and what is
  // currently drawn on the progress line (so a shorter line can blank out a longer one).
  let headerWritten = false;
  let epoch: { readonly total: number; readonly startedAt: number } | undefined;
  let lastDrawAt = Number.NEGATIVE_INFINITY;
  let drawnLength = 0;

  const ensureHeader = (): void => {
    if (!headerWritten) {
      sink.write(`${table.header()}\n`);
      headerWritten = true;
    }
  };

  const clearLine = (): void => {
    if (drawnLength > 0) sink.write(`\r${" ".repeat(drawnLength)}\r`);
    drawnLength = 0;
  };

  const epochStart = (totalSteps: number): void => {
    ensureHeader();
    epoch = { total: totalSteps, startedAt: clock() };
    lastDrawAt = Number.NEGATIVE_INFINITY;
  };

  const step = (stepsDone: number, loss?: number): void => {
    if (epoch === undefined) {
      throw new Error("consoleReporter.step: called before epochStart(totalSteps)");
    }
    if (!tty) return;
    const now = clock();
    if (now - lastDrawAt < minRedrawMs && stepsDone !== epoch.total) return;
    const text = progressLine(
      {
        step: stepsDone,
        total: epoch.total,
        startedAt: epoch.startedAt,
        now,
        loss,
        batchSize: options.batchSize,
      },
      sink.columns ?? DEFAULT_COLUMNS,
    );
    sink.write(`\r${text.padEnd(drawnLength)}`);
    drawnLength = text.length;
    lastDrawAt = now;
  };

  const epochEnd = (row: EpochRow): void => {
    ensureHeader();
    clearLine();
    sink.write(`${table.row(row)}\n`);
    epoch = undefined;
  };

  return { epochStart, step, epochEnd };
};
