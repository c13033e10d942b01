// The progress line shown inside an epoch on a terminal, e.g.
//
//    37/100 [=======>            ]  37% 12.3 steps/s ETA 5.12s loss 0.6931
//
// It is a pure function of the step, the total, two timestamps and the running loss, so the
// clock is the caller's: tests pass fixed times and get exact strings.

import { formatDuration, formatRate, formatSignificant } from "./format.js";

export interface Progress {
  /** Steps completed so far, 0 ≤ step ≤ total. */
  readonly step: number;
  /** Steps in the epoch. */
  readonly total: number;
  /** Timestamp (ms) when the epoch started, from the same clock as `now`. */
  readonly startedAt: number;
  /** Timestamp (ms) of this update. */
  readonly now: number;
  /** Running mean of the loss over the epoch so far, if known. */
  readonly loss?: number | undefined;
  /** Examples per step; when given the rate is reported in examples/s instead of steps/s. */
  readonly batchSize?: number | undefined;
}

/** The widest the bar gets, and the narrowest it is allowed to shrink to on a slim terminal. */
const maxBar = 30;
const minBar = 10;

const checkProgress = (p: Progress): void => {
  if (!Number.isInteger(p.total) || p.total < 1) {
    throw new RangeError(`progressLine: total must be a positive integer, got ${p.total}`);
  }
  if (!Number.isInteger(p.step) || p.step < 0 || p.step > p.total) {
    throw new RangeError(
      `progressLine: step must be an integer in 0..${p.total}, got ${p.step}`,
    );
  }
  if (!Number.isFinite(p.startedAt) || !Number.isFinite(p.now) || p.now < p.startedAt) {
    throw new RangeError(
      "progressLine: expected finite timestamps with now ≥ startedAt, " +
        `got startedAt=${p.startedAt}, now=${p.now}`,
    );
  }
  if (p.batchSize !== undefined && !(Number.isInteger(p.batchSize) && p.batchSize > 0)) {
    throw new RangeError(`progressLine: batchSize must be a positive integer, got ${p.batchSize}`);
  }
};

/** `[=====>    ]` with `width` cells between the brackets, `fraction` of them done. */
export const bar = (fraction: number, width: number): string => {
  const done = Math.floor(Math.min(1, Math.max(0, fraction)) * width);
  // The ">" head sits in the first cell not yet done; a full bar has no head.
  return done >= width
    ? `[${"=".repeat(width)}]`
    : `[${"=".repeat(done)}>${" ".repeat(width - done - 1)}]`;
};

/**
 * Rate and remaining time. The rate is the mean over the epoch so far, step / elapsed; the ETA
 * assumes the remaining steps go at that rate. Both are unknown until a step has taken time.
 */
export const rateAndEta = (
  p: Progress,
): { readonly stepsPerSecond: number; readonly etaSeconds: number } | undefined => {
  const elapsed = (p.now - p.startedAt) / 1000;
  if (p.step === 0 || elapsed <= 0) return undefined;
  const stepsPerSecond = p.step / elapsed;
  return { stepsPerSecond, etaSeconds: (p.total - p.step) / stepsPerSecond };
};

/** The width assumed when the terminal reports none, or a width that is not a positive integer (0). */
export const DEFAULT_COLUMNS = 80;

/**
 * One progress line, without the carriage return, shorter than `columns` (the terminal width;
 * 0, negative or non-integer widths, which some terminals report, count as 80). The bar is 30
 * cells when there is room and shrinks to 10; on narrower terminals it is left out, then whole
 * fields are dropped (the rate, then the ETA, then the percentage, then the loss), so no number
 * is ever cut in the middle. A terminal too narrow even for the count gets an empty line.
 */
export const progressLine = (p: Progress, columns = DEFAULT_COLUMNS): string => {
  checkProgress(p);
  const width = Number.isInteger(columns) && columns > 0 ? columns : DEFAULT_COLUMNS;
  const digits = String(p.total).length;
  const count = `${String(p.step).padStart(digits)}/${p.total}`;
  const percent = `${String(Math.floor((100 * p.step) / p.total)).padStart(3)}%`;
  const timing = rateAndEta(p);
  const unit = p.batchSize === undefined ? "steps/s" : "ex/s";
  const rate =
    timing === undefined
      ? `-- ${unit}`
      : `${formatRate(timing.stepsPerSecond * (p.batchSize ?? 1))} ${unit}`;
  const eta = timing === undefined ? "ETA --" : `ETA ${formatDuration(timing.etaSeconds)}`;
  const loss = p.loss === undefined ? "" : ` loss ${formatSignificant(p.loss)}`;
  const rest = ` ${percent} ${rate} ${eta}${loss}`;
  // The line must stay shorter than the terminal, or it wraps and "\r" can no longer redraw it:
  // the bar shrinks first, then goes, then whole fields go.
  const room = width - 1 - count.length - 1 - 2 - rest.length;
  if (room >= minBar) return `${count} ${bar(p.step / p.total, Math.min(maxBar, room))}${rest}`;
  const fields = { percent: ` ${percent}`, rate: ` ${rate}`, eta: ` ${eta}`, loss };
  const order = ["rate", "eta", "percent", "loss"] as const;
  for (let dropped = 0; dropped <= order.length; dropped++) {
    const kept = new Set(order.slice(dropped));
    const line = `${count}${kept.has("percent") ? fields.percent : ""}${kept.has("rate") ? fields.rate : ""}${kept.has("eta") ? fields.eta : ""}${kept.has("loss") ? fields.loss : ""}`;
    if (line.length < width) return line;
  }
  return "";
};
