// Lowering the equations that are not fused: dot → the blocked matmul kernel, reduceSum /
// reduceMax → the reduction kernel, and everything else → its reference kernel (fallback).

import type { Eqn, EqnOf } from "../../core/program.js";
import { dotDims } from "../../core/impl/dot.js";
import { isFloat, type FloatDType } from "../../tensor/dtype.js";
import { baseRegion, deviceRegion, fallbackOperand, viewOf } from "./materialise.js";
import type { CompileState } from "./state.js";
import type { DeviceValue, Region } from "./steps.js";
import { rowMajor, sizeOf, type View } from "./views.js";

interface MatrixOperand {
  readonly region: Region;
  /** The view is the transpose of the stored matrices (so the kernel flips its transpose flag). */
  readonly transposed: boolean;
  /** Elements between consecutive batch items (0: one matrix shared by every item). */
  readonly batchStride: number;
}

/**
 * Reads a view of shape [...batch, r, c] as matmul operands without copying when its matrices are
 * stored row-major (or transposed: the kernel then reads them with the opposite flag) and its
 * batch items are either one shared matrix or equally spaced.
 */
function matrixOperand(state: CompileState, view: View, dtype: FloatDType): MatrixOperand | undefined {
  if (view.base._tag !== "var") return undefined;
  const rank = view.shape.length;
  const rows = view.shape[rank - 2] ?? 1;
  const cols = view.shape[rank - 1] ?? 1;
  const sr = view.strides[rank - 2] ?? 0;
  const sc = view.strides[rank - 1] ?? 0;
  const normal = (cols <= 1 || sc === 1) && (rows <= 1 || sr === cols);
  const transposed = !normal && (rows <= 1 || sr === 1) && (cols <= 1 || sc === rows);
  if (!normal && !transposed) return undefined;
  const batchDims = view.shape.slice(0, rank - 2);
  const batchStrides = view.strides.slice(0, rank - 2);
  const batch = sizeOf(batchDims);
  const matrix = rows * cols;
  let batchStride: number;
  if (batch <= 1 || batchDims.every((d, i) => d <= 1 || batchStrides[i] === 0)) batchStride = 0;
  else if (rowMajor(batchDims).every((s, i) => (batchDims[i] ?? 1) <= 1 || batchStrides[i] === s * matrix)) batchStride = matrix;
  else return undefined;
  const base = baseRegion(state, view.base.v, dtype);
  const span = batch === 0 || matrix === 0 ? 0 : (batch - 1) * batchStride + matrix;
  return { region: { value: base.value, offset: base.offset + view.offset, length: span }, transposed, batchStride };
}

const operandOf = (state: CompileState, view: View, dtype: FloatDType): MatrixOperand =>
  matrixOperand(state, view, dtype) ?? { region: deviceRegion(state, view, dtype), transposed: false, batchStride: sizeOf(view.shape.slice(-2)) };

/**
 * dot(a, b) of float operands as one (batched) matmul; transposed views cost nothing. With
 * `into`, the product is added to that value (already holding a product of the same shape)
 * instead of written to a new one.
 */
export function lowerDot(state: CompileState, e: EqnOf<"dot">, into?: DeviceValue): boolean {
  const [a, b] = e.inputs;
  const dtype = e.out.aval.dtype;
  if (a === undefined || b === undefined || !isFloat(dtype)) return false;
  const { transposeA, transposeB } = e.params;
  const { batch, m, n, k } = dotDims(a.aval.shape, b.aval.shape, transposeA, transposeB);
  const opA = operandOf(state, viewOf(state, a), dtype);
  const opB = operandOf(state, viewOf(state, b), dtype);
  const c = into ?? state.newValue(dtype, batch * m * n);
  state.emit({
    _tag: "matmul",
    dtype,
    transA: transposeA !== opA.transposed,
    transB: transposeB !== opB.transposed,
    a: opA.region,
    b: opB.region,
    c,
    m,
    n,
    k,
    batch,
    strideA: opA.batchStride,
    strideB: opB.batchStride,
    accumulate: into !== undefined,
  });
  state.setHome(e.out, { _tag: "device", value: c });
  return true;
}

