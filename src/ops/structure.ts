// Ops that rearrange elements without computing new values: reshape, flatten, transpose,
// permute, broadcastTo, expandDims, squeeze, concat, stack, slice, take/gather, pad, oneHot.
// Each checks its shape rule at compile time (literal dims) and again at runtime.

import * as lax from "../core/lax.js";
import {
  broadcastShapes, concatShape, expandDimsShape, flattenShape, normalizeAxis, permuteShape, reshapeShape, sliceShape,
  shapeToString, squeezeShape, stackShape, swapLastShape, transposeShape, TensorShapeError,
  type Broadcast, type ConcatAll, type ExpandDims, type Flatten, type Guard, type Ok, type Permute, type Reshape,
  type Shape, type Slice, type Squeeze, type Stack, type SwapLast, type Transpose,
} from "../shape/index.js";
import type { FlattenDecided } from "../shape/types/flatten.js";
import type { Pad, PadWidths } from "../shape/types/pad.js";
import type { Take } from "../shape/types/take.js";
import type { DType } from "../tensor/dtype.js";
import type { AnyTensor, Tensor } from "../tensor/tensor.js";
import { typed } from "./typed.js";

type AxisZero = 0;
type AxisOne = 1;
type LastAxis = -1;

/** The dims after the first: `[-1, 4, 8]` → `[4, 8]`. */
type Tail<S extends Shape> = S extends readonly [unknown, ...infer R extends Shape] ? R : [];
/** The dims before the last: `[B, -1]` → `[B]`. */
type Init<S extends Shape> = S extends readonly [...infer L extends Shape, unknown] ? L : [];

/**
 * The same elements in a new shape; one dim may be -1 ("whatever size fits"). The signatures are
 * tried in order:
 * - the reshape rule, exact for known dims: `[B, 28, 28] → [B, 784]` (dims shared at the front
 *   and back are set aside, even a generic B), `[B, 28, 28] → [B, -1]` is `[B, 784]`;
 * - for code generic over its dims, where the element counts cannot be compared, the cases that
 *   hold whatever the dims are: a -1 first or last gives `number` for that dim
 *   (`[B, T, 16] → [-1, 16]` is `[number, 16]`), and adding or removing a leading or trailing 1
 *   keeps the other dims (`[T] → [1, T]` with `[1, x.shape[0]]`);
 * - the rule again, whose ShapeError is what the compiler reports when nothing fits.
 * The runtime checks the element counts in every case.
 */
export function reshape<S extends Shape, const To extends Shape, D extends DType = "float32">(
  x: Tensor<S, D>, shape: To & Guard<Reshape<S, To>>,
): Tensor<Ok<Reshape<S, To>>, D>;
export function reshape<S extends Shape, const To extends readonly [-1, ...Shape], D extends DType = "float32">(x: Tensor<S, D>, shape: To): Tensor<[number, ...Tail<To>], D>;
export function reshape<S extends Shape, const To extends readonly [...Shape, -1], D extends DType = "float32">(x: Tensor<S, D>, shape: To): Tensor<[...Init<To>, number], D>;
export function reshape<S extends Shape, D extends DType = "float32">(x: Tensor<S, D>, shape: readonly [1, ...S]): Tensor<[1, ...S], D>;
export function reshape<S extends Shape, D extends DType = "float32">(x: Tensor<S, D>, shape: readonly [...S, 1]): Tensor<[...S, 1], D>;
export function reshape<S extends Shape, D extends DType = "float32">(x: Tensor<[1, ...S], D>, shape: readonly [...S]): Tensor<[...S], D>;
export function reshape<S extends Shape, D extends DType = "float32">(x: Tensor<[...S, 1], D>, shape: readonly [...S]): Tensor<[...S], D>;
export function reshape<S extends Shape, const To extends Shape, D extends DType = "float32">(
  x: Tensor<S, D>, shape: To & Guard<Reshape<S, To>>,
): Tensor<Ok<Reshape<S, To>>, D>;
export function reshape(x: AnyTensor, shape: Shape): AnyTensor {
  return lax.reshape(x, reshapeShape(x.shape, shape));
}

/**
 * Collapses axes start..end (inclusive, default all) into one whose size is their product:
 * `[B, 28, 28, 1]` from axis 1 is `[B, 784]`. In code generic over a collapsed dim the product is
 * `number` (`[B, H, W, 8]` from axis 1 is `[B, number]`), checked at runtime.
 */
