// Random bits in counter mode over a key, and their conversion to uniform floats in [0, 1).
//
// Element i of a request is Threefry of the key at the 64-bit counter i (written [hi, lo]), so
// any element can be computed without the others and a request for n elements is a prefix of
// the request for n + 1. This is JAX's `random.bits` (with its default
// `jax_threefry_partitionable`): a 32-bit word is the XOR of the two output words of its
// block, and a 64-bit value is the two output words side by side.

import type { Key } from "./key.js";
import { threefryBlock } from "./threefry.js";

const TWO_32 = 0x1_0000_0000;

const checkCount = (op: string, count: number): void => {
  if (!Number.isInteger(count) || count < 0 || count >= TWO_32) {
    throw new RangeError(`${op}: count must be an integer in [0, 2^32), got ${String(count)}`);
  }
};

/**
 * The 32 random bits of element `index` at retry number `attempt`: the XOR of the two words of
 * Threefry(key, counter [attempt, index]). Attempt 0 is element `index` of `randomBits`; the
 * later attempts, used only by rejection samplers, come from counters no other request uses.
 * `index` and `attempt` must be integers in [0, 2^32).
 */
export const wordAt = (k: Key, index: number, attempt: number = 0): number => {
  const [o0, o1] = threefryBlock(k.data[0], k.data[1], attempt, index);
  return (o0 ^ o1) >>> 0;
};

/** `count` random uint32 words: element i is `wordAt(key, i)` (JAX's `bits(key, (count,))`). */
export const randomBits = (k: Key, count: number): Uint32Array => {
  checkCount("randomBits", count);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = wordAt(k, i);
  return out;
};

/** 64 random bits per element, as its high and low words. */
export interface Bits64 {
  readonly hi: Uint32Array;
  readonly lo: Uint32Array;
}

/**
 * `count` random 64-bit values as two word arrays: element i is the pair of output words of
 * Threefry(key, counter [0, i]) (JAX's 64-bit `bits`, which is `hi · 2^32 + lo`).
 */
export const randomBits64 = (k: Key, count: number): Bits64 => {
  checkCount("randomBits64", count);
  const hi = new Uint32Array(count);
  const lo = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const [o0, o1] = threefryBlock(k.data[0], k.data[1], 0, i);
    hi[i] = o0;
    lo[i] = o1;
  }
  return { hi, lo };
};

/**
 * A float in [0, 1) from the top 23 bits of a word: m · 2^-23 for m = word >>> 9, which uses
 * every mantissa bit of a float32 and is exactly representable. (It is the same number as the
 * bit trick "set the exponent of 1.0, keep 23 random mantissa bits, subtract 1".)
 */
export const toUnitFloat32 = (word: number): number => (word >>> 9) * 2 ** -23;

/**
 * A float in [0, 1) from the top 52 of 64 bits: m · 2^-52 with m = hi · 2^20 + (lo >>> 12),
 * which fills a float64 mantissa and is exact.
 */
export const toUnitFloat64 = (hi: number, lo: number): number =>
  (hi * 2 ** 20 + (lo >>> 12)) * 2 ** -52;

/**
 * Like `toUnitFloat64`, but the midpoint of its grid cell: (m + 1/2) · 2^-52, which lies in the
 * open interval (0, 1), for samplers that take logarithms.
 */
export const toOpenUnitFloat64 = (hi: number, lo: number): number =>
  (hi * 2 ** 20 + (lo >>> 12) + 0.5) * 2 ** -52;

/** `count` uniform float32 values in [0, 1), from `randomBits` (JAX's float32 `uniform`). */
export const unitFloats32 = (k: Key, count: number): Float32Array => {
  const words = randomBits(k, count);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = toUnitFloat32(words[i] ?? 0);
  return out;
};

/** `count` uniform float64 values in [0, 1), from `randomBits64` (JAX's float64 `uniform`). */
export const unitFloats64 = (k: Key, count: number): Float64Array => {
  const { hi, lo } = randomBits64(k, count);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = toUnitFloat64(hi[i] ?? 0, lo[i] ?? 0);
  return out;
};
