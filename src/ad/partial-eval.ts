// Partial evaluation: run a function where some inputs are known (have values) and others are
// unknown (only shapes). Operations on known values are computed now; operations touching an
// unknown value are recorded into a Program. Applied to a jvp with known primals and unknown
// tangents, the recorded program is exactly the linear map primal ↦ tangent: that is `linearize`.
// Known values used by recorded operations become the program's consts (the residuals).

import { abstractEval } from "../core/abstract-eval.js";
import * as lax from "../core/lax.js";
import type { Params, PrimTag } from "../core/primitives.js";
import { eqn, literal, Var, type Atom, type Eqn, type Program } from "../core/program.js";
import { avalOf, bind, CoreTracer, Trace, withMain, wrapTracer, type Aval } from "../core/trace.js";
import { REPR, Tracer, type Tensor, type AnyTensor } from "../tensor/tensor.js";
import { partialEvalScan } from "./scan-rules.js";

/** A value known now, or only its shape and dtype. */
export type PartialVal = { readonly known: AnyTensor } | { readonly unknown: Aval };

/** How an unknown value came to be: an input, a residual const, or an equation. */
type Recipe =
  | { readonly _tag: "input" }
  | { readonly _tag: "const"; readonly value: AnyTensor }
  | { readonly _tag: "eqn"; readonly prim: PrimTag; readonly params: object; readonly inputs: readonly PartialTracer[] };

export class PartialTracer extends CoreTracer {
  readonly kind = "linearized value";
  constructor(readonly trace: PartialEvalTrace, readonly pval: PartialVal, readonly recipe: Recipe | null) {
    super();
  }
  get aval(): Aval {
    return "known" in this.pval ? avalOf(this.pval.known) : this.pval.unknown;
  }
}

const unpack = (x: AnyTensor): PartialTracer => {
  const r = x[REPR];
  if (!(r instanceof PartialTracer)) throw new Error("partial evaluation: expected a value of this trace");
  return r;
};

export class PartialEvalTrace extends Trace {
  pure(x: AnyTensor): AnyTensor {
    return wrapTracer(new PartialTracer(this, { known: x }, null), avalOf(x));
  }
  /** A known value used by a recorded equation becomes a residual. */
  instantiateConst(t: PartialTracer): PartialTracer {
    if ("unknown" in t.pval) return t;
    return new PartialTracer(this, { unknown: t.aval }, { _tag: "const", value: t.pval.known });
  }
  process<P extends PrimTag>(prim: P, inputs: readonly AnyTensor[], params: Params<P>): AnyTensor {
    const tracers = inputs.map(unpack);
    const known = tracers.map((t) => ("known" in t.pval ? t.pval.known : undefined));
    if (known.every((k): k is AnyTensor => k !== undefined)) {
      // Every input is known: compute it now, one level down.
      const out = bind(prim, known, params);
      return this.pure(out);
    }
    if (prim === "scan") return partialEvalScan(this, tracers, params as Params<"scan">); // its known part runs now
    if (prim === "slice") {
      const piece = this.sliceOfPiece(tracers[0], params as Params<"slice">);
      if (piece !== undefined) return piece;
    }
    return this.record(prim, tracers, params);
  }
  /**
   * A slice that falls inside one operand of a recorded 1-D concatenate is that slice of the
   * operand, known if the operand is: how a scan's packed output (known and unknown results
   * concatenated) gives back its known results as known values.
   */
  sliceOfPiece(t: PartialTracer | undefined, { starts, limits, strides }: Params<"slice">): AnyTensor | undefined {
    const r = t?.recipe;
    if (r?._tag !== "eqn" || r.prim !== "concatenate" || starts.length !== 1 || strides[0] !== 1) return undefined;
    const [start, limit] = [starts[0] ?? 0, limits[0] ?? 0];
    if (t !== undefined && limit === start) return this.pure(lax.full([0], 0, t.aval.dtype)); // nothing: known
    let offset = 0;
    for (const p of r.inputs) {
      const n = p.aval.shape[0] ?? 0;
      if (start >= offset && limit <= offset + n) {
        const value = p.recipe?._tag === "const" ? p.recipe.value : undefined;
        const whole = start === offset && limit === offset + n;
        if (value !== undefined) return this.pure(whole ? value : lax.slice(value, [start - offset], [limit - offset]));
        const piece = wrapTracer(p, p.aval);
        return whole ? piece : lax.slice(piece, [start - offset], [limit - offset]);
      }
      offset += n;
    }
    return undefined;
  }
  /** Records prim applied to `tracers` (known ones become residuals) as an unknown value. */
  record<P extends PrimTag>(prim: P, tracers: readonly PartialTracer[], params: Params<P>): AnyTensor {
    const ins = tracers.map((t) => this.instantiateConst(t));
    const aval = abstractEval(prim, ins.map((t) => t.aval), params);
    const out = new PartialTracer(this, { unknown: aval }, { _tag: "eqn", prim, params, inputs: ins });
    return wrapTracer(out, aval);
  }
}

