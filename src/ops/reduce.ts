// Reductions over axes. With no axis they reduce everything to a `Tensor<[]>` scalar; with an
// axis (or a tuple of axes, negative ones counting from the end) those axes disappear, or stay
// as size-1 axes with keepdims so the result broadcasts back against the input.
//   sum(x: Tensor<[64, 10]>, 1)        → Tensor<[64]>
//   mean(x: Tensor<[64, 10]>, -1, true) → Tensor<[64, 1]>
//   sum(x: Tensor<[64, 10]>, 2)        → compile error: axis 2 is out of range for [64, 10]

import * as lax from "../core/lax.js";
import { normalizeAxes, reduceShape, shapeToString, TensorShapeError, type Guard, type Ok, type Reduce, type Shape } from "../shape/index.js";
import type { DType, FloatDType } from "../tensor/dtype.js";
import type { AnyTensor, Tensor } from "../tensor/tensor.js";

export type Axes = number | readonly number[];

/** A reduction: over all axes, or over `axis` with optional keepdims. */
export interface Reduction<Allowed extends DType, Out extends DType | "same" = "same", Name extends string = "reduce"> {
  <S extends Shape, D extends Allowed>(x: Tensor<S, D>): Tensor<[], Out extends DType ? Out : D>;
  <S extends Shape, D extends Allowed, const Ax extends Axes, const Keep extends boolean = false>(
    x: Tensor<S, D>, axis: Ax & Guard<Reduce<S, Ax, Keep, Name>>, keepdims?: Keep,
  ): Tensor<Ok<Reduce<S, Ax, Keep, Name>>, Out extends DType ? Out : D>;
}

/** The sorted axes a reduction covers, and the output shapes with and without kept dims. */
export function reductionAxes(op: string, x: AnyTensor, axis: Axes | undefined): { readonly axes: readonly number[]; readonly kept: readonly number[]; readonly dropped: readonly number[] } {
  // The shape rule runs first: its errors name the shape, not only the rank.
  const kept = reduceShape(op, x.shape, axis, true);
  const axes = axis === undefined ? x.shape.map((_, i) => i) : normalizeAxes(op, typeof axis === "number" ? [axis] : axis, x.shape.length);
  return { axes, kept, dropped: reduceShape(op, x.shape, axes, false) };
}

/** Builds a reduction from its kernel f(x, sorted axes) → (reduced, axes removed). */
function reduction<Allowed extends DType, Out extends DType | "same" = "same", Name extends string = "reduce">(
  op: Name, f: (x: AnyTensor, axes: readonly number[]) => AnyTensor,
): Reduction<Allowed, Out, Name> {
  // The result type is the shape rule's; reductionAxes checks the same rule at runtime.
  return ((x: AnyTensor, axis?: Axes, keepdims = false) => {
    const { axes, kept } = reductionAxes(op, x, axis);
    const out = f(x, axes);
    return keepdims ? lax.reshape(out, kept) : out;
  }) as Reduction<Allowed, Out, Name>;
}

type Numeric = "float32" | "float64" | "int32";

const count = (x: AnyTensor, axes: readonly number[]): number => axes.reduce((n, a) => n * (x.shape[a] ?? 1), 1);

/** Σ over the axes. */
export const sum: Reduction<Numeric, "same", "sum"> = reduction("sum", lax.reduceSum);
/** Arithmetic mean over the axes. */
export const mean: Reduction<FloatDType, "same", "mean"> = reduction("mean", (x, axes) => lax.scale(lax.reduceSum(x, axes), 1 / count(x, axes)));
/** Maximum over the axes; the derivative is shared evenly among tied maxima. */
export const max: Reduction<Numeric, "same", "max"> = reduction("max", lax.reduceMax);
/** Minimum over the axes: −max(−x). */
export const min: Reduction<Numeric, "same", "min"> = reduction("min", (x, axes) => lax.neg(lax.reduceMax(lax.neg(x), axes)));

/** Index of the first maximum along the axes (int32; piecewise constant, so no derivative). */
export const argmax: Reduction<Numeric, "int32", "argmax"> = reduction("argmax", (x, axes) => firstIndexOfMax("argmax", x, axes));
/** Index of the first minimum along the axes (int32). */
export const argmin: Reduction<Numeric, "int32", "argmin"> = reduction("argmin", (x, axes) => firstIndexOfMax("argmin", lax.neg(x), axes));

/** The row-major flat index (within the reduced axes) of the first maximum; NaN counts as the maximum, as in NumPy. */
function firstIndexOfMax(op: string, x: AnyTensor, axes: readonly number[]): AnyTensor {
  if (axes.some((a) => x.shape[a] === 0)) {
    throw new TensorShapeError(op, [x.shape], "reduced axes of size >= 1", `cannot reduce an axis of size 0 in ${shapeToString(x.shape)}`);
  }
  const m = lax.expandReduced(lax.reduceMax(x, axes), x.shape, axes);
  // Position within the reduced block: Σ_a i_a · stride_a over the reduced axes only.
  let position = lax.full(x.shape, 0, "int32");
  let stride = 1;
  for (let k = axes.length - 1; k >= 0; k--) {
    const a = axes[k] ?? 0;
    position = lax.add(position, lax.mul(lax.iota(x.shape, a, "int32"), lax.full(x.shape, stride, "int32")));
    stride *= x.shape[a] ?? 1;
  }
  // First index = −max(−position) over the hits; misses get −stride (below every hit).
  // The maximum is NaN exactly when a NaN is present (reduceMax propagates it), and NaN equals
  // nothing, so NaN positions are the hits then: hit = (x = m) or (x ≠ x).
  const nan = lax.compare("ne", x, x);
  const hit = lax.select(nan, nan, lax.compare("eq", x, m));
  const candidates = lax.select(hit, lax.neg(position), lax.full(x.shape, -stride, "int32"));
  return lax.neg(lax.reduceMax(candidates, axes));
}

/** log Σ exp(x), computed as m + log Σ exp(x − m) with m = max x so that it never overflows. */
export const logsumexp: Reduction<FloatDType, "same", "logsumexp"> = reduction("logsumexp", (x, axes) => {
  const m = lax.stopGradient(lax.reduceMax(x, axes));
  // A row of −∞ would give (−∞) − (−∞) = NaN; shift by 0 there instead.
  const finite = lax.select(lax.compare("eq", lax.select(lax.compare("lt", m, lax.zerosLike(m)), lax.neg(m), m), lax.fullLike(m, Infinity)), lax.zerosLike(m), m);
  const shifted = lax.sub(x, lax.expandReduced(finite, x.shape, axes));
  return lax.add(lax.log(lax.reduceSum(lax.exp(shifted), axes)), finite);
});

/** Population variance (divides by n) over the axes. */
export const variance: Reduction<FloatDType, "same", "variance"> = reduction("variance", (x, axes) => {
  const mu = lax.scale(lax.reduceSum(x, axes), 1 / count(x, axes));
  const centered = lax.sub(x, lax.expandReduced(mu, x.shape, axes));
  return lax.scale(lax.reduceSum(lax.mul(centered, centered), axes), 1 / count(x, axes));
});

