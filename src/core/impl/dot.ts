// Reference batched matrix product C = op(A) · op(B) over identical leading batch dims,
// op ∈ {identity, transpose of the last two axes}. Loops run in i-k-j order so the innermost
// loop walks B and C rows contiguously; each row of C accumulates in float64.

import { allocate, type AnyData, type DType } from "../../tensor/dtype.js";
import { sizeOfShape } from "../host.js";

export interface DotDims {
  readonly batch: number;
  readonly m: number;
  readonly k: number;
  readonly n: number;
}

/** Batch count and matrix sizes of op(A)·op(B) for the given operand shapes. */
export function dotDims(aShape: readonly number[], bShape: readonly number[], transposeA: boolean, transposeB: boolean): DotDims {
  const r = aShape.length;
  const a0 = aShape[r - 2] ?? 1;
  const a1 = aShape[r - 1] ?? 1;
  const b0 = bShape[r - 2] ?? 1;
  const b1 = bShape[r - 1] ?? 1;
  return {
    batch: sizeOfShape(aShape.slice(0, r - 2)),
    m: transposeA ? a1 : a0,
    k: transposeA ? a0 : a1,
    n: transposeB ? b0 : b1,
  };
}

export function dotArrays(a: AnyData, b: AnyData, dims: DotDims, transposeA: boolean, transposeB: boolean, dtype: DType): AnyData {
  const { batch, m, k, n } = dims;
  const out = allocate(dtype, batch * m * n);
  // Element (i, p) of op(A) is a[aBase + i·ai + p·ap]; (p, j) of op(B) is b[bBase + p·bp + j·bj].
  const ai = transposeA ? 1 : k;
  const ap = transposeA ? m : 1;
  const bp = transposeB ? 1 : n;
  const bj = transposeB ? k : 1;
  const row = new Float64Array(n);
  for (let t = 0; t < batch; t++) {
    const aBase = t * m * k;
    const bBase = t * k * n;
    const cBase = t * m * n;
    for (let i = 0; i < m; i++) {
      row.fill(0);
      for (let p = 0; p < k; p++) {
        const aip = a[aBase + i * ai + p * ap] ?? 0;
        const bRow = bBase + p * bp;
        for (let j = 0; j < n; j++) row[j] = (row[j] ?? 0) + aip * (b[bRow + j * bj] ?? 0);
      }
      for (let j = 0; j < n; j++) out[cBase + i * n + j] = row[j] ?? 0;
    }
  }
  return out;
}
