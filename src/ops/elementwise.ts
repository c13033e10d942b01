// Elementwise ops with NumPy broadcasting. Binary ops accept a number on either side (it takes
// the tensor's dtype) and broadcast tensors by the NumPy rules, checked at compile time:
//   add(x: Tensor<[64, 10]>, b: Tensor<[10]>)  → Tensor<[64, 10]>
//   add(x: Tensor<[2, 3]>,  y: Tensor<[4, 3]>) → compile error: ShapeError<"cannot broadcast [2, 3] with [4, 3]", …>

import * as lax from "../core/lax.js";
import { broadcastShapes, type Broadcast, type Guard, type Ok, type Shape } from "../shape/index.js";
import type { StretchesInto } from "../shape/types/stretch.js";
import type { DType, FloatDType } from "../tensor/dtype.js";
import type { Tensor, AnyTensor } from "../tensor/tensor.js";
import { asTensor, dtypeOf, typed } from "./typed.js";

/** The right operand of a broadcasting binary op: a tensor whose shape broadcasts with A's, or a number. */
export type Operand<A extends Shape, B extends Shape, D extends DType, Op extends string = "broadcast"> = (Tensor<B, D> & Guard<Broadcast<A, B, Op>>) | number;

/** Broadcasts both operands to their common shape (checked at runtime too) and applies f. */
export function broadcasting(op: string, f: (a: AnyTensor, b: AnyTensor) => AnyTensor, a: AnyTensor | number, b: AnyTensor | number): AnyTensor {
  const dtype = dtypeOf(a, b);
  const [x, y] = [asTensor(a, dtype), asTensor(b, dtype)];
  const shape = broadcastShapes(op, x.shape, y.shape);
  return f(lax.broadcast(x, shape), lax.broadcast(y, shape));
}

/** The result dtype of a broadcasting op: the operands' own ("same"), or a fixed one (bool). */
type OutOf<Out extends DType | "same", D extends DType> = Out extends "same" ? D : Out;

/**
 * The signatures of a broadcasting binary op, tried in order:
 * - a number on either side keeps the tensor's shape and dtype;
 * - two tensors of the same shape S give S;
 * - NumPy broadcasting of known dims (exact: `[number, 3]` with `[5, 3]` is `[5, 3]`);
 * - for code generic over its dims, where the compiler cannot compare a type parameter with
 *   another dim, broadcasting decided by matching (see shape/types/stretch.ts): one operand a
 *   suffix of the other's shape with any dims set to 1 gives the other's shape
 *   (`[B, T, D]` with `[1, 1, D]`, `[D]`, `[B, 1, D]` or `[]`), and the "outer" patterns
 *   `[...P, X, 1]` with `[...P, 1, Y]` give `[...P, X, Y]` (a causal mask `[T, 1] < [1, T]`),
 *   also with one trailing dim (`[B, 1, D] + [1, T, D]`), and with the operands the other way round;
 * - NumPy broadcasting again, whose ShapeError (naming the op, both shapes and the axis) is
 *   what the compiler reports when nothing fits.
 */
export interface Broadcasting<Op extends string, Out extends DType | "same" = "same"> {
  <S extends Shape, D extends DType = "float32">(a: Tensor<S, D>, b: number): Tensor<S, OutOf<Out, D>>;
  <S extends Shape, D extends DType = "float32">(a: number, b: Tensor<S, D>): Tensor<S, OutOf<Out, D>>;
  <S extends Shape, D extends DType = "float32">(a: Tensor<S, D>, b: Tensor<NoInfer<S>, NoInfer<D>>): Tensor<S, OutOf<Out, D>>;
  <A extends Shape, B extends Shape = [], D extends DType = "float32">(a: Tensor<A, D>, b: Tensor<B, NoInfer<D>> & Guard<Broadcast<A, B, Op>>): Tensor<Ok<Broadcast<A, B, Op>>, OutOf<Out, D>>;
  <A extends Shape, D extends DType = "float32">(a: Tensor<A, D>, b: Tensor<StretchesInto<NoInfer<A>>, NoInfer<D>>): Tensor<A, OutOf<Out, D>>;
  <B extends Shape, D extends DType = "float32">(a: Tensor<StretchesInto<NoInfer<B>>, D>, b: Tensor<B, NoInfer<D>>): Tensor<B, OutOf<Out, D>>;
  <P extends Shape, X extends number, Y extends number, D extends DType = "float32">(a: Tensor<[...P, X, 1], D>, b: Tensor<[...P, 1, Y], NoInfer<D>>): Tensor<[...P, X, Y], OutOf<Out, D>>;
  <P extends Shape, X extends number, Y extends number, Z extends number, D extends DType = "float32">(a: Tensor<[...P, X, 1, Z], D>, b: Tensor<[...P, 1, Y, Z], NoInfer<D>>): Tensor<[...P, X, Y, Z], OutOf<Out, D>>;
  <P extends Shape, X extends number, Y extends number, D extends DType = "float32">(a: Tensor<[...P, 1, Y], D>, b: Tensor<[...P, X, 1], NoInfer<D>>): Tensor<[...P, X, Y], OutOf<Out, D>>;
  <P extends Shape, X extends number, Y extends number, Z extends number, D extends DType = "float32">(a: Tensor<[...P, 1, Y, Z], D>, b: Tensor<[...P, X, 1, Z], NoInfer<D>>): Tensor<[...P, X, Y, Z], OutOf<Out, D>>;
  <A extends Shape, B extends Shape = [], D extends DType = "float32">(a: Tensor<A, D>, b: Operand<A, B, NoInfer<D>, Op>): Tensor<Ok<Broadcast<A, B, Op>>, OutOf<Out, D>>;
}

