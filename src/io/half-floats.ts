// The 16-bit floats of published weights, to and from JavaScript numbers:
//   float16 (IEEE 754 binary16)  1 sign bit, 5 exponent bits (bias 15), 10 fraction bits
//   bfloat16                     1 sign bit, 8 exponent bits (bias 127), 7 fraction bits
//                                (the top half of a float32)
// A normal value is (−1)^s · 1.f · 2^(e − bias) for 0 < e < max; e = 0 holds the subnormals
// 0.f · 2^(1 − bias) and ±0; e = max holds ±∞ (f = 0) and NaN (f ≠ 0).
//
// Widening (16 bits → number) is exact. Narrowing rounds the number once, to nearest with ties
// to even, as IEEE 754 defines: values past the largest finite one by half an ulp or more become
// ±∞, values below the smallest subnormal by half of it or less become ±0, and NaN stays NaN (as
// the quiet NaN with the sign kept; its payload is not). Rounding a float64 directly, not through
// float32, avoids double rounding.

interface HalfFormat {
  readonly exponentBits: number;
  readonly fractionBits: number;
}

const FLOAT16: HalfFormat = { exponentBits: 5, fractionBits: 10 };
const BFLOAT16: HalfFormat = { exponentBits: 8, fractionBits: 7 };

/** x rounded to an integer, ties to even (x ≥ 0; exact for the magnitudes used here). */
const roundHalfEven = (x: number): number => {
  const floor = Math.floor(x);
  const rest = x - floor;
  return rest > 0.5 || (rest === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
};

/** The largest e with 2^e ≤ a (a > 0 and finite). */
const exponentOf = (a: number): number => {
  let e = Math.floor(Math.log2(a));
  while (2 ** e > a) e--;
  while (2 ** (e + 1) <= a) e++;
  return e;
};

function toBits(x: number, f: HalfFormat): number {
  const maxExponent = 2 ** f.exponentBits - 1;
  const bias = 2 ** (f.exponentBits - 1) - 1;
  const sign = x < 0 || Object.is(x, -0) ? 1 << (f.exponentBits + f.fractionBits) : 0;
  const infinity = sign | (maxExponent << f.fractionBits);
  if (Number.isNaN(x)) return infinity | (1 << (f.fractionBits - 1)); // the quiet NaN
  const a = Math.abs(x);
  // Halfway between the largest finite value (2 − 2^−f)·2^bias and 2^(bias+1) rounds (to even) up.
  if (a >= (2 - 2 ** -(f.fractionBits + 1)) * 2 ** bias) return infinity;
  const minNormalExponent = 1 - bias;
  if (a < 2 ** minNormalExponent) {
    // Subnormal: a multiple of 2^(1 − bias − fractionBits); a carry into the exponent field
    // (the count reaching 2^fractionBits) is the smallest normal, as the bit pattern says.
    return sign | roundHalfEven(a / 2 ** (minNormalExponent - f.fractionBits));
  }
  let e = exponentOf(a);
  let fraction = roundHalfEven((a / 2 ** e - 1) * 2 ** f.fractionBits);
  if (fraction === 2 ** f.fractionBits) {
    fraction = 0;
    e++;
  }
  return sign | ((e + bias) << f.fractionBits) | fraction;
}

function fromBits(bits: number, f: HalfFormat): number {
  const maxExponent = 2 ** f.exponentBits - 1;
  const bias = 2 ** (f.exponentBits - 1) - 1;
  const sign = (bits >> (f.exponentBits + f.fractionBits)) & 1 ? -1 : 1;
  const e = (bits >> f.fractionBits) & maxExponent;
  const fraction = bits & (2 ** f.fractionBits - 1);
  if (e === maxExponent) return fraction === 0 ? sign * Infinity : NaN;
  if (e === 0) return sign * fraction * 2 ** (1 - bias - f.fractionBits);
  return sign * (1 + fraction / 2 ** f.fractionBits) * 2 ** (e - bias);
}

/** The float16 bit pattern nearest to x (ties to even). */
export const toFloat16Bits = (x: number): number => toBits(x, FLOAT16);
/** The value of a float16 bit pattern, exactly. */
export const fromFloat16Bits = (bits: number): number => fromBits(bits, FLOAT16);
/** The bfloat16 bit pattern nearest to x (ties to even). */
export const toBfloat16Bits = (x: number): number => toBits(x, BFLOAT16);
/** The value of a bfloat16 bit pattern, exactly. */
export const fromBfloat16Bits = (bits: number): number => fromBits(bits, BFLOAT16);
