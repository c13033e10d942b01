// Activation functions: the elementwise nonlinearities between layers, and softmax/logSoftmax,
// which turn a vector of logits into (log-)probabilities. Each keeps its input's shape and dtype.
//
// Two are given their derivative explicitly with customJvp, because the formula that computes
// the value stably is not the best one to differentiate:
//   softplus:   value max(x, 0) + log1p(e^(−|x|)),   derivative σ(x)   (logSigmoid is −softplus(−x))
//   logSoftmax: value x − m − log Σ e^(x − m),       derivative dx − Σ softmax(x) · dx
// and the exact gelu, x · Φ(x), inherits the exact derivative of erfc (src/ops/special.ts).

import * as lax from "../core/lax.js";
import { customJvp } from "../ad/custom.js";
import { logistic, sigmoid as sigmoidOp, relu as reluOp, tanh as tanhOp } from "../ops/elementwise.js";
import { erfc } from "../ops/special.js";
import { typed } from "../ops/typed.js";
import { normalizeAxis } from "../shape/runtime/axis.js";
import type { Shape } from "../shape/dim.js";
import type { Guard } from "../shape/error.js";
import type { AxisCheck } from "../shape/types/axis.js";
import type { FloatDType } from "../tensor/dtype.js";
import type { AnyTensor, Tensor } from "../tensor/tensor.js";

type T = AnyTensor;

/** relu(x) = max(x, 0); derivative 1 for x > 0, 0 for x ≤ 0. */
export const relu = reluOp;
/** σ(x) = 1 / (1 + e^(−x)); σ' = σ(1 − σ) ≤ 1/4, which is why gradients vanish through deep sigmoid stacks. */
export const sigmoid = sigmoidOp;
/** tanh(x); tanh' = 1 − tanh² ≤ 1. */
export const tanh = tanhOp;

const positive = (x: T): T => lax.compare("gt", x, lax.zerosLike(x));

/** leakyRelu(x) = x for x > 0, slope · x otherwise (default slope 0.01): a ReLU whose
 *  negative side still passes a little gradient. */
export const leakyRelu = <S extends Shape, D extends FloatDType>(x: Tensor<S, D>, slope = 0.01): Tensor<S, D> =>
  typed(lax.select(positive(x), x, lax.scale(x, slope)));

/** elu(x) = x for x > 0, α(eˣ − 1) otherwise (default α = 1): smooth at 0 for α = 1 and
 *  saturating at −α. eˣ − 1 is `expm1`, exact near 0⁻ (x = −1e-6 gives −1e-6, not a float32
 *  rounding error), of x where x ≤ 0 and of 0 elsewhere, so the unused branch cannot overflow.
 *  elu′(0) = α, JAX's choice (the left derivative; for α = 1 the true derivative, 1). */
export const elu = <S extends Shape, D extends FloatDType>(x: Tensor<S, D>, alpha = 1): Tensor<S, D> => {
  const p = positive(x);
  const negative = lax.scale(lax.expm1(lax.select(p, lax.zerosLike(x), x)), alpha);
  return typed(lax.select(p, x, negative));
};

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

export interface GeluOptions {
  /** "tanh" (the default, as in JAX): the tanh form, within 5e-4 of x · Φ(x). "none": x · Φ(x) itself, through erfc. */
  readonly approximate?: "tanh" | "none";
}

/** ½ x (1 + tanh(√(2/π) (x + 0.044715 x³))), Hendrycks & Gimpel's tanh form (BERT, GPT-2). */
const geluTanh = (x: T): T => {
  const cube = lax.mul(lax.mul(x, x), x);
  const inner = lax.scale(lax.add(x, lax.scale(cube, 0.044715)), SQRT_2_OVER_PI);
  return lax.scale(lax.mul(x, lax.add(lax.onesLike(x), lax.tanh(inner))), 0.5);
};

/** x · Φ(x) = ½ x · erfc(−x/√2): the same as ½ x (1 + erf(x/√2)), but without the cancellation of
 *  1 + erf in the left tail, so gelu(−10) ≈ −7.6e-23 keeps its relative precision. */
const geluExact = <S extends Shape, D extends FloatDType>(x: Tensor<S, D>): T =>
  lax.scale(lax.mul(x, erfc(typed<S, D>(lax.scale(x, -Math.SQRT1_2)))), 0.5);

/** gelu(x) = x · Φ(x), Φ the standard normal CDF: a smooth ReLU that weights x by the chance that
 *  a standard normal falls below it; gelu' = Φ(x) + x · φ(x). By default it is the tanh form of
 *  Hendrycks & Gimpel (as in BERT and GPT-2, and JAX's default),
 *  ½ x (1 + tanh(√(2/π) (x + 0.044715 x³))), within 5e-4 of x · Φ(x) everywhere;
 *  `{ approximate: "none" }` gives x · Φ(x) itself, computed with erfc. */
