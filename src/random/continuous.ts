// Continuous samplers over flat typed arrays: uniform, normal and truncated normal.
// The tensor-valued samplers in samplers.ts shape these; they are also usable on their own.
//
// Each draws from the key's counter stream (bits.ts), so the first n values of a request for
// n + m values are the values of a request for n.

import { randomBits64, toOpenUnitFloat64, toUnitFloat64, unitFloats32, unitFloats64 } from "./bits.js";
import { checkFinite, checkFloatDType, checkIntegerIn, type FloatDType } from "./checks.js";
import { firstAbove, lastBelow } from "./float-step.js";
import { normalCdf, normalQuantile } from "./gaussian.js";
import type { Key } from "./key.js";

/** The typed array that holds values of a float dtype. */
export type FloatArray<D extends FloatDType> = D extends "float64" ? Float64Array : Float32Array;

/** A zero-filled array of `n` values of `dtype`. */
const floatArray = <D extends FloatDType>(dtype: D, n: number): FloatArray<D> => {
  const out = dtype === "float64" ? new Float64Array(n) : new Float32Array(n);
  // The branch above picks exactly the array type that FloatArray<D> names.
  return out as FloatArray<D>;
};

/** Rounds to the precision of `dtype`. */
const round = (dtype: FloatDType, x: number): number => (dtype === "float32" ? Math.fround(x) : x);

const MAX_COUNT = 0xffffffff;

/**
 * `n` values uniform on [minval, maxval) in `dtype`.
 *
 * float32: u = m · 2^-23 from the top 23 bits of each random word, then u · (max - min) + min
 * in float32 arithmetic — JAX's `uniform` recipe step for step, and the same numbers for the
 * same key. float64: u has the 52 top bits of a 64-bit value (JAX's recipe with 64-bit types
 * enabled). If rounding lands exactly on maxval the value becomes the largest one below it, so
 * maxval is never returned (JAX only clamps at minval).
 */
export const uniformArray = <D extends FloatDType>(
  k: Key,
  n: number,
  dtype: D,
  minval: number = 0,
  maxval: number = 1,
): FloatArray<D> => {
  checkIntegerIn("uniform", "n", n, 0, MAX_COUNT);
  checkFloatDType("uniform", dtype);
  checkFinite("uniform", "minval", minval);
  checkFinite("uniform", "maxval", maxval);
  const lo = round(dtype, minval);
  const hi = round(dtype, maxval);
  if (!(lo < hi)) {
    throw new RangeError(
      `uniform: minval must be below maxval (in ${dtype}), got minval ${minval} and maxval ${maxval}`,
    );
  }
  const span = round(dtype, hi - lo);
  if (!Number.isFinite(span)) {
    throw new RangeError(`uniform: maxval - minval = ${hi - lo} overflows ${dtype}`);
  }
  const top = lastBelow(hi, dtype);
  const units = dtype === "float32" ? unitFloats32(k, n) : unitFloats64(k, n);
  const out = floatArray(dtype, n);
  for (let i = 0; i < n; i++) {
    const v = round(dtype, round(dtype, (units[i] ?? 0) * span) + lo);
    out[i] = v < lo ? lo : v > top ? top : v;
  }
  return out;
};

/**
 * `n` normal values with the given mean and standard deviation, in `dtype`, by the Box–Muller
 * transform: from u1 ∈ (0, 1] and u2 ∈ [0, 1), each with 52 random bits,
 *   r = √(-2 ln u1),  z₀ = r cos(2π u2),  z₁ = r sin(2π u2)
 * are two independent standard normals (the pair (r, 2π u2) is a uniformly rotated point whose
 * squared radius is exponential with mean 2). Values 2j and 2j+1 come from random elements 2j
 * and 2j+1. Computed in float64 and rounded once, so float32 and float64 results from one key
 * agree to float32 precision. |z| never exceeds √(2 · 52 ln 2) ≈ 8.49.
 */
export const normalArray = <D extends FloatDType>(
  k: Key,
  n: number,
  dtype: D,
  mean: number = 0,
  stddev: number = 1,
): FloatArray<D> => {
  checkIntegerIn("normal", "n", n, 0, MAX_COUNT - 1);
  checkFloatDType("normal", dtype);
  checkFinite("normal", "mean", mean);
  checkFinite("normal", "stddev", stddev);
  if (stddev < 0) throw new RangeError(`normal: stddev must be non-negative, got ${stddev}`);
  const pairs = Math.ceil(n / 2);
  const { hi, lo } = randomBits64(k, 2 * pairs);
  const out = floatArray(dtype, n);
  for (let j = 0; j < pairs; j++) {
    const u1 = 1 - toUnitFloat64(hi[2 * j] ?? 0, lo[2 * j] ?? 0);
    const u2 = toUnitFloat64(hi[2 * j + 1] ?? 0, lo[2 * j + 1] ?? 0);
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    out[2 * j] = mean + stddev * r * Math.cos(theta);
    if (2 * j + 1 < n) out[2 * j + 1] = mean + stddev * r * Math.sin(theta);
  }
  return out;
};

/**
 * `n` standard normal values conditioned on lower < x < upper, in `dtype`, by inverting the
 * distribution function: x = Φ⁻¹(Φ(lower) + u · (Φ(upper) - Φ(lower))) with u ∈ (0, 1) from 52
 * random bits. Either bound may be infinite. An interval to the right of 0 is sampled as the
 * mirror image of its reflection, so Φ is only ever evaluated where it is small and keeps its
 * relative precision; this makes far tails such as (5, 6) exact too. Results are clamped into
 * the open interval (the largest/smallest `dtype` values inside it), as JAX does.
 */
export const truncatedNormalArray = <D extends FloatDType>(
  k: Key,
  n: number,
  dtype: D,
  lower: number = -2,
  upper: number = 2,
): FloatArray<D> => {
  checkIntegerIn("truncatedNormal", "n", n, 0, MAX_COUNT);
  checkFloatDType("truncatedNormal", dtype);
  if (typeof lower !== "number" || typeof upper !== "number" || Number.isNaN(lower) || Number.isNaN(upper)) {
    throw new RangeError(`truncatedNormal: lower and upper must be numbers, got ${lower} and ${upper}`);
  }
  if (!(lower < upper)) {
    throw new RangeError(`truncatedNormal: lower must be below upper, got lower ${lower} and upper ${upper}`);
  }
  const first = firstAbove(lower, dtype);
  const last = lastBelow(upper, dtype);
  if (!(first <= last)) {
    throw new RangeError(
      `truncatedNormal: no ${dtype} value lies strictly between lower ${lower} and upper ${upper}`,
    );
  }
  const mirrored = lower + upper > 0;
  const a = mirrored ? -upper : lower;
  const b = mirrored ? -lower : upper;
  const pa = normalCdf(a);
  const mass = normalCdf(b) - pa;
  if (!(mass > 0)) {
    throw new RangeError(
      `truncatedNormal: the interval (${lower}, ${upper}) has probability ${mass}, too small to sample in float64`,
    );
  }
  const { hi, lo } = randomBits64(k, n);
  const out = floatArray(dtype, n);
  for (let i = 0; i < n; i++) {
    const z = normalQuantile(pa + toOpenUnitFloat64(hi[i] ?? 0, lo[i] ?? 0) * mass);
    const x = round(dtype, mirrored ? -z : z);
    out[i] = x < first ? first : x > last ? last : x;
  }
  return out;
};
