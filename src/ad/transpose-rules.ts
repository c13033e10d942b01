// Transposition rules, only for the primitives that are linear in some input. For a linear map
// y = L(x), the transpose maps a cotangent ȳ to x̄ = Lᵀ ȳ. A primitive without a rule here (exp,
// reduceMax, …) is not linear and reaching it while transposing is a NonlinearError.

import * as lax from "../core/lax.js";
import type { Params, PrimTag } from "../core/primitives.js";
import type { Aval } from "../core/trace.js";
import type { Tensor, AnyTensor } from "../tensor/tensor.js";
import { scanTranspose } from "./scan-rules.js";

/** Marks an input of a linear equation that is a linear variable (its value is what we solve for). */
export class LinearArg {
  readonly _tag = "LinearArg";
  constructor(readonly aval: Aval) {}
}

export type TransposeInput = AnyTensor | LinearArg;

export class NonlinearError extends Error {
  readonly _tag = "NonlinearError";
  constructor(readonly prim: string, readonly detail: string) {
    super(`transpose: ${prim} ${detail}; only linear programs can be transposed`);
  }
}

/** Cotangent of the output ↦ cotangent contribution for each input (null where there is none). */
export type TransposeRule<P extends PrimTag> = (ct: AnyTensor, inputs: readonly TransposeInput[], params: Params<P>) => readonly (AnyTensor | null)[];

const isLin = (x: TransposeInput | undefined): x is LinearArg => x instanceof LinearArg;
const shapeOf = (x: TransposeInput | undefined): readonly number[] => (x === undefined ? [] : isLin(x) ? x.aval.shape : x.shape);
const dtypeOf = (x: TransposeInput | undefined): Aval["dtype"] => (x === undefined ? "float32" : isLin(x) ? x.aval.dtype : x.dtype);
const known = (prim: string, x: TransposeInput | undefined): AnyTensor => {
  if (x === undefined || isLin(x)) throw new NonlinearError(prim, "has linear variables in more than one factor");
  return x;
};
const only = (prim: string, inputs: readonly TransposeInput[], i: number): void => {
  if (!isLin(inputs[i])) throw new NonlinearError(prim, `is linear only in operand ${i}, which is not a linear variable here`);
};
/** Computes contributions only for the linear inputs (the others would be dead code in the backward program). */
const forLinear = (inputs: readonly TransposeInput[], cts: readonly (() => AnyTensor | null)[]): (AnyTensor | null)[] =>
  inputs.map((x, i) => (isLin(x) ? (cts[i]?.() ?? null) : null));

