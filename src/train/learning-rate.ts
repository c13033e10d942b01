// The learning rate as the loop sees it: logged with every epoch, and lowered when validation
// stops improving.
//
// reduceLROnPlateau (as in Keras and PyTorch) multiplies the rate by `factor` after `patience`
// epochs in which the monitored figure (validation loss by default) did not improve on the best
// so far by more than max(minDelta, threshold · |best|), then waits `cooldown` epochs before
// counting again. (The relative threshold, PyTorch's default, keeps counting improvements of a
// loss that has become small; an absolute one alone would call 1e-5 → 5e-6 a plateau.) The scale is a tensor in the
// optimizer state, multiplied into the updates by its transformation, so a jitted step reads it
// as data: changing it between epochs compiles nothing. The callback decides, between epochs,
// from the history; a resumed run replays the history to find where it stood.
//
//   const plateau = reduceLROnPlateau({ factor: 0.5, patience: 2 });
//   fit({ optimizer: optim.chain(optim.adam(1e-3), plateau.transformation),
//         callbacks: [plateau.callback, learningRateLogger(1e-3)], ... });
import { cast, mul } from "../ops/index.js";
import { mapFloat, stretch } from "../optim/leaf-ops.js";
import type { Schedule } from "../optim/schedules/schedule.js";
import type { GradientTransformation, StateFamily } from "../optim/types.js";
import { full } from "../tensor/create.js";
import { Tensor as TensorClass, type AnyTensor, type Tensor } from "../tensor/tensor.js";
import { map } from "../tree/tree.js";
import type { EpochEndContext, TrainContext, Verdict } from "./callbacks.js";
import type { EpochRecord } from "./fit.js";

/** The plateau transformation's state: the factor the updates are multiplied by (1 at first). */
export interface PlateauState {
  readonly plateauScale: Tensor<[], "float32">;
}

export interface PlateauFamily extends StateFamily {
  readonly state: PlateauState;
}

/** u = s · g, with s the plateau scale held in the state (changed only by the callback). */
export function scaleByPlateau(): GradientTransformation<PlateauFamily> {
  return {
    init: () => ({ plateauScale: full([], 1, "float32") }),
    update: (grads, state) => [mapFloat("scaleByPlateau", grads, (g) => mul(stretch(cast(state.plateauScale, g.dtype), g), g)), state],
  };
}

const isTensor = (x: unknown): x is AnyTensor => x instanceof TensorClass;

