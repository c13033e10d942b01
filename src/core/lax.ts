// One function per primitive, over untyped tensors: the vocabulary that jvp and transpose
// rules, and the typed user-facing ops, are written in. Each is a single `bind`.

import "./eval.js"; // installs level 0 of the interpreter stack
import type { DType } from "../tensor/dtype.js";
import { allocate, coerceScalar } from "../tensor/dtype.js";
import { Tensor, type AnyTensor } from "../tensor/tensor.js";
import { shapesEqual, type Shape } from "../shape/index.js";
import type { CompareOp, SampleParams } from "./primitives.js";
import { bind } from "./trace.js";

type T = AnyTensor;
const none = {} as const;

export const neg = (x: T): T => bind("neg", [x], none);
export const exp = (x: T): T => bind("exp", [x], none);
export const log = (x: T): T => bind("log", [x], none);
export const sin = (x: T): T => bind("sin", [x], none);
export const cos = (x: T): T => bind("cos", [x], none);
export const tanh = (x: T): T => bind("tanh", [x], none);
export const sqrt = (x: T): T => bind("sqrt", [x], none);
export const expm1 = (x: T): T => bind("expm1", [x], none);
export const log1p = (x: T): T => bind("log1p", [x], none);

export const add = (a: T, b: T): T => bind("add", [a, b], none);
export const sub = (a: T, b: T): T => bind("sub", [a, b], none);
export const mul = (a: T, b: T): T => bind("mul", [a, b], none);
export const div = (a: T, b: T): T => bind("div", [a, b], none);
export const pow = (a: T, b: T): T => bind("pow", [a, b], none);
export const max = (a: T, b: T): T => bind("max", [a, b], none);
export const min = (a: T, b: T): T => bind("min", [a, b], none);
export const compare = (op: CompareOp, a: T, b: T): T => bind("compare", [a, b], { op });
export const select = (pred: T, onTrue: T, onFalse: T): T => bind("select", [pred, onTrue, onFalse], none);

export const reduceSum = (x: T, axes: readonly number[]): T => bind("reduceSum", [x], { axes });
export const reduceMax = (x: T, axes: readonly number[]): T => bind("reduceMax", [x], { axes });

export const broadcast = (x: T, shape: readonly number[]): T =>
  sameDims(x.shape, shape) ? x : bind("broadcast", [x], { shape });
export const reshape = (x: T, shape: readonly number[]): T =>
  sameDims(x.shape, shape) ? x : bind("reshape", [x], { shape });
export const transpose = (x: T, perm: readonly number[]): T =>
  perm.every((p, i) => p === i) ? x : bind("transpose", [x], { perm });
export const slice = (x: T, starts: readonly number[], limits: readonly number[], strides?: readonly number[]): T =>
  bind("slice", [x], { starts, limits, strides: strides ?? starts.map(() => 1) });
export const pad = (x: T, lo: readonly number[], hi: readonly number[], interior?: readonly number[]): T =>
  bind("pad", [x], { lo, hi, interior: interior ?? lo.map(() => 0) });
export const concatenate = (xs: readonly T[], axis: number): T => bind("concatenate", xs, { axis });
export const gather = (x: T, indices: T, axis: number): T => bind("gather", [x, indices], { axis });
export const scatterAdd = (updates: T, indices: T, axis: number, shape: readonly number[]): T =>
  bind("scatterAdd", [updates, indices], { axis, shape });
export const iota = (shape: readonly number[], axis: number, dtype: DType): T => bind("iota", [], { shape, axis, dtype });
export const dot = (a: T, b: T, transposeA = false, transposeB = false): T => bind("dot", [a, b], { transposeA, transposeB });
export const convert = (x: T, dtype: DType): T => (x.dtype === dtype ? x : bind("convert", [x], { dtype }));
export const stopGradient = (x: T): T => bind("stopGradient", [x], none);
/** x itself, once every element is checked to be in [0, bound) (a LabelError names the first that is not). */
export const checkIndices = (x: T, op: string, what: string, bound: number): T => bind("checkIndices", [x], { op, what, bound });
/** The words of child `counter` of the key whose words are `words` (float64[2]). */
export const keyChild = (words: T, counter: number): T => bind("keyChild", [words], { counter });
/** Values drawn from the key whose words are `words`; categorical also takes the logits. */
export const sample = (words: T, params: SampleParams, logits?: T): T =>
  bind("sample", logits === undefined ? [words] : [words, logits], params);

// ---------------------------------------------------------------------------------------------
// Helpers built from the above, used throughout the rule tables.

export const sameDims = shapesEqual;

/** A concrete tensor of `shape` filled with `value` (stored once and broadcast lazily by kernels). */
export function full(shape: readonly number[], value: number, dtype: DType): T {
  const data = allocate(dtype, shape.reduce((a, b) => a * b, 1));
  data.fill(coerceScalar(dtype, value));
  return new Tensor<Shape, DType>(shape, dtype, data);
}

export const scalarLike = (x: T, value: number): T => full([], value, x.dtype);
/** `value` broadcast to x's shape and dtype. */
export const fullLike = (x: T, value: number): T => broadcast(scalarLike(x, value), x.shape);
export const zerosLike = (x: T): T => fullLike(x, 0);
export const onesLike = (x: T): T => fullLike(x, 1);

/** x * c for a JS number c. */
export const scale = (x: T, c: number): T => mul(x, fullLike(x, c));

/** Sums `x` (of a broadcast result's shape) back down to `shape`: the transpose of broadcast. */
export function unbroadcast(x: T, shape: readonly number[]): T {
  if (sameDims(x.shape, shape)) return x;
  const lead = x.shape.length - shape.length;
  const axes: number[] = [];
  x.shape.forEach((d, i) => {
    if (i < lead || (shape[i - lead] === 1 && d !== 1)) axes.push(i);
  });
  const summed = axes.length > 0 ? reduceSum(x, axes) : x;
  return reshape(summed, shape);
}

/** Reinserts reduced axes as size-1 dims, then broadcasts back to `shape`: the transpose of reduceSum. */
export function expandReduced(x: T, shape: readonly number[], axes: readonly number[]): T {
  const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  return broadcast(reshape(x, kept), shape);
}
