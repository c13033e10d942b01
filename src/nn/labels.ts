// Checks on integer class labels (and embedding ids): they must be int32, and every value must
// be a class index 0 … classes − 1. Values can only be checked on concrete tensors; inside a
// transformation (grad, jit) labels are usually still concrete, since nothing differentiates them.
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

/** Throws a LabelError naming the first value outside [0, classes), when the values are known. */
export function checkClassIndices(op: string, what: string, labels: AnyTensor, classes: number): void {
  if (!labels.isConcrete) return;
  const data = concreteData(labels, op);
  const i = data.findIndex((v) => v < 0 || v >= classes);
  if (i >= 0) throw new LabelError(op, `${what} ${data[i]} at position ${i}`, `${what}s in [0, ${classes})`);
}
