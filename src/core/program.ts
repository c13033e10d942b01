// The IR: a Program is a list of equations in A-normal form. Each equation applies one
// primitive to atoms (variables or scalar literals) and defines one new variable. Programs are
// immutable values; transformations (jvp, linearize, transpose) map programs to programs.

import type { Tensor, AnyTensor } from "../tensor/tensor.js";
import type { Params, PrimTag } from "./primitives.js";
import type { Aval } from "./trace.js";

/** A variable: identified by object identity, named only when printed. */
export class Var {
  readonly _tag = "var";
  constructor(readonly aval: Aval) {}
}

/** A scalar constant written inline, e.g. the `2.0` in `mul a 2.0`. */
export interface Literal {
  readonly _tag: "literal";
  readonly value: number;
  readonly aval: Aval;
}

export type Atom = Var | Literal;

export const literal = (value: number, dtype: Aval["dtype"]): Literal => ({ _tag: "literal", value, aval: { shape: [], dtype } });

/** One primitive application; the union over primitives lets `eqn.params` narrow by `eqn.prim`. */
export type Eqn = { readonly [P in PrimTag]: EqnOf<P> }[PrimTag];
export interface EqnOf<P extends PrimTag> {
  readonly prim: P;
  readonly params: Params<P>;
  readonly inputs: readonly Atom[];
  readonly out: Var;
}

export interface Program {
  /** The function's parameters. */
  readonly inputs: readonly Var[];
  /** Captured non-scalar constants (for a linear program: the residuals), bound to `constValues`. */
  readonly consts: readonly Var[];
  readonly constValues: readonly AnyTensor[];
  readonly eqns: readonly Eqn[];
  readonly outputs: readonly Atom[];
}

/** Builds an equation; the generic keeps prim and params in step. */
export const eqn = <P extends PrimTag>(prim: P, params: Params<P>, inputs: readonly Atom[], out: Var): Eqn =>
  ({ prim, params, inputs, out }) as EqnOf<P> as Eqn; // EqnOf<P> is one member of the Eqn union
