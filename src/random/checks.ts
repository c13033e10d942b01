// Argument checks shared by the samplers, so every bad call fails the same way: with the
// sampler's name, what it was given and what it expected.

import type { FloatDType } from "../tensor/index.js";

/** The floating-point dtypes a continuous sampler can produce. */
export type { FloatDType };

const show = (x: unknown): string => (Array.isArray(x) ? `[${x.map(show).join(", ")}]` : String(x));

/** Number of elements of `shape`, after checking that every dim is a non-negative integer. */
export const shapeSize = (op: string, shape: readonly number[]): number => {
  if (!Array.isArray(shape)) {
    throw new TypeError(`${op}: shape must be an array of dims, got ${show(shape)}`);
  }
  let size = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new RangeError(`${op}: shape ${show(shape)} is invalid: every dim must be a non-negative integer`);
    }
    size *= d;
  }
  if (size > 0xffffffff) {
    throw new RangeError(`${op}: shape ${show(shape)} has ${size} elements; at most 2^32 - 1 are supported`);
  }
  return size;
};

/** Checks that `x` is a finite number. */
export const checkFinite = (op: string, name: string, x: number): void => {
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new RangeError(`${op}: ${name} must be a finite number, got ${show(x)}`);
  }
};

/** Checks that `x` is an integer in [lo, hi]. */
export const checkIntegerIn = (op: string, name: string, x: number, lo: number, hi: number): void => {
  if (typeof x !== "number" || !Number.isInteger(x) || x < lo || x > hi) {
    throw new RangeError(`${op}: ${name} must be an integer in [${lo}, ${hi}], got ${show(x)}`);
  }
};

/** Checks that `dtype` is "float32" or "float64". */
export const checkFloatDType = (op: string, dtype: string): void => {
  if (dtype !== "float32" && dtype !== "float64") {
    throw new TypeError(`${op}: dtype must be "float32" or "float64", got ${JSON.stringify(dtype)}`);
  }
};
