// Special functions built from primitives: the error function and its complement,
//   erf(x) = 2/√π ∫₀ˣ e^(−t²) dt,   erfc(x) = 1 − erf(x),
// by W. J. Cody's rational Chebyshev approximations ("Rational Chebyshev approximations for the
// error function", Math. Comp. 23, 1969; the coefficients of his CALERF). On y = |x|:
//   y ≤ 0.46875       erf(x)  = x · A(x²) / B(x²)
//   0.46875 < y ≤ 4   erfc(y) = e^(−y²) · C(y) / D(y)
//   y > 4             erfc(y) = e^(−y²) / y · (1/√π − z · P(z) / Q(z)),  z = 1/y²
// then erf(x) = ±(1 − erfc(y)) and erfc(x) = 2 − erfc(y) for x < 0. erfc is computed, not taken
// as 1 − erf, so that it keeps its relative precision in the tail (erfc(20) ≈ 5.4e-176).
//
// The arithmetic is float64 whatever the input's dtype; a float32 result is the float64 one
// rounded once. Being compositions of primitives, both run on every backend (jit compiles them
// to fused elementwise kernels). Their derivatives are given exactly with customJvp,
//   d erf(x) = 2/√π · e^(−x²) · dx,   d erfc(x) = −2/√π · e^(−x²) · dx,
// rather than taken from the approximation's own slope.

import * as lax from "../core/lax.js";
import { customJvp } from "../ad/custom.js";
import type { Shape } from "../shape/index.js";
import type { FloatDType } from "../tensor/dtype.js";
import type { AnyTensor, Tensor } from "../tensor/tensor.js";
import { typed } from "./typed.js";

type T = AnyTensor;

// Cody's coefficients, highest degree first (each denominator is monic).
const A = [1.85777706184603153e-1, 3.16112374387056560e0, 1.13864154151050156e2, 3.77485237685302021e2, 3.20937758913846947e3];
const B = [1, 2.36012909523441209e1, 2.44024637934444173e2, 1.28261652607737228e3, 2.84423683343917062e3];
const C = [
  2.15311535474403846e-8, 5.64188496988670089e-1, 8.88314979438837594e0, 6.61191906371416295e1, 2.98635138197400131e2,
  8.81952221241769090e2, 1.71204761263407058e3, 2.05107837782607147e3, 1.23033935479799725e3,
];
const D = [
  1, 1.57449261107098347e1, 1.17693950891312499e2, 5.37181101862009858e2, 1.62138957456669019e3, 3.29079923573345963e3,
  4.36261909014324716e3, 3.43936767414372164e3, 1.23033935480374942e3,
];
const P = [1.63153871373020978e-2, 3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4];
const Q = [1, 2.56852019228982242e0, 1.87295284992346047e0, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3];

const SMALL = 0.46875;
const MIDDLE = 4;
/** Past this, e^(−y²) is 0 (e^(−900) < 2^−1074, the smallest float64), and so is erfc. */
const BEYOND = 30;
const ONE_OVER_SQRT_PI = 0.5641895835477563;
const TWO_OVER_SQRT_PI = 1.1283791670955126;

const constant = (x: T, c: number): T => lax.fullLike(x, c);
const clamp = (x: T, lo: number, hi: number): T => lax.min(lax.max(x, constant(x, lo)), constant(x, hi));
const abs = (x: T): T => lax.select(lax.compare("lt", x, lax.zerosLike(x)), lax.neg(x), x);

/** c₀tⁿ + c₁tⁿ⁻¹ + … + cₙ by Horner's rule. */
const polynomial = (t: T, cs: readonly number[]): T =>
  cs.slice(1).reduce((acc, c) => lax.add(lax.mul(acc, t), constant(t, c)), constant(t, cs[0] ?? 0));

/**
 * The multiple of 1/16 nearest x (float64, |x| ≤ 30): adding and subtracting 1.5 · 2^48, whose
 * ulp is 1/16, rounds away the lower bits. Piecewise constant: no derivative.
 */
const sixteenths = (x: T): T => {
  const shift = constant(x, 1.5 * 2 ** 48);
  return lax.stopGradient(lax.sub(lax.add(x, shift), shift));
};

/**
 * e^(−x²), accurate to a few ulp even where x² is large (Cody's split): with h the multiple of
 * 1/16 nearest x, h² is exact and e^(−x²) = e^(−h²) · e^(−(x − h)(x + h)), two exponentials of
 * exactly known arguments. Rounding x² instead would cost a relative error of up to x² · 2^−53
 * (8e-14 at x = 27).
 */
function expNegSquare(x: T): T {
  const v = clamp(x, -BEYOND, BEYOND); // keeps h finite; e^(−900) is 0 anyway
  const h = sixteenths(v);
  const rest = lax.mul(lax.sub(v, h), lax.add(v, h));
  return lax.mul(lax.exp(lax.neg(lax.mul(h, h))), lax.exp(lax.neg(rest)));
}

