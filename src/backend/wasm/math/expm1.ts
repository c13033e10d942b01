// Vectorised eˣ − 1 and log(1 + x) for float32x4 and float64x2, accurate relative to the result
// also where it is tiny (no 1 + x or eˣ − 1 cancellation).
//
// expm1: for |x| ≤ T (T = 20 for f32, 40 for f64), x = n·ln 2 + r and
//     eˣ − 1 = 2^n·(e^r − 1) + (2^n − 1)
// with e^r − 1 from its series (exp.ts); for n = 0 that is the series itself, so tiny x keep full
// relative accuracy. Beyond T, eˣ − 1 rounds to eˣ (above) or to −1 (below: the clamp at −T gives
// −1 to the last bit), so x > T takes e^x − 1 from the plain exponential, which also overflows to
// +∞ where it should. NaN → NaN, ±0 → ±0, −∞ → −1.
//
// log1p: Goldberg's trick. With u = 1 + x rounded, log1p(x) = x where u = 1, and otherwise
// log(u)·(x/(u − 1)): the rounding error of u cancels in the ratio, and ln u keeps its relative
// accuracy near 1 (log.ts), so the result is good to a few ulp for every x > −1.
// −1 → −∞, x < −1 → NaN, +∞ → +∞, NaN → NaN, −0 → −0.

import type { Code } from "../emit/index.js";
import { type MathContext, bind, choose, localGet, splat } from "./context.js";
import { expm1Clamped, expVector } from "./exp.js";
import { logVector } from "./log.js";

const expm1Limit = { float32: 20, float64: 40 } as const;

export const expm1Vector = (ctx: MathContext, x: number): Code => {
  const vec = ctx.kind.vector;
  const limit = expm1Limit[ctx.kind.dtype];
  const [clampCode, xc] = bind(ctx, [localGet(x), splat(ctx, -limit), vec.max, splat(ctx, limit), vec.min]);
  const [coreCode, core] = bind(ctx, expm1Clamped(ctx, xc));
  const [bigCode, big] = bind(ctx, [expVector(ctx, x), splat(ctx, 1), vec.sub]);
  return [
    clampCode,
    coreCode,
    bigCode,
    // x = ±0 gives x itself (the series would give +0 for −0)
    choose(
      [localGet(x), splat(ctx, 0), vec.eq],
      localGet(x),
      choose([localGet(x), splat(ctx, limit), vec.gt], localGet(big), localGet(core)),
    ),
  ];
};

export const log1pVector = (ctx: MathContext, x: number): Code => {
  const vec = ctx.kind.vector;
  const [uCode, u] = bind(ctx, [splat(ctx, 1), localGet(x), vec.add]);
  const [logCode, logU] = bind(ctx, logVector(ctx, u));
  // ln u · (x/(u − 1)): the ratio first, so that a huge x cannot overflow the product
  const ratio: Code = [localGet(logU), localGet(x), localGet(u), splat(ctx, 1), vec.sub, vec.div, vec.mul];
  return [
    uCode,
    logCode,
    choose(
      [localGet(u), splat(ctx, 1), vec.eq],
      localGet(x),
      // x = +∞: x/(u − 1) would be ∞/∞
      choose([localGet(u), splat(ctx, Infinity), vec.eq], localGet(logU), ratio),
    ),
  ];
};