/** A broadcasting arithmetic op (add, sub, mul, ...): the result has the operands' dtype. */
export type Binary<Op extends string = string> = Broadcasting<Op>;

// The result's type is the shape rule's; the runtime rule in `broadcasting` checks the same thing.
const binary = <Op extends string>(op: Op, f: (a: AnyTensor, b: AnyTensor) => AnyTensor): Binary<Op> =>
  ((a: AnyTensor | number, b: AnyTensor | number) => broadcasting(op, f, a, b)) as Binary<Op>;

/** a + b */
export const add: Binary<"add"> = binary("add", lax.add);
/** a − b */
export const sub: Binary<"sub"> = binary("sub", lax.sub);
/** a · b (elementwise) */
export const mul: Binary<"mul"> = binary("mul", lax.mul);
/** a / b (int32: truncates toward zero) */
export const div: Binary<"div"> = binary("div", lax.div);
/** aᵇ */
export const pow: Binary<"pow"> = binary("pow", lax.pow);
/** Elementwise maximum (NaN-propagating). */
export const maximum: Binary<"maximum"> = binary("maximum", lax.max);
/** Elementwise minimum (NaN-propagating). */
export const minimum: Binary<"minimum"> = binary("minimum", lax.min);

type Unary = <S extends Shape, D extends DType>(x: Tensor<S, D>) => Tensor<S, D>;
type FloatUnary = <S extends Shape, D extends FloatDType>(x: Tensor<S, D>) => Tensor<S, D>;
function unary(f: (x: AnyTensor) => AnyTensor): Unary & FloatUnary {
  return <S extends Shape, D extends DType>(x: Tensor<S, D>): Tensor<S, D> => typed(f(x));
}

export const neg: Unary = unary(lax.neg);
export const exp: FloatUnary = unary(lax.exp);
export const log: FloatUnary = unary(lax.log);
export const sqrt: FloatUnary = unary(lax.sqrt);
export const sin: FloatUnary = unary(lax.sin);
export const cos: FloatUnary = unary(lax.cos);
export const tanh: FloatUnary = unary(lax.tanh);
/** eˣ − 1, accurate where eˣ is close to 1 (expm1(1e-10) = 1e-10, not 0 or a rounding error). */
export const expm1: FloatUnary = unary(lax.expm1);
/** log(1 + x), accurate for tiny |x| (log1p(1e-10) = 1e-10); −∞ at −1, NaN below. */
export const log1p: FloatUnary = unary(lax.log1p);
/** x² */
export const square: Unary = unary((x) => lax.mul(x, x));
/** −1, 0 or 1; piecewise constant, so its derivative is zero. */
export const sign: Unary = unary((x) => {
  const zero = lax.zerosLike(x);
  const pos = lax.convert(lax.compare("gt", x, zero), x.dtype);
  const negative = lax.convert(lax.compare("lt", x, zero), x.dtype);
  return lax.stopGradient(lax.sub(pos, negative));
});
/** |x| = x · sign(x) with sign held constant, so d|x| = sign(x) · dx: 0 at 0, as in JAX. */
export const abs: Unary = unary((x) => lax.mul(x, sign(x)));
/**
 * σ(x) = 1 / (1 + e^(−x)), computed from t = e^(−|x|) ≤ 1 (never overflows) as 1/(1 + t) for
 * x ≥ 0 and t/(1 + t) for x < 0, so the negative tail keeps full relative precision
 * (σ(−30) ≈ 9.4e-14; ½(1 + tanh(x/2)) cancels there and is 0 from x ≈ −18 in float32). Its
 * derivative, by the chain rule through the same branches, is t/(1 + t)², accurate in both tails.
 */
export const logistic = (x: AnyTensor): AnyTensor => {
  const negative = lax.compare("lt", x, lax.zerosLike(x));
  const t = lax.exp(lax.select(negative, x, lax.neg(x)));
  const s = lax.div(lax.onesLike(x), lax.add(lax.onesLike(x), t));
  return lax.select(negative, lax.mul(t, s), s);
};
/** σ(x) = 1 / (1 + e^(−x)) (see `logistic`). */
export const sigmoid: FloatUnary = unary(logistic);
/** max(x, 0); derivative 1 for x > 0 and 0 for x ≤ 0. */
export const relu: Unary = unary((x) => lax.select(lax.compare("gt", x, lax.zerosLike(x)), x, lax.zerosLike(x)));
/** 1 / x */
export const reciprocal: FloatUnary = unary((x) => lax.div(lax.onesLike(x), x));

/** Limits x to [lo, hi]. */
export function clip<S extends Shape, D extends DType>(x: Tensor<S, D>, lo: number, hi: number): Tensor<S, D> {
  if (!(lo <= hi)) throw new RangeError(`clip: expected lo <= hi, got lo ${lo}, hi ${hi}`);
  return typed(lax.min(lax.max(x, lax.fullLike(x, lo)), lax.fullLike(x, hi)));
}

/** Casts to another dtype (float → int32 truncates toward zero; anything → bool is x ≠ 0). */
export const cast = <S extends Shape, D extends DType>(x: Tensor<S, DType>, dtype: D): Tensor<S, D> => typed(lax.convert(x, dtype));
/** The value with its derivative cut: stopGradient(x) = x, d stopGradient(x) = 0. */
export const stopGradient = <S extends Shape, D extends DType>(x: Tensor<S, D>): Tensor<S, D> => typed(lax.stopGradient(x));