/** erf(x) for |x| ≤ 0.46875. */
const erfSmall = (x: T): T => {
  const t = lax.mul(x, x);
  return lax.div(lax.mul(x, polynomial(t, A)), polynomial(t, B));
};

/** erfc(y) · e^(y²) for 0.46875 ≤ y ≤ 4. */
const scaledMiddle = (y: T): T => lax.div(polynomial(y, C), polynomial(y, D));

/** erfc(y) · e^(y²) for y ≥ 4. */
const scaledTail = (y: T): T => {
  const z = lax.div(lax.onesLike(y), lax.mul(y, y));
  const correction = lax.div(lax.mul(z, polynomial(z, P)), polynomial(z, Q));
  return lax.div(lax.sub(constant(y, ONE_OVER_SQRT_PI), correction), y);
};

/**
 * The pieces both functions are made of: whether |x| is in the small region, erf(x) there, and
 * erfc(|x|) elsewhere (0 from |x| ≈ 27.3 on, where it underflows). Each rational function sees
 * its input clamped to its own region, so the branch `select` does not take stays finite (and
 * so do the derivatives of a traced program). NaN falls through to the tail and comes out NaN.
 */
function pieces(x: T): { readonly small: T; readonly erfNear0: T; readonly erfcOfAbs: T } {
  const y = abs(x);
  const scaled = lax.select(lax.compare("le", y, constant(y, MIDDLE)), scaledMiddle(clamp(y, SMALL, MIDDLE)), scaledTail(clamp(y, MIDDLE, BEYOND)));
  return {
    small: lax.compare("le", y, constant(y, SMALL)),
    erfNear0: erfSmall(clamp(x, -SMALL, SMALL)),
    erfcOfAbs: lax.mul(expNegSquare(y), scaled),
  };
}

const negative = (x: T): T => lax.compare("lt", x, lax.zerosLike(x));

const erfValue = (x: T): T => {
  const { small, erfNear0, erfcOfAbs } = pieces(x);
  const erfOfAbs = lax.sub(lax.onesLike(x), erfcOfAbs);
  return lax.select(small, erfNear0, lax.select(negative(x), lax.neg(erfOfAbs), erfOfAbs));
};

const erfcValue = (x: T): T => {
  const { small, erfNear0, erfcOfAbs } = pieces(x);
  const reflected = lax.sub(constant(x, 2), erfcOfAbs); // erfc(−y) = 2 − erfc(y)
  return lax.select(small, lax.sub(lax.onesLike(x), erfNear0), lax.select(negative(x), reflected, erfcOfAbs));
};

/**
 * f evaluated in float64 and rounded once to x's dtype. Evaluated in float32 arithmetic, the
 * degree-8 Horner sums of the middle region alone would lose up to 3.5 ulp (4.2e-7 relative);
 * this way float32 results are within half an ulp or so.
 */
const inFloat64 = (f: (x: T) => T) => (x: T): T => lax.convert(f(lax.convert(x, "float64")), x.dtype);

const densityTimes = (c: number) => (x: T, dx: T): T => lax.mul(dx, lax.scale(inFloat64(expNegSquare)(x), c));

// d erf(x) = 2/√π · e^(−x²) · dx;  d erfc(x) = −2/√π · e^(−x²) · dx
const erfCustom = customJvp(inFloat64(erfValue), ([x], [dx]) => [inFloat64(erfValue)(x), densityTimes(TWO_OVER_SQRT_PI)(x, dx)]);
const erfcCustom = customJvp(inFloat64(erfcValue), ([x], [dx]) => [inFloat64(erfcValue)(x), densityTimes(-TWO_OVER_SQRT_PI)(x, dx)]);

/**
 * The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt, odd, from −1 to 1; Φ(x) = ½(1 + erf(x/√2)).
 * Within a few ulp in float64 (1e-15 relative) and half an ulp or so in float32; erf(±∞) = ±1.
 * Derivative 2/√π · e^(−x²), exactly.
 */
export const erf = <S extends Shape, D extends FloatDType>(x: Tensor<S, D>): Tensor<S, D> => typed(erfCustom(x));

/**
 * The complementary error function erfc(x) = 1 − erf(x), from 2 to 0, with its own relative
 * precision in the right tail, where 1 − erf(x) would be 0: erfc(10) ≈ 2.1e-45 and erfc(25) ≈
 * 8.3e-274 come out within a few ulp in float64. erfc(−∞) = 2, erfc(∞) = 0.
 * Derivative −2/√π · e^(−x²), exactly.
 */
export const erfc = <S extends Shape, D extends FloatDType>(x: Tensor<S, D>): Tensor<S, D> => typed(erfcCustom(x));
