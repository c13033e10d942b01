// Tracing a function into a Program. While a function runs under `makeProgram`, every tensor
// it computes is a ProgramTracer: instead of computing numbers, each primitive application is
// recorded as an equation. Constants the function closes over become the program's consts;
// concrete scalars become inline literals.

import type { Shape } from "../shape/index.js";
import type { DType } from "../tensor/dtype.js";
import { REPR, Tensor, Tracer, type AnyTensor } from "../tensor/tensor.js";
import { abstractEval } from "./abstract-eval.js";
import type { Params, PrimTag } from "./primitives.js";
import { eqn, literal, Var, type Atom, type Eqn, type Program } from "./program.js";
import { avalOf, CoreTracer, Trace, withDynamic, withMain, wrapTracer, type Aval, type MainTrace } from "./trace.js";

/** The program under construction, shared by every ProgramTrace of one makeProgram call. */
class Builder {
  readonly eqns: Eqn[] = [];
  readonly consts: Var[] = [];
  readonly constValues: AnyTensor[] = [];
  private readonly constIndex = new Map<AnyTensor, Var>();

  constVar(x: AnyTensor): Var {
    const known = this.constIndex.get(x);
    if (known !== undefined) return known;
    const v = new Var(avalOf(x));
    this.constIndex.set(x, v);
    this.consts.push(v);
    this.constValues.push(x);
    return v;
  }
}

export class ProgramTracer extends CoreTracer {
  readonly kind = "traced value";
  constructor(readonly trace: ProgramTrace, readonly atom: Atom) {
    super();
  }
}

const builderOf = (main: MainTrace): Builder => {
  if (!(main.data instanceof Builder)) throw new Error("staging: trace has no program builder");
  return main.data;
};

export class ProgramTrace extends Trace {
  private tracer(atom: Atom): AnyTensor {
    return wrapTracer(new ProgramTracer(this, atom), atom.aval);
  }
  /** A concrete scalar becomes a literal; anything else becomes a const of the program. */
  pure(x: AnyTensor): AnyTensor {
    const r = x[REPR];
    if (!(r instanceof Tracer) && x.shape.length === 0) return this.tracer(literal(r[0] ?? 0, x.dtype));
    return this.tracer(builderOf(this.main).constVar(x));
  }
  process<P extends PrimTag>(prim: P, inputs: readonly AnyTensor[], params: Params<P>): AnyTensor {
    const atoms = inputs.map((x) => atomOf(x));
    const out = new Var(abstractEval(prim, atoms.map((a) => a.aval), params));
    builderOf(this.main).eqns.push(eqn(prim, params, atoms, out));
    return this.tracer(out);
  }
}

const atomOf = (x: AnyTensor): Atom => {
  const r = x[REPR];
  if (!(r instanceof ProgramTracer)) throw new Error("staging: expected a value of the program being traced");
  return r.atom;
};

/**
 * Traces `f` (over flat tensor lists) on abstract inputs of the given shapes and dtypes and returns the Program it builds.
 * Every primitive is recorded, including those applied to constants only (the trace is dynamic).
 */
export function traceToProgram(f: (...args: AnyTensor[]) => readonly AnyTensor[], inputs: readonly Aval[]): Program {
  const builder = new Builder();
  return withMain("makeProgram", (main) => new ProgramTrace(main), builder, (main) =>
    withDynamic(main, () => {
      const trace = new ProgramTrace(main);
      const vars = inputs.map((a) => new Var(a));
      const args = vars.map((v) => wrapTracer(new ProgramTracer(trace, v), v.aval));
      const outs = f(...args).map((o) => {
        const r = o[REPR];
        return r instanceof ProgramTracer && r.trace.main === main ? r.atom : atomOf(trace.pure(o));
      });
      return { inputs: vars, consts: builder.consts, constValues: builder.constValues, eqns: builder.eqns, outputs: outs };
    }),
  );
}

export type { Shape, DType };
