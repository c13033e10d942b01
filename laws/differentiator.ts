// The derivative machinery the laws check, as a record of three functions on flat tensor lists.
// The laws take it as a parameter (like an fp-ts-laws instance), so the same laws can be run
// against tygrad's own jvp/linearize/vjp or against a deliberately broken copy, to show that
// they notice.

import { evalProgram } from "../src/core/eval-program.js";
import { jvpFlat } from "../src/ad/jvp-trace.js";
import { linearizeFlat, vjpFlat } from "../src/ad/linearize.js";
import type { AnyTensor } from "../src/tensor/tensor.js";
import type { Leaves } from "./numeric.js";

/** A function from a flat list of tensors to a flat list of tensors. */
export type FlatFunction = (...xs: AnyTensor[]) => readonly AnyTensor[];

/** A linear map between flat tensor lists (a tangent map or a pullback). */
export type LinearMap = (xs: Leaves) => readonly AnyTensor[];

export interface Differentiator {
  /** What the laws call it in messages. */
  readonly name: string;
  /** (f, x, u) ↦ (f(x), ∂f(x)·u) */
  readonly jvp: (f: FlatFunction, primals: Leaves, tangents: Leaves) => readonly [Leaves, Leaves];
  /** (f, x) ↦ (f(x), u ↦ ∂f(x)·u) */
  readonly linearize: (f: FlatFunction, primals: Leaves) => readonly [Leaves, LinearMap];
  /** (f, x) ↦ (f(x), v ↦ ∂f(x)ᵀ·v) */
  readonly vjp: (f: FlatFunction, primals: Leaves) => readonly [Leaves, LinearMap];
}

/** tygrad's own forward mode (dual numbers), linearization (jvp + partial evaluation) and vjp (transpose). */
export const tygradDifferentiator: Differentiator = {
  name: "tygrad",
  jvp: (f, primals, tangents) => jvpFlat(f, primals, tangents),
  linearize: (f, primals) => {
    const { outputs, linear } = linearizeFlat(f, primals);
    return [outputs, (tangents) => evalProgram(linear, tangents)];
  },
  vjp: (f, primals) => vjpFlat(f, primals),
};
