// Callbacks: the user's code at the seams of the training loop. Each hook receives the state
// and the figures so far, and may stop training, add metrics to the epoch's record, or hand
// back a changed optimizer state (how a learning-rate scale that lives in that state is changed
// between epochs without recompiling a jitted step).
//
//   trainBegin → (epochBegin → (batchBegin → step → batchEnd)* → epochEnd)* → trainEnd
//
// A hook returns nothing to carry on, "stop" to end training (after the current batch or
// epoch), or { stop, metrics, optState }. Metrics added at epochEnd join the record, and with it
// the history, the epoch table, JSON lines and plots; later callbacks see them. Hooks run in
// the order given and may be async. The parameters handed to batch hooks are valid until the
// next step: a jitted step consumes them (donation), so keep copies, not references.
import type { TrainingState, EpochRecord } from "./fit.js";

/** Named figures of a batch or an epoch. */
export type Metrics = { readonly [name: string]: number };

/** What a hook may ask for. */
export type Verdict<O> = void | "stop" | { readonly stop?: boolean; readonly metrics?: Metrics; readonly optState?: O };

export interface TrainContext<P, S, O> {
  readonly state: TrainingState<P, S, O>;
  /** Optimizer steps taken so far over the whole run (a resumed run counts its earlier ones). */
  readonly steps: number;
}

export interface EpochContext<P, S, O> extends TrainContext<P, S, O> {
  /** The epoch under way (1 for the first). */
  readonly epoch: number;
}

export interface EpochEndContext<P, S, O> extends EpochContext<P, S, O> {
  /** The epoch's figures so far: loss, accuracy, validation, the user's metrics, and what
   *  earlier callbacks added. */
  readonly record: EpochRecord;
}

export interface BatchContext<P, S, O> {
  readonly epoch: number;
  /** The batch within the epoch (1 for the first), of `batches`. */
  readonly batch: number;
  readonly batches: number;
  readonly steps: number;
  readonly params: P;
  readonly optState: O;
  readonly modelState: S;
}

export interface BatchEndContext<P, S, O> extends BatchContext<P, S, O> {
  /** This batch's loss, accuracy (when computed) and user metrics. */
  readonly metrics: Metrics;
}

type Hook<C, R> = (context: C) => R | Promise<R>;

/** Hooks for a run with parameters P, model state S and optimizer state O. (R: the optimizer
 *  states the hooks may return; `never` for an Observer, which returns none.) */
export interface Callback<P = unknown, S = unknown, O = unknown, R extends O = O> {
  readonly trainBegin?: Hook<TrainContext<P, S, O>, Verdict<R>>;
  readonly epochBegin?: Hook<EpochContext<P, S, O>, Verdict<R>>;
  readonly batchBegin?: Hook<BatchContext<P, S, O>, Verdict<R>>;
  readonly batchEnd?: Hook<BatchEndContext<P, S, O>, Verdict<R>>;
  readonly epochEnd?: Hook<EpochEndContext<P, S, O>, Verdict<R>>;
  readonly trainEnd?: Hook<TrainContext<P, S, O>, void>;
}

/** Callbacks that fit any run: they read the state as `unknown` and may stop training or add
 *  metrics, but not hand back an optimizer state. */
export type Observer = Callback<unknown, unknown, unknown, never>;

/** The outcome of one hook over all callbacks. */
export interface HookOutcome<O> {
  readonly stop: boolean;
  readonly metrics: Metrics;
  readonly optState: O | undefined;
}

/** Runs the hook `pick` selects (e.g. `(c) => c.epochEnd`) of every callback in order; each
 *  sees the metrics and optimizer state the earlier ones produced (`withUpdates` rebuilds its
 *  context from them). */
export async function runHook<P, S, O, C>(
  callbacks: readonly Callback<P, S, O>[], pick: (callback: Callback<P, S, O>) => Hook<C, Verdict<O>> | undefined,
  context: C, withUpdates: (context: C, metrics: Metrics, optState: O | undefined) => C,
): Promise<HookOutcome<O>> {
  let stop = false;
  let metrics: Metrics = {};
  let optState: O | undefined;
  for (const callback of callbacks) {
    const hook = pick(callback);
    if (hook === undefined) continue;
    const verdict = await hook(withUpdates(context, metrics, optState));
    if (verdict === undefined) continue;
    if (verdict === "stop") {
      stop = true;
      continue;
    }
    stop ||= verdict.stop === true;
    if (verdict.metrics !== undefined) metrics = { ...metrics, ...checkMetrics(verdict.metrics) };
    if (verdict.optState !== undefined) optState = verdict.optState;
  }
  return { stop, metrics, optState };
}

