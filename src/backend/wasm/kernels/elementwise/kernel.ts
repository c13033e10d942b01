// The public fused elementwise kernel: outputs[o][r, c] = exprs[o](inputs …) over a rows × cols
// grid, each input broadcast as declared. Outputs may share a buffer with a "full" input
// (in-place update); every other overlap is the caller's error.

import { type FloatDType, floatKind } from "../../dtype.js";
import { type BufferRef } from "../../runtime/buffer.js";
import { type CompiledKernel } from "../../runtime/cache.js";
import { type Runtime } from "../../runtime/runtime.js";
import { exportedFunction } from "../../wasm-api.js";
import { type Expr, checkExpr, exprKey } from "./expr.js";
import { type Broadcast, broadcasts, elementwiseModule } from "./module.js";
import { checkCount } from "../checks.js";

export interface ElementwiseSpec {
  readonly dtype: FloatDType;
  /** How each input is read; `input(i)` in the expressions refers to `inputs[i]`. */
  readonly inputs: readonly Broadcast[];
  /** One expression per output buffer. */
  readonly outputs: readonly Expr[];
}

export interface ElementwiseArgs {
  readonly inputs: readonly BufferRef[];
  readonly outputs: readonly BufferRef[];
  readonly rows: number;
  readonly cols: number;
}

export interface ElementwiseKernel {
  (args: ElementwiseArgs): void;
  readonly compiled: CompiledKernel;
}

const checkSpec = (op: string, spec: ElementwiseSpec): ElementwiseSpec => {
  const inputs = spec.inputs.map((b, i) => {
    const found = broadcasts.find((known) => known === b);
    if (found === undefined) {
      throw new TypeError(`${op}: input ${i} has broadcast ${JSON.stringify(b)}; expected one of ${broadcasts.join(", ")}`);
    }
    return found;
  });
  if (spec.outputs.length === 0) throw new RangeError(`${op}: expected at least one output expression, got none`);
  return { dtype: spec.dtype, inputs, outputs: spec.outputs.map((e) => checkExpr(op, e, inputs.length)) };
};

const expectedLength = (broadcast: Broadcast, rows: number, cols: number): number => {
  switch (broadcast) {
    case "full":
      return rows * cols;
    case "row":
      return cols;
    case "col":
      return rows;
    case "scalar":
      return 1;
  }
};


/** Compiles (or fetches from the runtime's cache) the fused kernel for `spec`. */
export const elementwiseKernel = (runtime: Runtime, spec: ElementwiseSpec): ElementwiseKernel => {
  const kind = floatKind(spec.dtype);
  const op = `elementwise(${kind.dtype})`;
  const checked = checkSpec(op, spec);
  const key = `elementwise:${kind.dtype}:${checked.inputs.join(",")}:${checked.outputs.map(exprKey).join(";")}`;
  const compiled = runtime.kernels.get(key, () => elementwiseModule(kind, checked, runtime.kernels.memoryImport));
  const entry = exportedFunction(compiled.instance, "elementwise");

  const call = (args: ElementwiseArgs): void => {
    const rows = checkCount(op, "rows", args.rows);
    const cols = checkCount(op, "cols", args.cols);
    if (args.inputs.length !== checked.inputs.length || args.outputs.length !== checked.outputs.length) {
      throw new RangeError(
        `${op}: expected ${checked.inputs.length} input(s) and ${checked.outputs.length} output(s), got ${args.inputs.length} and ${args.outputs.length}`,
      );
    }
    const check = (role: string, buffer: BufferRef, needed: number): void => {
      if (buffer.dtype !== kind.dtype) throw new TypeError(`${op}: ${role} holds ${buffer.dtype}, expected ${kind.dtype}`);
      if (buffer.length < needed) {
        throw new RangeError(`${op}: ${role} has ${buffer.length} elements, expected at least ${needed} for ${rows}×${cols}`);
      }
    };
    const empty = rows === 0 || cols === 0;
    args.inputs.forEach((buffer, i) => {
      const broadcast = checked.inputs[i] ?? "full";
      check(`input ${i} (${broadcast})`, buffer, empty ? 0 : expectedLength(broadcast, rows, cols));
    });
    args.outputs.forEach((buffer, o) => check(`output ${o}`, buffer, rows * cols));
    entry(...args.inputs.map((b) => b.offset), ...args.outputs.map((b) => b.offset), rows, cols);
  };
  return Object.assign(call, { compiled });
};
