// A Program whose integers may be symbolic: the traces of one function at several sizes of its
// symbolic dims (see symbolic.ts), zipped into one program. Every trace must have the same
// equations; each number in a shape, a parameter or a literal becomes a SymInt.

import type { Atom, Eqn, Program, Var } from "../core/program.js";
import type { Params, PrimTag } from "../core/primitives.js";
import type { DType } from "../tensor/dtype.js";
import type { AnyTensor } from "../tensor/tensor.js";
import { OnnxExportError } from "./errors.js";
import { evalSym, interpolate, showSym, type Probe, type SymInt } from "./symbolic.js";

/** T with every number replaced by a SymInt. */
export type Sym<T> = T extends number
  ? SymInt
  : T extends readonly (infer E)[]
    ? readonly Sym<E>[]
    : T extends (...args: never[]) => unknown
      ? T
      : T extends object
        ? { readonly [K in keyof T]: Sym<T[K]> }
        : T;

export interface SymAval {
  readonly shape: readonly SymInt[];
  readonly dtype: DType;
}

/** An operand: a variable (by its Var in the first trace) or a scalar literal. */
export type SymAtom =
  | { readonly _tag: "var"; readonly v: Var; readonly aval: SymAval }
  | { readonly _tag: "literal"; readonly value: SymInt; readonly dtype: DType };

export interface SymEqnOf<P extends PrimTag> {
  readonly prim: P;
  readonly params: Sym<Params<P>>;
  readonly inputs: readonly SymAtom[];
  readonly out: Var;
  readonly outAval: SymAval;
  /** Position in the program, for error messages. */
  readonly index: number;
}
export type SymEqn = { readonly [P in PrimTag]: SymEqnOf<P> }[PrimTag];

export interface SymProgram {
  readonly inputs: readonly SymAtom[];
  readonly consts: ReadonlyMap<Var, AnyTensor>;
  readonly eqns: readonly SymEqn[];
  readonly outputs: readonly SymAtom[];
}

/** The traces: corner i of the probe grid, then the check trace last. */
interface Traces {
  readonly probes: readonly Probe[];
  readonly programs: readonly Program[];
}

function zipNumbers(t: Traces, where: string, values: readonly number[]): SymInt {
  const first = values[0] ?? NaN;
  if (values.every((v) => v === first)) return first;
  const corners = values.slice(0, -1);
  const check = values[values.length - 1] ?? NaN;
  const p = interpolate(t.probes, corners);
  const sizes = new Map(t.probes.map((q) => [q.name, q.check]));
  if (p === undefined || evalSym(p, sizes) !== check) {
    const seen = t.probes.map((q) => q.name).join(", ");
    throw new OnnxExportError(
      `${where} depends on the symbolic dims (${seen}) in a way ONNX export cannot express: ` +
        `expected an integer polynomial such as 784*batch, got the values ${values.join(", ")} at the traced sizes`,
    );
  }
  return p;
}

/** Zips parallel values (numbers become SymInts; arrays and records are zipped member by member). */
function zipValue(t: Traces, where: string, values: readonly unknown[]): unknown {
  const first = values[0];
  if (typeof first === "number") return zipNumbers(t, where, values.map((v) => (typeof v === "number" ? v : NaN)));
  if (Array.isArray(first)) {
    if (!values.every((v) => Array.isArray(v) && v.length === first.length)) {
      throw new OnnxExportError(`${where} has a length that depends on the symbolic dims; ONNX export needs a fixed rank`);
    }
    return first.map((_, i) => zipValue(t, `${where}[${i}]`, values.map((v) => (v as unknown[])[i])));
  }
  if (typeof first === "object" && first !== null && !(first instanceof Function)) {
    return Object.fromEntries(Object.keys(first).map((k) => [k, zipValue(t, `${where}.${k}`, values.map((v) => (v as Record<string, unknown>)[k]))]));
  }
  if (!values.every((v) => v === first)) throw new OnnxExportError(`${where} differs between sizes of the symbolic dims`);
  return first;
}

const zipAval = (t: Traces, where: string, avals: readonly { shape: readonly number[]; dtype: DType }[]): SymAval => ({
  shape: zipValue(t, `${where} shape`, avals.map((a) => a.shape)) as SymInt[], // numbers zip to SymInts
  dtype: zipValue(t, `${where} dtype`, avals.map((a) => a.dtype)) as DType,
});

/** Each program's variables by position: inputs, consts, then equation outputs. */
const positions = (p: Program): Map<Var, number> => {
  const m = new Map<Var, number>();
  [...p.inputs, ...p.consts, ...p.eqns.map((e) => e.out)].forEach((v, i) => m.set(v, i));
  return m;
};

