// The training loop: epochs over a dataset in shuffled batches, then evaluation, reporting and
// early stopping. With batch size N this is batch gradient descent, with 1 stochastic gradient
// descent, with B in between mini-batch gradient descent — the step is the same function.
//
// Determinism: every random choice (initialisation, the validation split, each epoch's order,
// each step's dropout) comes from the one key, by fold/split, so the same key and data give the
// same history bit for bit, and a run resumed from a checkpoint continues exactly as it would have.

import { jit } from "../backend/jit/jit.js";
import { permutationArray } from "../random/discrete.js";
import { fold, split, type Key } from "../random/key.js";
import { take } from "../ops/structure.js";
import type { Shape } from "../shape/index.js";
import type { DType, FloatDType } from "../tensor/dtype.js";
import { fromArray } from "../tensor/create.js";
import { map } from "../tree/tree.js";
import type { Tensor } from "../tensor/tensor.js";
import { firstNonFinite, nonFiniteDataCell, type NonFinite } from "../tree/finite.js";
import { earlyStopping, type EarlyStoppingOptions, type EarlyStoppingState } from "./early-stopping.js";
import type { Loss, Model, Optimizer, OptStateOf } from "./model.js";
import { optimizerInit } from "./optimizer.js";
import { evalStep, trainStep, type Batch, type Metric, type StepMetrics } from "./step.js";
import { loopHooks, MetricMeans, type Callback, type Metrics } from "./callbacks.js";

/** Features [N, …] and labels [N, …] with the examples along the first axis. */
export interface Examples<X extends Tensor<Shape, DType>, L extends Tensor<Shape, DType>> {
  readonly features: X;
  readonly labels: L;
}

export interface EpochRecord {
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy?: number;
  readonly valLoss?: number;
  readonly valAccuracy?: number;
  readonly seconds: number;
  /** The user's metrics (FitOptions.metrics, and "val" + Name on validation data) and what
   *  callbacks added (e.g. "lr"). */
  readonly [metric: string]: number | undefined;
}

/** Progress callbacks (see report/writer.ts consoleReporter). */
export interface FitReporter {
  readonly epochStart?: (totalSteps: number) => void;
  readonly step?: (step: number, loss?: number) => void;
  readonly epochEnd?: (record: EpochRecord) => void;
}

/** Everything needed to continue a run. */
export interface TrainingState<P, S, O> {
  readonly params: P;
  readonly modelState: S;
  readonly optState: O;
  /** Epochs completed so far. */
  readonly epoch: number;
  readonly history: readonly EpochRecord[];
  readonly stopping: EarlyStoppingState;
  readonly best: { readonly params: P; readonly modelState: S } | undefined;
}

/**
 * What fit is given. T is the optimizer's type; its state for the model's parameters P is
 * `OptStateOf<T, P>` (e.g. Adam's moments, one per parameter), the type of `optimizer.init(params)`,
 * of `onEpoch`'s and `resume`'s `optState`, and of the result's.
 */
