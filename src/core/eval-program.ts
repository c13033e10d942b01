// Running a Program. Each equation is re-applied with `bind`, so evaluating a program inside
// another transformation (jvp of a traced function, a program inside grad) transforms it too.

import type { Shape } from "../shape/index.js";
import type { DType } from "../tensor/dtype.js";
import { full } from "./lax.js";
import { Tensor, type AnyTensor } from "../tensor/tensor.js";
import type { Atom, Program, Var } from "./program.js";
import { bind } from "./trace.js";

export class ProgramArityError extends TypeError {
  readonly _tag = "ProgramArityError";
}

/** Evaluates `program` on `args` (one per input var); its consts come from the program itself. */
export function evalProgram(program: Program, args: readonly AnyTensor[]): AnyTensor[] {
  if (args.length !== program.inputs.length) {
    throw new ProgramArityError(`evalProgram: the program takes ${program.inputs.length} inputs, got ${args.length}`);
  }
  const env = new Map<Var, AnyTensor>();
  program.inputs.forEach((v, i) => env.set(v, args[i] ?? missing(i)));
  program.consts.forEach((v, i) => env.set(v, program.constValues[i] ?? missing(i)));
  const read = (a: Atom): AnyTensor => {
    if (a._tag === "literal") return full([], a.value, a.aval.dtype);
    const t = env.get(a);
    if (t === undefined) throw new Error("evalProgram: a variable is used before it is defined (run checkProgram)");
    return t;
  };
  for (const e of program.eqns) env.set(e.out, bind(e.prim, e.inputs.map(read), e.params));
  return program.outputs.map(read);
}

const missing = (i: number): never => {
  throw new ProgramArityError(`evalProgram: missing value ${i}`);
};

export type { Shape, DType };