/**
 * Partially evaluates f. Returns every output (a known value, or unknown) and a Program that
 * computes the outputs chosen by `programOutputs` from the unknown inputs; its consts are the residuals.
 */
export function partialEvalFlat(
  f: (...xs: AnyTensor[]) => readonly AnyTensor[], pvals: readonly PartialVal[], programOutputs: (outputCount: number) => readonly number[],
): { readonly outputs: readonly PartialVal[]; readonly program: Program } {
  return withMain("linearize", (main) => new PartialEvalTrace(main), undefined, (main) => {
    const trace = new PartialEvalTrace(main);
    const tracersIn = pvals.map((pv) =>
      "known" in pv ? new PartialTracer(trace, pv, null) : new PartialTracer(trace, pv, { _tag: "input" }));
    const outs = f(...tracersIn.map((t) => wrapTracer(t, t.aval))).map((o) => {
      const r = o[REPR];
      return r instanceof PartialTracer && r.trace.main === main ? r : unpack(trace.pure(o));
    });
    const unknownIn = tracersIn.filter((t) => "unknown" in t.pval);
    // The selected outputs are computed by the program even when known (then as a const).
    const selected = programOutputs(outs.length).map((i) => trace.instantiateConst(outs[i] ?? missingOutput(i)));
    return { outputs: outs.map((t) => t.pval), program: tracersToProgram(unknownIn, selected) };
  });
}

const missingOutput = (i: number): never => {
  throw new RangeError(`partial evaluation: output ${i} does not exist`);
};

/** A concrete scalar is written inline in the program rather than stored as a const. */
const isConcreteScalar = (x: AnyTensor): boolean => x.shape.length === 0 && !(x[REPR] instanceof Tracer);

/** Walks the recipes backwards from the outputs and emits them as a Program in dependency order. */
function tracersToProgram(inputs: readonly PartialTracer[], outputs: readonly PartialTracer[]): Program {
  const vars = new Map<PartialTracer, Var>();
  const varOf = (t: PartialTracer): Var => {
    let v = vars.get(t);
    if (v === undefined) {
      v = new Var(t.aval);
      vars.set(t, v);
    }
    return v;
  };
  const inputVars = inputs.map(varOf);
  const consts: Var[] = [];
  const constValues: AnyTensor[] = [];
  const eqns: Eqn[] = [];
  const seen = new Set<PartialTracer>(inputs);
  // Iterative post-order DFS (deep programs must not overflow the JS stack).
  for (const root of outputs) {
    const stack: [PartialTracer, boolean][] = [[root, false]];
    while (stack.length > 0) {
      const [t, expanded] = stack.pop() ?? [root, true];
      if (expanded) {
        const r = t.recipe;
        if (r?._tag === "eqn") eqns.push(eqn(r.prim, r.params as Params<typeof r.prim>, r.inputs.map(atomFor), varOf(t)));
        continue;
      }
      if (seen.has(t)) continue;
      seen.add(t);
      const r = t.recipe;
      if (r === null) throw new Error("linearize: a known value reached the linear program without being instantiated");
      if (r._tag === "input") throw new Error("linearize: an input that was not declared unknown");
      if (r._tag === "const") {
        if (isConcreteScalar(r.value)) continue;
        consts.push(varOf(t));
        constValues.push(r.value);
        continue;
      }
      stack.push([t, true]);
      for (let i = r.inputs.length - 1; i >= 0; i--) {
        const child = r.inputs[i];
        if (child !== undefined && !seen.has(child)) stack.push([child, false]);
      }
    }
  }
  function atomFor(t: PartialTracer): Atom {
    // Concrete scalar residuals print inline as literals.
    const r = t.recipe;
    if (r?._tag === "const" && isConcreteScalar(r.value)) {
      return literal(r.value.toArray()[0] ?? 0, r.value.dtype);
    }
    return varOf(t);
  }
  return { inputs: inputVars, consts, constValues, eqns, outputs: outputs.map(atomFor) };
}