export const transposeRules: { readonly [P in PrimTag]?: TransposeRule<P> } = {
  // (-)ᵀ = -
  neg: (ct) => [lax.neg(ct)],
  // y = a + b: ā = ȳ, b̄ = ȳ
  add: (ct, inputs) => forLinear(inputs, [() => ct, () => ct]),
  // y = a - b: ā = ȳ, b̄ = -ȳ
  sub: (ct, inputs) => forLinear(inputs, [() => ct, () => lax.neg(ct)]),
  // y = a · c (c a residual): ā = ȳ · c
  mul: (ct, inputs) => {
    if (isLin(inputs[0])) return [lax.mul(ct, known("mul", inputs[1])), null];
    return [null, lax.mul(known("mul", inputs[0]), ct)];
  },
  // y = a / c: ā = ȳ / c (linear in the numerator only)
  div: (ct, inputs) => {
    only("div", inputs, 0);
    return [lax.div(ct, known("div", inputs[1])), null];
  },
  // y = select(p, a, b): ā = select(p, ȳ, 0), b̄ = select(p, 0, ȳ)
  select: (ct, inputs) => {
    const p = known("select", inputs[0]);
    const zero = lax.zerosLike(ct);
    return forLinear(inputs, [() => null, () => lax.select(p, ct, zero), () => lax.select(p, zero, ct)]);
  },
  // y = Σ_axes x: x̄ = ȳ broadcast back over the summed axes
  reduceSum: (ct, inputs, { axes }) => [lax.expandReduced(ct, shapeOf(inputs[0]), axes)],
  // y = broadcast x: x̄ = ȳ summed over the broadcast axes
  broadcast: (ct, inputs) => [lax.unbroadcast(ct, shapeOf(inputs[0]))],
  reshape: (ct, inputs) => [lax.reshape(ct, shapeOf(inputs[0]))],
  // the transpose of a permutation is its inverse
  transpose: (ct, _inputs, { perm }) => {
    const inverse = perm.map((_, i) => perm.indexOf(i));
    return [lax.transpose(ct, inverse)];
  },
  // slicing picks elements; its transpose puts them back among zeros (pad with interior gaps for strides)
  slice: (ct, inputs, { starts, strides }) => {
    const shape = shapeOf(inputs[0]);
    const hi = shape.map((d, i) => d - ((starts[i] ?? 0) + ((ct.shape[i] ?? 0) - 1) * (strides[i] ?? 1) + 1));
    const lo = starts.map((s, i) => ((ct.shape[i] ?? 0) === 0 ? (shape[i] ?? 0) : s));
    const hiAdj = hi.map((h, i) => ((ct.shape[i] ?? 0) === 0 ? 0 : h));
    return [lax.pad(ct, lo, hiAdj, strides.map((s) => s - 1))];
  },
  // padding adds zeros; its transpose drops them again
  pad: (ct, _inputs, { lo, hi, interior }) => [
    lax.slice(ct, lo, ct.shape.map((d, i) => d - (hi[i] ?? 0)), interior.map((g) => g + 1)),
  ],
  // each operand receives its own slab of the cotangent
  concatenate: (ct, inputs, { axis }) => {
    let start = 0;
    return inputs.map((x) => {
      const width = shapeOf(x)[axis] ?? 0;
      const starts = ct.shape.map((_, i) => (i === axis ? start : 0));
      const limits = ct.shape.map((d, i) => (i === axis ? start + width : d));
      start += width;
      return isLin(x) ? lax.slice(ct, starts, limits) : null;
    });
  },
  // gather reads rows; its transpose adds the cotangent rows back where they were read
  gather: (ct, inputs, { axis }) => {
    only("gather", inputs, 0);
    return [lax.scatterAdd(ct, known("gather", inputs[1]), axis, shapeOf(inputs[0])), null];
  },
  scatterAdd: (ct, inputs, { axis }) => {
    only("scatterAdd", inputs, 0);
    return [lax.gather(ct, known("scatterAdd", inputs[1]), axis), null];
  },
  // C = op(A)·op(B): Ā and B̄ are matrix products with the cotangent, still without explicit transposes
  dot: (ct, inputs, { transposeA, transposeB }) => {
    if (isLin(inputs[0])) {
      const b = known("dot", inputs[1]);
      return [transposeA ? lax.dot(b, ct, transposeB, true) : lax.dot(ct, b, false, !transposeB), null];
    }
    const a = known("dot", inputs[0]);
    return [null, transposeB ? lax.dot(ct, a, true, transposeA) : lax.dot(a, ct, !transposeA, false)];
  },
  // a user-supplied linear map carries its own transpose; its residual operands are constants
  customLinear: (ct, inputs, { rule }) => {
    const residuals = inputs.slice(0, rule.residuals).map((x) => known("customLinear", x));
    const cts = rule.transpose(ct, residuals);
    return [...residuals.map(() => null), ...forLinear(inputs.slice(rule.residuals), cts.map((c) => () => c))];
  },
  // a float → float cast is linear: cast the cotangent back
  convert: (ct, inputs) => [lax.convert(ct, dtypeOf(inputs[0]))],
  // a linear scan, transposed: the same loop backwards, carries and consts accumulating cotangents
  scan: (ct, inputs, params) => scanTranspose(ct, inputs, params),
};
