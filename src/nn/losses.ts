// Losses: how far predictions are from targets, as a scalar to minimize. Each averages over
// its examples (for classification losses an example is one row of class scores, the last
// axis; for the others, one element), so the loss does not grow with the batch size.
//
//   mse    = mean (p − t)²                      mae   = mean |p − t|
//   huber  = mean { ½ r²  if |r| ≤ δ;  δ (|r| − ½δ) otherwise },  r = p − t
//   crossEntropy             = mean over rows of −Σ_k t_k log p_k            (p: probabilities)
//   softmaxCrossEntropy      = mean over rows of −Σ_k t_k log softmax(z)_k   (z: logits)
//   sparseSoftmaxCrossEntropy = mean over rows of −log softmax(z)_y          (y: int32 class)
//   binaryCrossEntropy       = mean of −[t log p + (1 − t) log(1 − p)]
//   sigmoidBinaryCrossEntropy = mean of softplus(z) − t·z  (= the line above with p = σ(z))
//
// The logit forms never take the log of a rounded-off probability, so they stay finite and
// exact for logits of any size; prefer them to the probability forms.
import * as lax from "../core/lax.js";
import { oneHot } from "../ops/structure.js";
import { typed } from "../ops/typed.js";
import type { Shape } from "../shape/dim.js";
import { TensorShapeError } from "../shape/runtime/error.js";
import { shapesEqual } from "../shape/runtime/basics.js";
import { shapeToString } from "../shape/runtime/show.js";
import type { FloatDType } from "../tensor/dtype.js";
import type { AnyTensor, Tensor } from "../tensor/tensor.js";
import { logSoftmax, softplus } from "./activations.js";
import { LayerConfigError } from "./errors.js";
import { checkFloat } from "./layer.js";
import { checkClassIndices, checkLabelDType } from "./labels.js";

type T = AnyTensor;

/** Checks that predictions and targets are float tensors of one shape, with at least one element. */
function checkPair(op: string, predictions: T, targets: T): void {
  checkFloat(op, predictions);
  checkFloat(op, targets);
  if (!shapesEqual(predictions.shape, targets.shape)) {
    throw new TensorShapeError(op, [predictions.shape, targets.shape], "targets of the predictions' shape",
      `predictions ${shapeToString(predictions.shape)} and targets ${shapeToString(targets.shape)} differ`);
  }
  checkNotEmpty(op, predictions);
}

/** An empty batch has no mean. */
function checkNotEmpty(op: string, x: T): void {
  if (x.shape.some((d) => d === 0)) throw new TensorShapeError(op, [x.shape], "at least one example", `got an empty batch ${shapeToString(x.shape)}`);
}

/** Rows of class scores need a class axis. */
function checkClassAxis(op: string, x: T): void {
  if (x.shape.length === 0) throw new TensorShapeError(op, [x.shape], "a class axis: [..., classes]", "got a scalar");
}

const meanAll = (x: T): T => lax.scale(lax.reduceSum(x, x.shape.map((_, i) => i)), 1 / x.shape.reduce((a, b) => a * b, 1));
const lastAxis = (x: T): number => x.shape.length - 1;
/** Σ over the class axis, then the mean over the rows. */
const meanOfRowSums = (x: T): T => meanAll(lax.reduceSum(x, [lastAxis(x)]));
const absolute = (x: T): T => lax.select(lax.compare("lt", x, lax.zerosLike(x)), lax.neg(x), x);

/** Mean squared error: mean (p − t)². */
export function mse<S extends Shape, D extends FloatDType>(predictions: Tensor<S, D>, targets: Tensor<NoInfer<S>, NoInfer<D>>): Tensor<[], D> {
  checkPair("mse", predictions, targets);
  const r = lax.sub(predictions, targets);
  return typed(meanAll(lax.mul(r, r)));
}

/** Mean absolute error: mean |p − t|. */
export function mae<S extends Shape, D extends FloatDType>(predictions: Tensor<S, D>, targets: Tensor<NoInfer<S>, NoInfer<D>>): Tensor<[], D> {
  checkPair("mae", predictions, targets);
  return typed(meanAll(absolute(lax.sub(predictions, targets))));
}

/** Huber loss with threshold δ (default 1): ½r² for |r| ≤ δ, δ(|r| − ½δ) beyond, with matching
 *  value and slope at |r| = δ. The two branches are selected, not blended (as ½q² + δ(|r| − q)
 *  with q = min(|r|, δ) would be), so the gradient of a tiny residual is not lost to cancellation. */
export function huber<S extends Shape, D extends FloatDType>(predictions: Tensor<S, D>, targets: Tensor<NoInfer<S>, NoInfer<D>>, delta = 1): Tensor<[], D> {
  if (!(delta > 0)) throw new LayerConfigError("huber", `delta ${delta}`, "a positive threshold delta");
  checkPair("huber", predictions, targets);
  const r = lax.sub(predictions, targets);
  const a = absolute(r);
  const quadratic = lax.scale(lax.mul(r, r), 0.5);
  const linear = lax.scale(lax.sub(a, lax.fullLike(a, delta / 2)), delta);
  return typed(meanAll(lax.select(lax.compare("le", a, lax.fullLike(a, delta)), quadratic, linear)));
}

export interface ProbabilityOptions {
  /** Probabilities are clipped to [ε, 1 − ε] before the log (default 1e-7), so a confident
   *  wrong answer costs −log ε instead of ∞. */
  readonly epsilon?: number;
}