/** Maximal runs of kept / reduced axes, size-1 axes dropped. */
const axisRuns = (shape: readonly number[], axes: readonly number[]): { reduced: boolean; size: number }[] => {
  const runs: { reduced: boolean; size: number }[] = [];
  shape.forEach((d, i) => {
    if (d === 1) return;
    const reduced = axes.includes(i);
    const last = runs[runs.length - 1];
    if (last !== undefined && last.reduced === reduced) last.size *= d;
    else runs.push({ reduced, size: d });
  });
  return runs;
};

/** A separate kernel call per outer item costs about a microsecond; loop only when that is small. */
const worthLooping = (outer: number, inner: number): boolean => outer <= 64 || inner >= 4096;

/**
 * reduceSum / reduceMax of a float value whose axes collapse to [kept, reduced] (one result per
 * row), [reduced, kept] (column sums), or [kept, reduced, kept] (column sums of each outer block).
 */
export function lowerReduce(state: CompileState, e: EqnOf<"reduceSum"> | EqnOf<"reduceMax">): boolean {
  const x = e.inputs[0];
  const dtype = e.out.aval.dtype;
  if (x === undefined || !isFloat(dtype) || sizeOf(x.aval.shape) === 0) return false;
  const runs = axisRuns(x.aval.shape, e.params.axes);
  const op = e.prim === "reduceSum" ? "sum" : "max";
  const size = (i: number): number => runs[i]?.size ?? 1;
  const shape = runs.map((r) => (r.reduced ? "R" : "K")).join("");
  let plan: { axis: "last" | "leading"; rows: number; cols: number; outer: number };
  switch (shape) {
    case "":
      plan = { axis: "last", rows: 1, cols: 1, outer: 1 };
      break;
    case "R":
      plan = { axis: "last", rows: 1, cols: size(0), outer: 1 };
      break;
    case "K":
      plan = { axis: "last", rows: size(0), cols: 1, outer: 1 };
      break;
    case "KR":
      plan = { axis: "last", rows: size(0), cols: size(1), outer: 1 };
      break;
    case "RK":
      plan = { axis: "leading", rows: size(0), cols: size(1), outer: 1 };
      break;
    case "KRK":
      if (!worthLooping(size(0), size(1) * size(2))) return false;
      plan = { axis: "leading", rows: size(1), cols: size(2), outer: size(0) };
      break;
    default:
      return false;
  }
  const input = deviceRegion(state, viewOf(state, x), dtype);
  const output = state.newValue(dtype, sizeOf(e.out.aval.shape));
  state.emit({
    _tag: "reduce",
    dtype,
    op,
    axis: plan.axis,
    input,
    output,
    rows: plan.rows,
    cols: plan.cols,
    outer: plan.outer,
    inputStride: plan.rows * plan.cols,
    outputStride: plan.axis === "last" ? plan.rows : plan.cols,
  });
  state.setHome(e.out, { _tag: "device", value: output });
  return true;
}

/** Any equation, by its reference kernel on host arrays (device operands are read in place). */
export function lowerFallback(state: CompileState, e: Eqn): void {
  const inputs = e.inputs.map((a) => fallbackOperand(state, a));
  const slot = state.newSlot();
  state.emit({ _tag: "fallback", eqn: e, inputs, slot });
  state.setHome(e.out, { _tag: "host", source: { _tag: "slot", slot } });
}

/** A scan: its operands as host arrays (device ones read in place), its body compiled when the step is bound (scan.ts). */
export function lowerScan(state: CompileState, e: EqnOf<"scan">): void {
  const inputs = e.inputs.map((a) => fallbackOperand(state, a));
  const slot = state.newSlot();
  state.emit({ _tag: "scan", eqn: e, inputs, slot });
  state.setHome(e.out, { _tag: "host", source: { _tag: "slot", slot } });
}
