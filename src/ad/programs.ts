// Programs from functions over trees, for printing and teaching: the program of f, of its jvp,
// of its linearization and of its transpose — one pipeline, four printable stages.

import { traceToProgram } from "../core/staging.js";
import type { Program } from "../core/program.js";
import { avalOf } from "../core/trace.js";
import type { AnyTensor } from "../tensor/tensor.js";
import { flatten, unflatten, type Grad } from "../tree/tree.js";
import { jvpFlat } from "./jvp-trace.js";
import { linearizeFlat } from "./linearize.js";
import { transposeProgram } from "./transpose.js";

type Flat = (...xs: AnyTensor[]) => AnyTensor[];

/** f as a function of the flat leaves of its argument list. */
function flatOf(f: (...args: never[]) => unknown, args: readonly unknown[]): { flat: Flat; leaves: AnyTensor[] } {
  const [leaves, def] = flatten([...args]);
  const call = f as unknown as (...xs: unknown[]) => unknown; // called with the arguments' own structure
  const flat: Flat = (...xs) => {
    const rebuilt = unflatten(def, xs);
    return flatten(call(...(Array.isArray(rebuilt) ? rebuilt : [rebuilt])))[0];
  };
  return { flat, leaves };
}

/** The Program that f builds when called on arguments shaped like `args` (their values are not used). */
export const makeProgram = <Args extends readonly unknown[]>(f: (...args: Args) => unknown) => (...args: Args): Program => {
  const { flat, leaves } = flatOf(f, args);
  return traceToProgram(flat, leaves.map(avalOf));
};

/** The Program of f's jvp: inputs are the primals' leaves then the tangents' leaves; outputs the outputs then their tangents. */
export const makeJvpProgram = <Args extends readonly unknown[]>(f: (...args: Args) => unknown) => (...args: Args): Program => {
  const { flat, leaves } = flatOf(f, args);
  const n = leaves.length;
  return traceToProgram((...xs) => {
    const [outs, tangents] = jvpFlat(flat, xs.slice(0, n), xs.slice(n));
    return [...outs, ...tangents];
  }, [...leaves, ...leaves].map(avalOf));
};

/** The linear Program of f at `args`: tangents in, output tangents out, residuals as consts. */
export const makeLinearProgram = <Args extends readonly unknown[]>(f: (...args: Args) => unknown) => (...args: Args): Program => {
  const { flat, leaves } = flatOf(f, args);
  return linearizeFlat(flat, leaves).linear;
};

/** The transposed (backward) Program of f at `args`: output cotangents in, input cotangents out. */
export const makeTransposeProgram = <Args extends readonly unknown[]>(f: (...args: Args) => unknown) => (...args: Args): Program => {
  const { flat, leaves } = flatOf(f, args);
  const { outputs, linear } = linearizeFlat(flat, leaves);
  return traceToProgram((...cts) => transposeProgram(linear, cts), outputs.map(avalOf));
};

/**
 * The transpose of a linear function f, traced at arguments shaped like `args`:
 * `linearTranspose(f, x)(ȳ)` = fᵀ ȳ. A nonlinear f is a NonlinearError.
 */
export function linearTranspose<Args extends readonly unknown[], R>(f: (...args: Args) => R, ...args: Args): (cotangent: Grad<R>) => { -readonly [K in keyof Args]: Grad<Args[K]> } {
  const [leaves, def] = flatten([...args]);
  const { flat } = flatOf(f, args);
  const program = traceToProgram(flat, leaves.map(avalOf));
  return (cotangent) => {
    const cts = transposeProgram(program, flatten(cotangent)[0]);
    const rebuilt = unflatten(def, cts);
    return rebuilt as { -readonly [K in keyof Args]: Grad<Args[K]> }; // the arguments' own structure
  };
}