const epsilonOf = (op: string, options: ProbabilityOptions): number => {
  const epsilon = options.epsilon ?? 1e-7;
  if (!(epsilon > 0 && epsilon < 0.5)) throw new LayerConfigError(op, `epsilon ${epsilon}`, "an epsilon in (0, 0.5)");
  return epsilon;
};

/** log of p clipped to [ε, 1 − ε]. */
const clippedLog = (p: T, epsilon: number): T => lax.log(lax.min(lax.max(p, lax.fullLike(p, epsilon)), lax.fullLike(p, 1 - epsilon)));

/** Cross-entropy of predicted probabilities p against target distributions t (one-hot rows, or
 *  soft labels) over the last axis: mean over rows of −Σ_k t_k log p_k. */
export function crossEntropy<S extends Shape, D extends FloatDType>(
  probabilities: Tensor<S, D>, targets: Tensor<NoInfer<S>, NoInfer<D>>, options: ProbabilityOptions = {},
): Tensor<[], D> {
  const epsilon = epsilonOf("crossEntropy", options);
  checkPair("crossEntropy", probabilities, targets);
  checkClassAxis("crossEntropy", probabilities);
  return typed(lax.neg(meanOfRowSums(lax.mul(targets, clippedLog(probabilities, epsilon)))));
}

/** Cross-entropy of softmax(logits) against target distributions over the last axis:
 *  mean over rows of −Σ_k t_k log softmax(z)_k, with log softmax computed stably. */
export function softmaxCrossEntropy<S extends Shape, D extends FloatDType>(logits: Tensor<S, D>, targets: Tensor<NoInfer<S>, NoInfer<D>>): Tensor<[], D> {
  checkPair("softmaxCrossEntropy", logits, targets);
  checkClassAxis("softmaxCrossEntropy", logits);
  return typed(lax.neg(meanOfRowSums(lax.mul(targets, logSoftmax(logits)))));
}

/**
 * Checks int32 labels of shape logits.shape[:-1] with values in [0, classes); returns the class
 * count and the labels to compute with (checked when the program runs, if not known now).
 */
export function checkLabels(op: string, logits: T, labels: T): { readonly classes: number; readonly labels: Tensor<Shape, "int32"> } {
  checkFloat(op, logits);
  checkClassAxis(op, logits);
  checkLabelDType(op, labels);
  const classes = logits.shape[lastAxis(logits)] ?? 0;
  if (!shapesEqual(labels.shape, logits.shape.slice(0, -1))) {
    throw new TensorShapeError(op, [logits.shape, labels.shape], `labels of shape ${shapeToString(logits.shape.slice(0, -1))} (one per row of logits)`,
      `logits ${shapeToString(logits.shape)} and labels ${shapeToString(labels.shape)} do not match`);
  }
  checkNotEmpty(op, logits);
  return { classes, labels: typed(checkClassIndices(op, "label", labels, classes)) }; // int32, checked above
}

/** The shape of the labels for logits of shape S: S without its last (class) axis. */
export type LabelShape<S extends Shape> = S extends readonly [...infer Lead extends Shape, number] ? Lead : Shape;

/** softmaxCrossEntropy with integer class labels instead of one-hot rows:
 *  mean over rows of −log softmax(z)_y. Labels are int32 in [0, classes). */
export function sparseSoftmaxCrossEntropy<S extends Shape, D extends FloatDType>(
  logits: Tensor<S, D>, labels: Tensor<NoInfer<LabelShape<S>>, "int32">,
): Tensor<[], D> {
  const { classes, labels: checked } = checkLabels("sparseSoftmaxCrossEntropy", logits, labels);
  const picked = lax.mul(oneHot(checked, classes, logits.dtype), logSoftmax(logits));
  return typed(lax.neg(meanOfRowSums(picked)));
}

/** Binary cross-entropy of probabilities p against targets t in [0, 1], elementwise:
 *  mean of −[t log p + (1 − t) log(1 − p)]. */
export function binaryCrossEntropy<S extends Shape, D extends FloatDType>(
  probabilities: Tensor<S, D>, targets: Tensor<NoInfer<S>, NoInfer<D>>, options: ProbabilityOptions = {},
): Tensor<[], D> {
  const epsilon = epsilonOf("binaryCrossEntropy", options);
  checkPair("binaryCrossEntropy", probabilities, targets);
  const ones = lax.onesLike(probabilities);
  const positive = lax.mul(targets, clippedLog(probabilities, epsilon));
  // log(1 − p) as log1p(−p): exact for small p, where 1 − p would round (p = 1e-5 in float32)
  const clipped = lax.min(lax.max(probabilities, lax.fullLike(probabilities, epsilon)), lax.fullLike(probabilities, 1 - epsilon));
  const negative = lax.mul(lax.sub(ones, targets), lax.log1p(lax.neg(clipped)));
  return typed(lax.neg(meanAll(lax.add(positive, negative))));
}

/** Binary cross-entropy of σ(z) against targets t, from logits z: mean of softplus(z) − t·z,
 *  which is exact where σ(z) would round to 0 or 1. */
export function sigmoidBinaryCrossEntropy<S extends Shape, D extends FloatDType>(logits: Tensor<S, D>, targets: Tensor<NoInfer<S>, NoInfer<D>>): Tensor<[], D> {
  checkPair("sigmoidBinaryCrossEntropy", logits, targets);
  return typed(meanAll(lax.sub(softplus(logits), lax.mul(targets, logits))));
}
