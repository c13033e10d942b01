// Tensor arithmetic over the leaves of parameter trees, shared by the building blocks.
//
// Tree leaves have shapes known only at runtime, so the typed ops see them as `FloatTensor`s
// (shape type `number[]`), and tree.map checks at runtime that every leaf keeps its shape and
// dtype. With such shapes the typed ops combine a leaf with a leaf of the same shape, or with a
// number written first (`add(eps, v)`, `mul(beta, v)`); a scalar tensor is stretched to the
// leaf's shape first (`stretch`). Optimizer arithmetic is defined on float leaves only: an int32
// or bool gradient is an error that names the transformation and the leaf.

import * as lax from "../core/lax.js";
import { cast } from "../ops/index.js";
import type { Shape } from "../shape/index.js";
import { full, isFloat, type AnyTensor, type DType, type FloatDType, type Tensor } from "../tensor/index.js";
import { assertSameStructure, leaves, map, mapN, type Grad } from "../tree/index.js";
import { GradientDTypeError } from "./errors.js";

/**
 * A float tensor of a shape known only at runtime: what optimizer arithmetic works on. Its shape
 * type is `number[]`, the type the typed ops give such results, so that leaves and intermediate
 * results combine freely.
 */
export type FloatTensor = Tensor<number[], FloatDType>;

const isFloatTensor = (x: AnyTensor): x is FloatTensor => isFloat(x.dtype);

function asFloat(op: string, x: AnyTensor | undefined, leaf: number): FloatTensor {
  if (x === undefined) throw new RangeError(`${op}: missing leaf ${leaf}`);
  if (!isFloatTensor(x)) throw new GradientDTypeError(op, leaf, x.dtype);
  return x;
}

/** The leaves of a tree, each checked to be a float tensor. */
export const floatLeaves = (op: string, tree: unknown): FloatTensor[] => leaves(tree).map((x, i) => asFloat(op, x, i));

/** f applied to every leaf of a tree of float tensors; the result has the tree's own type. */
export function mapFloat<T>(op: string, tree: T, f: (x: FloatTensor) => FloatTensor): T {
  return map(tree, (x, i) => f(asFloat(op, x, i)), op);
}

/** f applied to corresponding leaves of two trees of one structure; the first gives the type. */
export function mapFloat2<T>(op: string, a: T, b: unknown, f: (x: FloatTensor, y: FloatTensor) => FloatTensor): T {
  return mapN(op, [a, b], (xs, i) => f(asFloat(op, xs[0], i), asFloat(op, xs[1], i)));
}

/** f applied to corresponding leaves of three trees of one structure; the first gives the type. */
export function mapFloat3<T>(
  op: string, a: T, b: unknown, c: unknown, f: (x: FloatTensor, y: FloatTensor, z: FloatTensor) => FloatTensor,
): T {
  return mapN(op, [a, b, c], (xs, i) => f(asFloat(op, xs[0], i), asFloat(op, xs[1], i), asFloat(op, xs[2], i)));
}

/**
 * A tree shaped like `params` with every leaf filled with `value`, typed as the gradient of
 * `params`: the initial value of every per-parameter statistic (moments, traces, sums).
 */
export function fullLikeTree<P>(params: P, value: number): Grad<P> {
  const filled: unknown = map(params, (x) => full(x.shape, value, x.dtype), "optimizer init");
  // Grad<P> is P's own tree with P's own leaf types (only readonly modifiers differ), and
  // tree.map has just checked that every leaf kept its shape and dtype.
  return filled as Grad<P>;
}

/**
 * A per-parameter statistic for `init`: fullLikeTree typed for the state of the gradients'
 * type Grad<P>, which `init` builds (see GradientTransformation.init). Grad is idempotent, so
 * Grad<Grad<P>> is Grad<P>; saying so lets code generic over P type-check.
 */
export function statisticLike<P>(params: P, value: number): Grad<Grad<P>> {
  const filled: unknown = fullLikeTree(params, value);
  return filled as Grad<Grad<P>>; // Grad<Grad<P>> = Grad<P>, as said above
}

/**
 * A scalar stretched to a leaf's shape, so that the two combine elementwise. (The typed ops
 * check broadcasting at compile time and need tuple shapes for it; a leaf's shape is known only
 * at runtime, so the scalar is broadcast explicitly.)
 */
export function stretch(scalar: Tensor<[], FloatDType>, like: FloatTensor): FloatTensor {
  const out = lax.broadcast(scalar, like.shape);
  if (!isFloatTensor(out)) throw new GradientDTypeError("stretch", 0, out.dtype);
  return out;
}

/** Throws a TreeMismatchError unless the gradients have the state's tree (structure, shapes, dtypes). */
export function checkGradsMatch(op: string, stateTree: unknown, grads: unknown): void {
  assertSameStructure(`${op}: the gradients do not match the optimizer state`, stateTree, grads);
}

/**
 * Elementwise `cond ? a : b` for a scalar condition and two leaves of one shape. The typed
 * `where` needs tuple shapes to check broadcasting at compile time; here the shapes are known
 * only at runtime, so the primitive select is used with the condition broadcast explicitly.
 */
export function selectLeaf(cond: Tensor<[], "bool">, a: AnyTensor, b: AnyTensor): AnyTensor {
  return lax.select(lax.broadcast(cond, a.shape), a, b);
}

/** `cond ? a : b` leaf by leaf for two trees of one structure (the first gives the type). */
export function selectTree<T>(op: string, cond: Tensor<[], "bool">, a: T, b: unknown): T {
  return mapN(op, [a, b], (xs, i) => {
    const [x, y] = [xs[0], xs[1]];
    if (x === undefined || y === undefined) throw new RangeError(`${op}: missing leaf ${i}`);
    return selectLeaf(cond, x, y);
  });
}

/** The same values in another dtype (float → int32 truncates toward zero). */
export function convert<S extends Shape, D extends DType>(x: Tensor<S, DType>, dtype: D): Tensor<S, D> {
  // `cast` converts from every dtype at runtime; its parameter type names float32 only.
  return cast(x as Tensor<S>, dtype);
}

/** ⌊x⌋ for x ≥ 0, by truncation through int32 (exact below 2³¹). */
export const floorNonNegative = <D extends FloatDType>(x: Tensor<[], D>): Tensor<[], D> => convert(convert(x, "int32"), x.dtype);

/**
 * Memoizes a per-dtype computation for the duration of one update, so that a step-dependent
 * scalar (a schedule's value, a bias correction) is built once per float dtype rather than once
 * per leaf.
 */
export function perDType<R>(f: (dtype: FloatDType) => R): (dtype: FloatDType) => R {
  const cache = new Map<FloatDType, R>();
  return (dtype) => {
    const hit = cache.get(dtype);
    if (hit !== undefined) return hit;
    const value = f(dtype);
    cache.set(dtype, value);
    return value;
  };
}
