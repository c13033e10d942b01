// Concrete arrays as the reference kernels see them, and row-major index helpers.

import type { AnyData, DType } from "../tensor/dtype.js";

/** A concrete array: data in row-major order with its shape and dtype. */
export interface HostArray {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly data: AnyData;
}

// Element counts and row-major strides come from the shape module's runtime rules.
export { sizeOf as sizeOfShape, stridesOf as rowMajorStrides } from "../shape/index.js";

/**
 * out[flat(i)] = src[offset + Σ_a i_a · strides[a]] for every index i of `outShape`.
 * One routine serves broadcast (stride 0), transpose (permuted strides) and slice (scaled
 * strides): the view is described by an offset and a stride per output axis.
 */
export function stridedCopy(src: AnyData, offset: number, strides: readonly number[], outShape: readonly number[], out: AnyData): void {
  const rank = outShape.length;
  const total = out.length;
  if (total === 0) return;
  if (rank === 0) {
    out[0] = src[offset] ?? 0;
    return;
  }
  const inner = outShape[rank - 1] ?? 1;
  const innerStride = strides[rank - 1] ?? 0;
  const counter = new Array<number>(rank).fill(0);
  let base = offset;
  for (let o = 0; o < total; o += inner) {
    for (let j = 0, s = base; j < inner; j++, s += innerStride) out[o + j] = src[s] ?? 0;
    // advance the odometer over the outer axes
    for (let a = rank - 2; a >= 0; a--) {
      const c = (counter[a] ?? 0) + 1;
      const stride = strides[a] ?? 0;
      if (c < (outShape[a] ?? 1)) {
        counter[a] = c;
        base += stride;
        break;
      }
      counter[a] = 0;
      base -= stride * ((outShape[a] ?? 1) - 1);
    }
  }
}
