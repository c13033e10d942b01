// What a vectorised math routine needs while it is emitted: the element kind and a scope for its
// temporaries. Routines read their argument from a v128 local and leave the result on the stack.

import { type Code, LocalScope, ValType, localGet, localSet, localTee, v128 } from "../emit/index.js";
import { type FloatKind } from "../dtype.js";

export interface MathContext {
  readonly kind: FloatKind;
  readonly scope: LocalScope;
}

/** A fresh v128 temporary. */
export const temp = (ctx: MathContext): number => ctx.scope.add(ValType.v128);

/** Evaluates `code` into a fresh temporary; returns [code, local]. */
export const bind = (ctx: MathContext, code: Code): readonly [Code, number] => {
  const local = temp(ctx);
  return [[code, localSet(local)], local];
};

/** Every lane equal to `value`. */
export const splat = (ctx: MathContext, value: number): Code => ctx.kind.vector.const(value);

/** Lane-wise `mask ? whenTrue : whenFalse` for a comparison mask (all ones or all zeros). */
export const choose = (mask: Code, whenTrue: Code, whenFalse: Code): Code => [whenTrue, whenFalse, mask, v128.bitselect];

/** p(x) = c[0] + x·(c[1] + x·(c[2] + …)) by Horner's rule; `x` is a local. */
export const horner = (ctx: MathContext, x: number, coefficients: readonly number[]): Code => {
  const vec = ctx.kind.vector;
  const highest = coefficients.length - 1;
  const steps: Code[] = [splat(ctx, coefficients[highest] ?? 0)];
  for (let i = highest - 1; i >= 0; i--) {
    steps.push([localGet(x), vec.mul, splat(ctx, coefficients[i] ?? 0), vec.add]);
  }
  return steps;
};

export { localGet, localSet, localTee };
