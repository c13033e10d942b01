// Vectorised natural logarithm for float32x4 and float64x2.
//
// Write x = 2^e · m with m ∈ [√½, √2) (read from the bits; subnormals are scaled up first). Then
//     ln x = e·ln 2 + ln m,    ln m = 2·atanh(s) = 2·(s + s³/3 + s⁵/5 + …),  s = (m − 1)/(m + 1),
// with |s| ≤ 0.1716, so terms up to s⁹ (f32) / s²¹ (f64) leave a truncation error below 1e-8 /
// 1e-17. m − 1 is exact (Sterbenz), so results near x = 1 keep full relative accuracy.
// Special values: ln 0 = −∞, ln(x < 0) = NaN, ln +∞ = +∞, ln NaN = NaN.

import { type Code, f32x4, i32, i32x4, i64x2, v128 } from "../emit/index.js";
import { type MathContext, bind, choose, horner, localGet, splat } from "./context.js";
import { splitLn2 } from "./constants.js";

const parameters = {
  float32: {
    terms: 5,
    smallestNormal: 2 ** -126,
    subnormalScaleLog2: 24,
    ln2: splitLn2(16),
  },
  float64: {
    terms: 11,
    smallestNormal: 2 ** -1022,
    subnormalScaleLog2: 54,
    ln2: splitLn2(42),
  },
} as const;

/** 2/(2k+1) for k = 0..terms−1: ln m = s·Σ 2/(2k+1)·(s²)^k. */
const atanhCoefficients = (terms: number): readonly number[] =>
  Array.from({ length: terms }, (_, k) => 2 / (2 * k + 1));

/** The unbiased exponent (as floats) and the significand in [1, 2) of a positive normal vector. */
const decompose = (ctx: MathContext, x: number): { exponent: Code; significand: Code } => {
  if (ctx.kind.dtype === "float32") {
    return {
      exponent: [localGet(x), i32.const(23), i32x4.shr_u, i32x4.const(127), i32x4.sub, f32x4.convert_i32x4_s],
      significand: [localGet(x), i32x4.const(0x007fffff), v128.and, i32x4.const(0x3f800000), v128.or],
    };
  }
  // f64: (bits >> 52) | bits(2^52) is the double 2^52 + biased exponent; subtract 2^52 + 1023.
  return {
    exponent: [
      localGet(x),
      i32.const(52),
      i64x2.shr_u,
      i64x2.const(0x4330000000000000n),
      v128.or,
      splat(ctx, 2 ** 52 + 1023),
      ctx.kind.vector.sub,
    ],
    significand: [localGet(x), i64x2.const(0x000fffffffffffffn), v128.and, i64x2.const(0x3ff0000000000000n), v128.or],
  };
};

/** ln x for the vector in local `x`; result on the stack. */
export const logVector = (ctx: MathContext, x: number): Code => {
  const vec = ctx.kind.vector;
  const p = parameters[ctx.kind.dtype];
  const [subCode, isSubnormal] = bind(ctx, [localGet(x), splat(ctx, p.smallestNormal), vec.lt]);
  const [scaledCode, xs] = bind(ctx, choose(localGet(isSubnormal), [localGet(x), splat(ctx, 2 ** p.subnormalScaleLog2), vec.mul], localGet(x)));
  const parts = decompose(ctx, xs);
  const [mCode, m] = bind(ctx, parts.significand);
  const [eCode, e] = bind(ctx, [
    parts.exponent,
    // undo the subnormal scaling
    localGet(isSubnormal),
    splat(ctx, p.subnormalScaleLog2),
    v128.and,
    vec.sub,
  ]);
  // Move m from [1, 2) to [√½, √2): halve it and bump the exponent where m > √2.
  const [bigCode, big] = bind(ctx, [localGet(m), splat(ctx, Math.SQRT2), vec.gt]);
  const [mHalfCode, mh] = bind(ctx, choose(localGet(big), [localGet(m), splat(ctx, 0.5), vec.mul], localGet(m)));
  const [eBumpCode, eb] = bind(ctx, [localGet(e), localGet(big), splat(ctx, 1), v128.and, vec.add]);
  const [sCode, s] = bind(ctx, [localGet(mh), splat(ctx, 1), vec.sub, localGet(mh), splat(ctx, 1), vec.add, vec.div]);
  const [zCode, z] = bind(ctx, [localGet(s), localGet(s), vec.mul]);
  const [lnCode, ln] = bind(ctx, [
    // e·hi + (ln m + e·lo)
    localGet(eb),
    splat(ctx, p.ln2.hi),
    vec.mul,
    horner(ctx, z, atanhCoefficients(p.terms)),
    localGet(s),
    vec.mul,
    localGet(eb),
    splat(ctx, p.ln2.lo),
    vec.mul,
    vec.add,
    vec.add,
  ]);
  const zero = splat(ctx, 0);
  return [
    subCode,
    scaledCode,
    mCode,
    eCode,
    bigCode,
    mHalfCode,
    eBumpCode,
    sCode,
    zCode,
    lnCode,
    choose([localGet(x), splat(ctx, Infinity), vec.eq], splat(ctx, Infinity),
      choose([localGet(x), zero, vec.lt], splat(ctx, NaN),
        choose([localGet(x), zero, vec.eq], splat(ctx, -Infinity),
          choose([localGet(x), localGet(x), vec.ne], localGet(x), localGet(ln))))),
  ];
};
