// Checks on integer class labels (and embedding ids): they must be int32, and every value must
// be a class index 0 … classes − 1. Concrete labels are checked at once; labels known only when
// a program runs (arguments of a jitted function, traced by vmap) pass through the
// `checkIndices` primitive, which raises the same LabelError when the compiled program runs.
import * as lax from "../core/lax.js";
import { concreteData, type AnyTensor } from "../tensor/tensor.js";
import { LabelError } from "./errors.js";

/** Throws a LabelError unless `labels` is int32, naming a non-integer value if there is one. */
export function checkLabelDType(op: string, labels: AnyTensor): void {
  if (labels.dtype === "int32") return;
  let detail = "";
  if (labels.isConcrete && labels.dtype !== "bool") {
    const data = concreteData(labels, op);
    const i = data.findIndex((v) => !Number.isInteger(v));
    if (i >= 0) detail = `, with the non-integer value ${data[i]} at position ${i}`;
  }
  throw new LabelError(op, `labels of dtype ${labels.dtype}${detail}`, "int32 class indices (cast integer-valued labels with cast(labels, \"int32\"))");
}

/**
 * The labels, checked to be in [0, classes): a LabelError names the first value outside, now if
 * the values are known, else when the program computing them runs (use the returned tensor).
 */
export function checkClassIndices(op: string, what: string, labels: AnyTensor, classes: number): AnyTensor {
  if (!labels.isConcrete) return lax.checkIndices(labels, op, what, classes);
  const data = concreteData(labels, op);
  const i = data.findIndex((v) => v < 0 || v >= classes);
  if (i >= 0) throw new LabelError(op, `${what} ${data[i]} at position ${i}`, `${what}s in [0, ${classes})`);
  return labels;
}