/** The names every epoch record has; a callback may not overwrite them. */
const reserved = new Set(["epoch", "loss", "accuracy", "valLoss", "valAccuracy", "seconds"]);

/** Throws unless every metric is a number under a name of its own. */
function checkMetrics(metrics: Metrics): Metrics {
  for (const [name, value] of Object.entries(metrics)) {
    if (reserved.has(name)) throw new RangeError(`fit: a callback returned the metric "${name}", a name fit itself records; choose another`);
    if (typeof value !== "number") throw new TypeError(`fit: a callback returned the metric "${name}" = ${String(value)}, expected a number`);
  }
  return metrics;
}

/** Adds the sums of each batch's user metrics, weighted by its size, for their epoch means. */
export class MetricMeans {
  private readonly sums = new Map<string, number>();
  private count = 0;
  add(values: Metrics, weight: number): void {
    for (const [name, v] of Object.entries(values)) this.sums.set(name, (this.sums.get(name) ?? 0) + v * weight);
    this.count += weight;
  }
  /** The means, with each name given `prefix` ("val" → "valTop5"). */
  means(prefix = ""): Metrics {
    const named = (n: string) => (prefix === "" ? n : `${prefix}${n.charAt(0).toUpperCase()}${n.slice(1)}`);
    return Object.fromEntries([...this.sums].map(([n, s]) => [named(n), s / this.count]));
  }
}

/** The loop's view of its callbacks: one call per seam, each returning the hooks' outcome. */
export interface LoopHooks<P, S, O> {
  readonly trainBegin: (context: TrainContext<P, S, O>) => Promise<HookOutcome<O>>;
  readonly epochBegin: (context: EpochContext<P, S, O>) => Promise<HookOutcome<O>>;
  readonly batchBegin: (context: BatchContext<P, S, O>) => Promise<HookOutcome<O>>;
  readonly batchEnd: (context: BatchEndContext<P, S, O>) => Promise<HookOutcome<O>>;
  readonly epochEnd: (context: EpochEndContext<P, S, O>) => Promise<HookOutcome<O>>;
  readonly trainEnd: (context: TrainContext<P, S, O>) => Promise<void>;
}

export function loopHooks<P, S, O>(callbacks: readonly Callback<P, S, O>[] = []): LoopHooks<P, S, O> {
  // Each later callback sees the optimizer state (and, at epochEnd, the record) as the earlier ones left it.
  const train = (c: TrainContext<P, S, O>, _m: Metrics, o: O | undefined): TrainContext<P, S, O> => (o === undefined ? c : { ...c, state: { ...c.state, optState: o } });
  const epoch = (c: EpochContext<P, S, O>, _m: Metrics, o: O | undefined): EpochContext<P, S, O> => (o === undefined ? c : { ...c, state: { ...c.state, optState: o } });
  const batch = (c: BatchContext<P, S, O>, _m: Metrics, o: O | undefined): BatchContext<P, S, O> => (o === undefined ? c : { ...c, optState: o });
  const batchEnd = (c: BatchEndContext<P, S, O>, _m: Metrics, o: O | undefined): BatchEndContext<P, S, O> => (o === undefined ? c : { ...c, optState: o });
  const epochEnd = (c: EpochEndContext<P, S, O>, m: Metrics, o: O | undefined): EpochEndContext<P, S, O> =>
    ({ ...c, record: { ...c.record, ...m }, ...(o === undefined ? {} : { state: { ...c.state, optState: o } }) });
  return {
    trainBegin: (c) => runHook(callbacks, (cb) => cb.trainBegin, c, train),
    epochBegin: (c) => runHook(callbacks, (cb) => cb.epochBegin, c, epoch),
    batchBegin: (c) => runHook(callbacks, (cb) => cb.batchBegin, c, batch),
    batchEnd: (c) => runHook(callbacks, (cb) => cb.batchEnd, c, batchEnd),
    epochEnd: (c) => runHook(callbacks, (cb) => cb.epochEnd, c, epochEnd),
    trainEnd: async (c) => {
      for (const callback of callbacks) await callback.trainEnd?.(c);
    },
  };
}
