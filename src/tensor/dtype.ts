// Element types. The dtype is part of a tensor's type: `Tensor<[2, 3], "float64">`.
// float32 is the default (speed); float64 is what gradient laws use; int32 holds labels and
// indices; bool holds the masks that comparisons produce.

export type DType = "float32" | "float64" | "int32" | "bool";
export type FloatDType = "float32" | "float64";

/** The typed array that stores each dtype. */
export interface ArrayOfDType {
  readonly float32: Float32Array;
  readonly float64: Float64Array;
  readonly int32: Int32Array;
  readonly bool: Uint8Array;
}
export type DataOf<D extends DType> = ArrayOfDType[D];
export type AnyData = ArrayOfDType[DType];

export const DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];

export const isDType = (x: unknown): x is DType =>
  x === "float32" || x === "float64" || x === "int32" || x === "bool";

export const isFloat = (d: DType): d is FloatDType => d === "float32" || d === "float64";

/** Bytes per element. */
export const itemSize = (d: DType): number =>
  d === "float64" ? 8 : d === "bool" ? 1 : 4;

/** A zero-filled array of `n` elements of dtype `d`. */
export function allocate<D extends DType>(d: D, n: number): DataOf<D>;
export function allocate(d: DType, n: number): AnyData {
  switch (d) {
    case "float32": return new Float32Array(n);
    case "float64": return new Float64Array(n);
    case "int32": return new Int32Array(n);
    case "bool": return new Uint8Array(n);
  }
}

/** A copy of `values` stored as dtype `d` (int32 truncates toward zero, bool is `x !== 0`). */
export function arrayFrom(d: DType, values: ArrayLike<number>): AnyData {
  const out = allocate(d, values.length);
  if (d === "bool") for (let i = 0; i < values.length; i++) out[i] = values[i] !== 0 ? 1 : 0;
  else out.set(values);
  return out;
}

/** Rounds a JS number to what dtype `d` stores, so scalar literals behave like stored values. */
export const coerceScalar = (d: DType, v: number): number =>
  d === "float32" ? Math.fround(v) : d === "int32" ? v | 0 : d === "bool" ? (v !== 0 ? 1 : 0) : v;
