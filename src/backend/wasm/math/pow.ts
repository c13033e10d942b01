// Vectorised x^y = e^{y·ln|x|}, with the sign rules of Math.pow for a negative base:
// an odd integer y gives a negative result, a non-integer y gives NaN; y = 0 gives 1 for every x
// (NaN included). Not tracked: the sign of a zero base (pow(−0, −1) is +∞ here, −∞ in Math.pow).
// The relative error grows with |y·ln|x||, because the error of ln|x| is multiplied by y.

import { type Code, v128 } from "../emit/index.js";
import { type MathContext, bind, choose, localGet, splat } from "./context.js";
import { expVector } from "./exp.js";
import { logVector } from "./log.js";

export const powVector = (ctx: MathContext, x: number, y: number): Code => {
  const vec = ctx.kind.vector;
  const [absCode, ax] = bind(ctx, [localGet(x), vec.abs]);
  const [lnCode, ln] = bind(ctx, logVector(ctx, ax));
  const [productCode, product] = bind(ctx, [localGet(y), localGet(ln), vec.mul]);
  const [magnitudeCode, magnitude] = bind(ctx, expVector(ctx, product));
  const [isIntCode, isInt] = bind(ctx, [localGet(y), vec.nearest, localGet(y), vec.eq]);
  const [halfCode, half] = bind(ctx, [localGet(y), splat(ctx, 0.5), vec.mul]);
  // y is an odd integer iff y is an integer and y/2 is not
  const [isOddCode, isOdd] = bind(ctx, [localGet(half), vec.nearest, localGet(half), vec.ne, localGet(isInt), v128.and]);
  const [negativeCode, negative] = bind(ctx, [localGet(x), splat(ctx, 0), vec.lt]);
  return [
    absCode,
    lnCode,
    productCode,
    magnitudeCode,
    isIntCode,
    halfCode,
    isOddCode,
    negativeCode,
    choose(
      [localGet(y), splat(ctx, 0), vec.eq],
      splat(ctx, 1),
      choose(
        [localGet(negative), localGet(isInt), v128.andnot],
        splat(ctx, NaN),
        choose([localGet(negative), localGet(isOdd), v128.and], [localGet(magnitude), vec.neg], localGet(magnitude)),
      ),
    ),
  ];
};
