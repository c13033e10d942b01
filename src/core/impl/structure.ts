// Reference kernels for the structural primitives: broadcast, transpose, slice, pad,
// concatenate, gather, scatterAdd and iota. Reshape and stopGradient share their input's data
// (data is immutable, so sharing is safe).

import { allocate, type AnyData, type DType } from "../../tensor/dtype.js";
import { rowMajorStrides, sizeOfShape, stridedCopy } from "../host.js";

export function broadcastArray(x: AnyData, inShape: readonly number[], outShape: readonly number[], dtype: DType): AnyData {
  const inStrides = rowMajorStrides(inShape);
  const lead = outShape.length - inShape.length;
  // Axes the input lacks (leading) or has as 1 are read with stride 0.
  const strides = outShape.map((_, i) => (i < lead || inShape[i - lead] === 1 ? 0 : (inStrides[i - lead] ?? 0)));
  const out = allocate(dtype, sizeOfShape(outShape));
  stridedCopy(x, 0, strides, outShape, out);
  return out;
}

export function transposeArray(x: AnyData, inShape: readonly number[], perm: readonly number[], dtype: DType): AnyData {
  const inStrides = rowMajorStrides(inShape);
  const outShape = perm.map((p) => inShape[p] ?? 1);
  const out = allocate(dtype, x.length);
  stridedCopy(x, 0, perm.map((p) => inStrides[p] ?? 0), outShape, out);
  return out;
}

export function sliceArray(
  x: AnyData, inShape: readonly number[], starts: readonly number[], strides: readonly number[],
  outShape: readonly number[], dtype: DType,
): AnyData {
  const inStrides = rowMajorStrides(inShape);
  const offset = starts.reduce((acc, s, i) => acc + s * (inStrides[i] ?? 0), 0);
  const out = allocate(dtype, sizeOfShape(outShape));
  stridedCopy(x, offset, inStrides.map((s, i) => s * (strides[i] ?? 1)), outShape, out);
  return out;
}

/** Zero padding: element i of axis a lands at lo[a] + i·(interior[a] + 1). */
export function padArray(
  x: AnyData, inShape: readonly number[], lo: readonly number[], interior: readonly number[],
  outShape: readonly number[], dtype: DType,
): AnyData {
  const out = allocate(dtype, sizeOfShape(outShape));
  const outStrides = rowMajorStrides(outShape);
  const offset = lo.reduce((acc, l, i) => acc + l * (outStrides[i] ?? 0), 0);
  // Scatter: walk the input, write each element at its padded position.
  const scatterStrides = outStrides.map((s, i) => s * ((interior[i] ?? 0) + 1));
  const positions = new Float64Array(x.length);
  const iota = new Float64Array(sizeOfShape(outShape)).map((_, i) => i);
  stridedCopy(iota, offset, scatterStrides, inShape, positions);
  for (let i = 0; i < x.length; i++) out[positions[i] ?? 0] = x[i] ?? 0;
  return out;
}

export function concatenateArrays(parts: readonly { readonly data: AnyData; readonly shape: readonly number[] }[], axis: number, outShape: readonly number[], dtype: DType): AnyData {
  const out = allocate(dtype, sizeOfShape(outShape));
  const outer = sizeOfShape(outShape.slice(0, axis));
  const outRow = sizeOfShape(outShape.slice(axis));
  let column = 0;
  for (const p of parts) {
    const row = sizeOfShape(p.shape.slice(axis));
    for (let o = 0; o < outer; o++) out.set(p.data.subarray(o * row, (o + 1) * row), o * outRow + column);
    column += row;
  }
  return out;
}

export class IndexOutOfRangeError extends RangeError {
  readonly _tag = "IndexOutOfRangeError";
  constructor(op: string, index: number, position: number, axis: number, size: number) {
    super(`${op}: index ${index} at position ${position} is out of range for axis ${axis} of size ${size} (expected 0 <= index < ${size})`);
  }
}

/** take(x, indices, axis): out[o, j, r] = x[o, indices[j], r]. */
export function gatherArray(x: AnyData, inShape: readonly number[], indices: AnyData, axis: number, dtype: DType): AnyData {
  const outer = sizeOfShape(inShape.slice(0, axis));
  const size = inShape[axis] ?? 0;
  const inner = sizeOfShape(inShape.slice(axis + 1));
  const n = indices.length;
  const out = allocate(dtype, outer * n * inner);
  for (let j = 0; j < n; j++) {
    const k = indices[j] ?? 0;
    if (k < 0 || k >= size) throw new IndexOutOfRangeError("gather", k, j, axis, size);
  }
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) {
      const src = (o * size + (indices[j] ?? 0)) * inner;
      out.set(x.subarray(src, src + inner), (o * n + j) * inner);
    }
  }
  return out;
}

/** The transpose of gather: out = zeros(shape); out[o, indices[j], r] += updates[o, j, r]. */
export function scatterAddArray(updates: AnyData, indices: AnyData, axis: number, outShape: readonly number[], dtype: DType): AnyData {
  const outer = sizeOfShape(outShape.slice(0, axis));
  const size = outShape[axis] ?? 0;
  const inner = sizeOfShape(outShape.slice(axis + 1));
  const n = indices.length;
  const out = allocate(dtype, sizeOfShape(outShape));
  for (let j = 0; j < n; j++) {
    const k = indices[j] ?? 0;
    if (k < 0 || k >= size) throw new IndexOutOfRangeError("scatterAdd", k, j, axis, size);
  }
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) {
      const dst = (o * size + (indices[j] ?? 0)) * inner;
      const src = (o * n + j) * inner;
      for (let r = 0; r < inner; r++) out[dst + r] = (out[dst + r] ?? 0) + (updates[src + r] ?? 0);
    }
  }
  return out;
}

export function iotaArray(shape: readonly number[], axis: number, dtype: DType): AnyData {
  const out = allocate(dtype, sizeOfShape(shape));
  const inner = sizeOfShape(shape.slice(axis + 1));
  const n = shape[axis] ?? 1;
  for (let i = 0; i < out.length; i++) out[i] = Math.floor(i / inner) % n;
  return out;
}
