// From a checkpoint back to a run: `resumeFrom` turns a loaded checkpoint into fit's `resume`
// argument, and `trainingMeta` is what to store in the checkpoint's metadata so that it can.
//
//   onEpoch: (s) => saveCheckpoint(path, { params: s.params, optState: s.optState, modelState: s.modelState,
//                                          best: s.best, step: s.epoch, key, meta: trainingMeta(s) })
//   const loaded = await loadCheckpoint(path, { params, optState: optimizer.init(params), modelState });
//   fit({ ..., resume: resumeFrom(loaded.right) })     // after checking E.isRight(loaded) and the result
//
// The metadata is JSON from a file, so it is decoded, not trusted: a field of the wrong type is a
// CheckpointError naming its path (e.g. "meta.history.2.loss").

import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import type { Checkpoint, CheckpointError } from "../io/checkpoint.js";
import type { EarlyStoppingState } from "./early-stopping.js";
import type { EpochRecord, TrainingState } from "./fit.js";

/** The part of a training state that is not tensors: what a checkpoint's metadata keeps. */
export interface TrainingMeta {
  readonly epoch: number;
  readonly history: readonly EpochRecord[];
  readonly stopping: EarlyStoppingState;
}

/** The metadata to save with a checkpoint of `state`. */
export const trainingMeta = (state: TrainingMeta): TrainingMeta => ({ epoch: state.epoch, history: state.history, stopping: state.stopping });

// JSON has no NaN or Infinity: JSON.stringify writes them as null. A null read back where a number
// belongs is the value that was not finite: NaN for a metric, Infinity for "no best yet".
const numberOr = (name: string, fallback: number) =>
  new t.Type<number, number | null, unknown>(
    name,
    (u): u is number => typeof u === "number",
    (u, c) => (typeof u === "number" ? t.success(u) : u === null ? t.success(fallback) : t.failure(u, c)),
    (n) => n,
  );
const Count = new t.Type<number, number, unknown>(
  "a non-negative integer",
  (u): u is number => typeof u === "number" && Number.isSafeInteger(u) && u >= 0,
  (u, c) => (typeof u === "number" && Number.isSafeInteger(u) && u >= 0 ? t.success(u) : t.failure(u, c)),
  (n) => n,
);
const Metric = numberOr("a number (null for NaN)", NaN);

// Built on first use, like the checkpoint's own metadata codec.
const buildMeta = () => {
  const Record = t.intersection([
    t.type({ epoch: Count, loss: Metric, seconds: Metric }),
    t.partial({ accuracy: Metric, valLoss: Metric, valAccuracy: Metric }),
  ]);
  const Stopping = t.type({ best: numberOr("a number (null for Infinity)", Infinity), bestEpoch: t.number, wait: Count });
  return t.partial({ epoch: Count, history: t.readonlyArray(Record), stopping: Stopping });
};
let builtMeta: ReturnType<typeof buildMeta> | undefined;

/** "meta.history.2.loss: expected a number (null for NaN), got "x"" from io-ts's first error. */
function describe(errors: t.Errors): CheckpointError {
  const context = errors[0]?.context ?? [];
  // The keys from the root down, without the member indices io-ts adds inside an intersection.
  const keys = context.slice(1).filter((_, i) => !(context[i]?.type instanceof t.IntersectionType)).map((c) => c.key);
  const last = context[context.length - 1];
  const value: unknown = errors[0]?.value;
  return { _tag: "CheckpointError", path: ["meta", ...keys].join("."), message: `expected ${last?.type.name ?? "training metadata"}, got ${JSON.stringify(value) ?? String(value)}` };
}

/**
 * fit's `resume` argument from a loaded checkpoint: its parameters, optimizer state, model state
 * and best epoch, with the epoch count, history and early-stopping state read from its metadata
 * (as `trainingMeta` writes it; a checkpoint without them resumes after epoch `step` with an
 * empty history). `loadCheckpoint` reads the model state when it is given the model's template
 * (`{ params, optState, modelState }`); one missing altogether is an error.
 */
export function resumeFrom<P, O, M>(checkpoint: Checkpoint<P, O, M>): E.Either<CheckpointError, TrainingState<P, M, O>> {
  const given: unknown = checkpoint.meta ?? {};
  const decoded = (builtMeta ??= buildMeta()).decode(given);
  if (E.isLeft(decoded)) return E.left(describe(decoded.left));
  const meta = decoded.right;
  const modelState = checkpoint.modelState;
  if (modelState === undefined) return E.left({ _tag: "CheckpointError", path: "state", message: "missing: the checkpoint holds no model state (load it with the model's state as the template's modelState)" });
  return E.right({
    params: checkpoint.params,
    optState: checkpoint.optState,
    modelState,
    epoch: meta.epoch ?? checkpoint.step,
    history: meta.history ?? [],
    stopping: meta.stopping ?? { best: Infinity, bestEpoch: -1, wait: 0 },
    best: checkpoint.best,
  });
}