/** The plateau scale inside an optimizer state (a tree of records and tuples), if there is one. */
export function plateauScaleOf(tree: unknown): AnyTensor | undefined {
  if (isTensor(tree) || tree === null || typeof tree !== "object") return undefined;
  if ("plateauScale" in tree && isTensor(tree.plateauScale)) return tree.plateauScale;
  for (const child of Object.values(tree)) {
    const found = plateauScaleOf(child);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The optimizer state with its plateau scale set to `value`. */
export function withPlateauScale<O>(optState: O, value: number): O {
  const current = plateauScaleOf(optState);
  if (current === undefined) throw new RangeError("reduceLROnPlateau: the optimizer has no plateau scale; chain plateau.transformation after it (optim.chain(optimizer, plateau.transformation))");
  return map(optState, (leaf) => (leaf === current ? full([], value, "float32") : leaf), "reduceLROnPlateau");
}

export interface PlateauOptions {
  /** The figure of the epoch record to watch (default "valLoss"). */
  readonly monitor?: string;
  /** "min" for losses (default), "max" for accuracies. */
  readonly mode?: "min" | "max";
  /** The rate is multiplied by this (default 0.1), in (0, 1). */
  readonly factor?: number;
  /** Epochs without improvement before reducing (default 10). */
  readonly patience?: number;
  /** The smallest absolute change that counts as an improvement (default 0). */
  readonly minDelta?: number;
  /** The smallest change relative to the best value that counts (default 1e-4). */
  readonly threshold?: number;
  /** Epochs to wait after a reduction before counting again (default 0). */
  readonly cooldown?: number;
  /** The scale never goes below this (default 0). */
  readonly minScale?: number;
}

/** Where the plateau rule stands after some epochs. */
export interface PlateauProgress {
  readonly best: number;
  readonly wait: number;
  readonly cooldown: number;
}

/** One epoch of the rule: the next progress, and whether to reduce now. */
export function plateauStep(options: Required<PlateauOptions>, progress: PlateauProgress, value: number): { readonly progress: PlateauProgress; readonly reduce: boolean } {
  // A cooldown epoch counts down and keeps the wait at 0; an improvement always resets it.
  const cooldown = Math.max(0, progress.cooldown - 1);
  const waited = progress.cooldown > 0 ? 0 : progress.wait;
  const margin = Number.isFinite(progress.best) ? Math.max(options.minDelta, options.threshold * Math.abs(progress.best)) : 0;
  const improved = options.mode === "min" ? value < progress.best - margin : value > progress.best + margin;
  if (improved) return { progress: { best: value, wait: 0, cooldown }, reduce: false };
  if (cooldown > 0) return { progress: { best: progress.best, wait: waited, cooldown }, reduce: false };
  const wait = waited + 1;
  return wait >= options.patience
    ? { progress: { best: progress.best, wait: 0, cooldown: options.cooldown }, reduce: true }
    : { progress: { best: progress.best, wait, cooldown }, reduce: false };
}

/** The plateau scale of an optimizer state as a number (1 without one). */
export const plateauScale = (optState: unknown): number => {
  const t = plateauScaleOf(optState);
  return t === undefined ? 1 : Number(t.item());
};

/** The callback's hooks; generic so that it fits the callbacks of any fit call. */
export interface PlateauCallback {
  trainBegin<P, S, O>(context: TrainContext<P, S, O>): void;
  epochEnd<P, S, O>(context: EpochEndContext<P, S, O>): Verdict<O>;
}

/** A learning-rate scale lowered on plateaus of validation loss (see the header). */
export function reduceLROnPlateau(options: PlateauOptions = {}): { readonly transformation: GradientTransformation<PlateauFamily>; readonly callback: PlateauCallback } {
  const settings: Required<PlateauOptions> = {
    monitor: options.monitor ?? "valLoss", mode: options.mode ?? "min", factor: options.factor ?? 0.1, patience: options.patience ?? 10,
    minDelta: options.minDelta ?? 0, threshold: options.threshold ?? 1e-4, cooldown: options.cooldown ?? 0, minScale: options.minScale ?? 0,
  };
  const { factor, patience, cooldown, minScale, minDelta, threshold } = settings;
  if (!(factor > 0 && factor < 1)) throw new RangeError(`reduceLROnPlateau: factor must be in (0, 1), got ${factor}`);
  if (!Number.isInteger(patience) || patience < 1) throw new RangeError(`reduceLROnPlateau: patience must be a positive integer, got ${patience}`);
  if (!Number.isInteger(cooldown) || cooldown < 0) throw new RangeError(`reduceLROnPlateau: cooldown must be a non-negative integer, got ${cooldown}`);
  if (!(minScale >= 0) || !(minDelta >= 0) || !(threshold >= 0)) {
    throw new RangeError(`reduceLROnPlateau: minScale, minDelta and threshold must be >= 0, got ${minScale}, ${minDelta} and ${threshold}`);
  }
  const start: PlateauProgress = { best: settings.mode === "min" ? Infinity : -Infinity, wait: 0, cooldown: 0 };
  const monitored = (record: EpochRecord): number => {
    const value = record[settings.monitor];
    if (typeof value !== "number") throw new RangeError(`reduceLROnPlateau: monitors "${settings.monitor}", which this run does not record (validation data gives valLoss)`);
    return value;
  };
  let progress = start;
  return {
    transformation: scaleByPlateau(),
    callback: {
      trainBegin: ({ state }) => {
        progress = state.history.reduce((p, record) => plateauStep(settings, p, monitored(record)).progress, start);
      },
      epochEnd: ({ record, state }) => {
        const next = plateauStep(settings, progress, monitored(record));
        progress = next.progress;
        const scale = plateauScale(state.optState);
        const reduced = Math.max(scale * factor, minScale);
        return next.reduce && reduced < scale ? { optState: withPlateauScale(state.optState, reduced) } : undefined;
      },
    },
  };
}

/** The hooks of learningRateLogger. */
export interface LearningRateCallback {
  epochEnd<P, S, O>(context: EpochEndContext<P, S, O>): Verdict<O>;
}

/**
 * Adds the learning rate the next step will use to every epoch record, as "lr": the constant or
 * the schedule at the steps taken so far, times the plateau scale when the optimizer has one.
 */
export function learningRateLogger(learningRate: number | Schedule, name = "lr"): LearningRateCallback {
  return {
    epochEnd: ({ steps, state }) => {
      const base = typeof learningRate === "number" ? learningRate : learningRate.at(steps);
      return { metrics: { [name]: base * plateauScale(state.optState) } };
    },
  };
}