export function flatten<S extends Shape, D extends DType = "float32">(x: Tensor<S, D>, ...decided: FlattenDecided<S> extends never ? [never] : []): Tensor<Ok<Flatten<S>>, D>;
export function flatten<S extends Shape, const Start extends number, D extends DType = "float32">(
  x: Tensor<S, D>, start: Start & FlattenDecided<S, Start>,
): Tensor<Ok<Flatten<S, Start>>, D>;
export function flatten<S extends Shape, const Start extends number, const End extends number, D extends DType = "float32">(
  x: Tensor<S, D>, start: Start, end: End & FlattenDecided<S, Start, End>,
): Tensor<Ok<Flatten<S, Start, End>>, D>;
// (The axes of these are typed by aliases: a parameter typed by a bare literal would make the
// compiler try the signature before the exact ones above.)
export function flatten<N extends number, R extends Shape, D extends DType = "float32">(x: Tensor<[N, ...R], D>, start: AxisOne, end?: LastAxis): Tensor<[N, number], D>;
export function flatten<R extends Shape, D extends DType = "float32">(x: Tensor<readonly [number, ...R], D>, start?: AxisZero, end?: LastAxis): Tensor<[number], D>;
export function flatten<A extends number, B extends number, R extends Shape, D extends DType = "float32">(x: Tensor<[A, B, ...R], D>, start: AxisZero, end: AxisOne): Tensor<[number, ...R], D>;
export function flatten<S extends Shape, D extends DType = "float32", const Start extends number = 0, const End extends number = -1>(
  x: Tensor<S, D>, start?: Start, end?: End,
): Tensor<Ok<Flatten<S, Start, End>>, D>;
export function flatten(x: AnyTensor, start?: number, end?: number): AnyTensor {
  return lax.reshape(x, flattenShape(x.shape, start ?? 0, end ?? -1));
}

/** Reverses the axes (NumPy's `.T`). */
export function transpose<S extends Shape, D extends DType = "float32">(x: Tensor<S, D>): Tensor<Transpose<S>, D> {
  transposeShape(x.shape);
  return typed(lax.transpose(x, x.shape.map((_, i) => x.shape.length - 1 - i)));
}

/** Swaps the last two axes (the matrix transpose of each batch element). */
export function swapLast<S extends Shape, D extends DType = "float32">(x: Tensor<S, D> & Guard<SwapLast<S>>): Tensor<Ok<SwapLast<S>>, D> {
  swapLastShape(x.shape);
  const r = x.shape.length;
  return typed(lax.transpose(x, x.shape.map((_, i) => (i === r - 2 ? r - 1 : i === r - 1 ? r - 2 : i))));
}

/** Reorders the axes: out axis i is input axis perm[i]. */
export function permute<S extends Shape, const P extends readonly number[], D extends DType = "float32">(
  x: Tensor<S, D>, perm: P & Guard<Permute<S, P>>,
): Tensor<Ok<Permute<S, P>>, D> {
  permuteShape(x.shape, perm);
  return typed(lax.transpose(x, perm.map((p) => normalizeAxis("permute", p, x.shape.length))));
}

/** Broadcasts to a target shape by the NumPy rules. */
export function broadcastTo<S extends Shape, const To extends Shape, D extends DType = "float32">(
  x: Tensor<S, D>, shape: To & Guard<Broadcast<S, To>>,
): Tensor<[...To], D> {
  const out = broadcastShapes("broadcastTo", x.shape, shape);
  if (out.length !== shape.length || out.some((d, i) => d !== shape[i])) {
    throw new TensorShapeError("broadcastTo", [x.shape, shape], `a shape that ${JSON.stringify(x.shape)} broadcasts to without growing the target`);
  }
  return typed(lax.broadcast(x, shape));
}

/** Inserts a size-1 axis. */
export function expandDims<S extends Shape, const Ax extends number, D extends DType = "float32">(
  x: Tensor<S, D>, axis: Ax & Guard<ExpandDims<S, Ax>>,
): Tensor<Ok<ExpandDims<S, Ax>>, D> {
  return typed(lax.reshape(x, expandDimsShape(x.shape, axis)));
}

/** Removes a size-1 axis. */
export function squeeze<S extends Shape, const Ax extends number, D extends DType = "float32">(
  x: Tensor<S, D>, axis: Ax & Guard<Squeeze<S, Ax>>,
): Tensor<Ok<Squeeze<S, Ax>>, D> {
  return typed(lax.reshape(x, squeezeShape(x.shape, axis)));
}

type ShapesOf<Ts extends readonly Tensor<Shape, DType>[]> = { -readonly [K in keyof Ts]: Ts[K] extends Tensor<infer S, DType> ? S : never };
type DTypeOf<Ts extends readonly Tensor<Shape, DType>[]> = Ts[number] extends Tensor<Shape, infer D> ? D : never;

