// Lowers expressions to straight-line SIMD code over one vector of elements. Structurally equal
// subexpressions are computed once (each distinct node gets one v128 local), so a fused kernel
// with several outputs shares their common parts.

import { type Code, localGet, localSet, v128 } from "../../emit/index.js";
import { type MathContext, splat, temp } from "../../math/context.js";
import { expVector } from "../../math/exp.js";
import { expm1Vector, log1pVector } from "../../math/expm1.js";
import { logVector } from "../../math/log.js";
import { powVector } from "../../math/pow.js";
import { sigmoidVector, tanhVector } from "../../math/tanh.js";
import { type BinaryOp, type Expr, type UnaryOp, exprKey } from "./expr.js";

export interface Lowered {
  readonly code: Code;
  /** The local holding each output, in order. */
  readonly outputs: readonly number[];
}

const unaryCode = (ctx: MathContext, op: UnaryOp, x: number): Code => {
  const vec = ctx.kind.vector;
  switch (op) {
    case "neg":
      return [localGet(x), vec.neg];
    case "abs":
      return [localGet(x), vec.abs];
    case "sqrt":
      return [localGet(x), vec.sqrt];
    case "exp":
      return expVector(ctx, x);
    case "log":
      return logVector(ctx, x);
    case "tanh":
      return tanhVector(ctx, x);
    case "sigmoid":
      return sigmoidVector(ctx, x);
    case "expm1":
      return expm1Vector(ctx, x);
    case "log1p":
      return log1pVector(ctx, x);
  }
};

const binaryCode = (ctx: MathContext, op: BinaryOp, x: number, y: number): Code => {
  const vec = ctx.kind.vector;
  const both: Code = [localGet(x), localGet(y)];
  // A comparison mask (all ones / all zeros) ANDed with the bits of 1.0 gives 1 or 0.
  const indicator = (compare: Code): Code => [both, compare, splat(ctx, 1), v128.and];
  switch (op) {
    case "add":
      return [both, vec.add];
    case "sub":
      return [both, vec.sub];
    case "mul":
      return [both, vec.mul];
    case "div":
      return [both, vec.div];
    // wasm min/max return NaN if either operand is NaN and order −0 below +0, like Math.min/max.
    case "max":
      return [both, vec.max];
    case "min":
      return [both, vec.min];
    case "pow":
      return powVector(ctx, x, y);
    case "lt":
      return indicator(vec.lt);
    case "le":
      return indicator(vec.le);
    case "gt":
      return indicator(vec.gt);
    case "ge":
      return indicator(vec.ge);
    case "eq":
      return indicator(vec.eq);
    case "ne":
      return indicator(vec.ne);
  }
};

/**
 * Code computing every output for one vector of elements. `loadInput(i)` pushes the v128 value of
 * input i for the current position.
 */
export const lowerExprs = (ctx: MathContext, outputs: readonly Expr[], loadInput: (index: number) => Code): Lowered => {
  const localOf = new Map<string, number>();
  const code: Code[] = [];

  const visit = (e: Expr): number => {
    const key = exprKey(e);
    const known = localOf.get(key);
    if (known !== undefined) return known;
    let value: Code;
    switch (e._tag) {
      case "input":
        value = loadInput(e.index);
        break;
      case "const":
        value = splat(ctx, e.value);
        break;
      case "unary":
        value = unaryCode(ctx, e.op, visit(e.x));
        break;
      case "binary": {
        const x = visit(e.x);
        value = binaryCode(ctx, e.op, x, visit(e.y));
        break;
      }
      case "select": {
        const cond = visit(e.cond);
        const whenTrue = visit(e.whenTrue);
        const whenFalse = visit(e.whenFalse);
        // bitselect takes the first operand where the mask (cond ≠ 0) is set
        value = [localGet(whenTrue), localGet(whenFalse), localGet(cond), splat(ctx, 0), ctx.kind.vector.ne, v128.bitselect];
        break;
      }
    }
    const local = temp(ctx);
    code.push([value, localSet(local)]);
    localOf.set(key, local);
    return local;
  };

  const outputLocals = outputs.map(visit);
  return { code, outputs: outputLocals };
};
