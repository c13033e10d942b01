// Program clean-up before compilation, both semantics-preserving:
//  - constant folding: an equation whose inputs are all literals or constants is evaluated once,
//    here, by its reference kernel; a rank-0 result becomes a literal, others a new constant.
//    Structural primitives are left alone (a broadcast of a literal costs nothing as a view but
//    would be a large constant), and so are results above `maxFoldElements`.
//  - dead-code elimination: equations whose results never reach an output are dropped (a
//    transposed program, for instance, computes cotangents of inputs nobody asked about).

import { applyImpl } from "../../core/impl/index.js";
import { eqn as makeEqn, literal, Var, type Atom, type Eqn, type Program } from "../../core/program.js";
import type { PrimTag } from "../../core/primitives.js";
import { allocate, type AnyData } from "../../tensor/dtype.js";
import { concreteData, Tensor, type AnyTensor } from "../../tensor/tensor.js";
import type { Shape } from "../../shape/index.js";
import type { DType } from "../../tensor/dtype.js";
import { sizeOf } from "./views.js";

/** Primitives that only rearrange or relabel elements; compiled as views, never folded. */
export const STRUCTURAL: ReadonlySet<PrimTag> = new Set<PrimTag>(["broadcast", "reshape", "transpose", "slice", "stopGradient"]);

export interface SimplifyOptions {
  readonly maxFoldElements?: number;
}

const literalData = (a: Atom): AnyData => {
  const data = allocate(a.aval.dtype, 1);
  data[0] = a._tag === "literal" ? a.value : 0;
  return data;
};

/** Evaluates and folds constant equations, then removes dead ones. */
export function simplifyProgram(program: Program, options: SimplifyOptions = {}): Program {
  const maxFold = options.maxFoldElements ?? 1 << 16;
  const known = new Map<Var, AnyTensor>();
  program.consts.forEach((v, i) => {
    const t = program.constValues[i];
    if (t !== undefined) known.set(v, t);
  });
  const consts: Var[] = [...program.consts];
  const constValues: AnyTensor[] = [...program.constValues];
  const replaced = new Map<Var, Atom>();
  const atom = (a: Atom): Atom => (a._tag === "var" ? (replaced.get(a) ?? a) : a);

  const eqns: Eqn[] = [];
  for (const e of program.eqns) {
    const inputs = e.inputs.map(atom);
    const foldable = !STRUCTURAL.has(e.prim) && e.prim !== "customLinear" && sizeOf(e.out.aval.shape) <= maxFold &&
      inputs.every((a) => a._tag === "literal" || known.has(a));
    if (!foldable) {
      eqns.push(inputs.every((a, i) => a === e.inputs[i]) ? e : makeEqn(e.prim, e.params, inputs, e.out));
      continue;
    }
    const hosts = inputs.map((a) => {
      const t = a._tag === "var" ? known.get(a) : undefined;
      return { shape: a.aval.shape, dtype: a.aval.dtype, data: t === undefined ? literalData(a) : concreteData(t, "simplifyProgram") };
    });
    const data = applyImpl(e.prim, hosts, e.params, e.out.aval);
    if (e.out.aval.shape.length === 0) {
      replaced.set(e.out, literal(data[0] ?? 0, e.out.aval.dtype));
    } else {
      const v = new Var(e.out.aval);
      const t = new Tensor<Shape, DType>(e.out.aval.shape, e.out.aval.dtype, data);
      known.set(v, t);
      consts.push(v);
      constValues.push(t);
      replaced.set(e.out, v);
    }
  }
  return eliminateDeadCode({ inputs: program.inputs, consts, constValues, eqns, outputs: program.outputs.map(atom) });
}

/** Drops equations (and constants) that no output depends on. */
export function eliminateDeadCode(program: Program): Program {
  const live = new Set<Var>();
  for (const o of program.outputs) if (o._tag === "var") live.add(o);
  const kept: Eqn[] = [];
  for (let i = program.eqns.length - 1; i >= 0; i--) {
    const e = program.eqns[i];
    if (e === undefined || !live.has(e.out)) continue;
    kept.push(e);
    for (const a of e.inputs) if (a._tag === "var") live.add(a);
  }
  const keptConsts = program.consts.map((v, i) => [v, program.constValues[i]] as const).filter(([v]) => live.has(v));
  return {
    inputs: program.inputs,
    consts: keptConsts.map(([v]) => v),
    constValues: keptConsts.flatMap(([, t]) => (t === undefined ? [] : [t])),
    eqns: kept.reverse(),
    outputs: program.outputs,
  };
}
