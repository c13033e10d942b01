// Tensors ↔ RawArrays (the byte-level records the file formats speak). bool is stored as uint8.

import type { Shape } from "../shape/index.js";
import type { DType } from "../tensor/dtype.js";
import { Tensor, type AnyTensor } from "../tensor/tensor.js";
import type { RawArray, RawDType } from "./raw.js";

const RAW_OF: { readonly [D in DType]: RawDType } = { float32: "float32", float64: "float64", int32: "int32", bool: "uint8" };

/** A copy of a concrete tensor's data as a RawArray. */
export function tensorToRaw(t: AnyTensor): RawArray {
  return { dtype: RAW_OF[t.dtype], shape: [...t.shape], data: t.toArray() };
}

/** A tensor holding a copy of a RawArray; `dtype` chooses bool for uint8 data that holds masks. */
export function rawToTensor(raw: RawArray, dtype?: DType): AnyTensor {
  const d: DType = dtype ?? (raw.dtype === "uint8" ? "bool" : raw.dtype);
  if (RAW_OF[d] !== raw.dtype) throw new TypeError(`rawToTensor: ${raw.dtype} data cannot be read as ${d}`);
  return new Tensor<Shape, DType>([...raw.shape], d, raw.data.slice());
}
