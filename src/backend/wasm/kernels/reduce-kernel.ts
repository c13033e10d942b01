// The public reduction kernel: sum or max of a rows × cols array along the last axis (one result
// per row) or along the leading axis (one result per column).

import { type FloatDType, floatKind } from "../dtype.js";
import { type BufferRef } from "../runtime/buffer.js";
import { type CompiledKernel } from "../runtime/cache.js";
import { type Runtime } from "../runtime/runtime.js";
import { exportedFunction } from "../wasm-api.js";
import { type ReduceAxis, type ReduceOp, reduceAxes, reduceModule, reduceOps } from "./reduce.js";
import { checkCount } from "./checks.js";

export interface ReduceSpec {
  readonly dtype: FloatDType;
  readonly op: ReduceOp;
  readonly axis: ReduceAxis;
}

export interface ReduceArgs {
  readonly input: BufferRef;
  readonly output: BufferRef;
  readonly rows: number;
  readonly cols: number;
}

export interface ReduceKernel {
  (args: ReduceArgs): void;
  readonly compiled: CompiledKernel;
}


export const reduceKernel = (runtime: Runtime, spec: ReduceSpec): ReduceKernel => {
  const kind = floatKind(spec.dtype);
  const reduceOp = reduceOps.find((o) => o === spec.op);
  const axis = reduceAxes.find((a) => a === spec.axis);
  if (reduceOp === undefined) throw new TypeError(`reduce: op ${JSON.stringify(spec.op)} is not one of ${reduceOps.join(", ")}`);
  if (axis === undefined) throw new TypeError(`reduce: axis ${JSON.stringify(spec.axis)} is not one of ${reduceAxes.join(", ")}`);
  const op = `reduce(${reduceOp}, ${axis}, ${kind.dtype})`;
  const compiled = runtime.kernels.get(`reduce:${kind.dtype}:${reduceOp}:${axis}`, () =>
    reduceModule(kind, reduceOp, axis, runtime.kernels.memoryImport),
  );
  const entry = exportedFunction(compiled.instance, "reduce");
  const call = (args: ReduceArgs): void => {
    const rows = checkCount(op, "rows", args.rows);
    const cols = checkCount(op, "cols", args.cols);
    const outLength = axis === "last" ? rows : cols;
    for (const [role, buffer, needed] of [
      ["input", args.input, rows * cols],
      ["output", args.output, outLength],
    ] as const) {
      if (buffer.dtype !== kind.dtype) throw new TypeError(`${op}: ${role} holds ${buffer.dtype}, expected ${kind.dtype}`);
      if (buffer.length < needed) {
        throw new RangeError(`${op}: ${role} has ${buffer.length} elements, expected at least ${needed} for ${rows}×${cols}`);
      }
    }
    entry(args.input.offset, args.output.offset, rows, cols);
  };
  return Object.assign(call, { compiled });
};