export function gelu<S extends Shape, D extends FloatDType>(x: Tensor<S, D>, options: GeluOptions = {}): Tensor<S, D> {
  const approximate = options.approximate ?? "tanh";
  if (approximate === "tanh") return typed(geluTanh(x));
  if (approximate === "none") return typed(geluExact(x));
  throw new RangeError(`gelu: approximate must be "tanh" or "none", got ${String(approximate)}`);
}

/** softplus(x) = log(1 + eˣ) = max(x, 0) + log1p(e^(−|x|)): never overflows, and keeps full
 *  precision for very negative x, where it is ≈ eˣ. */
const softplusValue = (x: T): T => {
  const zero = lax.zerosLike(x);
  const absX = lax.select(lax.compare("lt", x, zero), lax.neg(x), x);
  return lax.add(lax.max(x, zero), lax.log1p(lax.exp(lax.neg(absX))));
};

// d softplus(x) = σ(x) · dx: exact, and itself differentiable (for second derivatives).
const softplusCustom = customJvp((x: T): T => softplusValue(x), ([x], [dx]) => [softplusValue(x), lax.mul(dx, logistic(x))]);

/** softplus(x) = log(1 + eˣ), a smooth ReLU; softplus' = σ. */
export const softplus = <S extends Shape, D extends FloatDType>(x: Tensor<S, D>): Tensor<S, D> => typed(softplusCustom(x));

/** log σ(x) = −softplus(−x) = min(x, 0) − log1p(e^(−|x|)): finite for every x (log σ(−1000) =
 *  −1000, where log of a rounded σ would be −∞) and exact in both tails; log σ′ = σ(−x). */
export const logSigmoid = <S extends Shape, D extends FloatDType>(x: Tensor<S, D>): Tensor<S, D> =>
  typed(lax.neg(softplusCustom(lax.neg(x))));

/** Σ along `axis` with the axis kept (size 1) and broadcast back to x's shape. */
const sumAlong = (x: T, axis: number): T => lax.expandReduced(lax.reduceSum(x, [axis]), x.shape, [axis]);

/** x − logsumexp(x) along `axis`, shifting by the (constant) maximum so that no exp overflows. */
function logSoftmaxValue(x: T, axis: number): T {
  const m = lax.stopGradient(lax.expandReduced(lax.reduceMax(x, [axis]), x.shape, [axis]));
  const shifted = lax.sub(x, m);
  return lax.sub(shifted, lax.log(sumAlong(lax.exp(shifted), axis)));
}

/** log softmax(x) along `axis` (default −1): x_i − log Σ_j e^(x_j). Stable for logits of any
 *  size (1e4 gives finite values). Its derivative is d y = dx − Σ_j softmax(x)_j dx_j. */
/** log softmax along the axis index `ax`, with its exact derivative. */
function logSoftmaxAlong(x: T, ax: number): T {
  const f = customJvp((v: T): T => logSoftmaxValue(v, ax), ([v], [dv]) => {
    const y = logSoftmaxValue(v, ax);
    return [y, lax.sub(dv, sumAlong(lax.mul(lax.exp(y), dv), ax))];
  });
  return f(x);
}

/** log softmax(x) along `axis` (default −1, checked against x's rank at compile time like a
 *  reduction's axis): x_i − log Σ_j e^(x_j). Stable for logits of any size (1e4 gives finite
 *  values). Its derivative is d y = dx − Σ_j softmax(x)_j dx_j. */
export function logSoftmax<S extends Shape, D extends FloatDType, const Ax extends number = -1>(x: Tensor<S, D>, axis?: Ax & Guard<AxisCheck<S, Ax, "logSoftmax">>): Tensor<S, D> {
  return typed(logSoftmaxAlong(x, normalizeAxis("logSoftmax", axis ?? -1, x.shape.length)));
}

/** softmax(x)_i = e^(x_i) / Σ_j e^(x_j) along `axis` (default −1, checked like logSoftmax's),
 *  as exp(logSoftmax(x)). */
export function softmax<S extends Shape, D extends FloatDType, const Ax extends number = -1>(x: Tensor<S, D>, axis?: Ax & Guard<AxisCheck<S, Ax, "softmax">>): Tensor<S, D> {
  return typed(lax.exp(logSoftmaxAlong(x, normalizeAxis("softmax", axis ?? -1, x.shape.length))));
}
