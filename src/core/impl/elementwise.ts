// Reference kernels for elementwise primitives: one plain loop over typed arrays each, no
// per-element allocation. Operands of binary primitives have identical shapes.

import { allocate, type AnyData, type DType } from "../../tensor/dtype.js";
import type { BinaryTag, CompareOp, UnaryTag } from "../primitives.js";

export const unaryFns: { readonly [P in UnaryTag]: (x: number) => number } = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sqrt: Math.sqrt,
  expm1: Math.expm1,
  log1p: Math.log1p,
};

export const binaryFns: { readonly [P in BinaryTag]: (a: number, b: number) => number } = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  max: Math.max, // NaN-propagating, like the IEEE maximum JAX uses
  min: Math.min,
};

export const compareFns: { readonly [C in CompareOp]: (a: number, b: number) => boolean } = {
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
};

export function mapUnary(f: (x: number) => number, x: AnyData, dtype: DType): AnyData {
  const out = allocate(dtype, x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i] ?? 0);
  return out;
}

export function mapBinary(f: (a: number, b: number) => number, a: AnyData, b: AnyData, dtype: DType): AnyData {
  const out = allocate(dtype, a.length);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i] ?? 0, b[i] ?? 0);
  return out;
}

export function compareArrays(op: CompareOp, a: AnyData, b: AnyData): AnyData {
  const f = compareFns[op];
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i] ?? 0, b[i] ?? 0) ? 1 : 0;
  return out;
}

export function selectArrays(pred: AnyData, onTrue: AnyData, onFalse: AnyData, dtype: DType): AnyData {
  const out = allocate(dtype, pred.length);
  for (let i = 0; i < pred.length; i++) out[i] = pred[i] !== 0 ? (onTrue[i] ?? 0) : (onFalse[i] ?? 0);
  return out;
}

/** Casts between dtypes: float → int32 truncates toward zero (NaN → 0); anything → bool is `x ≠ 0`. */
export function convertArray(x: AnyData, dtype: DType): AnyData {
  const out = allocate(dtype, x.length);
  if (dtype === "bool") for (let i = 0; i < x.length; i++) out[i] = x[i] !== 0 ? 1 : 0;
  else if (dtype === "int32") for (let i = 0; i < x.length; i++) out[i] = Math.trunc(x[i] ?? 0);
  else out.set(x);
  return out;
}