export interface FitOptions<P, S, T extends Optimizer, X extends Tensor<Shape, DType>, Y, L extends Tensor<Shape, DType>> {
  readonly model: Model<P, S, X, Y>;
  /** A loss of the model's output, e.g. `(logits: Tensor<[number, 10]>, labels: Tensor<[number], "int32">) => …`. */
  readonly loss: Loss<NoInfer<Y>, L>;
  /** Any `optim` optimizer: `optim.adam(1e-3)`, `optim.chain(optim.clipByGlobalNorm(1), optim.adamw(schedule))`, … */
  readonly optimizer: T;
  readonly data: Examples<X, L>;
  readonly epochs: number;
  readonly batchSize: number;
  readonly key: Key;
  /** Held-out data evaluated after every epoch. */
  readonly validation?: Examples<X, L>;
  /** Or: hold out this fraction of `data` (chosen with the key) for validation. */
  readonly validationSplit?: number;
  readonly earlyStopping?: EarlyStoppingOptions;
  /** Added to the loss, e.g. an L2 penalty. */
  readonly penalty?: (params: P) => Tensor<[], FloatDType>;
  readonly reporter?: FitReporter;
  /** Called after each epoch with the state to checkpoint. */
  readonly onEpoch?: (state: TrainingState<P, S, OptStateOf<T, P>>) => void | Promise<void>;
  /** Continue from a saved state instead of initialising (from a checkpoint: `resumeFrom`). */
  readonly resume?: TrainingState<P, S, OptStateOf<T, P>>;
  /** Drop the last partial batch of each epoch (default false). */
  readonly dropLast?: boolean;
  /**
   * Compile the training step with jit: traced and compiled once, then run for every batch. Models
   * that draw random numbers (dropout) are fine: each step's key is an argument of the compiled
   * step, so it gets its own mask, the same one eager evaluation draws.
   */
  readonly jit?: boolean;
  /**
   * When the parameters and model state are checked for NaN and ±Infinity (as JAX's debug_nans
   * does): "epoch" (default) at the end of each epoch, before it is reported, recorded or handed
   * to `onEpoch`; "step" after every step (names the first bad step; costs a read of every
   * parameter per step); "off" never. Unless "off", the loss is checked at every step too (it is
   * read anyway) and the data once before training. A bad value throws a NonFiniteError naming
   * the epoch, the step and the path of the first non-finite value; a non-finite value in the
   * data is a FitConfigError naming its row and column.
   */
  readonly checkFinite?: "epoch" | "step" | "off";
  /** Metrics of each batch besides the loss and accuracy, by name, e.g. `{ top5: (y, l) => nn.topK(y, l, 5) }`:
   *  averaged over each epoch's batches, and over the validation data as "val" + Name ("valTop5"). */
  readonly metrics?: { readonly [name: string]: Metric<NoInfer<Y>, L> };
  /** Hooks at the start and end of training, each epoch and each batch (see callbacks.ts). */
  readonly callbacks?: readonly Callback<P, S, OptStateOf<T, P>>[];
}

export interface FitResult<P, S, O> extends TrainingState<P, S, O> {
  readonly stoppedEarly: boolean;
  /** The epoch whose parameters are returned (the best one when early stopping restores it). */
  readonly returnedEpoch: number;
}

export class FitConfigError extends RangeError {
  readonly _tag = "FitConfigError";
}