/** Joins tensors along an existing axis; the other dims must agree (the axis dims add up, at the type level too). */
export function concat<const Ts extends readonly Tensor<Shape, DType>[], const Ax extends number>(
  xs: Ts & Guard<ConcatAll<ShapesOf<Ts>, Ax>>, axis: Ax,
): Tensor<Ok<ConcatAll<ShapesOf<Ts>, Ax>>, DTypeOf<Ts>> {
  const list: readonly AnyTensor[] = xs;
  const out = concatShape(list.map((x) => x.shape), axis);
  const ax = normalizeAxis("concat", axis, out.length);
  return typed(lax.concatenate(list, ax));
}

/** Joins tensors of one shape along a new axis. */
export function stack<const Ts extends readonly Tensor<Shape, DType>[], const Ax extends number = 0>(
  xs: Ts & Guard<Stack<ShapesOf<Ts>, Ax>>, axis?: Ax,
): Tensor<Ok<Stack<ShapesOf<Ts>, Ax>>, DTypeOf<Ts>> {
  const list: readonly AnyTensor[] = xs;
  const out = stackShape(list.map((x) => x.shape), axis ?? 0);
  const ax = normalizeAxis("stack", axis ?? 0, out.length);
  const expanded = list.map((x) => lax.reshape(x, [...x.shape.slice(0, ax), 1, ...x.shape.slice(ax)]));
  return typed(lax.concatenate(expanded, ax));
}

/** Elements start..end-1 along one axis (negative bounds count from the end). */
export function slice<S extends Shape, const Ax extends number, const Start extends number, const End extends number, D extends DType = "float32">(
  x: Tensor<S, D>, axis: Ax, start: Start, end: End & Guard<Slice<S, Ax, Start, End>>,
): Tensor<Ok<Slice<S, Ax, Start, End>>, D> {
  const out = sliceShape(x.shape, axis, start, end);
  const ax = normalizeAxis("slice", axis, x.shape.length);
  const dim = x.shape[ax] ?? 0;
  const s = start < 0 ? start + dim : start;
  const starts = x.shape.map((_, i) => (i === ax ? s : 0));
  const limits = x.shape.map((d, i) => (i === ax ? s + (out[ax] ?? 0) : d));
  return typed(lax.slice(x, starts, limits));
}

/** Elements of x picked by int32 indices along an axis: the axis is replaced by the indices'
 *  shape, out = x[:axis] ++ indices.shape ++ x[axis+1:] (`take(table: [V, F], ids: [B, T])` is
 *  `[B, T, F]`). Indices outside the axis are a runtime error naming the position. */
export function take<S extends Shape, I extends Shape, const Ax extends number = 0, D extends DType = "float32">(
  x: Tensor<S, D>, indices: Tensor<I, "int32">, axis?: Ax & Guard<Take<S, I, Ax>>,
): Tensor<Ok<Take<S, I, Ax>>, D> {
  return typed(lax.gather(x, indices, normalizeAxis("take", axis ?? 0, x.shape.length)));
}
export const gather = take;

/** Zero padding: `widths[i] = [before, after]` for each axis; axis i grows by before + after. */
export function pad<S extends Shape, const W extends PadWidths, D extends DType = "float32">(
  x: Tensor<S, D>, widths: W & Guard<Pad<S, W>>,
): Tensor<Ok<Pad<S, W>>, D> {
  const list: PadWidths = widths;
  if (list.length !== x.shape.length) {
    throw new TensorShapeError("pad", [x.shape], `one [before, after] pair per axis (${x.shape.length}), got ${list.length}`);
  }
  const bad = list.findIndex((w) => !w.every((n) => Number.isSafeInteger(n) && n >= 0));
  if (bad >= 0) {
    throw new TensorShapeError("pad", [x.shape], `non-negative integer widths, got [${list[bad]?.join(", ")}] for axis ${bad}`,
      `invalid widths ${JSON.stringify(list)} for ${shapeToString(x.shape)}`);
  }
  return typed(lax.pad(x, list.map((w) => w[0]), list.map((w) => w[1])));
}

/** One-hot rows: labels of shape S give S ++ [numClasses], 1 where the class matches. Labels out of range give a zero row. */
export function oneHot<S extends Shape, const N extends number, D extends DType = "float32">(
  labels: Tensor<S, "int32">, numClasses: N, dtype?: D,
): Tensor<[...S, N], D> {
  if (!Number.isSafeInteger(numClasses) || numClasses <= 0) throw new RangeError(`oneHot: numClasses must be a positive integer, got ${numClasses}`);
  const shape = [...labels.shape, numClasses];
  const classes = lax.iota(shape, shape.length - 1, "int32");
  const expanded = lax.broadcast(lax.reshape(labels, [...labels.shape, 1]), shape);
  return typed(lax.convert(lax.compare("eq", expanded, classes), dtype ?? "float32"));
}