/** The programs as one SymProgram; throws an OnnxExportError naming the first difference. */
export function zipPrograms(probes: readonly Probe[], programs: readonly Program[]): SymProgram {
  const t: Traces = { probes, programs };
  const [base] = programs as [Program, ...Program[]];
  for (const p of programs) {
    if (p.inputs.length !== base.inputs.length || p.consts.length !== base.consts.length || p.eqns.length !== base.eqns.length || p.outputs.length !== base.outputs.length) {
      throw new OnnxExportError("the function computes different programs at different sizes of its symbolic dims (does it branch on a size?)");
    }
  }
  const pos = programs.map(positions);
  const baseVars = [...base.inputs, ...base.consts, ...base.eqns.map((e) => e.out)];
  const avals = new Map<Var, SymAval>();
  const varAt = (k: number): Var => baseVars[k] as Var; // k is a position in the base program

  const zipAtoms = (where: string, atoms: readonly Atom[]): SymAtom => {
    const [a] = atoms as [Atom, ...Atom[]];
    if (a._tag === "literal") {
      if (!atoms.every((x) => x._tag === "literal")) throw new OnnxExportError(`${where} is a literal at some sizes only`);
      return { _tag: "literal", value: zipNumbers(t, `${where} (a literal)`, atoms.map((x) => (x._tag === "literal" ? x.value : NaN))), dtype: a.aval.dtype };
    }
    const ks = atoms.map((x, i) => (x._tag === "var" ? pos[i]?.get(x) : undefined));
    const k = ks[0];
    if (k === undefined || !ks.every((x) => x === k)) throw new OnnxExportError(`${where} refers to different values at different sizes`);
    const v = varAt(k);
    const aval = avals.get(v);
    if (aval === undefined) throw new OnnxExportError(`${where} is used before it is defined`);
    return { _tag: "var", v, aval };
  };

  base.inputs.forEach((v, i) => avals.set(v, zipAval(t, `input ${i}`, programs.map((p) => (p.inputs[i] ?? v).aval))));
  const consts = new Map<Var, AnyTensor>();
  base.consts.forEach((v, i) => {
    const aval = zipAval(t, `constant ${i}`, programs.map((p) => (p.consts[i] ?? v).aval));
    if (aval.shape.some((d) => typeof d !== "number")) {
      throw new OnnxExportError(`constant ${i} of shape [${aval.shape.map(showSym).join(", ")}] is created at the symbolic size; derive it from an input instead (e.g. broadcast a scalar to the input's shape)`);
    }
    avals.set(v, aval);
    consts.set(v, base.constValues[i] as AnyTensor);
  });
  const eqns = base.eqns.map((e, index): SymEqn => {
    const all = programs.map((p) => p.eqns[index] as Eqn);
    const where = `equation ${index} (${e.prim})`;
    if (!all.every((x) => x.prim === e.prim && x.inputs.length === e.inputs.length)) {
      throw new OnnxExportError(`${where} differs between sizes of the symbolic dims`);
    }
    const inputs = e.inputs.map((_, j) => zipAtoms(`${where} operand ${j}`, all.map((x) => x.inputs[j] as Atom)));
    const outAval = zipAval(t, `${where} result`, all.map((x) => x.out.aval));
    avals.set(e.out, outAval);
    const params = zipValue(t, `${where} parameter`, all.map((x) => x.params));
    // zipValue keeps the structure of the params and turns numbers into SymInts: Sym<Params<P>>.
    return { prim: e.prim, params, inputs, out: e.out, outAval, index } as SymEqn;
  });
  return {
    inputs: base.inputs.map((v, i) => zipAtoms(`input ${i}`, programs.map((p) => p.inputs[i] as Atom))),
    consts,
    eqns,
    outputs: base.outputs.map((_, i) => zipAtoms(`output ${i}`, programs.map((p) => p.outputs[i] as Atom))),
  };
}

/** The program without the equations no output depends on (e.g. key splits of an inference pass). */
export function liveOnly(p: SymProgram): SymProgram {
  const live = new Set<Var>();
  for (const o of p.outputs) if (o._tag === "var") live.add(o.v);
  const kept: SymEqn[] = [];
  for (let i = p.eqns.length - 1; i >= 0; i--) {
    const e = p.eqns[i] as SymEqn;
    if (!live.has(e.out)) continue;
    kept.push(e);
    for (const a of e.inputs) if (a._tag === "var") live.add(a.v);
  }
  return { ...p, eqns: kept.reverse(), consts: new Map([...p.consts].filter(([v]) => live.has(v))) };
}
