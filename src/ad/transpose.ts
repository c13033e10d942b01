// Transposing a linear Program: the backward pass. Walk the equations in reverse; each one
// hands the cotangent of its output to its linear inputs by its transpose rule, and cotangents
// reaching the same variable add up. This is reverse mode, obtained from forward mode by
// linearize + transpose rather than by recording a tape.

import * as lax from "../core/lax.js";
import { full } from "../core/lax.js";
import type { PrimTag } from "../core/primitives.js";
import type { Atom, Eqn, Program, Var } from "../core/program.js";
import { bind } from "../core/trace.js";
import type { Tensor, AnyTensor } from "../tensor/tensor.js";
import { LinearArg, NonlinearError, transposeRules, type TransposeInput, type TransposeRule } from "./transpose-rules.js";

/**
 * Given a Program linear in its inputs and one cotangent per output, returns one cotangent per
 * input (a zero tensor where an input does not affect the outputs). `rules` is a parameter only
 * so that the gradient laws can be shown to catch a deliberately broken copy of the table
 * (test/laws/mutation.test.ts); everything else uses transposeRules.
 */
export function transposeProgram(program: Program, cotangents: readonly AnyTensor[], rules: typeof transposeRules = transposeRules): AnyTensor[] {
  const linear = new Set<Var>(program.inputs);
  const values = new Map<Var, AnyTensor>();
  program.consts.forEach((v, i) => {
    const value = program.constValues[i];
    if (value !== undefined) values.set(v, value);
  });
  const read = (a: Atom): TransposeInput => {
    if (a._tag === "literal") return full([], a.value, a.aval.dtype);
    if (linear.has(a)) return new LinearArg(a.aval);
    const v = values.get(a);
    if (v === undefined) throw new Error("transpose: a residual is used before it is defined");
    return v;
  };
  // Forward: equations that do not touch a linear variable are evaluated (they compute residuals).
  const linearEqns: Eqn[] = [];
  for (const e of program.eqns) {
    const ins = e.inputs.map(read);
    if (ins.some((x) => x instanceof LinearArg)) {
      linear.add(e.out);
      linearEqns.push(e);
    } else {
      values.set(e.out, bind(e.prim, ins.filter((x): x is AnyTensor => !(x instanceof LinearArg)), e.params));
    }
  }
  // Backward: accumulate cotangents from the outputs towards the inputs.
  const cts = new Map<Var, AnyTensor>();
  const accumulate = (v: Var, ct: AnyTensor): void => {
    const prev = cts.get(v);
    cts.set(v, prev === undefined ? ct : lax.add(prev, ct));
  };
  program.outputs.forEach((o, i) => {
    const ct = cotangents[i];
    if (o._tag === "var" && linear.has(o) && ct !== undefined) accumulate(o, ct);
  });
  for (let k = linearEqns.length - 1; k >= 0; k--) {
    const e = linearEqns[k];
    if (e === undefined) continue;
    const ct = cts.get(e.out);
    if (ct === undefined) continue; // the output's cotangent is zero
    cts.delete(e.out);
    const rule = rules[e.prim] as TransposeRule<PrimTag> | undefined;
    if (rule === undefined) throw new NonlinearError(e.prim, "is not a linear primitive");
    const contributions = rule(ct, e.inputs.map(read), e.params);
    e.inputs.forEach((a, i) => {
      const c = contributions[i];
      if (a._tag === "var" && linear.has(a) && c !== null && c !== undefined) accumulate(a, c);
    });
  }
  return program.inputs.map((v) => cts.get(v) ?? lax.full(v.aval.shape, 0, v.aval.dtype));
}
