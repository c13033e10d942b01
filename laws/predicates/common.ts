// Pieces shared by the derivative laws: which outputs take part (float ones; integer and bool
// outputs have no derivative), cotangents for every output, the scalar ⟨w, f(x)⟩ that turns a
// function into a loss for grad and second-order laws, and number formatting for messages.

import * as lax from "../../src/core/lax.js";
import type { Scalar } from "../../src/ad/api.js";
import { isFloat } from "../../src/tensor/dtype.js";
import type { AnyTensor, Tensor } from "../../src/tensor/tensor.js";
import { tensorLike, type Leaves } from "../numeric.js";

/** The float outputs (the ones with derivatives). */
export const floatLeaves = (ys: Leaves): AnyTensor[] => ys.filter((y) => isFloat(y.dtype));

/**
 * One cotangent per output, as vjp needs: the float outputs take `floatWs` in order (one per
 * float output), the others (int32, bool) take zeros.
 */
export function cotangentsFor(ys: Leaves, floatWs: Leaves): AnyTensor[] {
  let next = 0;
  return ys.map((y) => (isFloat(y.dtype) ? (floatWs[next++] ?? lax.zerosLike(y)) : tensorLike(y, new Float64Array(y.size))));
}

/** A float64 scalar tensor (the type grad and hessian want for a loss). */
export const isScalar64 = (t: AnyTensor): t is Tensor<[], "float64"> => t.shape.length === 0 && t.dtype === "float64";

/**
 * ⟨w, f(x)⟩ = Σ_leaves Σᵢ wᵢ·yᵢ over the float outputs (ws has one tensor per float output),
 * in float64: a scalar loss whose gradient is the vjp of w.
 */
export function pairing(ys: Leaves, ws: Leaves): Tensor<[], "float64"> {
  let total: AnyTensor = lax.full([], 0, "float64");
  let next = 0;
  for (const y of ys) {
    if (!isFloat(y.dtype)) continue;
    const w = ws[next++];
    if (w === undefined) throw new RangeError(`laws: ⟨w, f(x)⟩ needs one w per float output, got ${ws.length}`);
    const term = lax.reduceSum(lax.mul(w, y), y.shape.map((_, k) => k));
    total = lax.add(total, lax.convert(term, "float64"));
  }
  if (!isScalar64(total)) throw new Error(`laws: ⟨w, f(x)⟩ should be a float64 scalar, got ${total.dtype}[${total.shape.join(",")}]`);
  return total;
}

/** The same value typed as grad's loss. */
export const asLoss = (t: Tensor<[], "float64">): Scalar => t;

/** A number in messages: enough digits to compare, exponent form when small or large. */
export const fmt = (x: number): string =>
  Number.isNaN(x) ? "NaN" : x === 0 ? "0" : Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6 ? x.toExponential(6) : x.toPrecision(10);

/** `a ≤ b`, false when either is NaN. */
export const within = (a: number, b: number): boolean => a <= b;
