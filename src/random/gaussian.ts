// The standard normal distribution's density φ, distribution function Φ and quantile Φ⁻¹,
// in float64, accurate in both tails. Truncated-normal sampling inverts Φ, so it needs Φ to
// keep its *relative* accuracy far into the lower tail, where 1 - Φ(|x|) would lose it all.
// Against 40-digit reference values, Φ(x) is within 1e-14 relative for x ≥ -37 (where it is
// still a normal float64) and Φ⁻¹ within 5e-15.

/** 1 / √(2π). */
const INV_SQRT_2PI = 0.3989422804014327;

/**
 * Below this, Φ comes from the tail continued fraction (which needs about 100 steps here and
 * fewer further out); from here up to 0, from the series (which loses at most a few units in
 * the last place to the final subtraction here).
 */
const TAIL_START = -2;

/**
 * φ(x) = e^(-x²/2) / √(2π). Computing x² first would round it, and e^(-x²/2) turns that small
 * absolute error into a relative one of about x²/2 ulps (1e-14 at x = 30). So x is split as
 * x = h + (x - h) with h a multiple of 1/16, whose square is exact, and
 *   e^(-x²/2) = e^(-h²/2) · e^(-(x - h)(x + h)/2).
 */
export const normalPdf = (x: number): number => {
  const h = Math.trunc(x * 16) / 16;
  return INV_SQRT_2PI * Math.exp(-0.5 * h * h) * Math.exp(-0.5 * (x - h) * (x + h));
};

/**
 * Φ(x) for -2 ≤ x ≤ 0 by the everywhere-convergent series
 *   Φ(x) = 1/2 + φ(x) · (x + x³/3 + x⁵/(3·5) + x⁷/(3·5·7) + …),
 * whose terms all share the sign of x, so the sum suffers no cancellation; only the final
 * 1/2 + φ(x)·sum loses a few units in the last place as Φ(x) shrinks towards 0.0228 at x = -2.
 */
const cdfSeries = (x: number): number => {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let k = 3; Math.abs(term) > 1e-17 * Math.abs(sum); k += 2) {
    term *= x2 / k;
    sum += term;
  }
  return 0.5 + normalPdf(x) * sum;
};

/**
 * Φ(-z) for z > 2 by Laplace's continued fraction for the Mills ratio,
 *   Φ(-z) = φ(z) / (z + 1/(z + 2/(z + 3/(z + …)))),
 * evaluated term by term with Lentz's method until a step changes it by less than
 * one part in 10^16 (about 110 steps just above z = 2, 50 at z = 3, 12 at z = 10). For z > 0
 * every partial value is positive, so no step divides by zero.
 */
const lowerTail = (z: number): number => {
  // f = z + 1/(z + 2/(z + …)) is built as a running product of ratios C·D.
  let f = z;
  let c = z;
  let d = 0;
  for (let n = 1; n < 1000; n++) {
    d = 1 / (z + n * d);
    c = z + n / c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return normalPdf(z) / f;
};

/** Φ(x) = P(Z ≤ x) for a standard normal Z, with Φ(-∞) = 0, Φ(∞) = 1 and Φ(NaN) = NaN. */
export const normalCdf = (x: number): number => {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === -Infinity) return 0;
  if (x === Infinity) return 1;
  if (x < TAIL_START) return lowerTail(-x);
  if (x <= 0) return cdfSeries(x);
  // Φ(x) = 1 - Φ(-x): exact enough here, since Φ(x) ≥ 1/2 carries no small relative error.
  return 1 - normalCdf(-x);
};

// Acklam's rational approximations to Φ⁻¹ (relative error below 1.2e-9): a central one for
// |p - 1/2| ≤ 0.47575 and a tail one in r = √(-2 ln p) below that.
const A = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** c[0]·tⁿ + c[1]·tⁿ⁻¹ + … + c[n] by Horner's rule. */
const horner = (c: readonly number[], t: number): number => c.reduce((acc, ci) => acc * t + ci, 0);

/** Acklam's starting value for Φ⁻¹(p), 0 < p ≤ 1/2. */
const acklam = (p: number): number => {
  if (p < P_LOW) {
    const r = Math.sqrt(-2 * Math.log(p));
    return horner(C, r) / (horner(D, r) * r + 1);
  }
  const s = p - 0.5;
  const t = s * s;
  return (horner(A, t) * s) / (horner(B, t) * t + 1);
};

/**
 * Φ⁻¹(p): the x with Φ(x) = p, for 0 ≤ p ≤ 1 (±∞ at the ends, NaN outside [0, 1]).
 * Acklam's approximation followed by one Halley step on Φ(x) - p, which multiplies the number
 * of correct digits by three, so the result is as accurate as Φ itself. For p > 1/2 it uses
 * Φ⁻¹(p) = -Φ⁻¹(1 - p), where 1 - p is exact.
 */
export const normalQuantile = (p: number): number => {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return -normalQuantile(1 - p);
  const x = acklam(p);
  const density = normalPdf(x);
  if (density === 0) return x; // p is so small that φ underflows; the start is all we have
  // Halley: with e = Φ(x) - p and u = e / φ(x), x ← x - u / (1 + x·u/2).
  const u = (normalCdf(x) - p) / density;
  return x - u / (1 + (x * u) / 2);
};
