// Reference reductions over a set of axes. The input is walked once in row-major order; each
// element lands in the output cell obtained by dropping the reduced axes from its index.

import { allocate, type AnyData, type DType } from "../../tensor/dtype.js";
import { rowMajorStrides, sizeOfShape } from "../host.js";

/** For each input flat index, the output flat index (reduced axes removed). */
function outputIndexStrides(shape: readonly number[], axes: readonly number[]): number[] {
  const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const keptStrides = rowMajorStrides(kept);
  return shape.map((_, i) => (axes.includes(i) ? 0 : (keptStrides[i] ?? 0)));
}

function reduce(
  x: AnyData, shape: readonly number[], axes: readonly number[], dtype: DType,
  init: number, step: (acc: number, v: number) => number,
): AnyData {
  const outSize = sizeOfShape(shape.filter((_, i) => !axes.includes(i)));
  // Accumulate in float64 (sums of float32 lose less precision), then store in the dtype.
  const acc = new Float64Array(outSize).fill(init);
  const strides = outputIndexStrides(shape, axes);
  const rank = shape.length;
  const counter = new Array<number>(rank).fill(0);
  let o = 0;
  for (let i = 0; i < x.length; i++) {
    acc[o] = step(acc[o] ?? init, x[i] ?? 0);
    for (let a = rank - 1; a >= 0; a--) {
      const c = (counter[a] ?? 0) + 1;
      if (c < (shape[a] ?? 1)) {
        counter[a] = c;
        o += strides[a] ?? 0;
        break;
      }
      counter[a] = 0;
      o -= (strides[a] ?? 0) * ((shape[a] ?? 1) - 1);
    }
  }
  const out = allocate(dtype, outSize);
  out.set(acc);
  return out;
}

export const reduceSumArray = (x: AnyData, shape: readonly number[], axes: readonly number[], dtype: DType): AnyData =>
  reduce(x, shape, axes, dtype, 0, (acc, v) => acc + v);

/** Maximum; NaN wins (IEEE maximum), an empty reduction gives -Infinity (the identity of max). */
export const reduceMaxArray = (x: AnyData, shape: readonly number[], axes: readonly number[], dtype: DType): AnyData =>
  reduce(x, shape, axes, dtype, dtype === "int32" ? -2147483648 : -Infinity, (acc, v) => (v > acc || v !== v ? v : acc));

