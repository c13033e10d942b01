// The checked casts: for data and dims the compiler cannot see, check at runtime what the type
// will claim, and type the tensor with it.
//
//   assertShape(x, [b, t, 16])     x: Tensor<Shape>  →  Tensor<[B, T, 16]> when b: B, t: T
//   assertShape(x, [-1, 784])      -1 is any size (typed number), as in reshape
//   assertDType(y, "int32")        Tensor<S, "int32">
//
// A mismatch throws at once, where the assumption was made, instead of as a shape error deep
// inside a later op. The tensor is returned as it is (no copy): only its type changes.

import { DTypeError } from "../core/errors.js";
import type { Shape } from "../shape/index.js";
import { TensorShapeError } from "../shape/index.js";
import { shapeToString } from "../shape/runtime/show.js";
import type { DType } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import { typed } from "./typed.js";

/** The written-out dims: -1 as "-1", the rest as numbers. */
const showDims = (dims: readonly number[]): string => `[${dims.join(", ")}]`;

/** Throws unless `shape` has `dims`' rank and each dim equals its entry (-1 matches every size). */
function checkDims(shape: readonly number[], dims: readonly number[]): void {
  const expected = `${showDims(dims)}${dims.includes(-1) ? ", -1 for any size" : ""}`;
  const bad = dims.findIndex((d) => !(d === -1 || (Number.isSafeInteger(d) && d >= 0)));
  if (bad >= 0) {
    throw new TensorShapeError("assertShape", [shape, dims], "each dim a non-negative integer, or -1 for any size", `invalid expected dim ${bad}: ${String(dims[bad])} in ${showDims(dims)}`);
  }
  if (dims.filter((d) => d === -1).length > 1) {
    throw new TensorShapeError("assertShape", [shape, dims], "at most one -1 (any size), as in reshape; give the other dims as values, e.g. x.shape[i]", `more than one -1 in ${showDims(dims)}`);
  }
  if (shape.length !== dims.length) {
    throw new TensorShapeError("assertShape", [shape, dims], `rank ${dims.length}: ${expected}`, `rank ${shape.length} in ${shapeToString(shape)}`);
  }
  const wrong = dims.findIndex((d, i) => d !== -1 && d !== shape[i]);
  if (wrong >= 0) {
    throw new TensorShapeError("assertShape", [shape, dims], expected, `dim ${wrong} is ${String(shape[wrong])} in ${shapeToString(shape)}, not ${String(dims[wrong])}`);
  }
}

// One signature per position of the -1 (any size), the other dims kept exactly as given. Overload
// resolution, unlike a conditional type, can tell that a type parameter B is not the literal -1
// (B is assignable to number, not to -1), so dims such as `x.shape[0]` keep their type parameter.
/**
 * `x` typed with the given dims after checking them at runtime: each entry is the size that axis
 * must have (a literal, a number, or a value typed by a type parameter such as `x.shape[0]`), and
 * one entry may be -1 for any size (typed `number`). A mismatch is a TensorShapeError naming
 * assertShape, the axis, and both shapes.
 */
export function assertShape<D extends DType, const R extends readonly number[]>(x: Tensor<Shape, D>, dims: readonly [-1, ...R]): Tensor<[number, ...R], D>;
export function assertShape<D extends DType, const A extends number, const R extends readonly number[]>(x: Tensor<Shape, D>, dims: readonly [A, -1, ...R]): Tensor<[A, number, ...R], D>;
export function assertShape<D extends DType, const A extends number, const B extends number, const R extends readonly number[]>(
  x: Tensor<Shape, D>, dims: readonly [A, B, -1, ...R]): Tensor<[A, B, number, ...R], D>;
export function assertShape<D extends DType, const A extends number, const B extends number, const C extends number, const R extends readonly number[]>(
  x: Tensor<Shape, D>, dims: readonly [A, B, C, -1, ...R]): Tensor<[A, B, C, number, ...R], D>;
export function assertShape<D extends DType, const A extends number, const B extends number, const C extends number, const E extends number, const R extends readonly number[]>(
  x: Tensor<Shape, D>, dims: readonly [A, B, C, E, -1, ...R]): Tensor<[A, B, C, E, number, ...R], D>;
export function assertShape<D extends DType, const A extends number, const B extends number, const C extends number, const E extends number, const F extends number, const R extends readonly number[]>(
  x: Tensor<Shape, D>, dims: readonly [A, B, C, E, F, -1, ...R]): Tensor<[A, B, C, E, F, number, ...R], D>;
export function assertShape<D extends DType, const S extends readonly number[]>(x: Tensor<Shape, D>, dims: S): Tensor<{ -readonly [K in keyof S]: S[K] }, D>;
export function assertShape<D extends DType>(x: Tensor<Shape, D>, dims: readonly number[]): Tensor<Shape, D> {
  checkDims(x.shape, dims);
  return x;
}

/** `x` typed with dtype `dtype` after checking it at runtime (a DTypeError naming assertDType otherwise). */
export function assertDType<S extends Shape, const D extends DType>(x: Tensor<S, DType>, dtype: D): Tensor<S, D> {
  if (x.dtype !== dtype) throw new DTypeError("assertDType", [x.dtype], dtype);
  return typed<S, D>(x);
}
