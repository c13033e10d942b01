// Early stopping as a pure state machine: after each epoch, feed the monitored value; it says
// whether this epoch is the best so far and whether to stop (no improvement by at least
// `minDelta` for `patience` epochs in a row). The cure for overfitting that needs no change to
// the model: stop when validation loss stops falling, and keep the best parameters.

export type Monitor = "loss" | "accuracy" | "valLoss" | "valAccuracy";

export interface EarlyStoppingOptions {
  /** The metric to watch (default "valLoss"). Losses should fall, accuracies rise. */
  readonly monitor?: Monitor;
  /** Epochs without improvement before stopping (default 5). */
  readonly patience?: number;
  /** The smallest change that counts as an improvement (default 0). */
  readonly minDelta?: number;
  /** Return the parameters of the best epoch rather than the last (default true). */
  readonly restoreBest?: boolean;
}

export interface EarlyStoppingState {
  readonly best: number;
  readonly bestEpoch: number;
  readonly wait: number;
}

export interface EarlyStopping {
  readonly monitor: Monitor;
  readonly restoreBest: boolean;
  readonly init: EarlyStoppingState;
  /** The next state, whether `value` is a new best, and whether training should stop. */
  readonly update: (state: EarlyStoppingState, value: number, epoch: number) => { readonly state: EarlyStoppingState; readonly improved: boolean; readonly stop: boolean };
}

export class EarlyStoppingConfigError extends RangeError {
  readonly _tag = "EarlyStoppingConfigError";
}

export function earlyStopping(options: EarlyStoppingOptions = {}): EarlyStopping {
  const monitor = options.monitor ?? "valLoss";
  const patience = options.patience ?? 5;
  const minDelta = options.minDelta ?? 0;
  if (!Number.isInteger(patience) || patience < 1) throw new EarlyStoppingConfigError(`earlyStopping: patience must be an integer >= 1, got ${patience}`);
  if (!(minDelta >= 0)) throw new EarlyStoppingConfigError(`earlyStopping: minDelta must be >= 0, got ${minDelta}`);
  const higherIsBetter = monitor === "accuracy" || monitor === "valAccuracy";
  // Compare in "lower is better" form: a loss as is, an accuracy negated.
  const score = (v: number): number => (higherIsBetter ? -v : v);
  return {
    monitor,
    restoreBest: options.restoreBest ?? true,
    init: { best: Infinity, bestEpoch: -1, wait: 0 },
    update: (state, value, epoch) => {
      const s = score(value);
      const improved = Number.isFinite(s) && s < state.best - minDelta;
      const next = improved ? { best: s, bestEpoch: epoch, wait: 0 } : { ...state, wait: state.wait + 1 };
      return { state: next, improved, stop: next.wait >= patience };
    },
  };
}
