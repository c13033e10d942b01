// Vectorised tanh and the logistic sigmoid, built on e^x.
//
// tanh x = sign(x) · q/(q + 2) with q = e^{2|x|} − 1 computed by expm1, which keeps full relative
// accuracy for tiny |x| (no 1 − 2/(e^{2x}+1) cancellation). |x| is clamped where tanh already
// rounds to 1 (9.1 for f32, 19.5 for f64), so q never overflows; ±∞ → ±1, NaN → NaN, −0 → −0.
//
// σ(x) = 1/(1 + e^{−x}) is evaluated as s = 1/(1 + t), t = e^{−|x|}, giving s for x ≥ 0 and
// t·s = e^{x}/(1 + e^{x}) for x < 0, so tiny negative-side results keep their relative accuracy.

import { type Code, v128 } from "../emit/index.js";
import { type MathContext, bind, choose, localGet, splat } from "./context.js";
import { expVector, expm1Clamped } from "./exp.js";

const tanhSaturation = { float32: 9.1, float64: 19.5 } as const;

/** Bits of the sign of each lane. */
const signBits = (ctx: MathContext): Code => splat(ctx, -0);

export const tanhVector = (ctx: MathContext, x: number): Code => {
  const vec = ctx.kind.vector;
  const [twoAbsCode, twoAbs] = bind(ctx, [
    localGet(x),
    vec.abs,
    splat(ctx, tanhSaturation[ctx.kind.dtype]),
    vec.min,
    splat(ctx, 2),
    vec.mul,
  ]);
  const [qCode, q] = bind(ctx, expm1Clamped(ctx, twoAbs));
  return [
    twoAbsCode,
    qCode,
    localGet(q),
    localGet(q),
    splat(ctx, 2),
    vec.add,
    vec.div,
    // copy the sign of x (tanh is odd)
    localGet(x),
    signBits(ctx),
    v128.and,
    v128.or,
  ];
};

export const sigmoidVector = (ctx: MathContext, x: number): Code => {
  const vec = ctx.kind.vector;
  const [negAbsCode, negAbs] = bind(ctx, [localGet(x), vec.abs, vec.neg]);
  const [tCode, t] = bind(ctx, expVector(ctx, negAbs));
  const [sCode, s] = bind(ctx, [splat(ctx, 1), splat(ctx, 1), localGet(t), vec.add, vec.div]);
  return [
    negAbsCode,
    tCode,
    sCode,
    choose([localGet(x), splat(ctx, 0), vec.ge], localGet(s), [localGet(t), localGet(s), vec.mul]),
  ];
};