/** Training produced NaN or ±Infinity (see FitOptions.checkFinite); nothing of `epoch` was published. */
export class NonFiniteError extends Error {
  readonly _tag = "NonFiniteError";
  constructor(
    readonly epoch: number,
    readonly step: number,
    /** The tree path of the first non-finite value ("params.1.w"), when one was found. */
    readonly path: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** The first non-finite value of the parameters, then of the model state, named from the root. */
const firstBad = (params: unknown, modelState: unknown): (NonFinite & { readonly root: string }) | undefined => {
  const p = firstNonFinite(params);
  if (p !== undefined) return { ...p, root: "params" };
  const s = firstNonFinite(modelState);
  return s === undefined ? undefined : { ...s, root: "state" };
};

const nonFiniteError = (epoch: number, step: number, steps: number, found: ReturnType<typeof firstBad>, loss: number, when: string): NonFiniteError => {
  const where = `fit: epoch ${epoch}, step ${step} of ${steps}${when}`;
  const lossNote = Number.isFinite(loss) ? "" : ` (the loss is ${loss})`;
  const kept = epoch > 1 ? `the state after epoch ${epoch - 1} is the last one published` : "no epoch was published";
  if (found === undefined) {
    return new NonFiniteError(epoch, step, undefined, `${where}: the loss is ${loss} while every parameter is finite; training stopped (${kept})`);
  }
  const path = found.path === "" ? found.root : `${found.root}.${found.path}`;
  return new NonFiniteError(epoch, step, path, `${where}: ${path} holds ${found.value} at element ${found.index}${lossNote}; training stopped (${kept})`);
};

const count = (x: Tensor<Shape, DType>): number => x.shape[0] ?? 0;

/** The same values in arrays of their own, for a jitted step to consume (see `compiled` in fit). */
const ownCopies = <P, S, O>(s: { readonly params: P; readonly modelState: S; readonly optState: O }) => {
  const copy = <T>(tree: T): T => map(tree, (t) => fromArray(t.toArray(), t.shape, t.dtype));
  return { params: copy(s.params), modelState: copy(s.modelState), optState: copy(s.optState) };
};

/** The examples at the given row indices. */
function rows<X extends Tensor<Shape, DType>, L extends Tensor<Shape, DType>>(data: Examples<X, L>, indices: Int32Array): Examples<X, L> {
  const idx = fromArray(indices, [indices.length], "int32");
  // take along axis 0 keeps the trailing dims and dtype; only the leading count changes.
  return { features: take(data.features, idx, 0) as X, labels: take(data.labels, idx, 0) as L };
}

function validate<X extends Tensor<Shape, DType>, L extends Tensor<Shape, DType>>(data: Examples<X, L>, name: string): void {
  const n = count(data.features);
  if (data.features.shape.length === 0 || data.labels.shape.length === 0) throw new FitConfigError(`fit: ${name} features and labels need a leading example axis`);
  if (count(data.labels) !== n) throw new FitConfigError(`fit: ${name} has ${n} feature rows but ${count(data.labels)} labels`);
  if (n === 0) throw new FitConfigError(`fit: ${name} is empty`);
}

/** Data with NaN or ±Infinity in it makes every parameter NaN after one step: refused up front. */
function validateFinite<X extends Tensor<Shape, DType>, L extends Tensor<Shape, DType>>(data: Examples<X, L>, name: string): void {
  for (const [part, t] of [["features", data.features], ["labels", data.labels]] as const) {
    const cell = nonFiniteDataCell(t);
    if (cell !== undefined) throw new FitConfigError(`fit: ${name} ${part} ${cell}; expected finite values (clean or drop that example)`);
  }
}

/** The user metrics of a step as numbers. */
const numbers = (extra: StepMetrics["extra"]): Metrics =>
  extra === undefined ? {} : Object.fromEntries(Object.entries(extra).map(([name, t]) => [name, t.item()]));

/** Averages metrics over batches, weighted by batch size. */
function evaluate<P, S, X extends Tensor<Shape, DType>, Y, L extends Tensor<Shape, DType>>(
  step: (params: P, state: S, batch: Batch<X, L>, key: Key) => StepMetrics, params: P, modelState: S, data: Examples<X, L>, batchSize: number, key: Key,
): { loss: number; accuracy?: number; extra: Metrics } {
  const n = count(data.features);
  let loss = 0;
  let correct = 0;
  let hasAccuracy = false;
  const extra = new MetricMeans();
  for (let start = 0; start < n; start += batchSize) {
    const idx = Int32Array.from({ length: Math.min(batchSize, n - start) }, (_, i) => start + i);
    const b = rows(data, idx);
    const m = step(params, modelState, { x: b.features, y: b.labels }, key);
    loss += m.loss.item() * idx.length;
    if (m.accuracy !== undefined) {
      hasAccuracy = true;
      correct += m.accuracy.item() * idx.length;
    }
    extra.add(numbers(m.extra), idx.length);
  }
  return { loss: loss / n, ...(hasAccuracy ? { accuracy: correct / n } : {}), extra: extra.means("val") };
}

/** Trains a model; returns the trained state and the per-epoch history. */
export async function fit<P, S, T extends Optimizer, X extends Tensor<Shape, DType>, Y, L extends Tensor<Shape, DType>>(
  options: FitOptions<P, S, T, X, Y, L>,
): Promise<FitResult<P, S, OptStateOf<T, P>>> {
  const { model, loss, optimizer, epochs, batchSize } = options;
  if (!Number.isInteger(epochs) || epochs < 0) throw new FitConfigError(`fit: epochs must be a non-negative integer, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new FitConfigError(`fit: batchSize must be a positive integer, got ${batchSize}`);
  validate(options.data, "data");
  const checkFinite = options.checkFinite ?? "epoch";
  if (checkFinite !== "epoch" && checkFinite !== "step" && checkFinite !== "off") {
    throw new FitConfigError(`fit: checkFinite must be "epoch", "step" or "off", got ${JSON.stringify(checkFinite)}`);
  }
  if (checkFinite !== "off") {
    validateFinite(options.data, "data");
    if (options.validation !== undefined) validateFinite(options.validation, "validation");
  }
  const [initKey, splitKey, loopKey, evalKey] = split(options.key, 4);

  // The training and validation sets.
  let train = options.data;
  let validation = options.validation;
  if (validation === undefined && options.validationSplit !== undefined) {
    const f = options.validationSplit;
    if (!(f > 0 && f < 1)) throw new FitConfigError(`fit: validationSplit must be in (0, 1), got ${f}`);
    const n = count(train.features);
    const held = Math.round(n * f);
    if (held < 1 || held >= n) throw new FitConfigError(`fit: validationSplit ${f} of ${n} examples leaves an empty split`);
    const order = permutationArray(splitKey, n);
    validation = rows(train, order.subarray(0, held));
    train = rows(train, order.subarray(held));
  }
  if (validation !== undefined) validate(validation, "validation");
  const n = count(train.features);
  if (batchSize > n) throw new FitConfigError(`fit: batchSize ${batchSize} is larger than the ${n} training examples`);

  const stopper = options.earlyStopping === undefined ? undefined : earlyStopping(options.earlyStopping);
  if (stopper !== undefined && validation === undefined && stopper.monitor.startsWith("val")) {
    throw new FitConfigError(`fit: early stopping monitors "${stopper.monitor}", which needs validation data (validation or validationSplit)`);
  }
  const eager = trainStep(model, loss, optimizer, {
    ...(options.penalty === undefined ? {} : { penalty: options.penalty }), ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
  });
  // The compiled step takes each step's key as an argument: jit treats keys as data, so one
  // program serves every step and draws each step's dropout mask from its own key. It consumes
  // (donates) the parameters, optimizer state and model state it is given (arguments 0, 1 and
  // 4), writing the next ones into their arrays, so steps allocate nothing; each epoch starts from
  // copies, since the state published at the end of an epoch (onEpoch, the best epoch) must stay
  // readable.
  const compiled = options.jit === true ? jit(eager, { donate: [0, 1, 4] }) : undefined;
  const step: typeof eager = compiled ?? eager;
  const evaluator = evalStep(model, loss, options.metrics);
  const hooks = loopHooks(options.callbacks);

  let state: TrainingState<P, S, OptStateOf<T, P>> = options.resume ?? (() => {
    const init = model.init(initKey);
    return { params: init.params, modelState: init.state, optState: optimizerInit(optimizer, init.params), epoch: 0, history: [], stopping: { best: Infinity, bestEpoch: -1, wait: 0 }, best: undefined };
  })();
  let stoppedEarly = false;
  const steps = options.dropLast === true ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
  let stepsTaken = state.epoch * steps;
  const begun = await hooks.trainBegin({ state, steps: stepsTaken });
  if (begun.optState !== undefined) state = { ...state, optState: begun.optState };
  let stopRequested = begun.stop;

  while (state.epoch < epochs && !stopRequested) {
    const epoch = state.epoch + 1;
    const started = performance.now();
    const epochKey = fold(loopKey, epoch);
    const order = permutationArray(fold(epochKey, 0), n);
    const epochBegun = await hooks.epochBegin({ state, steps: stepsTaken, epoch });
    if (epochBegun.optState !== undefined) state = { ...state, optState: epochBegun.optState };
    stopRequested = epochBegun.stop;
    options.reporter?.epochStart?.(steps);
    let { params, optState, modelState } = compiled === undefined ? state : ownCopies(state);
    const extra = new MetricMeans();
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    let hasAccuracy = false;
    for (let b = 0; b < steps && !stopRequested; b++) {
      const batchBegun = await hooks.batchBegin({ epoch, batch: b + 1, batches: steps, steps: stepsTaken, params, optState, modelState });
      if (batchBegun.optState !== undefined) optState = batchBegun.optState;
      if (batchBegun.stop) {
        stopRequested = true;
        break;
      }
      const idx = order.subarray(b * batchSize, Math.min((b + 1) * batchSize, n));
      const batch = rows(train, idx);
      const out = step(params, optState, { x: batch.features, y: batch.labels }, fold(fold(epochKey, 1), b), modelState);
      ({ params, optState, modelState } = out);
      const l = out.metrics.loss.item();
      lossSum += l * idx.length;
      if (out.metrics.accuracy !== undefined) {
        hasAccuracy = true;
        correct += out.metrics.accuracy.item() * idx.length;
      }
      seen += idx.length;
      if (checkFinite !== "off" && (!Number.isFinite(l) || checkFinite === "step")) {
        const found = firstBad(params, modelState);
        if (found !== undefined || !Number.isFinite(l)) throw nonFiniteError(epoch, b + 1, steps, found, l, "");
      }
      stepsTaken += 1;
      const batchMetrics = numbers(out.metrics.extra);
      extra.add(batchMetrics, idx.length);
      // The running mean over the epoch so far, as the table's loss column will show at its end.
      options.reporter?.step?.(b + 1, lossSum / seen);
      if (options.callbacks !== undefined) {
        const accuracy: Metrics = out.metrics.accuracy === undefined ? {} : { accuracy: out.metrics.accuracy.item() };
        const ended = await hooks.batchEnd({ epoch, batch: b + 1, batches: steps, steps: stepsTaken, params, optState, modelState, metrics: { loss: l, ...accuracy, ...batchMetrics } });
        if (ended.optState !== undefined) optState = ended.optState;
        stopRequested ||= ended.stop;
      }
    }
    if (checkFinite === "epoch") {
      const found = firstBad(params, modelState);
      if (found !== undefined) throw nonFiniteError(epoch, steps, steps, found, lossSum / seen, ` (checked at the end of the epoch; checkFinite "step" finds the first bad step)`);
    }
    if (seen === 0) break; // stopped before the epoch's first batch
    const val = validation === undefined ? undefined : evaluate(evaluator, params, modelState, validation, Math.max(batchSize, 256), evalKey);
    const measured: EpochRecord = {
      epoch,
      loss: lossSum / seen,
      ...(hasAccuracy ? { accuracy: correct / seen } : {}),
      ...(val === undefined ? {} : { valLoss: val.loss, ...(val.accuracy === undefined ? {} : { valAccuracy: val.accuracy }) }),
      ...extra.means(), ...val?.extra,
      seconds: (performance.now() - started) / 1000,
    };
    // Callbacks see the epoch's state and figures, and may add figures, change the optimizer state or stop.
    const ended = await hooks.epochEnd({ state: { ...state, params, optState, modelState, epoch }, steps: stepsTaken, epoch, record: measured });
    const record: EpochRecord = { ...measured, ...ended.metrics };
    if (ended.optState !== undefined) optState = ended.optState;
    stopRequested ||= ended.stop;
    const monitored = stopper === undefined ? undefined : record[stopper.monitor];
    if (stopper !== undefined && monitored === undefined) throw new FitConfigError(`fit: early stopping monitors "${stopper.monitor}", which this run does not compute`);
    const verdict = stopper === undefined || monitored === undefined
      ? { state: state.stopping, improved: false, stop: false }
      : stopper.update(state.stopping, monitored, epoch);
    state = {
      params, optState, modelState, epoch,
      history: [...state.history, record],
      stopping: verdict.state,
      best: verdict.improved ? { params, modelState } : state.best,
    };
    options.reporter?.epochEnd?.(record);
    await options.onEpoch?.(state);
    if (verdict.stop) {
      stoppedEarly = true;
      break;
    }
  }
  stoppedEarly ||= stopRequested;
  await hooks.trainEnd({ state, steps: stepsTaken });
  const restore = stopper !== undefined && stopper.restoreBest && state.best !== undefined;
  const returned = restore && state.best !== undefined ? { ...state, params: state.best.params, modelState: state.best.modelState } : state;
  return { ...returned, stoppedEarly, returnedEpoch: restore ? state.stopping.bestEpoch : state.epoch };
}
