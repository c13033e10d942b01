// Neighbouring floating-point values, used to keep samples inside their stated intervals when
// rounding would land exactly on an excluded end point.

import type { FloatDType } from "./checks.js";

/** The largest float64 below x (for finite x or +∞). */
const below64 = (x: number): number => {
  if (x === 0) return -Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  // For IEEE-754 numbers of one sign, the bit patterns are ordered like the magnitudes.
  view.setBigUint64(0, view.getBigUint64(0) + (x > 0 ? -1n : 1n));
  return view.getFloat64(0);
};

/** The largest float32 below x, for x a float32 value (finite or +∞). */
const below32 = (x: number): number => {
  if (x === 0) return -(2 ** -149);
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, x);
  view.setUint32(0, view.getUint32(0) + (x > 0 ? -1 : 1));
  return view.getFloat32(0);
};

/** The largest value of `dtype` strictly below a value `x` of `dtype` (finite or +∞). */
const nextBelow = (x: number, dtype: FloatDType): number =>
  dtype === "float32" ? below32(x) : below64(x);

/** The smallest value of `dtype` strictly above `x`, for any number x other than NaN and +∞. */
export const firstAbove = (x: number, dtype: FloatDType): number => -lastBelow(-x, dtype);

/** The largest value of `dtype` strictly below `x`, for any number x other than NaN and -∞. */
export const lastBelow = (x: number, dtype: FloatDType): number => {
  const nearest = dtype === "float32" ? Math.fround(x) : x;
  return nearest < x ? nearest : nextBelow(nearest, dtype);
};
