// The reference kernel of scan: the body Program interpreted with the reference kernels, one
// step after another, each step's ys written into their rows of the packed output.

import { allocate, coerceScalar, type AnyData } from "../../tensor/dtype.js";
import { concreteData, type AnyTensor } from "../../tensor/tensor.js";
import type { HostArray } from "../host.js";
import type { ScanParams } from "../primitives.js";
import type { Atom, Program, Var } from "../program.js";
import { scanOperands, scanPieces } from "../scan-layout.js";
import type { Aval } from "../trace.js";
import { applyImpl } from "./index.js";

/** Runs `program` on host arrays with the reference kernels. */
export function interpret(program: Program, args: readonly HostArray[]): HostArray[] {
  const env = new Map<Var, HostArray>();
  program.inputs.forEach((v, i) => {
    const a = args[i];
    if (a === undefined) throw new TypeError(`scan: the body takes ${program.inputs.length} inputs, got ${args.length}`);
    env.set(v, a);
  });
  program.consts.forEach((v, i) => {
    const t = program.constValues[i];
    if (t !== undefined) env.set(v, { shape: t.shape, dtype: t.dtype, data: hostData(t) });
  });
  const read = (a: Atom): HostArray => {
    if (a._tag === "literal") {
      const data = allocate(a.aval.dtype, 1);
      data[0] = coerceScalar(a.aval.dtype, a.value);
      return { shape: [], dtype: a.aval.dtype, data };
    }
    const h = env.get(a);
    if (h === undefined) throw new Error("scan: the body uses a variable before it is defined");
    return h;
  };
  for (const e of program.eqns) {
    const out: Aval = e.out.aval;
    env.set(e.out, { shape: out.shape, dtype: out.dtype, data: applyImpl(e.prim, e.inputs.map(read), e.params, out) });
  }
  return program.outputs.map(read);
}

/** A constant of the body: a concrete tensor captured when it was traced. */
const hostData = (t: AnyTensor): AnyData => concreteData(t, "scan");

/** Row `t` of a [length, …] array: a view, no copy. */
const row = (x: HostArray, t: number): HostArray => {
  const shape = x.shape.slice(1);
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, dtype: x.dtype, data: x.data.subarray(t * n, (t + 1) * n) };
};

export function scanImpl(inputs: readonly HostArray[], params: ScanParams, out: Aval): AnyData {
  const { consts, carries: init, xs } = scanOperands(inputs, params);
  const pieces = scanPieces(params.body, params.carries, params.length);
  const packed = allocate(out.dtype, out.shape[0] ?? 0);
  let carries = init;
  for (let step = 0; step < params.length; step++) {
    const t = params.reverse ? params.length - 1 - step : step;
    const results = interpret(params.body, [...consts, ...carries, ...xs.map((x) => row(x, t))]);
    carries = results.slice(0, params.carries);
    results.slice(params.carries).forEach((y, j) => {
      const piece = pieces[params.carries + j];
      if (piece !== undefined) packed.set(y.data, piece.offset + t * y.data.length);
    });
  }
  carries.forEach((c, j) => {
    const piece = pieces[j];
    if (piece !== undefined) packed.set(c.data, piece.offset);
  });
  return packed;
}
