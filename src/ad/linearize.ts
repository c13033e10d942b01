// linearize = jvp + partial evaluation:  f, x  ↦  ( f(x), the linear map t ↦ ∂f(x)·t as a Program ).
// vjp = transpose ∘ linearize:            f, x  ↦  ( f(x), ȳ ↦ ∂f(x)ᵀ·ȳ ).

import { evalProgram } from "../core/eval-program.js";
import { zerosLike } from "../core/lax.js";
import type { Program } from "../core/program.js";
import { avalOf } from "../core/trace.js";
import type { Tensor, AnyTensor } from "../tensor/tensor.js";
import { checkTangent, jvpFlatSymbolic } from "./jvp-trace.js";
import { partialEvalFlat, type PartialVal } from "./partial-eval.js";
import { transposeProgram } from "./transpose.js";

export interface Linearized {
  /** f(primals). */
  readonly outputs: readonly AnyTensor[];
  /** The linear map from input tangents to output tangents; its consts are the residuals. */
  readonly linear: Program;
}

/** Linearizes a function of flat tensor lists at `primals`. */
export function linearizeFlat(f: (...xs: AnyTensor[]) => readonly AnyTensor[], primals: readonly AnyTensor[]): Linearized {
  primals.forEach((x, i) => checkTangent("linearize", i, x, x));
  const n = primals.length;
  const pvals: PartialVal[] = [
    ...primals.map((x) => ({ known: x })),
    ...primals.map((x) => ({ unknown: avalOf(x) })),
  ];
  const jvpOfF = (...xs: AnyTensor[]): AnyTensor[] => {
    const [outs, tangents] = jvpFlatSymbolic(f, xs.slice(0, n), xs.slice(n));
    // A symbolically zero output tangent (the output does not depend on the inputs) is a known zero.
    return [...outs, ...tangents.map((t, i) => t ?? zerosLike(outs[i] ?? missing(i)))];
  };
  // The jvp returns primal outputs then tangent outputs; the program computes the second half.
  const { outputs, program } = partialEvalFlat(jvpOfF, pvals, (count) => Array.from({ length: count / 2 }, (_, i) => count / 2 + i));
  const primalOuts = outputs.slice(0, outputs.length / 2).map((pv, i) => {
    if (!("known" in pv)) throw new Error(`linearize: primal output ${i} depends on the tangents`);
    return pv.known;
  });
  return { outputs: primalOuts, linear: program };
}

const missing = (i: number): never => {
  throw new Error(`linearize: missing output ${i}`);
};

/** vjp on flat lists: the outputs and the pullback ȳ ↦ x̄. */
export function vjpFlat(
  f: (...xs: AnyTensor[]) => readonly AnyTensor[], primals: readonly AnyTensor[],
): [AnyTensor[], (cotangents: readonly AnyTensor[]) => AnyTensor[]] {
  const { outputs, linear } = linearizeFlat(f, primals);
  return [[...outputs], (cts) => transposeProgram(linear, cts)];
}

/** Runs the linear program of a linearization on tangents. */
export const applyLinear = (lin: Linearized, tangents: readonly AnyTensor[]): AnyTensor[] => evalProgram(lin.linear, tangents);
