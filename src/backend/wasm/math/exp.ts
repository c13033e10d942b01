// Vectorised e^x and e^x − 1 for float32x4 and float64x2.
//
// Range reduction: x = n·ln 2 + r with n = round(x / ln 2), so |r| ≤ ln 2 / 2 and
//     e^x = 2^n · e^r,     e^x − 1 = 2^n·(e^r − 1) + (2^n − 1).
// r is computed as (x − n·hi) − n·lo with ln 2 = hi + lo split so that n·hi is exact.
// e^r − 1 = r·(1 + r/2! + r²/3! + …) by Horner; degree 7 (f32) / 13 (f64) makes the
// truncation error below 1e-8 / 1e-17 on |r| ≤ 0.347. 2^n is built in the exponent bits.
// NaN propagates (wasm min/max return NaN), −∞ → 0 and +∞ → +∞ through the clamp.

import { type Code, i32, i32x4, i64x2 } from "../emit/index.js";
import { type MathContext, bind, horner, localGet, splat } from "./context.js";
import { inverseFactorials, splitLn2 } from "./constants.js";

interface ExpParameters {
  /** Clamp of the argument: beyond it the result is already 0 or +∞. */
  readonly low: number;
  readonly high: number;
  /** Highest power of r in the polynomial for e^r − 1. */
  readonly degree: number;
  readonly ln2: { readonly hi: number; readonly lo: number };
}

const parameters = {
  // n ∈ [−150, 129]: hi has 16 significant bits so n·hi fits the 24-bit significand.
  float32: { low: -104, high: 89, degree: 7, ln2: splitLn2(16) },
  // n ∈ [−1077, 1025]: hi has 42 significant bits so n·hi fits the 53-bit significand.
  float64: { low: -746, high: 710, degree: 13, ln2: splitLn2(42) },
} as const satisfies Record<string, ExpParameters>;

/** e^r − 1 = r·Σ r^k/(k+1)!, k = 0..degree−1, for a reduced argument in local `r`. */
const expm1Reduced = (ctx: MathContext, r: number, degree: number): Code => {
  const coefficients = inverseFactorials(degree).slice(1); // 1/1!, 1/2!, …, 1/degree!
  return [horner(ctx, r, coefficients), localGet(r), ctx.kind.vector.mul];
};

/** n = round(x / ln 2) and r = x − n·ln 2, as locals. */
const reduce = (ctx: MathContext, x: number, p: ExpParameters): { code: Code; n: number; r: number } => {
  const vec = ctx.kind.vector;
  const [nCode, n] = bind(ctx, [localGet(x), splat(ctx, Math.LOG2E), vec.mul, vec.nearest]);
  const [rCode, r] = bind(ctx, [
    localGet(x),
    localGet(n),
    splat(ctx, p.ln2.hi),
    vec.mul,
    vec.sub,
    localGet(n),
    splat(ctx, p.ln2.lo),
    vec.mul,
    vec.sub,
  ]);
  return { code: [nCode, rCode], n, r };
};

/** Integer lanes of a float vector holding whole numbers (f64: in i32 lanes 0 and 1). */
const toInt = (ctx: MathContext, n: Code): Code =>
  ctx.kind.dtype === "float32" ? [n, i32x4.trunc_sat_f32x4_s] : [n, i32x4.trunc_sat_f64x2_s_zero];

/** 2^k for integer lanes k in normal range, built as exponent bits. */
const powerOfTwo = (ctx: MathContext, k: Code): Code =>
  ctx.kind.dtype === "float32"
    ? [k, i32x4.const(127), i32x4.add, i32.const(23), i32x4.shl]
    : [k, i32x4.const(1023), i32x4.add, i64x2.extend_low_i32x4_s, i32.const(52), i64x2.shl];

/** e^x for the vector in local `x`; result on the stack. */
export const expVector = (ctx: MathContext, x: number): Code => {
  const vec = ctx.kind.vector;
  const p = parameters[ctx.kind.dtype];
  const [clampCode, xc] = bind(ctx, [localGet(x), splat(ctx, p.low), vec.max, splat(ctx, p.high), vec.min]);
  const { code: reduceCode, n, r } = reduce(ctx, xc, p);
  // 2^n = 2^h · 2^(n−h) with h = n >> 1, so both factors stay normal down to subnormal results.
  const [intCode, ni] = bind(ctx, toInt(ctx, localGet(n)));
  const [halfCode, half] = bind(ctx, [localGet(ni), i32.const(1), i32x4.shr_s]);
  return [
    clampCode,
    reduceCode,
    intCode,
    halfCode,
    expm1Reduced(ctx, r, p.degree),
    splat(ctx, 1),
    vec.add,
    powerOfTwo(ctx, localGet(half)),
    vec.mul,
    powerOfTwo(ctx, [localGet(ni), localGet(half), i32x4.sub]),
    vec.mul,
  ];
};

/**
 * e^x − 1 for x where 2^n stays normal — |x| ≤ 80 (f32) or 700 (f64); the caller clamps (tanh,
 * expm1): accurate relative to the result also for tiny x, where e^x − 1 would cancel.
 */
export const expm1Clamped = (ctx: MathContext, x: number): Code => {
  const vec = ctx.kind.vector;
  const p = parameters[ctx.kind.dtype];
  const { code: reduceCode, n, r } = reduce(ctx, x, p);
  const [scaleCode, scale] = bind(ctx, powerOfTwo(ctx, toInt(ctx, localGet(n))));
  return [
    reduceCode,
    scaleCode,
    // 2^n·(e^r − 1) + (2^n − 1)
    localGet(scale),
    expm1Reduced(ctx, r, p.degree),
    vec.mul,
    localGet(scale),
    splat(ctx, 1),
    vec.sub,
    vec.add,
  ];
};
