// Classification metrics from logits (or probabilities: only their order matters) and int32
// labels. Both are tensor computations, so they also work inside jit-compiled steps; they have
// no useful derivative (they are piecewise constant).
//
//   accuracy = fraction of rows whose largest score is at the label
//   topK     = fraction of rows whose label has fewer than k scores strictly above it
import * as lax from "../core/lax.js";
import { oneHot } from "../ops/structure.js";
import { typed } from "../ops/typed.js";
import type { Shape } from "../shape/dim.js";
import type { FloatDType } from "../tensor/dtype.js";
import type { AnyTensor, Tensor } from "../tensor/tensor.js";
import { LayerConfigError } from "./errors.js";
import { checkLabels, type LabelShape } from "./losses.js";

/** The mean of a bool tensor as a float of dtype `like`'s. */
const fraction = (mask: AnyTensor, like: AnyTensor): AnyTensor => {
  const n = mask.shape.reduce((a, b) => a * b, 1);
  return lax.scale(lax.reduceSum(lax.convert(mask, like.dtype), mask.shape.map((_, i) => i)), 1 / n);
};

/** How many scores in each row are strictly above the score at the label. */
function scoresAboveLabel(logits: AnyTensor, labels: Tensor<Shape, "int32">, classes: number): AnyTensor {
  const last = logits.shape.length - 1;
  const atLabel = lax.reduceSum(lax.mul(oneHot(labels, classes, logits.dtype), logits), [last]);
  const above = lax.compare("gt", logits, lax.expandReduced(atLabel, logits.shape, [last]));
  return lax.reduceSum(lax.convert(above, "int32"), [last]);
}

/** The fraction of rows whose label is among the k highest scores (ties count in the label's
 *  favour: it is in the top k when fewer than k scores are strictly higher). */
export function topK<S extends Shape, D extends FloatDType>(
  logits: Tensor<S, D>, labels: Tensor<NoInfer<LabelShape<S>>, "int32">, k: number,
): Tensor<[], D> {
  const { classes, labels: checked } = checkLabels("topK", logits, labels);
  if (!Number.isSafeInteger(k) || k < 1 || k > classes) throw new LayerConfigError("topK", `k ${k}`, `an integer k in [1, ${classes}] (the number of classes)`);
  const hits = lax.compare("lt", scoresAboveLabel(logits, checked, classes), lax.full(labels.shape, k, "int32"));
  return typed(fraction(hits, logits));
}

/** The fraction of rows whose highest score is at the label (the first maximum, if tied). */
export function accuracy<S extends Shape, D extends FloatDType>(
  logits: Tensor<S, D>, labels: Tensor<NoInfer<LabelShape<S>>, "int32">,
): Tensor<[], D> {
  const { classes, labels: checked } = checkLabels("accuracy", logits, labels);
  // argmax = the first index of the row maximum.
  const last = logits.shape.length - 1;
  const isMax = lax.compare("eq", logits, lax.expandReduced(lax.reduceMax(logits, [last]), logits.shape, [last]));
  const index = lax.iota(logits.shape, last, "int32");
  const firstMax = lax.neg(lax.reduceMax(lax.select(isMax, lax.neg(index), lax.full(logits.shape, -classes, "int32")), [last]));
  return typed(fraction(lax.compare("eq", firstMax, checked), logits));
}
