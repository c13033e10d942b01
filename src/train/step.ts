// The pure training step: forward pass → loss → backward pass → optimizer update, as one
// function of (params, optState, batch, key[, modelState]). Nothing is mutated and every value
// it computes is a tensor, so the whole step can be traced and compiled with jit.

import { valueAndGrad } from "../ad/api.js";
import { add, argmax, cast, equal, mean } from "../ops/index.js";
import type { Key } from "../random/index.js";
import { Tensor as TensorClass, type Tensor } from "../tensor/tensor.js";
import { isFloat } from "../tensor/dtype.js";
import { typed } from "../ops/typed.js";
import type { FloatDType } from "../tensor/dtype.js";
import { map2 } from "../tree/tree.js";
import type { Grad } from "../tree/tree.js";
import type { Loss, Model, Optimizer, OptStateOf } from "./model.js";
import { optimizerUpdate } from "./optimizer.js";

/** Metrics of one batch, as scalar tensors (read them outside a traced step). */
export interface StepMetrics {
  readonly loss: Tensor<[], FloatDType>;
  /** Fraction of correct argmax predictions, when the labels are int32 class ids. */
  readonly accuracy?: Tensor<[], FloatDType>;
  /** The user's metrics (StepOptions.metrics), by name. */
  readonly extra?: { readonly [name: string]: Tensor<[], FloatDType> };
}

/** A metric of one batch: a scalar of the model output against the labels (e.g. top-5 accuracy),
 *  averaged over batches weighted by their size. */
export type Metric<Y, L> = (output: Y, labels: L) => Tensor<[], FloatDType>;

/** Each metric of `metrics` on (output, labels). */
const extraMetrics = <Y, L>(metrics: { readonly [name: string]: Metric<Y, L> } | undefined, output: Y, labels: L) =>
  metrics === undefined ? {} : { extra: Object.fromEntries(Object.entries(metrics).map(([name, m]) => [name, m(output, labels)])) };

export interface Batch<X, L> {
  readonly x: X;
  readonly y: L;
}

export interface StepResult<P, O, S> {
  readonly params: P;
  readonly optState: O;
  readonly modelState: S;
  readonly metrics: StepMetrics;
}

export interface StepOptions<P, Y = unknown, L = unknown> {
  /** Added to the loss: e.g. `(p) => mul(l2Penalty(p), 1e-4)` for L2 regularization. */
  readonly penalty?: (params: P) => Tensor<[], FloatDType>;
  /** Metrics of each batch besides the loss and accuracy, by name. */
  readonly metrics?: { readonly [name: string]: Metric<Y, L> };
}

/** Applies updates to params leaf by leaf: θ ← θ + u (the optimizer has already scaled and negated). */
export const applyUpdates = <P>(params: P, updates: Grad<P>): P => map2(params, updates, (p, u) => add(p, u), "applyUpdates");

/** Accuracy of class scores [B, C] against int32 labels [B]; undefined for other outputs. */
export function classificationAccuracy(output: unknown, labels: unknown): Tensor<[], FloatDType> | undefined {
  if (!(output instanceof TensorClass) || !(labels instanceof TensorClass)) return undefined;
  if (labels.dtype !== "int32" || !isFloat(output.dtype) || output.shape.length !== 2 || labels.shape.length !== 1) return undefined;
  // The checks above establish the shapes and dtypes these views claim.
  const scores = typed<[number, number], FloatDType>(output);
  const classes = typed<[number], "int32">(labels);
  return mean(cast(equal(argmax(scores, 1), classes), scores.dtype));
}

/**
 * Builds the training step of a model, a loss and an optimizer: every `optim` optimizer
 * (`optim.adam(1e-3)`, `optim.chain(optim.clipByGlobalNorm(1), optim.adamw(schedule))`, …), whose
 * state for the model's parameters P is `OptStateOf<T, P>`, the type of `optimizer.init(params)`.
 */
export function trainStep<P, S, X, Y, L, T extends Optimizer>(
  model: Model<P, S, X, Y>, loss: Loss<NoInfer<Y>, L>, optimizer: T, options: StepOptions<P, NoInfer<Y>, L> = {},
) {
  return (params: P, optState: OptStateOf<T, P>, batch: Batch<X, L>, key: Key, modelState: S): StepResult<P, OptStateOf<T, P>, S> => {
    const objective = (p: P) => {
      const { output, state } = model.apply(p, modelState, batch.x, { key, train: true });
      const data = loss(output, batch.y);
      const total = options.penalty === undefined ? data : add(data, options.penalty(p));
      return [total, { state, data, output }] as const;
    };
    const [[, aux], grads] = valueAndGrad(objective, { hasAux: true })(params);
    const [updates, nextOpt] = optimizerUpdate(optimizer, grads, optState, params);
    const accuracy = classificationAccuracy(aux.output, batch.y);
    const metrics: StepMetrics = { loss: aux.data, ...(accuracy === undefined ? {} : { accuracy }), ...extraMetrics(options.metrics, aux.output, batch.y) };
    return { params: applyUpdates(params, updates), optState: nextOpt, modelState: aux.state, metrics };
  };
}

/** The evaluation step: forward pass in evaluation mode and the metrics, no update. */
export function evalStep<P, S, X, Y, L>(model: Model<P, S, X, Y>, loss: Loss<NoInfer<Y>, L>, metrics?: { readonly [name: string]: Metric<NoInfer<Y>, L> }) {
  return (params: P, modelState: S, batch: Batch<X, L>, key: Key): StepMetrics => {
    const { output } = model.apply(params, modelState, batch.x, { key, train: false });
    const accuracy = classificationAccuracy(output, batch.y);
    const l = loss(output, batch.y);
    return { loss: l, ...(accuracy === undefined ? {} : { accuracy }), ...extraMetrics(metrics, output, batch.y) };
  };
}
